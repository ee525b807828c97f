"""PUT and PATCH /api/v1/diagrams/{id}/code/: new code, rendered again without the model."""

import pytest

from diagrams import services
from diagrams.models import Diagram

NEW_CODE = "@startuml\nclass Invoice\nclass Payment\nInvoice --> Payment\n@enduml"


def _url(diagram) -> str:
    return f"/api/v1/diagrams/{diagram.pk}/code/"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_new_code_is_rendered_and_the_model_is_not_called(
    alice_api, alice, rendered_diagram, wait_for_diagram, method
):
    diagram = rendered_diagram(alice)

    response = getattr(alice_api, method)(_url(diagram), {"code": NEW_CODE}, format="json")

    assert response.status_code == 202
    assert response["Location"] == response.json()["url"]
    assert response.json()["status"] == "rendering"
    assert response.json()["code"] == NEW_CODE
    done = wait_for_diagram(diagram.pk)
    assert done.status == "done"
    assert "Invoice" in done.svg
    # The model never ran again: the attempts and the model's name are the first generation's.
    assert (done.attempts, done.model_name) == (1, "test-model")
    versions = alice_api.get(f"/api/v1/diagrams/{diagram.pk}/versions/").json()
    assert versions[0]["source"] == "edited"
    assert versions[0]["author"] == "alice"
    assert versions[0]["code"] == NEW_CODE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "This field is required."),
        ({"code": " \n "}, "The PlantUML code is empty."),
        ({"code": "@startuml\n!include http://example.com/x.puml\n@enduml"}, "Line 2:"),
        ({"code": ["@startuml"]}, "Not a valid string."),
    ],
)
def test_bad_code_is_refused_and_the_diagram_is_unchanged(
    alice_api, alice, rendered_diagram, payload, message
):
    diagram = rendered_diagram(alice)

    response = alice_api.put(_url(diagram), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"][0].startswith(message)
    after = Diagram.objects.get(pk=diagram.pk)
    assert (after.status, after.plantuml, after.content_hash) == (
        "done",
        diagram.plantuml,
        diagram.content_hash,
    )


@pytest.mark.django_db
def test_code_over_the_limit_is_refused(alice_api, alice, rendered_diagram, settings):
    diagram = rendered_diagram(alice)
    settings.PLANTWEB_CODE_MAX_CHARS = 40

    response = alice_api.patch(_url(diagram), {"code": NEW_CODE}, format="json")

    assert response.status_code == 400
    assert response.json()["code"][0].endswith("the limit is 40.")


@pytest.mark.django_db
def test_code_cannot_be_replaced_while_the_model_writes_it(alice_api, alice):
    diagram = services.diagram_submit(user=alice, text="A library lends books.")

    response = alice_api.put(_url(diagram), {"code": NEW_CODE}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": ["The model is still writing this diagram; edit it once it is done."]
    }
