"""A diagram's versions: one version's page and image, the diff of two, and restoring one."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET, require_POST

from diagrams import limits, selectors, services
from diagrams.downloads import IMAGE_CACHE_CONTROL
from diagrams.forms import VersionDiffForm


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    version = selectors.version_get(user=request.user, diagram=diagram, number=number)
    context = {"diagram": diagram, "version": version}
    return render(request, "diagrams/version.html", context)


def _version_etag(request: HttpRequest, pk: int, number: int) -> str | None:
    if not request.user.is_authenticated:
        return None
    image_hash = selectors.version_image_hash(user=request.user, pk=pk, number=number)
    return f"{image_hash}-v{number}-png" if image_hash else None


@login_required
@require_GET
@condition(etag_func=_version_etag)
def version_png(request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    version = selectors.version_get(
        user=request.user, diagram=diagram, number=number, with_images=True
    )
    if not version.has_image:
        raise Http404("This version has no image")
    response = HttpResponse(bytes(version.png), content_type="image/png")
    patch_cache_control(response, **IMAGE_CACHE_CONTROL)
    return response


@login_required
@require_GET
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """The code diff between two versions the user picked in a plain GET form."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    numbers = list(
        selectors.diagram_versions(user=request.user, diagram=diagram).values_list(
            "number", flat=True
        )
    )
    form = VersionDiffForm(request.GET, numbers=numbers)
    lines = None
    if form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        lines = selectors.version_diff(user=request.user, diagram=diagram, old=old, new=new)
    context = {"diagram": diagram, "diff_form": form, "lines": lines}
    return render(
        request, "diagrams/version_diff.html", context, status=200 if lines is not None else 400
    )


@login_required
@require_POST
def restore_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Makes an earlier version current again, as a new version rendered again."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    version = selectors.version_get(user=request.user, diagram=diagram, number=number)
    try:
        limits.check_rate(request, limits.RENDER)
        diagram = services.diagram_restore_version(
            user=request.user, diagram=diagram, number=number
        )
    except ValidationError as error:
        context = {"diagram": diagram, "version": version, "restore_errors": error.messages}
        page = render(request, "diagrams/version.html", context, status=400)
        return limits.refused_response(page, error)
    return redirect(diagram)
