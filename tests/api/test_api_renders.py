"""POST /api/v1/renders/: PlantUML code in, a render-only diagram job out (no model)."""

import pytest

from diagrams.models import Diagram, Scenario

URL = "/api/v1/renders/"
CODE = "@startuml\nclass Order\nclass Warehouse\nOrder --> Warehouse\n@enduml"


def test_code_is_rendered_without_the_model(alice_api, wait_for_diagram):
    response = alice_api.post(URL, {"code": CODE, "title": "Orders"}, format="json")

    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["status"] == "rendering"
    assert body["title"] == "Orders"
    diagram = wait_for_diagram(body["id"])
    assert diagram.status == "done"
    assert diagram.attempts == 0
    assert diagram.model_name == ""
    done = alice_api.get(body["url"]).json()
    assert done["links"]["png"]
    png = alice_api.get(done["links"]["png"])
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")


def test_code_plantuml_cannot_draw_fails_with_its_line(alice_api, wait_for_diagram):
    code = "@startuml\nclass Order\nOrder -->\n@enduml"
    response = alice_api.post(URL, {"code": code}, format="json")
    wait_for_diagram(response.json()["id"])

    body = alice_api.get(response["Location"]).json()
    assert body["status"] == "failed"
    assert body["error"]
    assert body["error_line"] == 3
    assert body["links"]["png"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({}, "code", "This field is required."),
        ({"code": ""}, "code", "The PlantUML code is empty."),
        ({"code": "@startuml\n!include /etc/passwd\n@enduml"}, "code", "Line 2:"),
        # The probes: a control character in front, and a string doubled in a loop.
        ({"code": "@startuml\n\u0001!include /etc/passwd\n@enduml"}, "code", "Line 2: !include"),
        (
            {"code": '@startuml\n!$s = "ab"\n!while 1\n!$s = $s + $s\n!endwhile\n@enduml'},
            "code",
            "Line 3: !while is not allowed",
        ),
        (
            {"code": '@startuml\n!$s = "ab"\n' + "!$s = $s + $s\n" * 20 + "A : $s\n@enduml"},
            "code",
            "Line 17: This line could expand",
        ),
        ({"code": CODE, "title": "x" * 500}, "title", "The title is 500 characters long"),
        ({"code": CODE, "scenario": "extra"}, "scenario", "Unknown field."),
    ],
)
def test_bad_code_is_refused_and_nothing_is_stored(alice_api, payload, field, message):
    response = alice_api.post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)
    assert not Diagram.objects.exists()
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_code_over_the_limit_is_refused_with_the_limit(alice_api, settings):
    settings.PLANTWEB_CODE_MAX_CHARS = 50

    response = alice_api.post(URL, {"code": CODE + "\n" + "' x" * 20}, format="json")

    assert response.status_code == 400
    assert response.json()["code"][0].endswith("the limit is 50.")
    assert not Diagram.objects.exists()
