"""Every write to scenarios and diagrams: submitting, editing, generating and rendering.

Jobs move queued -> generating -> rendering -> done, or to failed with a message. Each step
claims its row with one conditional UPDATE, so a task delivered twice (acks_late after a lost
worker) does the work once, and every path out of a step leaves the row finished or handed on,
never stuck in a running state.
"""

import logging
import re
import time
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.http import Http404
from django.utils import timezone

from diagrams.models import AUTO, Diagram, DiagramVersion, Scenario, content_hash
from worker.diagram_types import DEFAULT_DIAGRAM_TYPE, DIAGRAM_TYPES, guess_diagram_type

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "Something went wrong on our side while making this diagram. Please try again."
NO_DIAGRAM_ERROR = "The model did not produce a complete @startuml ... @enduml diagram."
INVALID_TEXT_ERROR = "The text contains bytes that are not valid UTF-8."
TOO_MANY_ATTEMPTS_ERROR = (
    "The worker stopped while making this diagram, several times; it will not be tried again."
)
QUEUE_DOWN_ERROR = "The job queue could not be reached, so this diagram was not started."
# How many times a generation may start; more than one only after a worker stopped mid-job.
MAX_ATTEMPTS = 3
TITLE_MAX_CHARS = 200
# Checked in order; the first that matches names the type of code submitted without a scenario.
_CODE_TYPE_HINTS = [
    (diagram_type, re.compile(pattern, re.MULTILINE | re.IGNORECASE))
    for diagram_type, pattern in (
        ("timing", r"^\s*(robust|concise|clock|binary)\s"),
        ("state", r"^\s*(state\s|\[\*\])"),
        ("usecase", r"^\s*usecase\s|^\s*\(.+\)|--?>\s*\(|\)\s*<?--"),
        ("object", r"^\s*(object|map)\s"),
        ("class", r"^\s*(abstract\s+class|class|interface|enum|entity)\s"),
        ("component", r"^\s*(component|node|database|artifact|cloud)\s|^\s*\["),
        ("sequence", r"^\s*(participant|actor|boundary|control)\s|^\s*\w+\s*-+>>?\s*\w+\s*:"),
    )
]


def _send(task, diagram_id: int) -> None:
    """Queues a task for a committed diagram; a broker that cannot be reached fails the job."""
    try:
        task.delay(diagram_id)
    except Exception:
        logger.exception("Could not queue %s for diagram %s", task.name, diagram_id)
        diagram_fail(diagram_id=diagram_id, message=QUEUE_DOWN_ERROR)


def _check_text(text: str, *, what: str, max_chars: int) -> str:
    """The text without surrounding blanks, or ValidationError saying what is wrong with it."""
    # Django decodes an undecodable request body with U+FFFD; NUL would break PostgreSQL.
    if "\x00" in text:
        raise ValidationError(f"The {what} contains a NUL character, which is not allowed.")
    if "\ufffd" in text:
        raise ValidationError(INVALID_TEXT_ERROR)
    text = text.strip()
    if not text:
        raise ValidationError(f"The {what} is empty.")
    if len(text) > max_chars:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; the limit is {max_chars:,}."
        )
    return text


@transaction.atomic
def diagram_submit(*, user, text: str, requested_type: str = AUTO) -> Diagram:
    """Saves a scenario and its queued diagram, and sends it to the GPU worker once committed."""
    from diagrams.tasks import generate_diagram

    text = _check_text(text, what="scenario", max_chars=settings.PLANTWEB_SCENARIO_MAX_CHARS)
    if requested_type != AUTO and requested_type not in DIAGRAM_TYPES:
        raise ValidationError(f"Unknown diagram type {requested_type!r}.")
    diagram_type = guess_diagram_type(text) if requested_type == AUTO else requested_type

    scenario = Scenario.objects.create(owner=user, text=text, requested_type=requested_type)
    diagram = Diagram.objects.create(scenario=scenario, diagram_type=diagram_type)
    transaction.on_commit(lambda: _send(generate_diagram, diagram.pk))
    return diagram


