"""The job pipeline: sending jobs to the workers, claiming them, generating and rendering.

Jobs move queued -> generating -> rendering -> done, or to failed with a message. Each step
claims its row with one conditional UPDATE, so a task delivered twice (acks_late after a lost
worker) does the work once, and every path out of a step leaves the row finished or handed on,
never stuck in a running state.

Tasks are sent by name, so this module never imports tasks.py (which imports it).
"""

import ast
import json
import logging
import os
import signal
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from kombu import Exchange, Queue

from diagrams.models import Diagram, DiagramVersion, content_hash
from plantweb.celery import app

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "Something went wrong on our side while making this diagram. Please try again."
NO_DIAGRAM_ERROR = "The model did not produce a complete @startuml ... @enduml diagram."
TOO_MANY_ATTEMPTS_ERROR = (
    "The worker stopped while making this diagram, several times; it will not be tried again."
)
PROMPT_TOO_LONG_ERROR = "The scenario is too long for the model; shorten it and try again."
QUEUE_DOWN_ERROR = "The job queue could not be reached, so this diagram was not started."
# How many times a generation may start; more than one only after a worker stopped mid-job.
MAX_ATTEMPTS = 3
WAITING_FOR_RENDERER = "Waiting for the renderer"
# Pauses between tries while the PlantUML server is down, in seconds.
RENDERER_FIRST_PAUSE = 2
RENDERER_MAX_PAUSE = 60
GENERATE_TASK = "diagrams.tasks.generate_diagram"
# How often a generation message looks again for jobs to fill its batch, in seconds.
BATCH_POLL_SECONDS = 0.02
RENDER_TASK = "diagrams.tasks.render_diagram"


def _send(task_name: str, diagram_id: int, *, countdown: float | None = None) -> bool:
    """Sends a step's task for a committed diagram; False when the broker cannot be reached.

    The row records when its message was sent. A message that never left, or that the broker
    lost (Redis restarted empty), is sent again by the reaper; the claim makes a second copy
    harmless. So a failed send leaves the job as it is, queued, never lost.
    """
    sent_at = timezone.now() + timedelta(seconds=countdown or 0)
    Diagram.objects.filter(pk=diagram_id).update(dispatched_at=sent_at)
    try:
        app.send_task(task_name, args=[diagram_id], countdown=countdown)
    except Exception:
        logger.exception("Could not queue %s for diagram %s yet", task_name, diagram_id)
        return False
    return True


def send_generation(diagram_id: int) -> bool:
    return _send(GENERATE_TASK, diagram_id)


def send_render(diagram_id: int, *, countdown: float | None = None) -> bool:
    return _send(RENDER_TASK, diagram_id, countdown=countdown)


def add_version(
    diagram: Diagram, *, source: str, code: str, author=None, note: str = "", **fields
) -> DiagramVersion:
    """Adds the diagram's next version; the caller holds the diagram's row lock."""
    last = diagram.versions.aggregate(last=Max("number"))["last"] or 0
    return DiagramVersion.objects.create(
        diagram=diagram,
        number=last + 1,
        source=source,
        author=author,
        note=note,
        plantuml=code,
        **fields,
    )


def _lease_until(now: datetime) -> datetime:
    return now + timedelta(seconds=settings.PLANTWEB_LEASE_SECONDS)


def _lease_over(now: datetime) -> Q:
    return Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)


