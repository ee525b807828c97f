"""Every write to scenarios and diagrams: submitting, editing, generating and rendering.

Jobs move queued -> generating -> rendering -> done, or to failed with a message. Each step
claims its row with one conditional UPDATE, so a task delivered twice (acks_late after a lost
worker) does the work once, and every path out of a step leaves the row finished or handed on,
never stuck in a running state.
"""

import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from diagrams.models import AUTO, Diagram, DiagramVersion, Scenario, content_hash
from diagrams.selectors import diagram_check_owner
from worker.diagram_types import DEFAULT_DIAGRAM_TYPE, DIAGRAM_TYPES, guess_diagram_type

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "Something went wrong on our side while making this diagram. Please try again."
NO_DIAGRAM_ERROR = "The model did not produce a complete @startuml ... @enduml diagram."
INVALID_TEXT_ERROR = "The text contains bytes that are not valid UTF-8."
TOO_MANY_ATTEMPTS_ERROR = (
    "The worker stopped while making this diagram, several times; it will not be tried again."
)
PROMPT_TOO_LONG_ERROR = "The scenario is too long for the model; shorten it and try again."
QUEUE_DOWN_ERROR = "The job queue could not be reached, so this diagram was not started."
PREVIEW_UNAVAILABLE_ERROR = (
    "The PlantUML server did not answer, so there is no preview; the code is kept and can be saved."
)
# ValidationError codes: the diagram's state forbids the change (whatever the input), and a
# refusal of the title rather than of the code.
CONFLICT = "conflict"
TITLE = "title"
# How many times a generation may start; more than one only after a worker stopped mid-job.
MAX_ATTEMPTS = 3
TITLE_MAX_CHARS = 200
# A change is a sentence or a paragraph; the model's context holds the scenario as well.
REFINE_MAX_CHARS = 2000
# Checked in order; the first that matches names the type of code submitted without a scenario.
_CODE_TYPE_HINTS = [
    (diagram_type, re.compile(pattern, re.MULTILINE | re.IGNORECASE))
    for diagram_type, pattern in (
        ("timing", r"^\s*(robust|concise|clock|binary)\s"),
        ("state", r"^\s*(state\s|\[\*\])"),
        ("usecase", r"^\s*usecase\s|^\s*\(.+\)|--?>\s*\(|\)\s*<?--"),
        ("object", r"^\s*(object|map)\s"),
        ("class", r"^\s*(abstract\s+class|class|interface|enum|entity)\s"),
        ("component", r"^\s*(component|node|database|artifact|cloud)\s|^\s*\["),
        ("sequence", r"^\s*(participant|actor|boundary|control)\s|^\s*\w+\s*-+>>?\s*\w+\s*:"),
    )
]


def _send(task, diagram_id: int) -> None:
    """Queues a task for a committed diagram; a broker that cannot be reached fails the job."""
    try:
        task.delay(diagram_id)
    except Exception:
        logger.exception("Could not queue %s for diagram %s", task.name, diagram_id)
        diagram_fail(diagram_id=diagram_id, message=QUEUE_DOWN_ERROR)


def _check_text(text: str, *, what: str, max_chars: int) -> str:
    """The text without surrounding blanks, or ValidationError saying what is wrong with it."""
    # Django decodes an undecodable request body with U+FFFD; NUL would break PostgreSQL.
    if "\x00" in text:
        raise ValidationError(f"The {what} contains a NUL character, which is not allowed.")
    if "\ufffd" in text:
        raise ValidationError(INVALID_TEXT_ERROR)
    text = text.strip()
    if not text:
        raise ValidationError(f"The {what} is empty.")
    if len(text) > max_chars:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; the limit is {max_chars:,}."
        )
    return text


