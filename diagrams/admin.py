"""Staff views of every scenario and diagram; changelists never load the image bytes."""

import base64

from django.contrib import admin
from django.utils.html import format_html

from diagrams.models import Diagram, Scenario


class DiagramInline(admin.StackedInline):
    model = Diagram
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("status", "diagram_type", "error_message", "created_at")
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


@admin.register(Diagram)
class DiagramAdmin(admin.ModelAdmin):
    list_display = ("id", "scenario_title", "owner", "status", "diagram_type", "created_at")
    list_filter = ("status", "diagram_type", "created_at", "scenario__owner")
    search_fields = ("scenario__text", "plantuml")
    date_hierarchy = "created_at"
    list_select_related = ("scenario__owner",)
    exclude = ("png", "svg", "plantuml")
    readonly_fields = (
        "scenario",
        "preview",
        "code",
        "rendered_type",
        "content_hash",
        "model_name",
        "attempts",
        "new_tokens",
        "created_at",
        "updated_at",
        "generation_started_at",
        "generated_at",
        "render_started_at",
        "finished_at",
        "generation_seconds",
        "render_seconds",
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Only the change page shows the image; lists must not load every PNG and SVG.
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            queryset = queryset.defer("png", "svg")
        return queryset

    @admin.display(description="Scenario", ordering="scenario__text")
    def scenario_title(self, obj: Diagram) -> str:
        return obj.scenario.title

    @admin.display(description="Owner", ordering="scenario__owner__username")
    def owner(self, obj: Diagram) -> str:
        return obj.scenario.owner.get_username()

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

    @admin.display(description="PlantUML code")
    def code(self, obj: Diagram) -> str:
        return format_html(
            '<pre style="white-space: pre-wrap; font-family: monospace">{}</pre>', obj.plantuml
        )
