"""Small input serializers that check a request's shape, and output serializers for answers.

The limits themselves (length, `!include`, encoding) live in the services, as for the pages;
the input serializers only refuse what the services could not name: unknown fields, wrong
types, values outside a choice.
"""

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diagrams import selectors
from diagrams.models import AUTO, REQUESTED_TYPE_CHOICES, TYPE_CHOICES, Diagram, DiagramVersion

MAX_PAGE_SIZE = 100


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a misspelt field is an error and not ignored."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """A JSON string only: numbers and booleans are not quietly turned into text."""

    def to_internal_value(self, data) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(help_text: str, **kwargs) -> TextField:
    # Blank and surrounding spaces are the service's to judge, with the pages' messages.
    return TextField(trim_whitespace=False, allow_blank=True, help_text=help_text, **kwargs)


class SubmitSerializer(StrictSerializer):
    """A scenario for the model to draw."""

    scenario = _text("The system to draw, in plain words.")
    type = serializers.ChoiceField(
        choices=REQUESTED_TYPE_CHOICES,
        default=AUTO,
        help_text="The diagram type; `auto` guesses it from the scenario.",
    )


class RenderSerializer(StrictSerializer):
    """PlantUML code to render as a new diagram, without the model."""

    code = _text("PlantUML code, from `@startuml` to `@enduml`.")
    title = _text("A name for the diagram in your history.", required=False, default="")


class CodeSerializer(StrictSerializer):
    """New code for a diagram, rendered again without the model."""

    code = _text("The new PlantUML code.")


class RefineSerializer(StrictSerializer):
    """A change, in words, for the model to make to the diagram."""

    request = _text("The change to make, in words, e.g. “add a payment service”.")


class DiagramFilterSerializer(StrictSerializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words to find in the scenario."
    )
    status = serializers.ChoiceField(choices=Diagram.Status.choices, required=False)
    type = serializers.ChoiceField(
        choices=TYPE_CHOICES, required=False, help_text="The diagram type asked of the model."
    )
    created_after = serializers.DateTimeField(
        required=False, help_text="Made at or after this date or time (ISO 8601, UTC if no zone)."
    )
    created_before = serializers.DateTimeField(
        required=False, help_text="Made before this date or time (ISO 8601, UTC if no zone)."
    )
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class DiagramLinksSerializer(serializers.Serializer):
    web = serializers.URLField(help_text="The diagram's page on the site.")
    png = serializers.URLField(allow_null=True, help_text="The PNG; null until it is rendered.")
    svg = serializers.URLField(allow_null=True, help_text="The SVG; null until it is rendered.")
    puml = serializers.URLField(allow_null=True, help_text="The code; null until there is code.")
    code = serializers.URLField(help_text="PUT or PATCH new code here to render it.")
    refine = serializers.URLField(help_text="POST a change in words here.")
    retry = serializers.URLField(help_text="POST here to run a failed diagram's failed step again.")
    versions = serializers.URLField()


class DiagramTimingsSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    generation_started_at = serializers.DateTimeField(allow_null=True)
    generated_at = serializers.DateTimeField(allow_null=True)
    render_started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    generation_seconds = serializers.FloatField(allow_null=True)
    render_seconds = serializers.FloatField(allow_null=True)


class DiagramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="This diagram in the API: poll it.")
    status = serializers.ChoiceField(choices=Diagram.Status.choices)
    title = serializers.CharField(source="scenario.title")
    scenario = serializers.CharField(source="scenario.text")
    requested_type = serializers.ChoiceField(
        choices=REQUESTED_TYPE_CHOICES, source="scenario.requested_type"
    )
    diagram_type = serializers.ChoiceField(choices=TYPE_CHOICES)
    rendered_type = serializers.CharField(help_text="The type PlantUML drew; empty until rendered.")
    code = serializers.CharField(source="plantuml", help_text="Empty until the model wrote it.")
    error = serializers.CharField(source="error_message", help_text="Empty unless failed.")
    error_line = serializers.IntegerField(
        allow_null=True, help_text="The code line PlantUML reported, for syntax errors."
    )
    refine_request = serializers.CharField()
    status_note = serializers.CharField(
        help_text='What a running job is waiting for, e.g. "Waiting for the renderer"; else empty.'
    )
    model_name = serializers.CharField()
    attempts = serializers.IntegerField(help_text="Generation attempts (more after a crash).")
    candidates = serializers.IntegerField(
        help_text="Candidates validate-and-repair checked before settling on this code."
    )
    new_tokens = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()
    timings = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    def _url(self, name: str, pk: int) -> str:
        return self.context["request"].build_absolute_uri(reverse(name, args=[pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, diagram: Diagram) -> str:
        return self._url("api-diagram-detail", diagram.pk)

    @extend_schema_field(DiagramTimingsSerializer)
    def get_timings(self, diagram: Diagram) -> dict:
        return DiagramTimingsSerializer(diagram).data

    @extend_schema_field(DiagramLinksSerializer)
    def get_links(self, diagram: Diagram) -> dict:
        return {
            "web": self._url("diagram_detail", diagram.pk),
            "png": self._url("api-diagram-png", diagram.pk) if diagram.has_image else None,
            "svg": self._url("api-diagram-svg", diagram.pk) if diagram.has_image else None,
            "puml": self._url("api-diagram-puml", diagram.pk) if diagram.plantuml else None,
            "code": self._url("api-diagram-code", diagram.pk),
            "refine": self._url("api-diagram-refine", diagram.pk),
            "retry": self._url("api-diagram-retry", diagram.pk),
            "versions": self._url("api-diagram-versions", diagram.pk),
        }


class DiagramDetailSerializer(DiagramSerializer):
    """One diagram, with what its scenario names that it leaves out (lists skip that work)."""

    not_drawn = serializers.SerializerMethodField(
        help_text='Names the scenario gives that the diagram leaves out; refine with "add NAME".'
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_not_drawn(self, diagram: Diagram) -> list[str]:
        return selectors.diagram_not_drawn(diagram=diagram)


class DiagramPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DiagramSerializer(many=True)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    source = serializers.ChoiceField(choices=DiagramVersion.Source.choices)
    author = serializers.CharField(
        source="author.get_username", allow_null=True, default=None, help_text="Null for the model."
    )
    note = serializers.CharField()
    model_name = serializers.CharField()
    code = serializers.CharField(source="plantuml")
    rendered_type = serializers.CharField()
    error = serializers.CharField(source="error_message")
    error_line = serializers.IntegerField(allow_null=True)
    has_image = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    """Messages by request field; `detail` holds those about the request as a whole."""


class ErrorSchema(OpenApiSerializerExtension):
    target_class = ErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": ErrorSerializer.__doc__,
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"scenario": ["The scenario is empty."]},
        }
