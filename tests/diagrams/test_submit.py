"""Submitting a scenario from the home page."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram, Scenario

pytestmark = pytest.mark.django_db

SCENARIO = "A customer sends an order to the shop, then the shop sends a confirmation back."


def test_home_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_shows_the_form_with_the_limit(alice_client, settings):
    settings.PLANTWEB_SCENARIO_MAX_CHARS = 20000
    response = alice_client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    # The limit is said beside the box, not enforced by it: maxlength would cut a paste silently.
    assert 'data-max-chars="20000"' in body and "maxlength" not in body
    assert "Up to 20,000 characters." in body
    for label in ("Auto", "Class", "Object", "Component", "Sequence", "Usecase", "State", "Timing"):
        assert f">{label}" in body


def test_it_queues_a_diagram_and_redirects_to_it(alice_client, alice):
    response = alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": "auto"})

    diagram = Diagram.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("diagram_detail", args=[diagram.pk])
    assert diagram.status == Diagram.Status.QUEUED
    assert diagram.scenario.owner == alice
    assert diagram.scenario.text == SCENARIO
    assert diagram.scenario.requested_type == "auto"
    # "sends", "then" and "confirmation back" read as a sequence of messages.
    assert diagram.diagram_type == "sequence"


def test_it_uses_the_type_the_user_picked(alice_client):
    alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": "state"})
    assert Diagram.objects.get().diagram_type == "state"


def test_it_strips_surrounding_blanks(alice_client):
    alice_client.post(reverse("home"), {"text": f"\n  {SCENARIO}  \n", "requested_type": "auto"})
    assert Scenario.objects.get().text == SCENARIO


def test_htmx_gets_the_status_card_that_polls(alice_client):
    response = alice_client.post(
        reverse("home"),
        {"text": SCENARIO, "requested_type": "auto"},
        HTTP_HX_REQUEST="true",
    )

    diagram = Diagram.objects.get()
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="submit-panel"' in body
    assert f'hx-get="{reverse("diagram_status", args=[diagram.pk])}"' in body
    assert 'hx-trigger="every 1s"' in body
    # A fresh form, ready for the next scenario.
    assert SCENARIO not in body.split('id="diagram-status"')[0]


def test_it_refuses_an_unknown_type(alice_client):
    response = alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": "flow"})
    assert response.status_code == 400
    assert not Scenario.objects.exists()


def test_it_refuses_a_post_without_csrf_token(alice_client):
    response = alice_client.post(
        reverse("home"), {"text": SCENARIO, "requested_type": "auto"}, csrf=False
    )
    assert response.status_code == 403
    assert not Scenario.objects.exists()