def diagram_claim_generation(*, diagram_id: int, task_id: str | None = None) -> bool:
    """Moves a queued diagram to generating; False when another task has it or it is finished.

    The claim holds a lease that the worker renews while it works. Once the lease has run out
    (the worker was killed), the same task delivered again may take the job over, up to
    MAX_ATTEMPTS times, while any other copy of the message does nothing.
    """
    now = timezone.now()
    claimable = Q(status=Diagram.Status.QUEUED)
    if task_id:
        claimable |= Q(status=Diagram.Status.GENERATING, generation_task_id=task_id) & _lease_over(
            now
        )
    claimed = Diagram.objects.filter(claimable, pk=diagram_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Diagram.Status.GENERATING,
        generation_task_id=task_id or "",
        generation_started_at=now,
        lease_expires_at=_lease_until(now),
        status_note="",
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if claimed == 1:
        return True
    if task_id:
        # A job that keeps stopping its worker fails rather than stopping it forever.
        Diagram.objects.filter(
            _lease_over(now),
            pk=diagram_id,
            status=Diagram.Status.GENERATING,
            generation_task_id=task_id,
        ).update(
            status=Diagram.Status.FAILED,
            error_message=TOO_MANY_ATTEMPTS_ERROR,
            lease_expires_at=None,
            finished_at=now,
            updated_at=now,
        )
    return False


def claim_batch_for_message(*, task_id: str, size: int = 1, wait: float = 0) -> list[int]:
    """Takes up to `size` jobs for a generation message to do together; their ids, fairest first.

    Any generation message may do any queued job, so the message that arrives takes the fairest
    ones (fairest_queued), not the one it names: one user's long queue cannot hold back a job
    that another user queued later. A message redelivered after its worker stopped first takes
    back the jobs it held, once their leases have run out. When fewer than `size` jobs are
    queued, it waits up to `wait` seconds for more before it claims, so that jobs submitted
    together are written together; a message whose job another batch took finds none and
    claims nothing, at once.
    """
    held = (
        Diagram.objects.filter(
            _lease_over(timezone.now()),
            status=Diagram.Status.GENERATING,
            generation_task_id=task_id,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    taken = [pk for pk in held if diagram_claim_generation(diagram_id=pk, task_id=task_id)]
    if len(taken) < size and wait > 0 and _claimable().exists():
        deadline = time.monotonic() + wait
        while _claimable().count() < size - len(taken) and time.monotonic() < deadline:
            time.sleep(min(BATCH_POLL_SECONDS, max(deadline - time.monotonic(), 0)))
    # One transaction, one claim at a time: each pick sees the jobs already picked as
    # generating, so a batch follows the same fair order as jobs claimed one by one.
    with transaction.atomic():
        # Two workers may pick the same row when the database cannot skip locked rows (SQLite):
        # the conditional UPDATE lets one of them have it, and the other picks again.
        misses = 0
        while len(taken) < size and misses < 5:
            chosen = fairest_queued()
            if chosen is None:
                break
            if diagram_claim_generation(diagram_id=chosen, task_id=task_id):
                taken.append(chosen)
            else:
                misses += 1
    return taken


def _claimable_q() -> Q:
    return Q(status=Diagram.Status.QUEUED, attempts__lt=MAX_ATTEMPTS)


def _claimable():
    return Diagram.objects.filter(_claimable_q())


def fairest_queued() -> int | None:
    """The queued job to generate next, locked for this transaction; None when none is free.

    It is the oldest queued job of the user with the fewest jobs generating, then with the
    fewest jobs in flight (queued, generating or rendering), so that with one generation worker,
    where nobody is generating while it chooses, the user with the shorter queue still goes
    first. A job's age is the time it was last queued. Rows locked by another worker's claim are
    skipped on PostgreSQL rather than waited for.

    The users are ranked once, from one count over the jobs in flight, and their queues are
    tried in that order: the cost grows with the number of users waiting, not with every
    queued job counting its owner's jobs again.
    """
    claimable = _claimable_q()
    users = (
        Diagram.objects.filter(status__in=Diagram.RUNNING)
        .order_by()
        .values("scenario__owner")
        .annotate(
            generating=Count("pk", filter=Q(status=Diagram.Status.GENERATING)),
            in_flight=Count("pk"),
            waiting=Count("pk", filter=claimable),
            oldest=Min("updated_at", filter=claimable),
        )
        .filter(waiting__gt=0)
    )
    ranked = sorted(users, key=lambda u: (u["generating"], u["in_flight"], u["oldest"]))
    for user in ranked:
        queued = _claimable().filter(scenario__owner=user["scenario__owner"])
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True, of=("self",))
        chosen = queued.order_by("updated_at", "pk").values_list("pk", flat=True).first()
        if chosen is not None:
            return chosen
    return None


def diagram_claim_render(*, diagram_id: int, task_id: str | None = None) -> datetime | None:
    """Marks a diagram's render as started; None when another task has it or it is finished.

    As with generation, the same task delivered again may take over a render it had started.
    """
    claimable = Q(render_started_at__isnull=True)
    if task_id:
        claimable |= Q(render_task_id=task_id)
    now = timezone.now()
    claimed = Diagram.objects.filter(
        claimable, pk=diagram_id, status=Diagram.Status.RENDERING
    ).update(
        render_started_at=now,
        render_task_id=task_id or "",
        lease_expires_at=_lease_until(now),
        updated_at=now,
    )
    return now if claimed == 1 else None


def diagram_fail(
    *, diagram_id: int, message: str, line: int | None = None, running: tuple | None = None
) -> bool:
    """Marks a running diagram failed with a message for the user; False if it was not running."""
    updated = Diagram.objects.filter(pk=diagram_id, status__in=running or Diagram.RUNNING).update(
        **_failed(message, line)
    )
    return updated == 1


def _failed(message: str, line: int | None = None) -> dict:
    """The fields of a job that ended failed with a message for the user."""
    now = timezone.now()
    return {
        "status": Diagram.Status.FAILED,
        "error_message": message,
        "error_line": line,
        "lease_expires_at": None,
        "status_note": "",
        "finished_at": now,
        "updated_at": now,
    }


def fail_held_generation(*, task_id: str, message: str) -> int:
    """Fails the generation that a task holds, whichever diagram it is; how many it failed."""
    return Diagram.objects.filter(
        status=Diagram.Status.GENERATING, generation_task_id=task_id
    ).update(**_failed(message))


class GenerationTimedOut(Exception):
    """A generation ran past PLANTWEB_GENERATION_TIME_LIMIT."""


def _time_limit_error() -> str:
    limit = settings.PLANTWEB_GENERATION_TIME_LIMIT
    return (
        f"The model took longer than {limit:g} seconds to write this diagram, so it was stopped."
        " Try a shorter scenario, or try again later."
    )


@contextmanager
def _holding_leases(diagram_ids: list[int], *, mine: dict, time_limit: float | None = None):
    """Renews each job's lease while the block runs, from a thread of its own.

    The step's own thread may sit in one long model call; the heartbeat goes on beside it, and
    stops when the worker dies, which is how the reaper knows. Past time_limit the jobs are
    failed with a message, even if the model call never returns. Each row keeps its own lease:
    a job this step no longer holds (finished, deleted, taken over) is left alone.
    """
    stop = threading.Event()
    started = time.monotonic()
    held = Diagram.objects.filter(pk__in=diagram_ids, **mine)

    def beat() -> None:
        try:
            every = settings.PLANTWEB_LEASE_SECONDS / 3
            if time_limit:
                every = min(every, max(time_limit / 4, 0.2))
            while not stop.wait(every):
                if time_limit and time.monotonic() - started > time_limit:
                    held.update(**_failed(_time_limit_error()))
                    return
                held.update(lease_expires_at=_lease_until(timezone.now()))
        except Exception:
            logger.exception("The heartbeat of diagrams %s stopped", diagram_ids)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"lease-{diagram_ids[0]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


@contextmanager
def _time_limit(seconds: float):
    """Raises GenerationTimedOut in this thread after `seconds`, where signals allow it.

    The generation worker runs tasks in its main thread (pool solo), so an alarm interrupts a
    model call that runs too long; elsewhere the heartbeat's check fails the job instead.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise GenerationTimedOut

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def diagram_generate(*, diagram_id: int, task_id: str | None = None) -> None:
    """Writes diagrams' PlantUML with the model, checked and repaired on the PlantUML server.

    A message from the broker takes a batch of the fairest queued jobs (up to
    PLANTWEB_GENERATION_BATCH), which may not include the one it names, and writes them in one
    batched model call; a direct call (no task) generates the diagram it names. Each job still
    ends on its own: its own result, timings, versions and error.

    Validate-and-repair renders the candidates itself, so a diagram that passes is done here.
    With the PlantUML server down no candidate can be judged: the best answer so far goes to
    the render queue, which waits for the server (PLANTWEB_RENDERER_WAIT_MINUTES).
    """
    # Only this claim may store its answers: a job taken over after its lease ran out is the
    # new holder's, so the same version is never generated twice.
    token = task_id or f"direct-{uuid.uuid4().hex}"
    if task_id:
        diagram_ids = claim_batch_for_message(
            task_id=token,
            size=settings.PLANTWEB_GENERATION_BATCH,
            wait=settings.PLANTWEB_BATCH_WAIT_MS / 1000,
        )
        if not diagram_ids:
            logger.info(
                "No queued job for the message of diagram %s; nothing to generate", diagram_id
            )
            return
    elif diagram_claim_generation(diagram_id=diagram_id, task_id=token):
        diagram_ids = [diagram_id]
    else:
        logger.info("Diagram %s is not queued; nothing to generate", diagram_id)
        return
    _generate_claimed(diagram_ids, token)


def _generate_claimed(diagram_ids: list[int], token: str) -> None:
    """Generates the claimed jobs together and finishes each with its own outcome."""
    from worker.model import ModelNotConfigured, get_model

    found = Diagram.objects.select_related("scenario").in_bulk(diagram_ids)
    diagrams = [found[pk] for pk in diagram_ids if pk in found]
    mine = {"status": Diagram.Status.GENERATING, "generation_task_id": token}
    limit = settings.PLANTWEB_GENERATION_TIME_LIMIT
    try:
        with _holding_leases(diagram_ids, mine=mine, time_limit=limit), _time_limit(limit):
            loaded = get_model()
            outcomes = _generate_each(loaded, diagrams)
    except (GenerationTimedOut, ModelNotConfigured) as error:
        message = _time_limit_error() if isinstance(error, GenerationTimedOut) else str(error)
        Diagram.objects.filter(pk__in=diagram_ids, **mine).update(**_failed(message))
        return
    name = model_label(loaded.name)
    # Stored in the order claimed, the fair order.
    for diagram, (outcome, seconds) in zip(diagrams, outcomes, strict=True):
        try:
            _finish_generation(diagram, token, name, outcome, seconds)
        except Exception:
            logger.exception("Storing the generation of diagram %s failed", diagram.pk)
            Diagram.objects.filter(pk=diagram.pk, **mine).update(**_failed(UNEXPECTED_ERROR))


def _generate_each(loaded, diagrams: list[Diagram]) -> list[tuple[object, float]]:
    """Each job's validated diagram, or the error it ended with, and its seconds.

    Jobs with the same seed share one batched call (sampling draws from one seeded stream).
    When a batch raises, its jobs are generated one by one, so that one job's problem (a
    scenario too long for the model, the PlantUML server failing midway) is that job's alone.
    """
    from worker.generation_request import GenerationRequest

    requests = [
        GenerationRequest(scenario=d.model_scenario, diagram_type=d.diagram_type) for d in diagrams
    ]
    outcomes: list = [None] * len(diagrams)
    groups: dict[int, list[int]] = {}
    for index, diagram in enumerate(diagrams):
        groups.setdefault(diagram.seed, []).append(index)
    for seed, indexes in groups.items():
        started = time.perf_counter()
        try:
            results = _generate_validated(loaded, [requests[i] for i in indexes], seed=seed)
        except GenerationTimedOut:
            raise
        except Exception as error:
            if len(indexes) == 1:
                outcomes[indexes[0]] = (error, time.perf_counter() - started)
                continue
            logger.info(
                "A batch of %d raised %r; generating its jobs one by one", len(indexes), error
            )
            for i in indexes:
                outcomes[i] = _generate_one(loaded, requests[i], seed)
            continue
        for i, result in zip(indexes, results, strict=True):
            outcomes[i] = (result, result.seconds)
    return outcomes


def _generate_one(loaded, request, seed: int) -> tuple[object, float]:
    started = time.perf_counter()
    try:
        [result] = _generate_validated(loaded, [request], seed=seed)
    except GenerationTimedOut:
        raise
    except Exception as error:
        return error, time.perf_counter() - started
    return result, result.seconds


def _finish_generation(diagram: Diagram, token: str, name: str, outcome, seconds: float) -> None:
    """Stores one job's result, or ends it as its error says."""
    from worker.generation_request import PromptTooLong
    from worker.validate import ValidationUnavailable

    generating = {"status": Diagram.Status.GENERATING, "generation_task_id": token}
    if isinstance(outcome, ValidationUnavailable):
        logger.warning("PlantUML unavailable while validating diagram %s", diagram.pk)
        _hand_greedy_to_renderer(diagram, token, name, outcome.greedy[0], seconds)
    elif isinstance(outcome, SettleUnavailable):
        # The answer was chosen and its SVG rendered; only the PNG is missing.
        logger.warning("PlantUML unavailable while finishing diagram %s", diagram.pk)
        _hand_code_to_renderer(diagram, token, name, outcome.code, seconds)
    elif isinstance(outcome, PromptTooLong):
        Diagram.objects.filter(pk=diagram.pk, **generating).update(**_failed(PROMPT_TOO_LONG_ERROR))
    elif isinstance(outcome, Exception):
        logger.error("Generating diagram %s failed", diagram.pk, exc_info=outcome)
        Diagram.objects.filter(pk=diagram.pk, **generating).update(**_failed(UNEXPECTED_ERROR))
    else:
        _store_validated(diagram, token, name, outcome)


class SettleUnavailable(Exception):
    """The PlantUML server stopped answering when the chosen code's PNG was drawn."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def model_label(name: str) -> str:
    """The model's name as users see it: a hub id as it is, a local directory by its own name.

    A server path says nothing to a user and tells everyone how the server is laid out.
    The name may be "model + adapter"; each part is named alike.
    """

    def part_label(part: str) -> str:
        part = part.strip()
        local = os.path.isabs(part) or part.startswith((".", "~")) or os.path.isdir(part)
        return Path(part.rstrip("/\\")).name or part if local else part

    return " + ".join(part_label(part) for part in name.split(" + "))


def plantuml_client(*, retries: int | None = None):
    """A client for the configured PlantUML server, with the configured limits."""
    return _plantuml_client(retries=retries)


def _plantuml_client(*, settling: bool = False, retries: int | None = None):
    from worker.render import PlantUMLClient, RenderUnavailable

    class SettlingClient(PlantUMLClient):
        # Validate-and-repair checks candidates as SVG, then draws only the chosen code as PNG.
        def render(self, code: str, fmt: str) -> bytes:
            try:
                return super().render(code, fmt)
            except RenderUnavailable as error:
                if fmt == "png":
                    raise SettleUnavailable(error.message, code=code) from error
                raise

    client_class = _cached(SettlingClient if settling else PlantUMLClient)
    return client_class(
        settings.PLANTUML_URL,
        timeout=settings.PLANTWEB_RENDER_TIMEOUT,
        retries=settings.PLANTWEB_RENDER_RETRIES if retries is None else retries,
        max_chars=settings.PLANTWEB_RENDER_MAX_CHARS,
    )


def _cached(client_class):
    """The client class answering from the render cache first, when PLANTWEB_RENDER_CACHE is on."""
    if not settings.PLANTWEB_RENDER_CACHE:
        return client_class
    from diagrams.render_cache import CachingClient

    return type(f"Cached{client_class.__name__}", (CachingClient, client_class), {})


def _generate_validated(loaded, requests: list, *, seed: int) -> list:
    from worker.validate import generate_validated

    client = _plantuml_client(settling=True)
    try:
        return generate_validated(
            loaded,
            client,
            requests,
            budget=settings.PLANTWEB_REPAIR_BUDGET,
            max_new_tokens=settings.PLANTWEB_MAX_NEW_TOKENS,
            seed=seed,
        )
    finally:
        client.close()


def _model_source(diagram: Diagram) -> str:
    if diagram.seed:
        return DiagramVersion.Source.RETRIED
    if diagram.refine_request:
        return DiagramVersion.Source.REFINED
    return DiagramVersion.Source.GENERATED


def _model_note(diagram: Diagram) -> str:
    """The version's note: the change asked for, and the seed of a generation tried again."""
    if not diagram.seed:
        return diagram.refine_request
    note = f"Seed {diagram.seed}."
    return f"{note} Change: {diagram.refine_request}" if diagram.refine_request else note


@transaction.atomic
def _store_validated(diagram: Diagram, token: str, model_name: str, result) -> None:
    """Finishes a generation with validate-and-repair's choice: done, or failed with its error.

    A failure keeps the best failed code (or the raw answer) so the user can fix it by hand.
    """
    locked = Diagram.objects.select_for_update().filter(pk=diagram.pk).first()
    if not _still_mine(locked, token):
        return
    now = timezone.now()
    locked.lease_expires_at, locked.status_note = None, ""
    locked.model_name = model_name[:255]
    locked.generated_at = locked.finished_at = now
    locked.generation_seconds = result.seconds
    locked.new_tokens = result.new_tokens
    locked.candidates = result.attempts
    outcome = _outcome(result)
    locked.plantuml = result.code or (result.candidates[0].text if result.candidates else "")
    locked.png, locked.svg = outcome["png"], outcome["svg"]
    locked.rendered_type = outcome["rendered_type"]
    locked.content_hash = outcome["content_hash"]
    locked.error_message, locked.error_line = outcome["error_message"], outcome["error_line"]
    locked.status = Diagram.Status.DONE if result.ok else Diagram.Status.FAILED
    if not result.ok:
        # Only a finished image is shown; a wrong-type drawing stays in its version.
        locked.png, locked.svg, locked.content_hash = None, "", ""
    locked.save()
    if result.code:
        _add_generated_versions(locked, model_name, result, outcome)


def _outcome(result) -> dict:
    """The image and error fields validate-and-repair's chosen code ended with."""
    rendered = result.rendered
    png = rendered.png if rendered else None
    svg = rendered.svg if rendered else ""
    code = result.code or ""
    return {
        "png": png,
        "svg": svg,
        "rendered_type": (rendered.diagram_type or "") if rendered else "",
        "content_hash": content_hash(plantuml=code, png=png, svg=svg) if rendered else "",
        "error_message": "" if result.ok else (result.error or NO_DIAGRAM_ERROR),
        "error_line": None if result.ok else result.error_line,
    }


def _add_generated_versions(diagram: Diagram, model_name: str, result, outcome: dict) -> None:
    """The model's versions: its greedy answer, and the repaired choice when that differs.

    Keeping the greedy answer as its own version shows the user what the model wrote and
    what validate-and-repair changed, as a diff between the two.
    """
    source, note = _model_source(diagram), _model_note(diagram)
    if result.first_code and result.first_code != result.code:
        error, line = _greedy_problem(result.candidates[0], result.first_code, diagram)
        add_version(
            diagram,
            source=source,
            code=result.first_code,
            note=note,
            model_name=model_name[:255],
            error_message=error,
            error_line=line,
        )
        source = DiagramVersion.Source.REPAIRED
        note = f"Chosen from {result.attempts} candidate{'s' if result.attempts != 1 else ''}."
    add_version(
        diagram, source=source, code=result.code, note=note, model_name=model_name[:255], **outcome
    )


def _greedy_problem(first, first_code: str, diagram: Diagram) -> tuple[str, int | None]:
    """Why validate-and-repair did not keep the greedy answer as the model wrote it."""
    if first.code != first_code:
        if first.renders:
            return "It did not render as written; a repaired copy did.", None
        # The line PlantUML names is in the repaired copy, not in this code.
        return f"It did not render, nor did a repaired copy: {first.error}", None
    if first.error:
        return first.error, first.error_line
    if first.renders and first.diagram_type != diagram.diagram_type:
        drawn = first.diagram_type or "another kind of"
        return f"PlantUML drew a {drawn} diagram, not a {diagram.diagram_type} diagram.", None
    return "It rendered, but repeated itself too much to keep.", None


def _still_mine(locked: Diagram | None, token: str) -> bool:
    """Whether this generation still holds the (locked) row: not deleted, failed or taken over."""
    return (
        locked is not None
        and locked.status == Diagram.Status.GENERATING
        and locked.generation_task_id == token
    )


def _hand_greedy_to_renderer(
    diagram: Diagram, token: str, model_name: str, answer, seconds: float
) -> None:
    """Without a PlantUML server to judge candidates, the greedy answer goes to the renderer."""
    from worker.extract import extract_plantuml
    from worker.repair import repair_plantuml

    code = extract_plantuml(answer.text) or repair_plantuml(answer.text)
    now = timezone.now()
    fields = {
        "model_name": model_name[:255],
        "generated_at": now,
        "generation_seconds": seconds,
        "new_tokens": answer.new_tokens,
        "candidates": 1,
        "updated_at": now,
    }
    _hand_to_renderer(diagram_id=diagram.pk, token=token, code=code, fields=fields)


def _hand_code_to_renderer(
    diagram: Diagram, token: str, model_name: str, code: str, seconds: float
) -> None:
    """The code validate-and-repair chose goes to the renderer when the server died after."""
    now = timezone.now()
    fields = {
        "model_name": model_name[:255],
        "generated_at": now,
        "generation_seconds": seconds,
        "updated_at": now,
    }
    _hand_to_renderer(diagram_id=diagram.pk, token=token, code=code, fields=fields)


@transaction.atomic
def _hand_to_renderer(*, diagram_id: int, token: str, code: str, fields: dict) -> None:
    locked = Diagram.objects.select_for_update().filter(pk=diagram_id).first()
    if not _still_mine(locked, token):
        return
    Diagram.objects.filter(pk=diagram_id).update(
        **fields,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
        status=Diagram.Status.RENDERING,
        render_started_at=None,
        render_task_id="",
        lease_expires_at=None,
    )
    add_version(
        locked,
        source=_model_source(locked),
        code=code,
        note=_model_note(locked),
        model_name=fields["model_name"],
    )
    transaction.on_commit(lambda: send_render(diagram_id))


def diagram_render(*, diagram_id: int, task_id: str | None = None) -> None:
    """Renders the diagram's code to PNG and SVG on the PlantUML server and stores both."""
    from worker.render import RenderError, RenderUnavailable
    from worker.safety import UnsafeDiagram

    started_at = diagram_claim_render(diagram_id=diagram_id, task_id=task_id)
    if started_at is None:
        logger.info("Diagram %s is not waiting for a render; nothing to do", diagram_id)
        return
    code = Diagram.objects.values_list("plantuml", flat=True).get(pk=diagram_id)
    # Only this claim's render may finish the row: an edit in the meantime starts a new one.
    mine = {"status": Diagram.Status.RENDERING, "render_started_at": started_at}

    client = _plantuml_client()
    started = time.perf_counter()
    try:
        # Retries and two formats can outlast a lease: keep it while the server is asked.
        with _holding_leases([diagram_id], mine=mine):
            rendered = client.render_both(code)
    except UnsafeDiagram as error:
        _finish_failed(diagram_id, mine, code, error.message, error.line)
        return
    except RenderUnavailable as error:
        if _wait_for_renderer(diagram_id, mine, error.message):
            return
        minutes = settings.PLANTWEB_RENDERER_WAIT_MINUTES
        message = (
            f"The PlantUML server could not be reached for {minutes:g} minutes:"
            f" {error.message} Try again later."
        )
        _finish_failed(diagram_id, mine, code, message, None)
        return
    except RenderError as error:
        _finish_failed(diagram_id, mine, code, error.message, error.line)
        return
    finally:
        client.close()

    now = timezone.now()
    image = {
        "png": rendered.png,
        "svg": rendered.svg,
        "rendered_type": rendered.diagram_type or "",
        "content_hash": content_hash(plantuml=code, png=rendered.png, svg=rendered.svg),
    }
    finished = Diagram.objects.filter(pk=diagram_id, **mine).update(
        **image,
        status=Diagram.Status.DONE,
        render_seconds=time.perf_counter() - started,
        lease_expires_at=None,
        renderer_wait_since=None,
        status_note="",
        finished_at=now,
        updated_at=now,
    )
    if finished:
        _version_rendered(diagram_id=diagram_id, code=code, **image)


def _wait_for_renderer(diagram_id: int, mine: dict, problem: str) -> bool:
    """Sends the render again later while the PlantUML server is down; False once waited enough.

    The pause grows with the time already waited (2 s, 4 s, 8 s, ... up to a minute), so a
    short outage costs seconds and a long one does not hammer the server.
    """
    now = timezone.now()
    since = Diagram.objects.filter(pk=diagram_id).values_list("renderer_wait_since", flat=True)
    since = since.first() or now
    waited = (now - since).total_seconds()
    left = settings.PLANTWEB_RENDERER_WAIT_MINUTES * 60 - waited
    if left <= 0:
        return False
    pause = min(max(waited, RENDERER_FIRST_PAUSE), RENDERER_MAX_PAUSE, left)
    waiting = Diagram.objects.filter(pk=diagram_id, **mine).update(
        render_started_at=None,
        render_task_id="",
        lease_expires_at=None,
        renderer_wait_since=since,
        status_note=f"{WAITING_FOR_RENDERER}: the PlantUML server does not answer ({problem}).",
        updated_at=now,
    )
    if waiting:
        logger.warning("PlantUML down; diagram %s tries again in %.0f s", diagram_id, pause)
        send_render(diagram_id, countdown=pause)
    return True


def _finish_failed(diagram_id: int, mine: dict, code: str, message: str, line: int | None) -> None:
    now = timezone.now()
    # The image of the code before the edit is kept until now: a failed render shows none.
    finished = Diagram.objects.filter(pk=diagram_id, **mine).update(
        status=Diagram.Status.FAILED,
        error_message=message,
        error_line=line,
        png=None,
        svg="",
        rendered_type="",
        content_hash=content_hash(plantuml=code, png=None, svg=""),
        lease_expires_at=None,
        renderer_wait_since=None,
        status_note="",
        finished_at=now,
        updated_at=now,
    )
    if finished:
        _version_rendered(diagram_id=diagram_id, code=code, error_message=message, error_line=line)


def _version_rendered(*, diagram_id: int, code: str, **outcome) -> None:
    """Gives the diagram's newest version the image (or error) its code just rendered to.

    Only the newest version is the diagram's current code; an older one keeps what it had.
    """
    newest = (
        DiagramVersion.objects.filter(diagram_id=diagram_id)
        .order_by("-number")
        .values("pk", "plantuml")
        .first()
    )
    if newest and newest["plantuml"] == code:
        DiagramVersion.objects.filter(pk=newest["pk"]).update(**outcome)


# --- The reaper ------------------------------------------------------------------------------
# Every worker runs it every PLANTWEB_REAPER_INTERVAL seconds (plantweb.celery). Each change it
# makes is a conditional UPDATE, so two workers reaping at once do each thing once.

STOPPED_NOTE = "The worker stopped while making this diagram; it is being tried again."


def reap() -> dict[str, int]:
    """Puts back jobs whose worker stopped, and re-sends queued jobs whose message is gone.

    Returns how many jobs it put back, failed and sent again, for the log.
    """
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    now = timezone.now()
    _reap_generations(now, counts)
    _reap_renders(now, counts)
    _resend_lost(now, counts)
    return counts


def _lease_lost(now: datetime) -> Q:
    """A lease that ran out, or none at all on a row that has not moved for a lease's length."""
    quiet = now - timedelta(seconds=settings.PLANTWEB_LEASE_SECONDS)
    return Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True, updated_at__lt=quiet)


