"""The reaper: jobs whose worker stopped renewing their lease are put back, or failed at last."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diagrams import pipeline, services
from diagrams.models import Diagram
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, _ = DEFAULT_EXAMPLES[0]


def _generating(user, *, attempts: int, lease_seconds: float) -> Diagram:
    diagram = services.diagram_submit(user=user, text=SCENARIO, requested_type=TYPE)
    Diagram.objects.filter(pk=diagram.pk).update(
        status="generating",
        generation_task_id="stopped-worker",
        attempts=attempts,
        lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds),
    )
    return diagram


@pytest.mark.django_db
def test_it_puts_back_a_job_whose_lease_ran_out(alice):
    diagram = _generating(alice, attempts=1, lease_seconds=-1)

    counts = pipeline.reap()

    diagram.refresh_from_db()
    assert counts["requeued"] == 1
    assert diagram.status == "queued"
    assert diagram.status_note == pipeline.STOPPED_NOTE
    assert diagram.generation_task_id == ""
    assert diagram.dispatched_at is not None


@pytest.mark.django_db
def test_it_fails_a_job_whose_worker_stopped_on_its_last_attempt(alice):
    diagram = _generating(alice, attempts=pipeline.MAX_ATTEMPTS, lease_seconds=-1)

    pipeline.reap()

    diagram.refresh_from_db()
    assert diagram.status == "failed"
    assert diagram.error_message == pipeline.TOO_MANY_ATTEMPTS_ERROR
    assert diagram.finished_at is not None


@pytest.mark.django_db
def test_it_leaves_a_job_whose_worker_still_renews_its_lease(alice):
    diagram = _generating(alice, attempts=1, lease_seconds=30)

    counts = pipeline.reap()

    diagram.refresh_from_db()
    assert diagram.status == "generating"
    assert diagram.generation_task_id == "stopped-worker"
    assert counts == {"requeued": 0, "failed": 0, "resent": 0}
