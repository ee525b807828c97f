"""Pages for submitting scenarios, following their jobs, browsing history, editing and refining.

Forms post normally and redirect (they work without JavaScript); htmx requests get the
partial that changed instead.
"""

import base64
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from diagrams import downloads, limits, selectors, services
from diagrams.forms import CodeForm, RefineForm, ScenarioForm, VersionDiffForm
from diagrams.models import TYPE_CHOICES, Diagram
from worker.diagram_types import DIAGRAM_TYPES

HISTORY_PAGE_SIZE = 20


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = ScenarioForm(request.POST or None)
    diagram = refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            limits.check_rate(request, limits.SUBMIT)
            diagram = services.diagram_submit(
                user=request.user,
                text=form.cleaned_data["text"],
                requested_type=form.cleaned_data["requested_type"],
            )
        except ValidationError as error:
            form.add_error("text", error)
            refusal = error
        else:
            if not _is_htmx(request):
                return redirect(diagram)
            form = ScenarioForm()

    context = {"form": form, "diagram": diagram}
    status = 400 if form.errors and not _is_htmx(request) else 200
    if _is_htmx(request):
        # htmx swaps only successful answers, so errors come back as 200 with the form.
        return render(request, "diagrams/_submit_panel.html", context)
    context["recent"] = selectors.diagram_list(user=request.user)[:5]
    return limits.refused_response(
        render(request, "diagrams/home.html", context, status=status), refusal
    )


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    # PostgreSQL text cannot hold NUL, and a search has no use for it.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    status = request.GET.get("status", "")
    if status not in Diagram.Status.values:
        status = ""
    diagram_type = request.GET.get("type", "")
    if diagram_type not in DIAGRAM_TYPES:
        diagram_type = ""
    diagrams = selectors.diagram_list(
        user=request.user,
        query=query or None,
        status=status or None,
        diagram_type=diagram_type or None,
    )
    page = Paginator(diagrams, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {
        key: value
        for key, value in (("q", query), ("status", status), ("type", diagram_type))
        if value
    }
    context = {
        "page": page,
        "q": query,
        "status": status,
        "type": diagram_type,
        "statuses": Diagram.Status.choices,
        "types": TYPE_CHOICES,
        # The page links keep the search and filters.
        "filter_query": urlencode(filters),
    }
    return render(request, "diagrams/history.html", context)


def _detail_context(request: HttpRequest, diagram: Diagram, **forms) -> dict:
    """Everything the detail page shows; forms given here replace the blank ones."""
    versions = list(selectors.diagram_versions(user=request.user, diagram=diagram))
    return {
        "diagram": diagram,
        "code_form": forms.get("code_form") or CodeForm(initial={"code": diagram.plantuml}),
        "refine_form": forms.get("refine_form") or RefineForm(),
        "versions": versions,
        "diff_form": VersionDiffForm(numbers=[v.number for v in versions]),
        "view": "svg" if request.GET.get("view") == "svg" else "png",
        "on_detail": True,
        "last_drawn": _last_drawn(request, diagram),
        "not_drawn": selectors.diagram_not_drawn(diagram=diagram),
    }


def _last_drawn(request: HttpRequest, diagram: Diagram):
    """While a job runs, the version whose image stays on show until the new one is ready."""
    if not diagram.is_running:
        return None
    return selectors.version_last_drawn(user=request.user, diagram=diagram)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    return render(request, "diagrams/detail.html", _detail_context(request, diagram))


@login_required
@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status card; it keeps polling itself until the job is done or failed."""
    try:
        diagram = selectors.diagram_get(user=request.user, pk=pk)
    except Http404:
        if not _is_htmx(request):
            raise
        # htmx swaps only successful answers and would poll a deleted diagram forever; a card
        # without the polling trigger ends the loop.
        return render(request, "diagrams/_status_gone.html")
    context = {
        "diagram": diagram,
        "on_detail": request.GET.get("on_detail") == "1",
        "view": "svg" if request.GET.get("view") == "svg" else "png",
        # The detail page's facts (status, timings) change with the card; they come along.
        "polled": True,
        "last_drawn": _last_drawn(request, diagram),
    }
    response = render(request, "diagrams/_status_card.html", context)
    if not diagram.is_running:
        # Lets the rest of the page (the code editor) catch up once the job has finished.
        response["HX-Trigger"] = "diagram-finished"
    return response


@login_required
@require_POST
def edit_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves edited PlantUML and renders it again, without calling the model."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    form = CodeForm(request.POST)
    refusal = None
    if form.is_valid():
        try:
            limits.check_rate(request, limits.RENDER)
            diagram = services.diagram_update_code(
                user=request.user, diagram=diagram, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
            refusal = error
        else:
            if not _is_htmx(request):
                return redirect(diagram)
            form = CodeForm(initial={"code": diagram.plantuml})
            context = {
                "diagram": diagram,
                "code_form": form,
                "on_detail": True,
                "oob": True,
                "last_drawn": _last_drawn(request, diagram),
            }
            return render(request, "diagrams/_code_form.html", context)

    context = _detail_context(request, diagram, code_form=form)
    if _is_htmx(request):
        return render(request, "diagrams/_code_form.html", context)
    return limits.refused_response(
        render(request, "diagrams/detail.html", context, status=400), refusal
    )


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Runs a failed diagram's failed step again."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    try:
        diagram = services.diagram_retry(user=request.user, diagram=diagram)
    except ValidationError as error:
        context = {**_detail_context(request, diagram), "retry_errors": error.messages}
        return render(request, "diagrams/detail.html", context, status=409)
    return redirect(diagram)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's live preview of unsaved code: the picture or PlantUML's error, no version."""
    selectors.diagram_get(user=request.user, pk=pk)
    result = services.code_preview(code=request.POST.get("code", ""))
    svg_base64 = base64.b64encode(result.svg.encode()).decode() if result.svg else ""
    context = {"preview": result, "svg_base64": svg_base64}
    # Always 200: htmx swaps only successful answers, and an error is what the user must see.
    return render(request, "diagrams/_code_preview.html", context)


@login_required
@require_POST
def refine(request: HttpRequest, pk: int) -> HttpResponse:
    """Queues a new generation that carries out a change the user describes in words."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    form = RefineForm(request.POST)
    refusal = None
    if form.is_valid():
        try:
            limits.check_rate(request, limits.SUBMIT)
            diagram = services.diagram_refine(
                user=request.user, diagram=diagram, request=form.cleaned_data["request"]
            )
        except ValidationError as error:
            form.add_error("request", error)
            refusal = error
        else:
            if not _is_htmx(request):
                return redirect(diagram)
            form = RefineForm()
            context = {**_detail_context(request, diagram, refine_form=form), "oob": True}
            return render(request, "diagrams/_refine_form.html", context)

    context = _detail_context(request, diagram, refine_form=form)
    if _is_htmx(request):
        return render(request, "diagrams/_refine_form.html", context)
    return limits.refused_response(
        render(request, "diagrams/detail.html", context, status=400), refusal
    )


@login_required
@require_POST
def try_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queues the diagram's generation again with a new sampling seed, as a new version."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    try:
        diagram = services.diagram_try_again(user=request.user, diagram=diagram)
    except ValidationError as error:
        context = {**_detail_context(request, diagram), "try_again_errors": error.messages}
        if _is_htmx(request):
            return render(request, "diagrams/_refine_form.html", context)
        return render(request, "diagrams/detail.html", context, status=400)
    if not _is_htmx(request):
        return redirect(diagram)
    context = {**_detail_context(request, diagram), "oob": True}
    return render(request, "diagrams/_refine_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks for confirmation (GET), then deletes the diagram with its versions (POST)."""
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.diagram_delete(user=request.user, diagram=diagram)
        return redirect("diagram_history")
    return render(request, "diagrams/delete.html", {"diagram": diagram})


# --- Images and code, each at its own URL with an ETag -----------------------------------------


def _file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    # Images stay deferred: a 304 answers from the content hash without reading them.
    diagram = selectors.diagram_get(user=request.user, pk=pk)
    return downloads.diagram_file_response(request, diagram=diagram, fmt=fmt)


@login_required
@require_GET
def diagram_png(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(request, pk, "png")


@login_required
@require_GET
def diagram_svg(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(request, pk, "svg")


@login_required
@require_GET
def diagram_puml(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(request, pk, "puml")
