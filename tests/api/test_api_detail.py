"""GET and DELETE /api/v1/diagrams/{id}/: one diagram's state, and removing it."""

import pytest

from diagrams import services
from diagrams.models import Diagram, Scenario

pytestmark = pytest.mark.django_db


def _url(diagram) -> str:
    return f"/api/v1/diagrams/{diagram.pk}/"


def test_a_done_diagram_shows_its_code_timings_and_links(alice_api, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = alice_api.get(_url(diagram))

    assert response.status_code == 200
    body = response.json()
    base = f"http://testserver/api/v1/diagrams/{diagram.pk}"
    assert body["status"] == "done"
    assert body["code"] == diagram.plantuml
    assert body["error"] == ""
    assert body["error_line"] is None
    assert body["rendered_type"] == "class"
    assert body["attempts"] == 1
    assert body["model_name"] == "test-model"
    assert body["timings"]["render_seconds"] > 0
    assert body["timings"]["finished_at"]
    assert body["links"] == {
        "web": f"http://testserver/diagrams/{diagram.pk}/",
        "png": f"{base}/diagram.png",
        "svg": f"{base}/diagram.svg",
        "puml": f"{base}/diagram.puml",
        "code": f"{base}/code/",
        "refine": f"{base}/refine/",
        "retry": f"{base}/retry/",
        "versions": f"{base}/versions/",
    }


def test_a_failed_diagram_shows_the_error_and_its_line(alice_api, alice, rendered_diagram):
    diagram = rendered_diagram(alice, code="@startuml\nclass A\nA -->\n@enduml")

    body = alice_api.get(_url(diagram)).json()

    assert body["status"] == "failed"
    assert body["error"]
    assert body["error_line"] == 3
    assert body["links"]["png"] is None
    assert body["links"]["puml"].endswith("/diagram.puml")


def test_a_queued_diagram_has_no_files_yet(alice_api, alice):
    diagram = services.diagram_submit(user=alice, text="A library lends books.")

    body = alice_api.get(_url(diagram)).json()

    assert body["status"] == "queued"
    assert body["code"] == ""
    assert body["links"]["png"] is None
    assert body["links"]["puml"] is None


def test_a_missing_diagram_is_404(alice_api):
    response = alice_api.get("/api/v1/diagrams/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": ["No such diagram"]}


def test_delete_removes_the_diagram(alice_api, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = alice_api.delete(_url(diagram))

    assert response.status_code == 204
    assert response.content == b""
    assert not Diagram.objects.exists()
    assert not Scenario.objects.exists()
    assert alice_api.get(_url(diagram)).status_code == 404
    assert alice_api.delete(_url(diagram)).status_code == 404