def _reap_generations(now: datetime, counts: dict) -> None:
    expired = Diagram.objects.filter(
        _lease_lost(now), status=Diagram.Status.GENERATING
    ).values_list("pk", "generation_task_id", "attempts")
    for diagram_id, holder, attempts in expired:
        held = Diagram.objects.filter(
            _lease_lost(now),
            pk=diagram_id,
            status=Diagram.Status.GENERATING,
            generation_task_id=holder,
        )
        if attempts >= MAX_ATTEMPTS:
            counts["failed"] += held.update(
                status=Diagram.Status.FAILED,
                error_message=TOO_MANY_ATTEMPTS_ERROR,
                lease_expires_at=None,
                status_note="",
                finished_at=now,
                updated_at=now,
            )
            continue
        put_back = held.update(
            status=Diagram.Status.QUEUED,
            generation_task_id="",
            lease_expires_at=None,
            status_note=STOPPED_NOTE,
            updated_at=now,
        )
        if put_back:
            logger.warning("Diagram %s: its generation worker stopped; queued again", diagram_id)
            counts["requeued"] += 1
            send_generation(diagram_id)


def _reap_renders(now: datetime, counts: dict) -> None:
    expired = Diagram.objects.filter(
        _lease_lost(now), status=Diagram.Status.RENDERING, render_started_at__isnull=False
    ).values_list("pk", "render_started_at")
    for diagram_id, started_at in expired:
        put_back = Diagram.objects.filter(
            _lease_lost(now),
            pk=diagram_id,
            status=Diagram.Status.RENDERING,
            render_started_at=started_at,
        ).update(render_started_at=None, render_task_id="", lease_expires_at=None, updated_at=now)
        if put_back:
            logger.warning("Diagram %s: its render worker stopped; sent again", diagram_id)
            counts["requeued"] += 1
            send_render(diagram_id)


