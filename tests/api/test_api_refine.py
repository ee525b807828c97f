"""POST /api/v1/diagrams/{id}/refine/: a change in words, drawn by the model as a new version."""

import pytest

from diagrams import services
from diagrams.models import Diagram
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, CODE = DEFAULT_EXAMPLES[0]
CHANGE = "add a warehouse between the shop and the bank"


def _url(diagram) -> str:
    return f"/api/v1/diagrams/{diagram.pk}/refine/"


def test_a_refine_is_queued_and_the_worker_makes_a_new_version(alice_api, alice, wait_for_diagram):
    submitted = alice_api.post(
        "/api/v1/diagrams/", {"scenario": SCENARIO, "type": TYPE}, format="json"
    )
    first = wait_for_diagram(submitted.json()["id"])
    assert first.status == "done", first.error_message

    response = alice_api.post(_url(first), {"request": CHANGE}, format="json")

    assert response.status_code == 202
    assert response["Location"] == submitted["Location"]
    assert response.json()["status"] == "queued"
    assert response.json()["refine_request"] == CHANGE
    assert response.json()["links"]["png"] is None
    done = wait_for_diagram(first.pk)
    assert done.status == "done", done.error_message
    body = alice_api.get(response["Location"]).json()
    assert body["refine_request"] == CHANGE
    assert body["links"]["png"]
    versions = alice_api.get(body["links"]["versions"]).json()
    assert versions[-1]["source"] == "generated"
    assert any(v["source"] == "refined" and v["note"] == CHANGE for v in versions)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({}, "request", "This field is required."),
        ({"request": "  "}, "request", "The change is empty."),
        ({"request": "x" * 2001}, "request", "The change is 2,001 characters long"),
        ({"request": CHANGE, "scenario": "new"}, "scenario", "Unknown field."),
    ],
)
def test_a_bad_change_is_refused_and_the_diagram_is_unchanged(
    alice_api, alice, payload, field, message
):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
    Diagram.objects.filter(pk=diagram.pk).update(status="done")

    response = alice_api.post(_url(diagram), payload, format="json")

    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)
    assert Diagram.objects.get(pk=diagram.pk).status == "done"


@pytest.mark.django_db
def test_a_running_job_cannot_be_refined(alice_api, alice):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    response = alice_api.post(_url(diagram), {"request": CHANGE}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": ["This diagram is still being made; describe a change once it is finished."]
    }


@pytest.mark.django_db
def test_a_diagram_made_from_code_cannot_be_refined(alice_api, alice):
    diagram = services.diagram_submit_code(user=alice, code=CODE, title="From code")
    Diagram.objects.filter(pk=diagram.pk).update(status="done")

    response = alice_api.post(_url(diagram), {"request": CHANGE}, format="json")

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert "edit its code instead" in response.json()["detail"][0]


@pytest.mark.django_db
def test_refines_count_against_the_submission_rate(alice_api, alice, settings):
    settings.PLANTWEB_API_SUBMIT_RATE = "1/min"
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
    Diagram.objects.filter(pk=diagram.pk).update(status="done")

    first = alice_api.post(_url(diagram), {"request": CHANGE}, format="json")
    Diagram.objects.filter(pk=diagram.pk).update(status="done")
    second = alice_api.post(_url(diagram), {"request": CHANGE}, format="json")

    assert (first.status_code, second.status_code) == (202, 429)
    assert int(second["Retry-After"]) > 0