@transaction.atomic
def diagram_submit(*, user, text: str, requested_type: str = AUTO) -> Diagram:
    """Saves a scenario and its queued diagram, and sends it to the GPU worker once committed."""
    from diagrams.tasks import generate_diagram

    text = _check_text(text, what="scenario", max_chars=settings.PLANTWEB_SCENARIO_MAX_CHARS)
    if requested_type != AUTO and requested_type not in DIAGRAM_TYPES:
        raise ValidationError(f"Unknown diagram type {requested_type!r}.")
    diagram_type = guess_diagram_type(text) if requested_type == AUTO else requested_type

    scenario = Scenario.objects.create(owner=user, text=text, requested_type=requested_type)
    diagram = Diagram.objects.create(scenario=scenario, diagram_type=diagram_type)
    transaction.on_commit(lambda: _send(generate_diagram, diagram.pk))
    return diagram


def _check_code(code: str) -> str:
    """Code that may be sent to the server, or ValidationError saying what is wrong with it."""
    from worker.safety import UnsafeDiagram, check_safe

    # PlantUML is line-based; normalise browser line endings so error lines match the editor.
    code = _check_text(
        code.replace("\r\n", "\n"), what="PlantUML code", max_chars=settings.PLANTWEB_CODE_MAX_CHARS
    )
    try:
        check_safe(code)
    except UnsafeDiagram as error:
        raise ValidationError(f"Line {error.line}: {error.message}") from None
    return code


@dataclass(frozen=True)
class CodePreview:
    """What code looks like drawn, without saving it: an SVG, or PlantUML's error and line."""

    svg: str = ""
    error: str = ""
    line: int | None = None


def code_preview(*, code: str) -> CodePreview:
    """Draws code as it is being edited, straight from the PlantUML server, and saves nothing.

    The editor's live preview: the same limits and safety checks as saving, but no version,
    no queue and no retries, so a pause in typing shows the picture (or the error) at once.
    """
    from worker.render import RenderError, RenderUnavailable
    from worker.safety import UnsafeDiagram

    try:
        code = _check_text(
            code.replace("\r\n", "\n"),
            what="PlantUML code",
            max_chars=settings.PLANTWEB_CODE_MAX_CHARS,
        )
    except ValidationError as error:
        return CodePreview(error=error.messages[0])
    client = _plantuml_client(retries=0)
    try:
        svg = client.render(code, "svg").decode("utf-8")
    except UnsafeDiagram as error:
        return CodePreview(error=error.message, line=error.line)
    except RenderUnavailable:
        return CodePreview(error=PREVIEW_UNAVAILABLE_ERROR)
    except RenderError as error:
        return CodePreview(error=error.message, line=error.line)
    finally:
        client.close()
    return CodePreview(svg=svg)


def _check_title(title: str) -> str:
    if "\x00" in title or "\ufffd" in title:
        raise ValidationError("The title contains characters that are not allowed.", code=TITLE)
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationError(
            f"The title is {len(title):,} characters long; the limit is {TITLE_MAX_CHARS:,}.",
            code=TITLE,
        )
    return title


def _type_from_code(code: str) -> str:
    """The diagram type the code most likely is, for code that arrives without a scenario."""
    for diagram_type, pattern in _CODE_TYPE_HINTS:
        if pattern.search(code):
            return diagram_type
    return DEFAULT_DIAGRAM_TYPE


