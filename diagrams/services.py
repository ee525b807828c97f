"""Every write a user (or staff) makes to scenarios and diagrams: submitting, editing, refining,
restoring and deleting.

What happens to a job once it is queued (claims, generation, rendering) is in pipeline.py.
"""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from diagrams import limits
from diagrams.models import AUTO, Diagram, DiagramVersion, Scenario, content_hash
from diagrams.pipeline import add_version, plantuml_client, send_generation, send_render
from diagrams.selectors import diagram_check_owner
from worker.diagram_types import DEFAULT_DIAGRAM_TYPE, DIAGRAM_TYPES, guess_diagram_type

INVALID_TEXT_ERROR = "The text contains bytes that are not valid UTF-8."
# ValidationError codes: the diagram's state forbids the change (whatever the input), and a
# refusal of the title rather than of the code.
CONFLICT = "conflict"
TITLE = "title"
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
    text = _check_text(text, what="scenario", max_chars=settings.PLANTWEB_SCENARIO_MAX_CHARS)
    if requested_type != AUTO and requested_type not in DIAGRAM_TYPES:
        raise ValidationError(f"Unknown diagram type {requested_type!r}.")
    diagram_type = guess_diagram_type(text) if requested_type == AUTO else requested_type
    limits.check_jobs_in_flight(user=user)
    limits.check_new_diagram_quota(user=user)

    scenario = Scenario.objects.create(owner=user, text=text, requested_type=requested_type)
    diagram = Diagram.objects.create(scenario=scenario, diagram_type=diagram_type)
    transaction.on_commit(lambda: send_generation(diagram.pk))
    return diagram


def _check_code(code: str) -> str:
    """Code that may be sent to the server, or ValidationError saying what is wrong with it."""
    from worker.safety import UnsafeDiagram, check_safe, clean_code

    # PlantUML is line-based; normalise browser line endings so error lines match the editor.
    # Control and invisible characters (pasted zero-width spaces, a byte order mark) are
    # dropped: PlantUML would read some as blanks in front of a directive.
    code = _check_text(
        clean_code(code.replace("\r\n", "\n")),
        what="PlantUML code",
        max_chars=settings.PLANTWEB_CODE_MAX_CHARS,
    )
    try:
        check_safe(code)
    except UnsafeDiagram as error:
        raise ValidationError(f"Line {error.line}: {error.message}") from None
    return code


PREVIEW_UNAVAILABLE_ERROR = (
    "The PlantUML server did not answer, so there is no preview; the code is kept and can be saved."
)


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
    client = plantuml_client(retries=0)
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


@transaction.atomic
def diagram_submit_code(*, user, code: str, title: str = "") -> Diagram:
    """Saves PlantUML code a user already has as a diagram and sends it to be rendered.

    No model is involved: the job goes straight to the render queue. The scenario holds
    the title, if any, so the diagram has a name in the history.
    """
    code = _check_code(code)
    title = _check_title(title)
    diagram_type = _type_from_code(code)
    limits.check_jobs_in_flight(user=user)
    limits.check_renders_in_flight(user=user)
    limits.check_new_diagram_quota(user=user)
    scenario = Scenario.objects.create(owner=user, text=title, requested_type=AUTO)
    diagram = Diagram.objects.create(
        scenario=scenario,
        diagram_type=diagram_type,
        status=Diagram.Status.RENDERING,
        plantuml=code,
        content_hash=content_hash(plantuml=code, png=None, svg=""),
    )
    add_version(diagram, source=DiagramVersion.Source.EDITED, code=code, author=user)
    transaction.on_commit(lambda: send_render(diagram.pk))
    return diagram


@transaction.atomic
def diagram_update_code(*, user, diagram: Diagram, code: str) -> Diagram:
    """The owner replaces a diagram's PlantUML code; it is rendered again (no model call).

    Unsafe or oversized code, or a user past their limits, raises ValidationError and changes
    nothing.
    """
    diagram_check_owner(user=user, diagram=diagram)
    _check_new_version_limits(user=user, diagram=diagram)
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
    code = _check_code(code)
    # Lock the row: a render finishing now must not overwrite the new code's status.
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.status in (Diagram.Status.QUEUED, Diagram.Status.GENERATING):
        raise ValidationError(
            "The model is still writing this diagram; edit it once it is done.", code=CONFLICT
        )
    # The old image stays until the new code's render replaces it (or fails), so a render that
    # cannot be sent yet loses nothing; has_image hides it while the row is rendering.
    locked.plantuml = code
    locked.content_hash = content_hash(plantuml=code, png=None, svg="")
    locked.status = Diagram.Status.RENDERING
    locked.error_message = ""
    locked.error_line = None
    locked.render_started_at = None
    locked.render_task_id = ""
    locked.lease_expires_at = locked.renderer_wait_since = None
    locked.status_note = ""
    locked.finished_at = None
    locked.render_seconds = None
    locked.save()
    add_version(locked, source=source, code=code, author=author, note=note)
    transaction.on_commit(lambda: send_render(locked.pk))
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
    with transaction.atomic():
        _check_new_version_limits(user=user, diagram=diagram)
        return diagram_replace_code(
            diagram=diagram,
            code=version.plantuml,
            source=DiagramVersion.Source.RESTORED,
            author=user,
            note=f"Restored from version {number}.",
        )


