"""Jobs survive a killed generation worker and an emptied broker: each ends done, once.

The workers hold a lease on each running job and renew it while they work; every worker runs a
reaper that puts back jobs whose lease ran out and re-sends queued jobs whose message is gone.
Short leases and intervals here keep each test within about a minute.
"""

import time

import pytest
import redis

from diagrams import services
from diagrams.models import Diagram, DiagramVersion
from plantweb.celery import app
from tests.tiny_model import DEFAULT_EXAMPLES

JOBS = 6
FAST_REAPER = {
    "PLANTWEB_LEASE_SECONDS": "2",
    "PLANTWEB_REAPER_INTERVAL": "1",
    "PLANTWEB_REQUEUE_AFTER": "3",
}


def _submit(user, count: int) -> list[int]:
    ids = []
    for i in range(count):
        scenario, diagram_type, _ = DEFAULT_EXAMPLES[i % len(DEFAULT_EXAMPLES)]
        diagram = services.diagram_submit(user=user, text=scenario, requested_type=diagram_type)
        ids.append(diagram.pk)
    return ids


def _wait_for_one_generating(ids: list[int], timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = Diagram.objects.filter(pk__in=ids, status="generating").first()
        if running:
            return running.pk
        time.sleep(0.02)
    pytest.fail("no job started generating")


def _assert_each_generated_once(ids: list[int]) -> None:
    for diagram_id in ids:
        generated = DiagramVersion.objects.filter(diagram_id=diagram_id, source="generated")
        assert generated.count() == 1, f"diagram {diagram_id} was generated {generated.count()}x"


@pytest.mark.django_db(transaction=True)
def test_it_finishes_every_job_after_the_generation_worker_is_killed_mid_job(
    alice, celery_workers, gpu_worker_with, wait_for_diagram, settings
):
    """
    GIVEN a few queued scenarios and a generation worker busy with one of them
    WHEN the worker is killed with SIGKILL and started again
    THEN the job it held is put back and finished, every job ends done, none generated twice
    """
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0  # more jobs than one user may have in flight
    with gpu_worker_with(**FAST_REAPER):
        ids = _submit(alice, JOBS)
        held = _wait_for_one_generating(ids)
        celery_workers.kill("gpu")
        assert Diagram.objects.get(pk=held).status == "generating"
        restarted = time.monotonic()
        celery_workers.restart(app, "gpu", "celery-gpu-after-kill.log")

        diagrams = [wait_for_diagram(diagram_id, timeout=90) for diagram_id in ids]
        seconds = time.monotonic() - restarted

    assert [d.status for d in diagrams] == ["done"] * JOBS, [d.error_message for d in diagrams]
    assert Diagram.objects.get(pk=held).attempts == 2
    _assert_each_generated_once(ids)
    assert seconds < 90


@pytest.mark.django_db(transaction=True)
def test_it_finishes_every_queued_job_after_the_broker_lost_its_messages(
    alice, celery_workers, gpu_worker_with, wait_for_diagram, settings
):
    """
    GIVEN scenarios queued while no generation worker runs
    WHEN Redis comes back empty (its database flushed, as after a restart without persistence)
    THEN the reaper sends each job again from the database, and every job ends done, once
    """
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0  # more jobs than one user may have in flight
    with gpu_worker_with(**FAST_REAPER):
        celery_workers.kill("gpu")
        ids = _submit(alice, JOBS)
        assert Diagram.objects.filter(pk__in=ids, status="queued").count() == JOBS
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
        celery_workers.restart(app, "gpu", "celery-gpu-after-flush.log")

        diagrams = [wait_for_diagram(diagram_id, timeout=90) for diagram_id in ids]

    assert [d.status for d in diagrams] == ["done"] * JOBS, [d.error_message for d in diagrams]
    _assert_each_generated_once(ids)
