"""Fair use: how fast one user may start jobs, how many may run at once, and what they may keep.

The rate limits are the API's own throttles, counted in the same cache, so the web forms and
the API share one budget per user. The other checks run inside the services' transactions, so
every way in (pages, API, restores) enforces them alike. A setting of 0 turns a limit off.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce, Length
from django.http import HttpRequest, HttpResponse

from diagrams.models import Diagram, DiagramVersion

# ValidationError codes: the API answers 429 for the first, 403 for the others.
TOO_MANY_JOBS = "too_many_jobs"
QUOTA = "quota"
# Submitting a scenario or a change in words runs the model; the rest only renders code.
SUBMIT = "submit"
RENDER = "render"


class RateLimited(ValidationError):
    """A web form sent past the user's rate; `wait` is the seconds to wait."""

    def __init__(self, wait: int) -> None:
        super().__init__(
            f"You are sending these too quickly; wait {wait} seconds and try again.",
            code="throttled",
        )
        self.wait = wait


def check_rate(request: HttpRequest, scope: str) -> None:
    """Counts a web form's job against the user's rate; RateLimited past it.

    The API's throttle for the scope does the counting, so forms and API share one budget.
    """
    from diagrams.api.throttles import RenderThrottle, SubmitThrottle

    throttle = SubmitThrottle() if scope == SUBMIT else RenderThrottle()
    if not throttle.allow_request(request, None):
        raise RateLimited(max(1, round(throttle.wait() or 1)))


def refused_response(response: HttpResponse, error: ValidationError | None) -> HttpResponse:
    """A full page refused for going too fast answers 429 with Retry-After, as the API does."""
    if isinstance(error, RateLimited):
        response.status_code = 429
        response["Retry-After"] = str(error.wait)
    return response


def check_jobs_in_flight(*, user, besides: Diagram | None = None) -> None:
    """ValidationError when the user already has as many jobs queued or running as allowed.

    Locks the user's row so that two requests at once cannot both take the last place; call it
    inside the transaction that queues the job. A diagram whose job is being replaced
    (besides) does not count: editing it again adds no job.
    """
    limit = settings.PLANTWEB_MAX_JOBS_IN_FLIGHT
    if not limit:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    running = Diagram.objects.filter(scenario__owner=user, status__in=Diagram.RUNNING)
    if besides is not None:
        running = running.exclude(pk=besides.pk)
    count = running.count()
    if count >= limit:
        raise ValidationError(
            f"You already have {count} diagrams being made, the most at once; wait for one to"
            " finish, then try again.",
            code=TOO_MANY_JOBS,
        )


def check_renders_in_flight(*, user, besides: Diagram | None = None) -> None:
    """ValidationError when the user already has as many diagrams rendering as allowed.

    The render workers draw a few diagrams at once; this keeps one user's large diagrams from
    taking all of them, so another user's small one is not kept waiting. Call it inside the
    transaction that sends the render; a diagram being rendered again (besides) does not count.
    """
    limit = settings.PLANTWEB_MAX_RENDERS_IN_FLIGHT
    if not limit:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    rendering = Diagram.objects.filter(scenario__owner=user, status=Diagram.Status.RENDERING)
    if besides is not None:
        rendering = rendering.exclude(pk=besides.pk)
    count = rendering.count()
    if count >= limit:
        raise ValidationError(
            f"You already have {count} diagrams being drawn, the most at once; wait for one to"
            " finish, then try again.",
            code=TOO_MANY_JOBS,
        )


def check_new_diagram_quota(*, user) -> None:
    """ValidationError when the user may not keep another diagram."""
    limit = settings.PLANTWEB_QUOTA_DIAGRAMS
    if limit:
        count = Diagram.objects.filter(scenario__owner=user).count()
        if count >= limit:
            raise ValidationError(
                f"You have {count:,} diagrams, the most one account may keep; delete some to"
                " make new ones.",
                code=QUOTA,
            )
    check_storage_quota(user=user)


def check_new_version_quota(*, user, diagram: Diagram) -> None:
    """ValidationError when the diagram may not get another version, or the user is full."""
    limit = settings.PLANTWEB_QUOTA_VERSIONS
    if limit:
        count = diagram.versions.count()
        if count >= limit:
            raise ValidationError(
                f"This diagram has {count:,} versions, the most one diagram may keep; download"
                " its code and submit it as a new diagram to go on.",
                code=QUOTA,
            )
    check_storage_quota(user=user)


def check_storage_quota(*, user) -> None:
    """ValidationError when the user's stored code and images fill their storage quota."""
    limit = settings.PLANTWEB_QUOTA_BYTES
    if not limit:
        return
    used = storage_used(user=user)
    if used >= limit:
        raise ValidationError(
            f"Your diagrams take {_megabytes(used)} of storage, over your {_megabytes(limit)};"
            " delete some to make new ones.",
            code=QUOTA,
        )


def storage_used(*, user) -> int:
    """Bytes of code and images the user's diagrams and their versions hold (text by length)."""

    def total(queryset) -> int:
        sizes = {
            field: Coalesce(Sum(Length(field)), Value(0)) for field in ("plantuml", "svg", "png")
        }
        return sum(queryset.aggregate(**sizes).values())

    return total(Diagram.objects.filter(scenario__owner=user)) + total(
        DiagramVersion.objects.filter(diagram__scenario__owner=user)
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"
