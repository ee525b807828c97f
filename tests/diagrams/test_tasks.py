"""Jobs on the real workers: failures end finished with a clear reason, duplicates do nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diagrams import pipeline, services
from diagrams.models import Diagram
from diagrams.tasks import generate_diagram, render_diagram
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, EXPECTED_CODE = DEFAULT_EXAMPLES[1]
BROKEN_CODE = "@startuml\nAlice -> Bob: hello\nthis line is not PlantUML at all\n@enduml"


def _expire_lease(diagram: Diagram) -> None:
    """As if the worker holding the job had stopped renewing its lease a while ago."""
    Diagram.objects.filter(pk=diagram.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )


def _done_diagram(client, wait_for_diagram) -> Diagram:
    client.post(reverse("home"), {"text": SCENARIO, "requested_type": TYPE})
    diagram = wait_for_diagram(Diagram.objects.latest("pk").pk)
    assert diagram.status == "done", diagram.error_message
    return diagram


@pytest.mark.django_db(transaction=True)
def test_a_syntax_error_ends_failed_with_message_and_line(
    alice_client, celery_workers, wait_for_diagram
):
    diagram = _done_diagram(alice_client, wait_for_diagram)

    alice_client.post(reverse("diagram_edit_code", args=[diagram.pk]), {"code": BROKEN_CODE})
    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "failed"
    assert diagram.error_line == 3
    assert diagram.error_message
    assert diagram.png is None
    assert diagram.plantuml == BROKEN_CODE
    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert f"Line 3: {diagram.error_message}" in page


@pytest.mark.django_db(transaction=True)
def test_the_plantuml_server_down_ends_failed_with_a_clear_message(
    alice_client, celery_workers, wait_for_diagram, plantuml_server
):
    """
    GIVEN a finished diagram
    WHEN the PlantUML server is down and the user re-renders edited code
    THEN the job fails after the client's bounded retries, saying the server could not be
    reached, instead of staying in rendering
    """
    diagram = _done_diagram(alice_client, wait_for_diagram)
    plantuml_server.stop()
    try:
        alice_client.post(
            reverse("diagram_edit_code", args=[diagram.pk]),
            {"code": "@startuml\nclass Renamed\n@enduml"},
        )
        diagram = wait_for_diagram(diagram.pk, timeout=60)
    finally:
        plantuml_server.start()

    assert diagram.status == "failed"
    assert diagram.error_message.startswith("The PlantUML server could not be reached")
    # The workers retry once (PLANTWEB_RENDER_RETRIES=1): two attempts in all.
    assert "2 attempts" in diagram.error_message
    assert diagram.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_does_the_work_once(alice_client, celery_workers, wait_for_diagram):
    diagram = _done_diagram(alice_client, wait_for_diagram)
    before = Diagram.objects.get(pk=diagram.pk)

    # Redelivered messages (acks_late after a lost worker) for a job that is already done.
    generate_diagram.delay(diagram.pk)
    render_diagram.delay(diagram.pk)
    # Queues are first in, first out: once a later job is done, the duplicates have run.
    _done_diagram(alice_client, wait_for_diagram)

    after = Diagram.objects.get(pk=diagram.pk)
    assert after.attempts == 1
    assert after.updated_at == before.updated_at
    assert after.generated_at == before.generated_at
    assert after.finished_at == before.finished_at


@pytest.mark.django_db
def test_generating_twice_in_a_row_generates_once(
    alice, tiny_model_dir, monkeypatch, plantuml_settings
):
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    pipeline.diagram_generate(diagram_id=diagram.pk)
    first = Diagram.objects.get(pk=diagram.pk)
    pipeline.diagram_generate(diagram_id=diagram.pk)
    second = Diagram.objects.get(pk=diagram.pk)

    assert first.status == "done"
    assert first.plantuml == EXPECTED_CODE
    assert second.attempts == first.attempts == 1
    assert second.generated_at == first.generated_at


@pytest.mark.django_db
def test_only_one_claim_wins(alice):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    claims = [pipeline.diagram_claim_generation(diagram_id=diagram.pk) for _ in range(3)]

    assert claims == [True, False, False]
    assert Diagram.objects.get(pk=diagram.pk).status == "generating"


@pytest.mark.django_db
def test_no_model_configured_fails_with_a_clear_message(alice, monkeypatch):
    monkeypatch.delenv("PLANTWEB_MODEL", raising=False)
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    generate_diagram.apply(args=[diagram.pk])

    diagram.refresh_from_db()
    assert diagram.status == "failed"
    assert "No model is configured" in diagram.error_message
    assert "PLANTWEB_MODEL" in diagram.error_message


@pytest.mark.django_db
def test_an_answer_cut_short_that_repair_cannot_save_fails_clearly(
    alice, tiny_model_dir, monkeypatch, plantuml_settings
):
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    # Too few tokens to write any of the diagram, and no second candidate.
    plantuml_settings.PLANTWEB_MAX_NEW_TOKENS = 4
    plantuml_settings.PLANTWEB_REPAIR_BUDGET = 1
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    generate_diagram.apply(args=[diagram.pk])

    diagram.refresh_from_db()
    assert diagram.status == "failed"
    assert diagram.error_message
    assert diagram.plantuml.startswith("@startuml")
    assert (diagram.attempts, diagram.candidates) == (1, 1)
    assert diagram.finished_at is not None


@pytest.mark.django_db
def test_an_unexpected_error_marks_the_job_failed(alice, settings):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
    Diagram.objects.filter(pk=diagram.pk).update(status="rendering", plantuml=EXPECTED_CODE)
    # A URL the HTTP client cannot even parse: not a case the render service expects.
    settings.PLANTUML_URL = "not a url"

    render_diagram.apply(args=[diagram.pk])

    diagram.refresh_from_db()
    assert diagram.status == "failed"
    assert diagram.error_message == pipeline.UNEXPECTED_ERROR


@pytest.mark.django_db
def test_the_same_task_delivered_again_takes_over_from_a_worker_that_stopped(
    alice, tiny_model_dir, monkeypatch, plantuml_settings
):
    """
    GIVEN a generation claimed by a task whose worker then stopped (the row stays generating
          and its lease runs out)
    WHEN the broker delivers that same task again (acks_late), and another copy arrives too
    THEN the redelivered task finishes the job and counts a second attempt; the copy does nothing
    """
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
    assert pipeline.diagram_claim_generation(diagram_id=diagram.pk, task_id="task-1")
    assert not pipeline.diagram_claim_generation(diagram_id=diagram.pk, task_id="task-1")
    _expire_lease(diagram)

    pipeline.diagram_generate(diagram_id=diagram.pk, task_id="task-2")
    assert Diagram.objects.get(pk=diagram.pk).status == "generating"

    pipeline.diagram_generate(diagram_id=diagram.pk, task_id="task-1")
    diagram.refresh_from_db()
    assert diagram.status == "done"
    assert diagram.plantuml == EXPECTED_CODE
    assert diagram.attempts == 2


@pytest.mark.django_db
def test_a_job_that_keeps_stopping_its_worker_ends_failed(alice):
    diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)

    claims = []
    for _ in range(pipeline.MAX_ATTEMPTS + 1):
        claims.append(pipeline.diagram_claim_generation(diagram_id=diagram.pk, task_id="task-1"))
        _expire_lease(diagram)

    diagram.refresh_from_db()
    assert claims == [True] * pipeline.MAX_ATTEMPTS + [False]
    assert diagram.status == "failed"
    assert diagram.error_message == pipeline.TOO_MANY_ATTEMPTS_ERROR


@pytest.mark.django_db
def test_a_render_redelivered_after_its_worker_stopped_is_done_again(
    alice, rendered_diagram, plantuml_settings
):
    diagram = rendered_diagram(alice)
    services.diagram_update_code(user=alice, diagram=diagram, code=EXPECTED_CODE)
    assert pipeline.diagram_claim_render(diagram_id=diagram.pk, task_id="render-1")

    pipeline.diagram_render(diagram_id=diagram.pk, task_id="render-2")
    assert Diagram.objects.get(pk=diagram.pk).status == "rendering"

    pipeline.diagram_render(diagram_id=diagram.pk, task_id="render-1")
    diagram.refresh_from_db()
    assert diagram.status == "done"
    assert "Customer" in diagram.svg