def _check_code(code: str) -> str:
    """Code that may be sent to the server, or ValidationError saying what is wrong with it."""
    from worker.safety import UnsafeDiagram, check_safe

    # PlantUML is line-based; normalise browser line endings so error lines match the editor.
    code = _check_text(
        code.replace("\r\n", "\n"), what="PlantUML code", max_chars=settings.PLANTWEB_CODE_MAX_CHARS
    )
    try:
        check_safe(code)
    except UnsafeDiagram as error:
        raise ValidationError(f"Line {error.line}: {error.message}") from None
    return code


def _check_title(title: str) -> str:
    if "\x00" in title or "\ufffd" in title:
        raise ValidationError("The title contains characters that are not allowed.")
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationError(
            f"The title is {len(title):,} characters long; the limit is {TITLE_MAX_CHARS:,}."
        )
    return title


def _type_from_code(code: str) -> str:
    """The diagram type the code most likely is, for code that arrives without a scenario."""
    for diagram_type, pattern in _CODE_TYPE_HINTS:
        if pattern.search(code):
            return diagram_type
    return DEFAULT_DIAGRAM_TYPE


def _add_version(
    diagram: Diagram, *, source: str, code: str, author=None, note: str = "", **fields
) -> DiagramVersion:
    """Adds the diagram's next version; the caller holds the diagram's row lock."""
    last = diagram.versions.aggregate(last=Max("number"))["last"] or 0
    return DiagramVersion.objects.create(
        diagram=diagram,
        number=last + 1,
        source=source,
        author=author,
        note=note,
        plantuml=code,
        **fields,
    )


@transaction.atomic
def diagram_submit_code(*, user, code: str, title: str = "") -> Diagram:
    """Saves PlantUML code a user already has as a diagram and sends it to be rendered.

    No model is involved: the job goes straight to the render queue. The scenario holds
    the title, if any, so the diagram has a name in the history.
    """
    from diagrams.tasks import render_diagram

    code = _check_code(code)
    title = _check_title(title)
    diagram_type = _type_from_code(code)
    scenario = Scenario.objects.create(owner=user, text=title, requested_type=AUTO)
    diagram = Diagram.objects.create(
        scenario=scenario,
        diagram_type=diagram_type,
        status=Diagram.Status.RENDERING,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
    )
    _add_version(diagram, source=DiagramVersion.Source.EDITED, code=code, author=user)
    transaction.on_commit(lambda: _send(render_diagram, diagram.pk))
    return diagram


def diagram_update_code(*, user, diagram: Diagram, code: str) -> Diagram:
    """The owner replaces a diagram's PlantUML code; it is rendered again (no model call).

    Unsafe or oversized code raises ValidationError and changes nothing.
    """
    if diagram.scenario.owner_id != user.pk:
        raise PermissionError("Only the owner can edit a diagram.")
    return diagram_replace_code(
        diagram=diagram, code=code, source=DiagramVersion.Source.EDITED, author=user
    )


@transaction.atomic
def diagram_replace_code(
    *, diagram: Diagram, code: str, source: str, author, note: str = ""
) -> Diagram:
    """Gives a diagram new code as a new version and sends it to be rendered again.

    The shared path of edits, restores and staff corrections; callers check who may do it.
    Unsafe or oversized code raises ValidationError and changes nothing.
    """
    from diagrams.tasks import render_diagram

    code = _check_code(code)
    # Lock the row: a render finishing now must not overwrite the new code's status.
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.status in (Diagram.Status.QUEUED, Diagram.Status.GENERATING):
        raise ValidationError("The model is still writing this diagram; edit it once it is done.")
    locked.plantuml = code
    locked.png = None
    locked.svg = ""
    locked.rendered_type = ""
    locked.content_hash = content_hash(plantuml=code, png=None, svg="")
    locked.status = Diagram.Status.RENDERING
    locked.error_message = ""
    locked.error_line = None
    locked.render_started_at = None
    locked.render_task_id = ""
    locked.finished_at = None
    locked.render_seconds = None
    locked.save()
    _add_version(locked, source=source, code=code, author=author, note=note)
    transaction.on_commit(lambda: _send(render_diagram, locked.pk))
    return locked