def _check_new_version_limits(*, user, diagram: Diagram) -> None:
    """ValidationError when the user may not start another job for this diagram now."""
    limits.check_jobs_in_flight(user=user, besides=diagram)
    limits.check_renders_in_flight(user=user, besides=diagram)
    limits.check_new_version_quota(user=user, diagram=diagram)


@transaction.atomic
def diagram_refine(*, user, diagram: Diagram, request: str) -> Diagram:
    """Queues a new generation of the diagram that carries out a change described in words.

    The model gets the original scenario with the change appended, on the same queue and with
    the same validate-and-repair as a first generation; the result is a new version.
    """
    diagram_check_owner(user=user, diagram=diagram)
    request = _check_text(request, what="change", max_chars=REFINE_MAX_CHARS)
    locked = _locked_for_generation(
        diagram, user=user, running="describe a change once it is finished"
    )
    edit = _refinement(locked, request)
    if edit is not None and edit.code is not None and edit.changed:
        # An edit the request spells out ("add X between A and B", "rename A to B") is made
        # on the current code, keeping the rest, and only rendered: no model call.
        locked.refine_request = request
        locked.seed = 0
        locked.save(update_fields=["refine_request", "seed"])
        return diagram_replace_code(
            diagram=locked,
            code=edit.code,
            source=DiagramVersion.Source.CHANGED,
            author=user,
            note=f"{request} ({edit.summary})",
        )
    _reset_for_generation(locked)
    locked.refine_request = request
    if edit is not None and edit.needs_regeneration and edit.diagram_type in DIAGRAM_TYPES:
        # "Make it a sequence diagram": the scenario drawn again as the type asked for.
        locked.diagram_type = edit.diagram_type
        locked.refine_request = ""
    locked.seed = 0
    locked.save()
    transaction.on_commit(lambda: send_generation(locked.pk))
    return locked


def _locked_for_generation(diagram: Diagram, *, user, running: str) -> Diagram:
    """The diagram's row, locked, when it may be drawn again from its scenario now."""
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.is_running:
        raise ValidationError(f"This diagram is still being made; {running}.", code=CONFLICT)
    if not _has_scenario(locked):
        raise ValidationError(
            "This diagram was made from code, not from a scenario; edit its code instead.",
            code=CONFLICT,
        )
    _check_new_version_limits(user=user, diagram=locked)
    return locked


def _refinement(diagram: Diagram, request: str):
    """The change as an edit of the diagram's current code, or None for the model to make."""
    from worker.refine import apply_refinement

    if not diagram.plantuml:
        return None
    return apply_refinement(diagram.plantuml, request, diagram.diagram_type)


@transaction.atomic
def diagram_try_again(*, user, diagram: Diagram) -> Diagram:
    """Queues the diagram's generation again with a new sampling seed; the result is a new version.

    The same scenario (and the change last asked for, if any) goes to the model, whose sampled
    candidates differ from the last ones. The current code and image stay in the versions.
    """
    diagram_check_owner(user=user, diagram=diagram)
    locked = _locked_for_generation(diagram, user=user, running="try again once it is finished")
    previous = locked.seed
    _reset_for_generation(locked)
    while locked.seed in (0, previous):
        locked.seed = secrets.randbelow(2**31)
    locked.save()
    transaction.on_commit(lambda: send_generation(locked.pk))
    return locked


@transaction.atomic
def diagram_retry(*, user, diagram: Diagram) -> Diagram:
    """Runs a failed diagram's failed step again: its generation, or the render of its code.

    A diagram made from a scenario that failed before any render (the model, the worker, a time
    limit) is generated again with a fresh count of attempts; one that failed while rendering,
    or that was made from code, has its current code rendered again. No new version is made.
    """
    diagram_check_owner(user=user, diagram=diagram)
    locked = Diagram.objects.select_for_update().get(pk=diagram.pk)
    if locked.status != Diagram.Status.FAILED:
        raise ValidationError("Only a failed diagram can be tried again.", code=CONFLICT)
    if locked.render_started_at is None and _has_scenario(locked):
        refine_request = locked.refine_request
        _reset_for_generation(locked)
        locked.refine_request = refine_request
        locked.save()
        transaction.on_commit(lambda: send_generation(locked.pk))
        return locked
    if not locked.plantuml:
        raise ValidationError("This diagram has no code to render; edit its code.", code=CONFLICT)
    locked.status = Diagram.Status.RENDERING
    locked.error_message, locked.error_line = "", None
    locked.render_started_at = locked.finished_at = locked.render_seconds = None
    locked.render_task_id = ""
    locked.lease_expires_at = locked.renderer_wait_since = None
    locked.status_note = ""
    locked.save()
    transaction.on_commit(lambda: send_render(locked.pk))
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
    diagram.lease_expires_at = diagram.renderer_wait_since = None
    diagram.status_note = ""
