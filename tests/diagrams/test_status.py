"""A submitted scenario's job, followed through the status card to a finished diagram.

These run against the real Celery workers, PlantUML server and tiny model.
"""

import time

import pytest
from django.urls import reverse

from diagrams.models import Diagram
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, EXPECTED_CODE = DEFAULT_EXAMPLES[0]


def _statuses_until_finished(diagram_id: int, timeout: float = 90) -> list[str]:
    """Every status the row was seen in, polling as fast as the status card would, and faster."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Diagram.objects.values_list("status", flat=True).get(pk=diagram_id)
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in Diagram.FINISHED:
            return seen
        time.sleep(0.02)
    pytest.fail(f"diagram {diagram_id} did not finish: statuses seen {seen}")


@pytest.mark.django_db(transaction=True)
def test_a_job_goes_from_queued_to_done_in_order(
    alice_client, celery_workers, wait_for_diagram, tiny_model_dir
):
    """
    GIVEN a logged-in user and running workers
    WHEN she submits a scenario the model knows
    THEN the job moves forward through queued and generating to done, never backwards,
    and ends with the model's diagram rendered as PNG and SVG
    """
    response = alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": TYPE})
    diagram_id = Diagram.objects.get().pk
    assert response.status_code == 302

    seen = _statuses_until_finished(diagram_id)
    order = ["queued", "generating", "rendering", "done"]
    assert seen[-1] == "done", seen
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen), seen

    diagram = wait_for_diagram(diagram_id)
    assert diagram.plantuml == EXPECTED_CODE
    assert bytes(diagram.png).startswith(b"\x89PNG")
    assert "<svg" in diagram.svg
    assert diagram.rendered_type == "class"
    assert diagram.attempts == 1
    # The model's own name, not the server path it was loaded from.
    assert diagram.model_name == tiny_model_dir.name
    page = alice_client.get(reverse("diagram_detail", args=[diagram_id])).content.decode()
    assert str(tiny_model_dir) not in page and f'<dd class="break">{tiny_model_dir.name}' in page
    assert diagram.error_message == ""
    # The timestamps tell the same story as the statuses. Validate-and-repair renders the
    # model's answer while it generates, so a diagram that passes needs no render step.
    assert (
        diagram.created_at
        <= diagram.generation_started_at
        <= diagram.generated_at
        <= diagram.finished_at
    )
    assert diagram.generation_seconds > 0
    assert diagram.render_started_at is None
    assert diagram.candidates == 1


@pytest.mark.django_db(transaction=True)
def test_the_status_card_stops_polling_and_shows_the_result(
    alice_client, celery_workers, wait_for_diagram
):
    alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": TYPE})
    diagram = Diagram.objects.get()
    url = reverse("diagram_status", args=[diagram.pk])

    running = alice_client.get(url, HTTP_HX_REQUEST="true")
    if Diagram.objects.get().status != "done":
        assert 'hx-trigger="every 1s"' in running.content.decode()

    wait_for_diagram(diagram.pk)
    finished = alice_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished
    assert reverse("diagram_png", args=[diagram.pk]) in finished
    assert "class Member" in finished
    assert ">Done<" in finished


@pytest.mark.django_db
def test_the_status_card_polls_while_queued(alice_client):
    alice_client.post(reverse("home"), {"text": SCENARIO, "requested_type": TYPE})
    diagram = Diagram.objects.get()

    body = alice_client.get(reverse("diagram_status", args=[diagram.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in body
    assert "Waiting for the model" in body


@pytest.mark.django_db
def test_the_status_card_shows_why_a_job_failed(alice_client, rendered_diagram, alice):
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")

    body = alice_client.get(reverse("diagram_status", args=[diagram.pk])).content.decode()

    assert diagram.status == "failed"
    assert "hx-trigger" not in body
    assert f"Line {diagram.error_line}:" in body
    assert diagram.error_message in body


@pytest.mark.django_db
def test_a_finished_job_tells_the_page_to_catch_up(alice_client, alice, rendered_diagram):
    from diagrams import services

    queued = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
    done = rendered_diagram(alice)

    running = alice_client.get(reverse("diagram_status", args=[queued.pk]) + "?on_detail=1")
    finished = alice_client.get(reverse("diagram_status", args=[done.pk]) + "?on_detail=1")

    assert "HX-Trigger" not in running
    # The detail page's code editor listens for this event to fetch itself again.
    assert finished["HX-Trigger"] == "diagram-finished"
    body = finished.content.decode()
    assert 'id="diagram-facts"' in body and 'hx-swap-oob="outerHTML"' in body
