"""Staff review of generated diagrams, and the training data it produces.

Approved diagrams and corrected ones (with the staff's code) become training pairs, written in
the training data set's own row format so `python -m worker.train --extra-data FILE` takes
them next to the original data. Rejected and unreviewed diagrams never leave.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from diagrams.models import Diagram, DiagramVersion, ReviewState
from worker.diagram_types import DIAGRAM_TYPES
from worker.prompt import build_prompt

TRAINING_STATES = (ReviewState.APPROVED, ReviewState.CORRECTED)
REASON_MAX_CHARS = 2000
NOT_DONE_ERROR = "Only a diagram that rendered can be approved; correct its code instead."
NO_REASON_ERROR = "Say why the diagram is rejected."


def _record(*, diagram: Diagram, reviewer, state: str, reason: str = "") -> None:
    now = timezone.now()
    Diagram.objects.filter(pk=diagram.pk).update(
        review_state=state, review_reason=reason, reviewed_by=reviewer, reviewed_at=now
    )
    diagram.review_state = state
    diagram.review_reason = reason
    diagram.reviewed_by = reviewer
    diagram.reviewed_at = now


def diagram_approve(*, diagram: Diagram, reviewer) -> Diagram:
    """Marks a rendered diagram as good training data."""
    if diagram.status != Diagram.Status.DONE:
        raise ValidationError(NOT_DONE_ERROR)
    _record(diagram=diagram, reviewer=reviewer, state=ReviewState.APPROVED)
    return diagram


def diagram_reject(*, diagram: Diagram, reviewer, reason: str) -> Diagram:
    """Marks a diagram as bad, with the reason staff gave; it is never exported."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(NO_REASON_ERROR)
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            f"The reason is {len(reason):,} characters long; the limit is {REASON_MAX_CHARS:,}."
        )
    _record(diagram=diagram, reviewer=reviewer, state=ReviewState.REJECTED, reason=reason)
    return diagram


@transaction.atomic
def diagram_correct(*, diagram: Diagram, reviewer, code: str, note: str = "") -> Diagram:
    """Saves staff's corrected code as a new version and sends it to be rendered again.

    The same checks as a user's edit apply (size, `!include`); bad code raises
    ValidationError and changes nothing.
    """
    from diagrams import services

    note = (note or "").strip()
    corrected = services.diagram_replace_code(
        diagram=diagram,
        code=code,
        source=DiagramVersion.Source.CORRECTED,
        author=reviewer,
        note=note,
    )
    _record(diagram=corrected, reviewer=reviewer, state=ReviewState.CORRECTED, reason=note)
    return corrected


def training_diagrams(
    *, since: datetime | None = None, diagrams: QuerySet | None = None
) -> QuerySet:
    """Approved and corrected diagrams whose current code rendered, oldest review first.

    A correction counts once its code has rendered: code PlantUML cannot draw would teach
    the model nothing good. Diagrams whose code changed after the review wait for another
    one. `since` keeps reviews made at or after that moment.
    """
    queryset = Diagram.objects.all() if diagrams is None else diagrams
    queryset = (
        queryset.filter(review_state__in=TRAINING_STATES, status=Diagram.Status.DONE)
        .exclude(plantuml="")
        # Code pasted in by a user has no scenario the model was asked about.
        .exclude(model_name="")
        # Code changed since the review (an edit, a refine) is not what staff looked at.
        .exclude(
            Exists(
                DiagramVersion.objects.filter(
                    diagram=OuterRef("pk"), created_at__gt=OuterRef("reviewed_at")
                )
            )
        )
    )
    if since is not None:
        queryset = queryset.filter(reviewed_at__gte=since)
    return (
        queryset.select_related(None)
        .select_related("scenario")
        .only(
            "id",
            "diagram_type",
            "rendered_type",
            "plantuml",
            "refine_request",
            "reviewed_at",
            "scenario__text",
        )
        .order_by("reviewed_at", "id")
    )


def training_row(diagram: Diagram) -> dict:
    """One row of the training data set: `<s>[INST]{prompt}[/INST]{code}</s>`, and the type drawn.

    The prompt is the data set's own, for the scenario the model was given and the type it
    was asked for, so training reads these rows exactly as it reads the data set's.
    """
    prompt = build_prompt(diagram.model_scenario, diagram.diagram_type, "inst")
    row = {"text": f"{prompt}{diagram.plantuml.strip()}</s>"}
    if diagram.rendered_type in DIAGRAM_TYPES:
        row["type"] = diagram.rendered_type
    return row


def training_lines(diagrams: Iterable[Diagram]) -> Iterator[str]:
    """JSONL lines, newline included, for the given diagrams."""
    for diagram in diagrams:
        yield json.dumps(training_row(diagram), ensure_ascii=False) + "\n"
