"""Fixtures for the web app's tests: diagrams in a given state, made through the real services."""

from __future__ import annotations

import pytest

from diagrams import pipeline, services
from diagrams.models import Diagram

CLASS_CODE = "@startuml\nclass Member {\n  +name: String\n}\nclass Book\nMember -- Book\n@enduml"
LIBRARY_SCENARIO = "A library lends books to its members; each member can borrow many books."


@pytest.fixture
def rendered_diagram(plantuml_settings):
    """Makes a diagram for a user and renders its code on the real PlantUML server.

    The model is skipped: the row is given code as if generation had written it, then the
    render service runs in this process, as the render worker would run it.
    """

    def make(user, code: str = CLASS_CODE, text: str = LIBRARY_SCENARIO) -> Diagram:
        diagram = services.diagram_submit(user=user, text=text, requested_type="class")
        Diagram.objects.filter(pk=diagram.pk).update(
            status=Diagram.Status.RENDERING, plantuml=code, model_name="test-model", attempts=1
        )
        pipeline.diagram_render(diagram_id=diagram.pk)
        return Diagram.objects.get(pk=diagram.pk)

    return make
