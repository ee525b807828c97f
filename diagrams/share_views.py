"""Turning a diagram's share link on and off, and the public read-only page behind the link.

Everything served under a share link carries headers that keep it out of search engines and
out of caches other than the viewer's own, and tells the browser not to pass the link on as a
referrer.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import page_not_found

from diagrams import downloads, selectors, sharing


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a shared response as not for indexing, shared caches or referrers."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404 as error:
            # A revoked link's 404 must not be cached or indexed either.
            response = page_not_found(request, error)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """Turns the link on (`share=on`) or off (anything else) and shows the owner the result."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    if request.POST.get("share") == "on":
        sharing.diagram_share(user=request.user, diagram=diagram)
    else:
        sharing.diagram_unshare(user=request.user, diagram=diagram)
    if request.headers.get("HX-Request") == "true":
        return render(request, "diagrams/_share.html", {"diagram": diagram})
    return redirect(diagram)


@require_GET
@_private
def shared_page(request: HttpRequest, token: str) -> HttpResponse:
    diagram = sharing.shared_diagram_get(token=token)
    return render(request, "diagrams/shared.html", {"diagram": diagram, "token": token})


def _shared_file(request: HttpRequest, token: str, fmt: str) -> HttpResponseBase:
    diagram = sharing.shared_diagram_get(token=token)
    # The download name leaves out the id, which means nothing to someone without an account.
    name = f"{slugify(diagram.scenario.title)[:60] or 'diagram'}.{fmt}"
    return downloads.diagram_file_response(request, diagram=diagram, fmt=fmt, filename=name)


@require_GET
@_private
def shared_png(request: HttpRequest, token: str) -> HttpResponseBase:
    return _shared_file(request, token, "png")


@require_GET
@_private
def shared_svg(request: HttpRequest, token: str) -> HttpResponseBase:
    return _shared_file(request, token, "svg")


@require_GET
@_private
def shared_puml(request: HttpRequest, token: str) -> HttpResponseBase:
    return _shared_file(request, token, "puml")
