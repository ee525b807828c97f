"""Queued jobs are taken in a fair order between users, not strictly first in, first out.

A generation message does the oldest queued job of the user with the fewest jobs generating,
then in flight: a user who queued many jobs does not hold back one queued later by another.
"""

import pytest

from diagrams import pipeline, services
from diagrams.models import Diagram, DiagramVersion
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
