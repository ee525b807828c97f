"""One user never sees or changes another user's diagrams, even by guessing URLs."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram

pytestmark = pytest.mark.django_db

READ_URLS = ["diagram_detail", "diagram_status", "diagram_png", "diagram_svg", "diagram_puml"]


@pytest.fixture
def alices_diagram(rendered_diagram, alice) -> Diagram:
    diagram = rendered_diagram(alice)
    assert diagram.status == "done"
    return diagram


@pytest.mark.parametrize("name", READ_URLS)
def test_bob_gets_404_for_alices_pages_and_files(bob_client, alice_client, alices_diagram, name):
    url = reverse(name, args=[alices_diagram.pk])

    assert alice_client.get(url).status_code == 200
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(url + "?download=1").status_code == 404


@pytest.mark.parametrize("name", READ_URLS)
def test_alices_diagram_answers_bob_like_one_that_does_not_exist(bob_client, alices_diagram, name):
    theirs = bob_client.get(reverse(name, args=[alices_diagram.pk]))
    missing = bob_client.get(reverse(name, args=[alices_diagram.pk + 1000]))

    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_bob_cannot_edit_alices_code(bob_client, alices_diagram):
    response = bob_client.post(
        reverse("diagram_edit_code", args=[alices_diagram.pk]),
        {"code": "@startuml\nclass Stolen\n@enduml"},
    )

    assert response.status_code == 404
    after = Diagram.objects.get(pk=alices_diagram.pk)
    assert after.plantuml == alices_diagram.plantuml
    assert after.status == "done"


def test_an_etag_from_alice_does_not_leak_to_bob(bob_client, alice_client, alices_diagram):
    url = reverse("diagram_png", args=[alices_diagram.pk])
    etag = alice_client.get(url)["ETag"]

    response = bob_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 404


def test_bobs_history_does_not_list_alices_diagrams(bob_client, alices_diagram):
    body = bob_client.get(reverse("diagram_history")).content.decode()

    assert alices_diagram.scenario.title not in body
    assert reverse("diagram_detail", args=[alices_diagram.pk]) not in body


@pytest.mark.parametrize("name", [*READ_URLS, "diagram_edit_code"])
def test_anonymous_visitors_are_sent_to_log_in(client, alices_diagram, name):
    url = reverse(name, args=[alices_diagram.pk])
    response = client.post(url) if name == "diagram_edit_code" else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
