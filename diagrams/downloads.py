"""A diagram's PNG, SVG and PlantUML code as HTTP answers with an ETag, for pages and the API."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.text import slugify

from diagrams.models import Diagram, content_hash

CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml", "puml": "text/plain; charset=utf-8"}
# SVG can carry script and links: served on its own it may only style itself.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
IMAGE_CACHE_CONTROL = {"private": True, "max_age": 0, "must_revalidate": True}


def diagram_file_etag(*, diagram: Diagram, fmt: str, download: bool) -> str | None:
    """The file's ETag (unquoted), or None while there is no such file."""
    if fmt == "puml":
        if not diagram.plantuml:
            return None
        # Code that was never handed to the renderer has no stored hash; its own will do.
        digest = diagram.content_hash or content_hash(plantuml=diagram.plantuml, png=None, svg="")
    elif diagram.has_image:
        digest = diagram.content_hash
    else:
        return None
    return f"{digest}-{fmt}{'-download' if download else ''}"


def diagram_file_response(
    request: HttpRequest, *, diagram: Diagram, fmt: str, filename: str | None = None
) -> HttpResponseBase:
    """The file, or 304 when the client's copy is current; Http404 while there is none yet.

    The diagram may come with its images deferred: they are only read when they are sent.
    With ?download=1 it is an attachment named `filename`, by default the title and the id.
    """
    download = bool(request.GET.get("download"))
    etag = diagram_file_etag(diagram=diagram, fmt=fmt, download=download)
    if etag is None:
        raise Http404("This diagram has no image yet" if fmt != "puml" else "No code yet")
    etag = quote_etag(etag)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(_content(diagram, fmt), content_type=CONTENT_TYPES[fmt])
        if download:
            if filename is None:
                name = slugify(diagram.scenario.title)[:60] or "diagram"
                filename = f"{name}-{diagram.pk}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        if fmt == "svg":
            response["Content-Security-Policy"] = SVG_CSP
            response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    patch_cache_control(response, **IMAGE_CACHE_CONTROL)
    return response


def _content(diagram: Diagram, fmt: str) -> bytes | str:
    if fmt == "png":
        return bytes(diagram.png)
    if fmt == "svg":
        return diagram.svg
    return diagram.plantuml + "\n"
