"""Deleting a diagram removes it, its versions and its scenario; nobody else can delete it."""

import pytest
from django.http import Http404
from django.urls import reverse

from diagrams import services
from diagrams.models import Diagram, DiagramVersion, Scenario


@pytest.mark.django_db
def test_deleting_removes_the_diagram_its_versions_and_its_scenario(alice):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")

    services.diagram_delete(user=alice, diagram=diagram)

    assert not Diagram.objects.exists()
    assert not DiagramVersion.objects.exists()
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_someone_elses_diagram_cannot_be_deleted(alice, bob):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")

    with pytest.raises(Http404):
        services.diagram_delete(user=bob, diagram=diagram)

    assert Diagram.objects.filter(pk=diagram.pk).exists()
    assert DiagramVersion.objects.filter(diagram=diagram).count() == 1


@pytest.mark.django_db
def test_the_owner_confirms_then_deletes_from_the_diagram_page(alice, alice_client):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")
    detail = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert reverse("diagram_delete", args=[diagram.pk]) in detail

    confirm = alice_client.get(reverse("diagram_delete", args=[diagram.pk]))
    assert confirm.status_code == 200 and "Delete this diagram?" in confirm.content.decode()
    assert Diagram.objects.filter(pk=diagram.pk).exists()

    response = alice_client.post(reverse("diagram_delete", args=[diagram.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("diagram_history")
    assert not Diagram.objects.exists()
    assert alice_client.get(reverse("diagram_detail", args=[diagram.pk])).status_code == 404


@pytest.mark.django_db
def test_another_user_gets_404_and_deletes_nothing(alice, bob_client):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")

    answers = [
        bob_client.get(reverse("diagram_delete", args=[diagram.pk])),
        bob_client.post(reverse("diagram_delete", args=[diagram.pk])),
    ]

    assert [a.status_code for a in answers] == [404, 404]
    assert Diagram.objects.filter(pk=diagram.pk).exists()


@pytest.mark.django_db
def test_a_status_card_polling_a_deleted_diagram_stops_polling(alice, alice_client):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")
    status_url = reverse("diagram_status", args=[diagram.pk])
    services.diagram_delete(user=alice, diagram=diagram)

    polled = alice_client.get(status_url, headers={"HX-Request": "true"})

    # htmx swaps only successful answers: a 200 card without hx-trigger ends the polling.
    assert polled.status_code == 200
    card = polled.content.decode()
    assert "no longer exists" in card
    assert "hx-trigger" not in card and "hx-get" not in card
    assert alice_client.get(status_url).status_code == 404