def _add_version(
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


@transaction.atomic
def diagram_submit_code(*, user, code: str, title: str = "") -> Diagram:
    """Saves PlantUML code a user already has as a diagram and sends it to be rendered.

    No model is involved: the job goes straight to the render queue. The scenario holds
    the title, if any, so the diagram has a name in the history.
    """
    from diagrams.tasks import render_diagram

    code = _check_code(code)
    title = _check_title(title)
    diagram_type = _type_from_code(code)
    scenario = Scenario.objects.create(owner=user, text=title, requested_type=AUTO)
    diagram = Diagram.objects.create(
        scenario=scenario,
        diagram_type=diagram_type,
        status=Diagram.Status.RENDERING,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
    )
    _add_version(diagram, source=DiagramVersion.Source.EDITED, code=code, author=user)
    transaction.on_commit(lambda: _send(render_diagram, diagram.pk))
    return diagram


def diagram_update_code(*, user, diagram: Diagram, code: str) -> Diagram:
    """The owner replaces a diagram's PlantUML code; it is rendered again (no model call).

    Unsafe or oversized code raises ValidationError and changes nothing.
    """
    diagram_check_owner(user=user, diagram=diagram)
    return diagram_replace_code(
        diagram=diagram, code=code, source=DiagramVersion.Source.EDITED, author=user
    )


@transaction.atomic
def diagram_replace_code(
    *, diagram: Diagram, code: str, source: str, author, note: str = ""
) -> Diagram:
    """Gives a diagram new code as a new version and sends it to be rendered again.

    The shared path of edits, restores and staff corrections; callers check who may do it.
    Unsafe or oversized code raises ValidationError and changes nothing.
    """
    from diagrams.tasks import render_diagram

    code = _check_code(code)
    # Lock the row: a render finishing now must not overwrite the new code's status.
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.status in (Diagram.Status.QUEUED, Diagram.Status.GENERATING):
        raise ValidationError(
            "The model is still writing this diagram; edit it once it is done.", code=CONFLICT
        )
    locked.plantuml = code
    locked.png = None
    locked.svg = ""
    locked.rendered_type = ""
    locked.content_hash = content_hash(plantuml=code, png=None, svg="")
    locked.status = Diagram.Status.RENDERING
    locked.error_message = ""
    locked.error_line = None
    locked.render_started_at = None
    locked.render_task_id = ""
    locked.finished_at = None
    locked.render_seconds = None
    locked.save()
    _add_version(locked, source=source, code=code, author=author, note=note)
    transaction.on_commit(lambda: _send(render_diagram, locked.pk))
    return locked


def diagram_delete(*, user, diagram: Diagram) -> None:
    """Deletes the user's diagram with its versions, and its scenario when nothing else uses it.

    A worker still busy with it finds no row and does nothing more.
    """
    diagram_check_owner(user=user, diagram=diagram)
    with transaction.atomic():
        scenario = diagram.scenario
        Diagram.objects.filter(pk=diagram.pk).delete()
        if not scenario.diagrams.exists():
            scenario.delete()


def diagram_restore_version(*, user, diagram: Diagram, number: int) -> Diagram:
    """Makes an earlier version's code current again, as a new version, and renders it.

    No model call; the restored version gets its own number so the history never changes.
    """
    from diagrams.selectors import version_get

    version = version_get(user=user, diagram=diagram, number=number)
    return diagram_replace_code(
        diagram=diagram,
        code=version.plantuml,
        source=DiagramVersion.Source.RESTORED,
        author=user,
        note=f"Restored from version {number}.",
    )


@transaction.atomic
def diagram_refine(*, user, diagram: Diagram, request: str) -> Diagram:
    """Queues a new generation of the diagram that carries out a change described in words.

    The model gets the original scenario with the change appended, on the same queue and with
    the same validate-and-repair as a first generation; the result is a new version.
    """
    from diagrams.tasks import generate_diagram

    diagram_check_owner(user=user, diagram=diagram)
    request = _check_text(request, what="change", max_chars=REFINE_MAX_CHARS)
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.is_running:
        raise ValidationError(
            "This diagram is still being made; describe a change once it is finished.",
            code=CONFLICT,
        )
    if not _has_scenario(locked):
        raise ValidationError(
            "This diagram was made from code, not from a scenario; edit its code instead.",
            code=CONFLICT,
        )
    _reset_for_generation(locked)
    locked.refine_request = request
    locked.seed = 0
    locked.save()
    transaction.on_commit(lambda: _send(generate_diagram, locked.pk))
    return locked


@transaction.atomic
def diagram_try_again(*, user, diagram: Diagram) -> Diagram:
    """Queues the diagram's generation again with a new sampling seed; the result is a new version.

    The same scenario (and the change last asked for, if any) goes to the model, whose sampled
    candidates differ from the last ones. The current code and image stay in the versions.
    """
    from diagrams.tasks import generate_diagram

    diagram_check_owner(user=user, diagram=diagram)
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.is_running:
        raise ValidationError(
            "This diagram is still being made; try again once it is finished.", code=CONFLICT
        )
    if not _has_scenario(locked):
        raise ValidationError(
            "This diagram was made from code, not from a scenario; edit its code instead.",
            code=CONFLICT,
        )
    previous = locked.seed
    _reset_for_generation(locked)
    while locked.seed in (0, previous):
        locked.seed = secrets.randbelow(2**31)
    locked.save()
    transaction.on_commit(lambda: _send(generate_diagram, locked.pk))
    return locked


def _has_scenario(diagram: Diagram) -> bool:
    """False for a diagram submitted as code: its first version was written by hand."""
    first = diagram.versions.order_by("number").values_list("source", flat=True).first()
    return bool(diagram.scenario.text) and first != DiagramVersion.Source.EDITED


def _reset_for_generation(diagram: Diagram) -> None:
    """Puts a finished diagram back in the queue as if new: a fresh count of attempts and tasks."""
    diagram.status = Diagram.Status.QUEUED
    diagram.attempts = diagram.candidates = 0
    diagram.generation_task_id = diagram.render_task_id = ""
    diagram.png, diagram.svg, diagram.rendered_type, diagram.content_hash = None, "", "", ""
    diagram.error_message, diagram.error_line = "", None
    diagram.new_tokens = diagram.generation_seconds = diagram.render_seconds = None
    diagram.generation_started_at = diagram.generated_at = None
    diagram.render_started_at = diagram.finished_at = None


def diagram_claim_generation(*, diagram_id: int, task_id: str | None = None) -> bool:
    """Moves a queued diagram to generating; False when another task has it or it is finished.

    With acks_late, a worker that stops mid-job (killed, out of memory) leaves its message to
    be delivered again with the same task id: that task may take the job over, up to
    MAX_ATTEMPTS times, while any other copy of the message does nothing.
    """
    claimable = Q(status=Diagram.Status.QUEUED)
    if task_id:
        claimable |= Q(status=Diagram.Status.GENERATING, generation_task_id=task_id)
    now = timezone.now()
    claimed = Diagram.objects.filter(claimable, pk=diagram_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Diagram.Status.GENERATING,
        generation_task_id=task_id or "",
        generation_started_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    if claimed == 1:
        return True
    if task_id:
        # A job that keeps stopping its worker fails rather than stopping it forever.
        Diagram.objects.filter(
            pk=diagram_id, status=Diagram.Status.GENERATING, generation_task_id=task_id
        ).update(
            status=Diagram.Status.FAILED,
            error_message=TOO_MANY_ATTEMPTS_ERROR,
            finished_at=now,
            updated_at=now,
        )
    return False


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
    ).update(render_started_at=now, render_task_id=task_id or "", updated_at=now)
    return now if claimed == 1 else None


def diagram_fail(
    *, diagram_id: int, message: str, line: int | None = None, running: tuple | None = None
) -> bool:
    """Marks a running diagram failed with a message for the user; False if it was not running."""
    updated = Diagram.objects.filter(pk=diagram_id, status__in=running or Diagram.RUNNING).update(
        status=Diagram.Status.FAILED,
        error_message=message,
        error_line=line,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return updated == 1


def diagram_generate(*, diagram_id: int, task_id: str | None = None) -> None:
    """Writes the diagram's PlantUML with the model, checked and repaired on the PlantUML server.

    Validate-and-repair renders the candidates itself, so a diagram that passes is done here.
    With the PlantUML server down no candidate can be judged: the greedy answer goes to the
    render queue, whose bounded retries end the job with a clear message.
    """
    from worker.generation import GenerationRequest, PromptTooLong
    from worker.model import ModelNotConfigured, get_model
    from worker.validate import ValidationUnavailable

    if not diagram_claim_generation(diagram_id=diagram_id, task_id=task_id):
        logger.info("Diagram %s is not queued; nothing to generate", diagram_id)
        return
    diagram = Diagram.objects.select_related("scenario").get(pk=diagram_id)
    request = GenerationRequest(scenario=diagram.model_scenario, diagram_type=diagram.diagram_type)
    generating = (Diagram.Status.GENERATING,)
    try:
        loaded = get_model()
        started = time.perf_counter()
        try:
            result = _generate_validated(loaded, request, seed=diagram.seed)
        except ValidationUnavailable as error:
            logger.warning("PlantUML unavailable while validating diagram %s", diagram_id)
            seconds = time.perf_counter() - started
            _hand_greedy_to_renderer(diagram, model_label(loaded.name), error.greedy[0], seconds)
            return
    except ModelNotConfigured as error:
        diagram_fail(diagram_id=diagram_id, message=str(error), running=generating)
        return
    except PromptTooLong:
        diagram_fail(diagram_id=diagram_id, message=PROMPT_TOO_LONG_ERROR, running=generating)
        return
    _store_validated(diagram, model_label(loaded.name), result)


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


def _plantuml_client(retries: int | None = None):
    from worker.render import PlantUMLClient

    return PlantUMLClient(
        settings.PLANTUML_URL,
        timeout=settings.PLANTWEB_RENDER_TIMEOUT,
        retries=settings.PLANTWEB_RENDER_RETRIES if retries is None else retries,
    )


def _generate_validated(loaded, request, *, seed: int):
    from worker.validate import generate_validated

    client = _plantuml_client()
    try:
        [result] = generate_validated(
            loaded,
            client,
            [request],
            budget=settings.PLANTWEB_REPAIR_BUDGET,
            max_new_tokens=settings.PLANTWEB_MAX_NEW_TOKENS,
            seed=seed,
        )
    finally:
        client.close()
    return result


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
def _store_validated(diagram: Diagram, model_name: str, result) -> None:
    """Finishes a generation with validate-and-repair's choice: done, or failed with its error.

    A failure keeps the best failed code (or the raw answer) so the user can fix it by hand.
    """
    locked = Diagram.objects.select_for_update().filter(pk=diagram.pk).first()
    if locked is None or locked.status != Diagram.Status.GENERATING:
        return
    now = timezone.now()
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
        _add_version(
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
    _add_version(
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


def _hand_greedy_to_renderer(diagram: Diagram, model_name: str, answer, seconds: float) -> None:
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
    _hand_to_renderer(diagram_id=diagram.pk, code=code, fields=fields)


@transaction.atomic
def _hand_to_renderer(*, diagram_id: int, code: str, fields: dict) -> None:
    from diagrams.tasks import render_diagram

    locked = Diagram.objects.select_for_update().filter(pk=diagram_id).first()
    if locked is None or locked.status != Diagram.Status.GENERATING:
        return
    Diagram.objects.filter(pk=diagram_id).update(
        **fields,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
        status=Diagram.Status.RENDERING,
    )
    _add_version(
        locked,
        source=_model_source(locked),
        code=code,
        note=_model_note(locked),
        model_name=fields["model_name"],
    )
    transaction.on_commit(lambda: _send(render_diagram, diagram_id))


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
        rendered = client.render_both(code)
    except UnsafeDiagram as error:
        _finish_failed(diagram_id, mine, code, error.message, error.line)
        return
    except RenderUnavailable as error:
        message = f"The PlantUML server could not be reached: {error.message}"
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
        finished_at=now,
        updated_at=now,
    )
    if finished:
        _version_rendered(diagram_id=diagram_id, code=code, **image)


def _finish_failed(diagram_id: int, mine: dict, code: str, message: str, line: int | None) -> None:
    now = timezone.now()
    finished = Diagram.objects.filter(pk=diagram_id, **mine).update(
        status=Diagram.Status.FAILED,
        error_message=message,
        error_line=line,
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
