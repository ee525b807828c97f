"""Queued jobs are taken in a fair order between users, not strictly first in, first out.

A generation message does the oldest queued job of the user with the fewest jobs generating,
then in flight: a user who queued many jobs does not hold back one queued later by another.
"""

from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from diagrams import pipeline, services
from diagrams.models import Diagram, DiagramVersion
from plantweb.celery import app
from tests.tiny_model import DEFAULT_EXAMPLES

A_JOBS = 5


def _submit(user, count: int) -> list[int]:
    ids = []
    for i in range(count):
        scenario, diagram_type, _ = DEFAULT_EXAMPLES[i % len(DEFAULT_EXAMPLES)]
        diagram = services.diagram_submit(user=user, text=scenario, requested_type=diagram_type)
        ids.append(diagram.pk)
    return ids


@pytest.mark.django_db
def test_it_picks_the_oldest_job_of_the_user_with_the_fewest_in_flight(alice, bob, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0
    alices = _submit(alice, 3)
    (bobs,) = _submit(bob, 1)

    assert pipeline.fairest_queued() == bobs
    Diagram.objects.filter(pk=bobs).update(status=Diagram.Status.DONE)
    assert pipeline.fairest_queued() == alices[0]


@pytest.mark.django_db
def test_it_prefers_a_user_with_nothing_generating(alice, bob, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0
    alices = _submit(alice, 2)
    bobs = _submit(bob, 3)
    assert pipeline.diagram_claim_generation(diagram_id=bobs[0], task_id="task-1")

    # bob has more in flight, but alice has nothing generating: hers go first, oldest first.
    assert pipeline.fairest_queued() == alices[0]


@pytest.mark.django_db
def test_picking_the_next_job_reads_the_queue_once_however_long_it_is(
    alice, bob, settings, django_assert_max_num_queries
):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0
    alices = _submit(alice, 12)
    bobs = _submit(bob, 2)
    assert pipeline.diagram_claim_generation(diagram_id=alices[0], task_id="task-1")

    # One count of the jobs in flight ranks the users, one query takes the first one's job.
    with django_assert_max_num_queries(2):
        assert pipeline.fairest_queued() == bobs[0]
    Diagram.objects.filter(pk__in=bobs).update(status=Diagram.Status.DONE)
    with django_assert_max_num_queries(2):
        assert pipeline.fairest_queued() == alices[1]


@pytest.mark.django_db(transaction=True)
def test_it_finishes_a_later_users_job_before_the_last_of_a_long_queue(
    alice, bob, celery_workers, wait_for_diagram, settings
):
    """
    GIVEN alice queues several scenarios, then bob queues one, with one generation worker
    WHEN the worker works through the queue
    THEN bob's job is generated before alice's last ones, and every job is generated once
    """
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0  # more jobs than one user may have in flight
    alices = _submit(alice, A_JOBS)
    (bobs,) = _submit(bob, 1)

    diagrams = {pk: wait_for_diagram(pk, timeout=120) for pk in [*alices, bobs]}

    assert {d.status for d in diagrams.values()} == {"done"}, [
        d.error_message for d in diagrams.values()
    ]
    order = sorted(diagrams, key=lambda pk: diagrams[pk].generated_at)
    # Strictly first in, first out, bob's would be the last of six; here at most one of alice's
    # (the one already started when bob queued) goes before it, and a second only by a race.
    assert order.index(bobs) <= 2, order
    assert diagrams[bobs].generated_at < diagrams[alices[-1]].generated_at
    for pk in diagrams:
        assert DiagramVersion.objects.filter(diagram_id=pk, source="generated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_waiting_message_whose_job_was_taken_early_does_another_job(
    alice, bob, celery_workers, wait_for_diagram, settings
):
    """
    GIVEN no generation worker, a queued job whose message is gone, and another job's message
          still waiting though that job was already taken (by a message that went first)
    WHEN the reaper looks for jobs without a message
    THEN it sends nothing (the waiting message will do the job), and once the worker is back
         the job is done
    """
    celery_workers.kill("gpu")
    try:
        (lost,) = _submit(alice, 1)
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
        pipeline.declare_queues()
        (taken,) = _submit(bob, 1)
        Diagram.objects.filter(pk=taken).update(status=Diagram.Status.DONE)
        long_ago = timezone.now() - timedelta(seconds=settings.PLANTWEB_REQUEUE_AFTER + 60)
        Diagram.objects.filter(pk=lost).update(dispatched_at=long_ago, updated_at=long_ago)

        counts = pipeline.reap()

        assert counts["resent"] == 0
        assert pipeline.live_messages() == {(pipeline.GENERATE_TASK, taken)}
    finally:
        celery_workers.restart(app, "gpu", "celery-gpu-fair-order.log")

    assert wait_for_diagram(lost, timeout=60).status == "done"
