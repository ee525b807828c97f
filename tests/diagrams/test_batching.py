"""The generation worker takes several queued jobs at once and writes them in one batch.

Each job still ends on its own: its own code from its own scenario, its own status, versions
and error. The claim takes at most PLANTWEB_GENERATION_BATCH jobs, in the fair order.
"""

import time

import pytest

from diagrams import pipeline, services
from diagrams.models import Diagram, DiagramVersion
from plantweb.celery import app
from tests.tiny_model import DEFAULT_EXAMPLES

# Far more tokens than the tiny model's context holds, though within the scenario limit.
TOO_LONG = "The library lends books to members. " * 500


def _submit(user, examples) -> list[int]:
    return [
        services.diagram_submit(user=user, text=scenario, requested_type=diagram_type).pk
        for scenario, diagram_type, _ in examples
    ]


def _queued_while_no_worker_runs(celery_workers, submit) -> list[int]:
    """Jobs queued while the generation worker is stopped, so that it finds them all at once."""
    celery_workers.kill("gpu")
    try:
        return submit()
    finally:
        celery_workers.restart(app, "gpu", "celery-gpu-batching.log")


@pytest.mark.django_db(transaction=True)
def test_a_batch_ends_each_job_with_its_own_diagram(alice, bob, celery_workers, wait_for_diagram):
    """
    GIVEN alice and bob queue scenarios of different types and lengths while the worker is away
    WHEN the worker comes back and takes them in one batch
    THEN each job ends done with the diagram of its own scenario, one generated version each,
         and its own timings
    """
    examples = {"alice": DEFAULT_EXAMPLES[:2], "bob": DEFAULT_EXAMPLES[2:]}
    ids = _queued_while_no_worker_runs(
        celery_workers,
        lambda: _submit(alice, examples["alice"]) + _submit(bob, examples["bob"]),
    )

    diagrams = [wait_for_diagram(pk) for pk in ids]

    assert [d.status for d in diagrams] == ["done"] * len(ids), [d.error_message for d in diagrams]
    assert [d.plantuml for d in diagrams] == [code for _, _, code in DEFAULT_EXAMPLES]
    # One message took them all.
    assert len({d.generation_task_id for d in diagrams}) == 1
    for diagram in diagrams:
        assert diagram.png and diagram.svg
        assert diagram.generation_seconds > 0
        assert diagram.new_tokens > 0
        assert diagram.attempts == 1
        generated = DiagramVersion.objects.filter(diagram=diagram, source="generated")
        assert [v.plantuml for v in generated] == [diagram.plantuml]


@pytest.mark.django_db(transaction=True)
def test_a_bad_job_in_a_batch_fails_alone(alice, bob, celery_workers, wait_for_diagram):
    """
    GIVEN a batch where one scenario is too long for the model and the others are fine
    WHEN the worker writes the batch
    THEN the long one fails, saying why, and the others end done with their own diagrams
    """
    good = DEFAULT_EXAMPLES[:2]
    ids = _queued_while_no_worker_runs(
        celery_workers,
        lambda: [
            *_submit(alice, good[:1]),
            services.diagram_submit(user=bob, text=TOO_LONG, requested_type="class").pk,
            *_submit(alice, good[1:]),
        ],
    )

    first, long_one, second = (wait_for_diagram(pk) for pk in ids)

    assert long_one.status == "failed"
    assert long_one.error_message == pipeline.PROMPT_TOO_LONG_ERROR
    assert not DiagramVersion.objects.filter(diagram=long_one).exists()
    assert (first.status, second.status) == ("done", "done")
    assert [first.plantuml, second.plantuml] == [code for _, _, code in good]


@pytest.mark.django_db
def test_a_claim_takes_at_most_the_batch_size_in_the_fair_order(alice, bob, settings):
    """
    GIVEN four jobs of alice's queued before one of bob's
    WHEN one message claims a batch of three, and another message the rest
    THEN the first takes bob's (he has fewer in flight), then alice's two oldest; the second
         the other two; no job is taken twice and a third message finds none
    """
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0
    alices = _submit(alice, DEFAULT_EXAMPLES + DEFAULT_EXAMPLES[:1])
    (bobs,) = _submit(bob, DEFAULT_EXAMPLES[:1])

    first = pipeline.claim_batch_for_message(task_id="message-1", size=3)
    second = pipeline.claim_batch_for_message(task_id="message-2", size=3)
    third = pipeline.claim_batch_for_message(task_id="message-3", size=3)

    assert first == [bobs, *alices[:2]]
    assert second == alices[2:]
    assert third == []
    holders = dict(Diagram.objects.values_list("pk", "generation_task_id"))
    assert {holders[pk] for pk in first} == {"message-1"}
    assert {holders[pk] for pk in second} == {"message-2"}
    assert set(Diagram.objects.values_list("status", flat=True)) == {"generating"}


@pytest.mark.django_db
def test_a_claim_waits_for_a_batch_only_while_jobs_are_queued(alice):
    """
    GIVEN one queued job and a long wait for the batch to fill
    WHEN a message claims it, and then a message finds the queue empty
    THEN the first waits for more jobs before it takes the one; the second returns at once
    """
    (queued,) = _submit(alice, DEFAULT_EXAMPLES[:1])

    started = time.monotonic()
    taken = pipeline.claim_batch_for_message(task_id="message-1", size=8, wait=0.5)
    waited = time.monotonic() - started
    started = time.monotonic()
    none = pipeline.claim_batch_for_message(task_id="message-2", size=8, wait=30)

    assert taken == [queued]
    assert waited >= 0.5
    assert none == []
    assert time.monotonic() - started < 5
