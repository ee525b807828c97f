"""The detail page: image as PNG or SVG, code, status, timings, error and model."""

import pytest
from django.urls import reverse

from diagrams import services

pytestmark = pytest.mark.django_db


def test_it_shows_the_png_code_and_facts(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    body = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert f'src="{reverse("diagram_png", args=[diagram.pk])}?v=' in body
    assert "class Member {" in body
    assert "test-model" in body
    assert "Rendering</dt>" in body
    assert f"{diagram.render_seconds:.2f} s" in body
    assert 'hx-trigger="every 1s"' not in body
    for name in ("diagram_png", "diagram_svg", "diagram_puml"):
        assert f'{reverse(name, args=[diagram.pk])}?download=1"' in body


def test_it_switches_to_the_svg(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    body = alice_client.get(
        reverse("diagram_detail", args=[diagram.pk]), {"view": "svg"}
    ).content.decode()

    assert f'<img src="{reverse("diagram_svg", args=[diagram.pk])}?v=' in body
    assert f'<img src="{reverse("diagram_png", args=[diagram.pk])}' not in body


def test_it_shows_the_error_and_its_line(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice, code="@startuml\nclass A\nnot valid here\n@enduml")

    body = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert diagram.status == "failed"
    assert f"Line 3: {diagram.error_message}" in body
    assert "not valid here" in body


def test_a_queued_diagram_polls_and_cannot_be_edited_yet(alice_client, alice):
    diagram = services.diagram_submit(user=alice, text="A shop sells books.", requested_type="auto")

    body = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in body
    assert "?on_detail=1" in body
    assert "can be edited once the model has written it" in body
    assert reverse("diagram_edit_code", args=[diagram.pk]) not in body


def test_a_missing_diagram_is_404(alice_client):
    assert alice_client.get(reverse("diagram_detail", args=[999999])).status_code == 404


def test_without_javascript_a_running_job_reloads_the_page(alice_client, alice, rendered_diagram):
    queued = services.diagram_submit(user=alice, text="A shop sells books.", requested_type="auto")
    done = rendered_diagram(alice)

    running = alice_client.get(reverse("diagram_detail", args=[queued.pk])).content.decode()
    finished = alice_client.get(reverse("diagram_detail", args=[done.pk])).content.decode()

    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in running
    assert "http-equiv" not in finished


def test_it_gives_a_screen_reader_what_it_needs(alice_client, alice, rendered_diagram):
    """
    GIVEN a finished diagram
    WHEN its page is read by a screen reader
    THEN the image is named by the diagram's title, every field has a label and its help,
    the share link can be copied with a button, and a live region is there to say a status
    """
    diagram = rendered_diagram(alice)
    alice_client.post(reverse("diagram_share", args=[diagram.pk]), {"share": "on"})

    body = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert f'alt="Diagram: {diagram.scenario.title}"' in body
    assert 'id="status-announcer" class="visually-hidden" role="status" aria-live="polite"' in body
    assert 'aria-label="Diagram status"' in body and 'aria-current="step">Done<' in body
    for field in ("id_request", "id_code"):
        assert f'<label for="{field}"' in body or f'for="{field}">' in body
        assert f'aria-describedby="{field}_helptext"' in body
        assert f'id="{field}_helptext"' in body
    assert '<button type="button" data-copy-from="share-link-' in body and ">Copy link<" in body