def _resend_lost(now: datetime, counts: dict) -> None:
    """Sends again the queued steps that have waited past PLANTWEB_REQUEUE_AFTER with no message.

    When the broker cannot be inspected (not Redis), every such step is sent again: the claim
    makes the extra copy do nothing.
    """
    stale = now - timedelta(seconds=settings.PLANTWEB_REQUEUE_AFTER)
    waiting = Q(status=Diagram.Status.QUEUED) | Q(
        status=Diagram.Status.RENDERING, render_started_at__isnull=True
    )
    unsent = Q(dispatched_at__isnull=True, updated_at__lt=stale)
    rows = list(
        Diagram.objects.filter(waiting)
        .filter(unsent | Q(dispatched_at__lt=stale))
        .values_list("pk", "status", "dispatched_at")
    )
    if not rows:
        return
    live = live_messages()
    if not live:
        # An emptied Redis (restarted without its data) also lost the queues' routing, and
        # would drop what is sent until a worker reconnects; declaring them restores it.
        declare_queues()
    spare = _spare_generation_messages(live)
    for diagram_id, status, dispatched_at in rows:
        task_name = GENERATE_TASK if status == Diagram.Status.QUEUED else RENDER_TASK
        if live is not None and (task_name, diagram_id) in live:
            continue
        if task_name == GENERATE_TASK and spare > 0:
            # A waiting message whose own job was taken early will do this one.
            spare -= 1
            continue
        # Only one reaper re-sends it: the one that moves its dispatch time.
        if (
            Diagram.objects.filter(pk=diagram_id, status=status, dispatched_at=dispatched_at)
            .filter(waiting)
            .update(dispatched_at=now)
        ):
            logger.warning("Diagram %s had no message in the broker; sent again", diagram_id)
            counts["resent"] += 1
            _send(task_name, diagram_id)


