"""Staff views of every scenario and diagram, and the review that turns diagrams into training data.

Changelists never load the image bytes. Review goes through diagrams.review: approve, reject
with a reason, or correct the code (saved as a new version and rendered again); approved and
corrected diagrams export as training rows. A dashboard sums up output, renders and reviews.
"""

import base64

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from diagrams import review
from diagrams.dashboard import dashboard_stats
from diagrams.models import Diagram, Scenario


class DiagramInline(admin.StackedInline):
    model = Diagram
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("status", "diagram_type", "review_state", "error_message", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("png", "svg")


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "requested_type", "created_at")
    list_filter = ("requested_type", "created_at", "owner")
    search_fields = ("text", "owner__username")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at",)
    list_select_related = ("owner",)
    inlines = [DiagramInline]


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


ERROR_LINE_ATTRS = mark_safe(' class="error-line" style="background: #fdd"')


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=review.REASON_MAX_CHARS,
        help_text="Kept with each diagram; rejected diagrams never become training data.",
    )


class CorrectionForm(forms.Form):
    code = forms.CharField(
        label="Corrected PlantUML code",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "spellcheck": "false"}),
    )
    note = forms.CharField(
        label="What was wrong",
        required=False,
        max_length=review.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 100}),
    )


@admin.register(Diagram)
class DiagramAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "scenario_title",
        "owner",
        "status",
        "diagram_type",
        "candidates",
        "review_state",
        "model_name",
        "created_at",
    )
    list_filter = (
        "status",
        "diagram_type",
        "review_state",
        "model_name",
        "created_at",
        "scenario__owner",
    )
    search_fields = ("scenario__text", "plantuml")
    date_hierarchy = "created_at"
    list_select_related = ("scenario__owner",)
    actions = ["approve_selected", "reject_selected", "export_training_data"]
    change_form_template = "admin/diagrams/diagram/change_form.html"
    change_list_template = "admin/diagrams/diagram/change_list.html"
    exclude = ("png", "svg", "plantuml", "share_token")
    # What a reviewer needs comes first; the job's bookkeeping is folded away.
    fieldsets = (
        (None, {"fields": ("scenario", "scenario_text", "preview", "code")}),
        (
            "Generation",
            {
                "fields": (
                    "status",
                    "diagram_type",
                    "rendered_type",
                    "error_message",
                    "error_line",
                    "model_name",
                    "attempts",
                    "candidates",
                    "new_tokens",
                    "generation_time",
                    "render_time",
                    "refine_request",
                    "seed",
                )
            },
        ),
        ("Review", {"fields": ("review_state", "review_reason", "reviewed_by", "reviewed_at")}),
        (
            "Job",
            {
                "classes": ("collapse",),
                "fields": (
                    "shared_at",
                    "content_hash",
                    "generation_task_id",
                    "render_task_id",
                    "created_at",
                    "updated_at",
                    "generation_started_at",
                    "generated_at",
                    "render_started_at",
                    "finished_at",
                ),
            },
        ),
    )
    # The job's outcome is the workers' to write: staff change a diagram through the review
    # actions, never by editing its status, type or error by hand.
    readonly_fields = (
        "scenario",
        "scenario_text",
        "preview",
        "code",
        "status",
        "diagram_type",
        "error_message",
        "error_line",
        "refine_request",
        "seed",
        "rendered_type",
        "content_hash",
        "model_name",
        "attempts",
        "candidates",
        "new_tokens",
        "review_state",
        "review_reason",
        "reviewed_by",
        "reviewed_at",
        "shared_at",
        "created_at",
        "updated_at",
        "generation_started_at",
        "generated_at",
        "render_started_at",
        "finished_at",
        "generation_time",
        "render_time",
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Only the change page shows the image; lists (and actions) must not load every blob.
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            queryset = queryset.defer("png", "svg")
        return queryset

    def get_urls(self):
        own = [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="diagrams_diagram_dashboard",
            ),
            path(
                "<path:object_id>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="diagrams_diagram_correct",
            ),
        ]
        # Before the defaults: their "<path:object_id>/" would swallow "dashboard/".
        return own + super().get_urls()

    # --- Columns and read-only fields ----------------------------------------------------------

    @admin.display(description="Scenario", ordering="scenario__text")
    def scenario_title(self, obj: Diagram) -> str:
        return obj.scenario.title

    @admin.display(description="Owner", ordering="scenario__owner__username")
    def owner(self, obj: Diagram) -> str:
        return obj.scenario.owner.get_username()

    @admin.display(description="Scenario text")
    def scenario_text(self, obj: Diagram) -> str:
        return format_html('<div style="white-space: pre-wrap">{}</div>', obj.scenario.text)

    @admin.display(description="Image")
    def preview(self, obj: Diagram) -> str:
        if not obj.png:
            return "No image"
        # A data URL keeps the image on the staff page, with no public URL to guess.
        data = base64.b64encode(bytes(obj.png)).decode("ascii")
        return format_html(
            '<img src="data:image/png;base64,{}" alt="Diagram {}" style="max-width: 100%">',
            data,
            obj.pk,
        )

    @admin.display(description="Generation time", ordering="generation_seconds")
    def generation_time(self, obj: Diagram) -> str:
        return _seconds(obj.generation_seconds)

    @admin.display(description="Render time", ordering="render_seconds")
    def render_time(self, obj: Diagram) -> str:
        return _seconds(obj.render_seconds)

    @admin.display(description="PlantUML code")
    def code(self, obj: Diagram) -> str:
        return code_with_line_numbers(obj.plantuml, error_line=obj.error_line)

    # --- Review actions ------------------------------------------------------------------------

    @admin.action(description="Approve selected diagrams", permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset) -> None:
        approved, refused = 0, []
        for diagram in queryset.select_related("scenario"):
            try:
                review.diagram_approve(diagram=diagram, reviewer=request.user)
            except ValidationError:
                refused.append(str(diagram.pk))
            else:
                approved += 1
        if approved:
            self.message_user(request, f"Approved {approved} diagram(s).", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"Not approved (not rendered): {', '.join(refused)}. {review.NOT_DONE_ERROR}",
                messages.WARNING,
            )

    @admin.action(description="Reject selected diagrams (with a reason)", permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset) -> TemplateResponse | None:
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            try:
                for diagram in queryset:
                    review.diagram_reject(
                        diagram=diagram, reviewer=request.user, reason=form.cleaned_data["reason"]
                    )
                    count += 1
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                self.message_user(request, f"Rejected {count} diagram(s).", messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject diagrams",
            "opts": self.opts,
            "diagrams": queryset.select_related("scenario"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "reject_selected",
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/diagrams/diagram/reject.html", context)

    @admin.action(description="Export selected as training data", permissions=["view"])
    def export_training_data(self, request: HttpRequest, queryset) -> HttpResponse | None:
        diagrams = list(review.training_diagrams(diagrams=queryset))
        if not diagrams:
            self.message_user(
                request,
                "None of the selected diagrams is approved or corrected and rendered; "
                "nothing to export.",
                messages.WARNING,
            )
            return None
        response = HttpResponse(
            "".join(review.training_lines(diagrams)), content_type="application/jsonl"
        )
        name = f"plantweb-training-{timezone.localdate():%Y-%m-%d}.jsonl"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    # --- Correction and dashboard pages --------------------------------------------------------

    def correct_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Staff write the code the model should have written; it is saved and rendered."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        diagram = self.get_object(request, unquote(object_id))
        if diagram is None:
            raise Http404("No such diagram")
        if request.method == "POST":
            form = CorrectionForm(request.POST)
            if form.is_valid():
                try:
                    review.diagram_correct(
                        diagram=diagram,
                        reviewer=request.user,
                        code=form.cleaned_data["code"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    form.add_error("code", error)
                else:
                    self.message_user(
                        request,
                        f"Saved the corrected code of diagram {diagram.pk}; it is being rendered.",
                        messages.SUCCESS,
                    )
                    change_url = reverse(
                        "admin:diagrams_diagram_change",
                        args=[diagram.pk],
                        current_app=self.admin_site.name,
                    )
                    return HttpResponseRedirect(change_url)
        else:
            form = CorrectionForm(initial={"code": diagram.plantuml})
        context = {
            **self.admin_site.each_context(request),
            "title": f"Correct the code of diagram {diagram.pk}",
            "opts": self.opts,
            "original": diagram,
            "form": form,
            "preview": self.preview(diagram),
            "code": self.code(diagram),
            "has_view_permission": True,
        }
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "admin/diagrams/diagram/correct.html", context, status=status
        )

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Diagram dashboard",
            "opts": self.opts,
            "stats": dashboard_stats(),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/diagrams/diagram/dashboard.html", context)


def code_with_line_numbers(code: str, *, error_line: int | None = None) -> str:
    """The code in a <pre>, each line numbered as PlantUML counts them in its errors."""
    lines = code.split("\n") if code else []
    if not lines:
        return format_html("<p>{}</p>", "No code")
    width = len(str(len(lines)))
    rows = format_html_join(
        "\n",
        '<span{}><span style="color: #888; user-select: none">{} </span>{}</span>',
        (
            (
                ERROR_LINE_ATTRS if number == error_line else "",
                str(number).rjust(width),
                line,
            )
            for number, line in enumerate(lines, start=1)
        ),
    )
    return format_html(
        '<pre class="code-lines" style="white-space: pre-wrap; font-family: monospace">{}</pre>',
        rows,
    )