def diagram_delete(*, user, diagram: Diagram) -> None:
    """Deletes the user's diagram with its versions, and its scenario when nothing else uses it.

    A worker still busy with it finds no row and does nothing more.
    """
    if diagram.scenario.owner_id != user.pk:
        raise Http404("No such diagram")
    with transaction.atomic():
        scenario = diagram.scenario
        Diagram.objects.filter(pk=diagram.pk).delete()
        if not scenario.diagrams.exists():
            scenario.delete()


def diagram_claim_generation(*, diagram_id: int, task_id: str | None = None) -> bool:
    """Moves a queued diagram to generating; False when another task has it or it is finished.

    With acks_late, a worker that stops mid-job (killed, out of memory) leaves its message to
    be delivered again with the same task id: that task may take the job over, up to
    MAX_ATTEMPTS times, while any other copy of the message does nothing.
    """
    claimable = Q(status=Diagram.Status.QUEUED)
    if task_id:
        claimable |= Q(status=Diagram.Status.GENERATING, generation_task_id=task_id)
    now = timezone.now()
    claimed = Diagram.objects.filter(claimable, pk=diagram_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Diagram.Status.GENERATING,
        generation_task_id=task_id or "",
        generation_started_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if claimed == 1:
        return True
    if task_id:
        # A job that keeps stopping its worker fails rather than stopping it forever.
        Diagram.objects.filter(
            pk=diagram_id, status=Diagram.Status.GENERATING, generation_task_id=task_id
        ).update(
            status=Diagram.Status.FAILED,
            error_message=TOO_MANY_ATTEMPTS_ERROR,
            finished_at=now,
            updated_at=now,
        )
    return False


def diagram_claim_render(*, diagram_id: int, task_id: str | None = None) -> datetime | None:
    """Marks a diagram's render as started; None when another task has it or it is finished.

    As with generation, the same task delivered again may take over a render it had started.
    """
    claimable = Q(render_started_at__isnull=True)
    if task_id:
        claimable |= Q(render_task_id=task_id)
    now = timezone.now()
    claimed = Diagram.objects.filter(
        claimable, pk=diagram_id, status=Diagram.Status.RENDERING
    ).update(render_started_at=now, render_task_id=task_id or "", updated_at=now)
    return now if claimed == 1 else None


def diagram_fail(
    *, diagram_id: int, message: str, line: int | None = None, running: tuple | None = None
) -> bool:
    """Marks a running diagram failed with a message for the user; False if it was not running."""
    updated = Diagram.objects.filter(pk=diagram_id, status__in=running or Diagram.RUNNING).update(
        status=Diagram.Status.FAILED,
        error_message=message,
        error_line=line,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return updated == 1


def diagram_generate(*, diagram_id: int, task_id: str | None = None) -> None:
    """Writes the diagram's PlantUML with the model, then hands it to the render queue."""
    from worker.generation import GenerationRequest, PromptTooLong, generate
    from worker.model import ModelNotConfigured, get_model

    if not diagram_claim_generation(diagram_id=diagram_id, task_id=task_id):
        logger.info("Diagram %s is not queued; nothing to generate", diagram_id)
        return
    diagram = Diagram.objects.select_related("scenario").get(pk=diagram_id)
    generating = (Diagram.Status.GENERATING,)
    try:
        loaded = get_model()
        max_new_tokens = settings.PLANTWEB_MAX_NEW_TOKENS
        if loaded.max_new_tokens:
            max_new_tokens = min(max_new_tokens, loaded.max_new_tokens)
        started = time.perf_counter()
        [result] = generate(
            loaded,
            [GenerationRequest(scenario=diagram.scenario.text, diagram_type=diagram.diagram_type)],
            max_new_tokens=max_new_tokens,
        )
        seconds = time.perf_counter() - started
    except ModelNotConfigured as error:
        diagram_fail(diagram_id=diagram_id, message=str(error), running=generating)
        return
    except PromptTooLong:
        diagram_fail(
            diagram_id=diagram_id,
            message="The scenario is too long for the model; shorten it and try again.",
            running=generating,
        )
        return

    now = timezone.now()
    fields = {
        "model_name": loaded.name[:255],
        "generated_at": now,
        "generation_seconds": seconds,
        "new_tokens": result.new_tokens,
        "updated_at": now,
    }
    if result.plantuml is None:
        Diagram.objects.filter(pk=diagram_id, status=Diagram.Status.GENERATING).update(
            **fields,
            # Kept so the user (and staff) can see what the model wrote instead.
            plantuml=result.text,
            status=Diagram.Status.FAILED,
            error_message=NO_DIAGRAM_ERROR,
            finished_at=now,
        )
        return
    _hand_to_renderer(diagram_id=diagram_id, code=result.plantuml, fields=fields)


@transaction.atomic
def _hand_to_renderer(*, diagram_id: int, code: str, fields: dict) -> None:
    from diagrams.tasks import render_diagram

    updated = Diagram.objects.filter(pk=diagram_id, status=Diagram.Status.GENERATING).update(
        **fields,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
        status=Diagram.Status.RENDERING,
    )
    if updated:
        transaction.on_commit(lambda: _send(render_diagram, diagram_id))


def diagram_render(*, diagram_id: int, task_id: str | None = None) -> None:
    """Renders the diagram's code to PNG and SVG on the PlantUML server and stores both."""
    from worker.render import PlantUMLClient, RenderError, RenderUnavailable
    from worker.safety import UnsafeDiagram

    started_at = diagram_claim_render(diagram_id=diagram_id, task_id=task_id)
    if started_at is None:
        logger.info("Diagram %s is not waiting for a render; nothing to do", diagram_id)
        return
    code = Diagram.objects.values_list("plantuml", flat=True).get(pk=diagram_id)
    # Only this claim's render may finish the row: an edit in the meantime starts a new one.
    mine = {"status": Diagram.Status.RENDERING, "render_started_at": started_at}

    client = PlantUMLClient(
        settings.PLANTUML_URL,
        timeout=settings.PLANTWEB_RENDER_TIMEOUT,
        retries=settings.PLANTWEB_RENDER_RETRIES,
    )
    started = time.perf_counter()
    try:
        rendered = client.render_both(code)
    except UnsafeDiagram as error:
        _finish_failed(diagram_id, mine, error.message, error.line)
        return
    except RenderUnavailable as error:
        message = f"The PlantUML server could not be reached: {error.message}"
        _finish_failed(diagram_id, mine, message, None)
        return
    except RenderError as error:
        _finish_failed(diagram_id, mine, error.message, error.line)
        return
    finally:
        client.close()

    now = timezone.now()
    image = {
        "png": rendered.png,
        "svg": rendered.svg,
        "rendered_type": rendered.diagram_type or "",
        "content_hash": content_hash(plantuml=code, png=rendered.png, svg=rendered.svg),
    }
    finished = Diagram.objects.filter(pk=diagram_id, **mine).update(
        **image,
        status=Diagram.Status.DONE,
        render_seconds=time.perf_counter() - started,
        finished_at=now,
        updated_at=now,
    )
    if finished:
        _version_rendered(diagram_id=diagram_id, code=code, **image)


def _finish_failed(diagram_id: int, mine: dict, message: str, line: int | None) -> None:
    now = timezone.now()
    finished = Diagram.objects.filter(pk=diagram_id, **mine).update(
        status=Diagram.Status.FAILED,
        error_message=message,
        error_line=line,
        finished_at=now,
        updated_at=now,
    )
    if finished:
        code = Diagram.objects.values_list("plantuml", flat=True).get(pk=diagram_id)
        _version_rendered(diagram_id=diagram_id, code=code, error_message=message, error_line=line)


def _version_rendered(*, diagram_id: int, code: str, **outcome) -> None:
    """Gives the diagram's newest version the image (or error) its code just rendered to.

    Only the newest version is the diagram's current code; an older one keeps what it had.
    """
    newest = (
        DiagramVersion.objects.filter(diagram_id=diagram_id)
        .order_by("-number")
        .values("pk", "plantuml")
        .first()
    )
    if newest and newest["plantuml"] == code:
        DiagramVersion.objects.filter(pk=newest["pk"]).update(**outcome)
