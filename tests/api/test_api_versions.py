"""GET /api/v1/diagrams/{id}/versions/: every state of a diagram's code, newest first."""

import pytest

from diagrams import pipeline, services

pytestmark = pytest.mark.django_db


def test_versions_list_each_code_change_newest_first(alice_api, alice, plantuml_settings):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")
    pipeline.diagram_render(diagram_id=diagram.pk)
    services.diagram_update_code(user=alice, diagram=diagram, code="@startuml\nclass B\n@enduml")
    pipeline.diagram_render(diagram_id=diagram.pk)

    response = alice_api.get(f"/api/v1/diagrams/{diagram.pk}/versions/")

    assert response.status_code == 200
    versions = response.json()
    assert [v["number"] for v in versions] == [2, 1]
    assert [v["code"] for v in versions] == [
        "@startuml\nclass B\n@enduml",
        "@startuml\nclass A\n@enduml",
    ]
    assert versions[0]["source"] == "edited"
    assert versions[0]["author"] == "alice"
    assert versions[0]["has_image"] is True
    assert versions[0]["created_at"]


def test_a_new_diagram_has_no_versions_yet(alice_api, alice):
    diagram = services.diagram_submit(user=alice, text="A library lends books.")

    response = alice_api.get(f"/api/v1/diagrams/{diagram.pk}/versions/")

    assert response.status_code == 200
    assert response.json() == []
