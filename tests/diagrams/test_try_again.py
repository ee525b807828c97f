"""Try again: the model draws a diagram again with a new sampling seed, as a new version."""

import pytest
from django.urls import reverse

from diagrams import services
from diagrams.models import Diagram, DiagramVersion
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, CODE = DEFAULT_EXAMPLES[0]


@pytest.mark.django_db(transaction=True)
def test_trying_again_generates_a_new_version_with_a_new_seed(alice_client, wait_for_diagram):
    """
    GIVEN a finished diagram
    WHEN its owner presses Try again (a plain form post, no JavaScript)
    THEN the worker generates it again with a new seed, and it ends done with a new version
    that names the seed, the first version kept as it was
    """
    alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": TYPE})
    diagram = wait_for_diagram(Diagram.objects.latest("pk").pk)
    assert diagram.status == "done" and diagram.seed == 0
    first_versions = diagram.versions.count()

    response = alice_client.post(reverse("diagram_try_again", args=[diagram.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("diagram_detail", args=[diagram.pk])
    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done", diagram.error_message
    assert diagram.seed != 0 and diagram.attempts == 1
    versions = list(diagram.versions.order_by("number"))
    assert len(versions) > first_versions
    retried = versions[first_versions]
    assert retried.source == "retried" and retried.note == f"Seed {diagram.seed}."
    assert versions[-1].plantuml == diagram.plantuml and versions[-1].has_image
    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert "Generated again with a new seed" in page


@pytest.mark.django_db
def test_each_try_gets_a_seed_of_its_own(alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    seeds = set()
    for _ in range(3):
        diagram = services.diagram_try_again(user=alice, diagram=diagram)
        seeds.add(diagram.seed)
        Diagram.objects.filter(pk=diagram.pk).update(status="failed")
        diagram.refresh_from_db()
    assert len(seeds) == 3 and 0 not in seeds
    # A change asked in words starts again from the usual seed.
    refined = services.diagram_refine(user=alice, diagram=diagram, request="add a member card")
    assert refined.seed == 0


@pytest.mark.django_db
def test_the_image_and_code_stay_on_show_while_it_is_drawn_again(
    alice_client, alice, rendered_diagram
):
    """
    GIVEN a finished diagram
    WHEN it is being generated again
    THEN its page and its polling status card still show the last image, marked as the
    previous version, and its current code
    """
    diagram = rendered_diagram(alice)
    # The model's version, as a generation would have stored it.
    DiagramVersion.objects.create(
        diagram=diagram,
        number=1,
        source="generated",
        plantuml=diagram.plantuml,
        png=diagram.png,
        svg=diagram.svg,
        content_hash=diagram.content_hash,
    )
    response = alice_client.post(
        reverse("diagram_try_again", args=[diagram.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'hx-trigger="every 1s"' in response.content.decode()
    assert Diagram.objects.get(pk=diagram.pk).status == "queued"

    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    card = alice_client.get(
        reverse("diagram_status", args=[diagram.pk]), {"on_detail": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    image_url = reverse("version_png", args=[diagram.pk, 1])
    for body in (page, card):
        assert 'data-testid="previous-image"' in body and image_url in body
        assert "Version 1, shown until the new one is ready." in body
    assert 'data-testid="current-code"' in page and "class Member" in page
    assert alice_client.get(image_url).content.startswith(b"\x89PNG")


@pytest.mark.django_db
def test_a_running_job_cannot_be_tried_again(alice, alice_client):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    response = alice_client.post(reverse("diagram_try_again", args=[diagram.pk]))

    assert response.status_code == 400
    assert "try again once it is finished" in response.content.decode()
    assert Diagram.objects.get(pk=diagram.pk).seed == 0


@pytest.mark.django_db
def test_a_diagram_submitted_as_code_cannot_be_tried_again(alice, alice_client):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")
    Diagram.objects.filter(pk=diagram.pk).update(status="done")

    response = alice_client.post(reverse("diagram_try_again", args=[diagram.pk]))

    assert response.status_code == 400
    assert "made from code" in response.content.decode()


@pytest.mark.django_db
def test_trying_again_someone_elses_diagram_is_404(alice, bob_client, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = bob_client.post(reverse("diagram_try_again", args=[diagram.pk]))

    assert response.status_code == 404
    assert Diagram.objects.get(pk=diagram.pk).status == "done"
