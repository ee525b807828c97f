"""POST /api/v1/diagrams/: a scenario in, a queued job out, never waiting for the model."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram, Scenario

SCENARIO = "A customer sends an order to the shop, then the shop sends a confirmation back."
URL = "/api/v1/diagrams/"


@pytest.mark.django_db
def test_it_answers_202_with_the_queued_diagram_and_where_to_poll(alice_api, alice):
    response = alice_api.post(URL, {"scenario": SCENARIO, "type": "class"}, format="json")

    diagram = Diagram.objects.get()
    assert response.status_code == 202
    detail = f"http://testserver{reverse('api-diagram-detail', args=[diagram.pk])}"
    assert response["Location"] == detail
    body = response.json()
    assert body["url"] == detail
    assert body["id"] == diagram.pk
    assert body["status"] == "queued"
    assert body["scenario"] == SCENARIO
    assert body["requested_type"] == "class"
    assert body["diagram_type"] == "class"
    assert body["links"]["png"] is None
    assert diagram.scenario.owner == alice


@pytest.mark.django_db
def test_the_type_defaults_to_a_guess_from_the_scenario(alice_api):
    response = alice_api.post(URL, {"scenario": SCENARIO}, format="json")

    assert response.status_code == 202
    assert response.json()["requested_type"] == "auto"
    # "sends", "then" and "confirmation back" read as a sequence of messages.
    assert response.json()["diagram_type"] == "sequence"


def test_the_worker_draws_the_submitted_scenario(alice_api, wait_for_diagram):
    response = alice_api.post(URL, {"scenario": SCENARIO, "type": "class"}, format="json")
    wait_for_diagram(response.json()["id"])

    body = alice_api.get(response["Location"]).json()
    assert body["status"] == "done", body["error"]
    assert body["code"].startswith("@startuml")
    assert body["attempts"] == 1
    assert body["model_name"]
    assert body["timings"]["generation_seconds"] > 0
    assert body["links"]["png"].endswith(f"/api/v1/diagrams/{body['id']}/diagram.png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field, message",
    [
        ({}, "scenario", "This field is required."),
        ({"scenario": "   "}, "scenario", "The scenario is empty."),
        ({"scenario": SCENARIO, "type": "flowchart"}, "type", '"flowchart" is not a valid choice.'),
        ({"scenario": SCENARIO, "colour": "red"}, "colour", "Unknown field."),
        ({"scenario": 42}, "scenario", "Not a valid string."),
        ({"scenario": "a\x00b"}, "scenario", "Null characters are not allowed."),
    ],
)
def test_a_bad_request_names_the_field_and_stores_nothing(alice_api, payload, field, message):
    response = alice_api.post(URL, payload, format="json")

    assert response.status_code == 400
    assert message in response.json()[field]
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_a_scenario_over_the_limit_is_refused_with_the_limit(alice_api, settings):
    settings.PLANTWEB_SCENARIO_MAX_CHARS = 100

    response = alice_api.post(URL, {"scenario": "x" * 101}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "scenario": ["The scenario is 101 characters long; the limit is 100."]
    }
    assert not Scenario.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, message",
    [
        (b'{"scenario": "unfinished', "The request body is not valid JSON"),
        (b'{"scenario": "caf\xe9"}', "The request body is not valid utf-8."),
        (b'{"scenario": NaN}', "The request body is not valid JSON"),
        (b"[" * 100_000, "The request body is not valid JSON: it is nested too deeply."),
    ],
)
def test_a_body_that_is_not_json_is_a_clear_400(alice_api, body, message):
    response = alice_api.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"][0].startswith(message)
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_is_a_clear_400(alice_api):
    response = alice_api.post(URL, ["a scenario"], format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


@pytest.mark.django_db
def test_a_form_body_is_refused_as_unsupported(alice_api):
    response = alice_api.post(URL, {"scenario": SCENARIO})  # multipart, as a browser form

    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"][0]


@pytest.mark.django_db
def test_a_huge_body_is_refused_before_it_is_read(alice_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = alice_api.post(URL, {"scenario": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert response.json() == {"detail": ["The request body is larger than 1,000 bytes."]}