def _spare_generation_messages(live: set[tuple[str, int]] | None) -> int:
    """Generation messages in the broker that name no queued job and no job is running on.

    Any generation message does the fairest queued job, so the message of a job taken early
    stays in the queue and will do another. Counting running jobs against the messages errs
    towards sending again, which the claim makes harmless.
    """
    if not live:
        return 0
    named = {diagram_id for name, diagram_id in live if name == GENERATE_TASK}
    named_queued = Diagram.objects.filter(pk__in=named, status=Diagram.Status.QUEUED).count()
    running = Diagram.objects.filter(status=Diagram.Status.GENERATING).count()
    return len(named) - named_queued - running


def live_messages() -> set[tuple[str, int]] | None:
    """(task name, diagram id) of every message Redis holds: waiting, or delivered and not acked.

    None when the broker cannot be inspected this way.
    """
    queues = {route["queue"] for route in app.conf.task_routes.values()}
    try:
        with app.connection_for_read() as conn:
            channel = conn.default_channel
            client = channel.client
            raw = []
            for queue in queues:
                for priority in channel.priority_steps:
                    raw.extend(client.lrange(channel._q_for_pri(queue, priority), 0, -1))
            unacked = [json.loads(item)[0] for item in client.hvals(channel.unacked_key)]
    except Exception:
        logger.warning("Could not look into the broker's queues", exc_info=True)
        return None
    messages = [json.loads(item) for item in raw] + unacked
    live = set()
    for message in messages:
        headers = message.get("headers") or {}
        try:
            args = ast.literal_eval(headers.get("argsrepr") or "()")
            live.add((headers.get("task"), int(args[0])))
        except (ValueError, SyntaxError, TypeError, IndexError):
            continue
    return live


def declare_queues() -> None:
    """Declares the job queues on the broker, as a worker does when it connects."""
    try:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            for name in sorted({route["queue"] for route in app.conf.task_routes.values()}):
                Queue(name, Exchange(name, type="direct"), routing_key=name)(channel).declare()
    except Exception:
        logger.warning("Could not declare the job queues", exc_info=True)
