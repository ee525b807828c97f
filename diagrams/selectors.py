"""Every read of diagrams, always scoped to the user asking."""

import difflib
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.http import Http404

from diagrams.models import Diagram, DiagramVersion

# Rows (each with its PNG and SVG) held in memory at once while the history zip is written.
HISTORY_CHUNK_SIZE = 20


def diagram_list(
    *,
    user,
    query: str | None = None,
    status: str | None = None,
    diagram_type: str | None = None,
) -> QuerySet:
    """The user's diagrams, newest first, without their image bytes."""
    diagrams = (
        Diagram.objects.filter(scenario__owner=user)
        .select_related("scenario")
        .defer("png", "svg")
        .order_by("-created_at", "-id")
    )
    if query:
        diagrams = diagrams.filter(Q(scenario__text__icontains=query))
    if status:
        diagrams = diagrams.filter(status=status)
    if diagram_type:
        diagrams = diagrams.filter(diagram_type=diagram_type)
    return diagrams


def diagram_get(*, user, pk: int, with_images: bool = False) -> Diagram:
    """The user's diagram, or Http404 for a diagram that is someone else's or does not exist.

    Someone else's diagram answers exactly like a missing one, so ids cannot be probed.
    """
    diagrams = Diagram.objects.filter(scenario__owner=user).select_related("scenario")
    if not with_images:
        diagrams = diagrams.defer("png", "svg")
    try:
        return diagrams.get(pk=pk)
    except Diagram.DoesNotExist:
        raise Http404("No such diagram") from None


def diagram_history(*, user) -> Iterator[Diagram]:
    """The user's own diagrams, oldest first, fetched in small chunks."""
    return (
        Diagram.objects.filter(scenario__owner=user)
        .select_related("scenario")
        .only(
            "id",
            "status",
            "diagram_type",
            "rendered_type",
            "plantuml",
            "png",
            "svg",
            "content_hash",
            "error_message",
            "error_line",
            "created_at",
            "scenario__text",
            "scenario__requested_type",
        )
        .order_by("created_at", "id")
        .iterator(chunk_size=HISTORY_CHUNK_SIZE)
    )


def diagram_check_owner(*, user, diagram: Diagram) -> None:
    """Http404 unless the diagram is the user's: someone else's answers like a missing one."""
    if diagram.scenario.owner_id != user.pk:
        raise Http404("No such diagram")


def diagram_versions(*, user, diagram: Diagram) -> QuerySet:
    """The diagram's versions, newest first, without their image bytes; Http404 if not theirs."""
    diagram_check_owner(user=user, diagram=diagram)
    return (
        DiagramVersion.objects.filter(diagram=diagram, diagram__scenario__owner=user)
        .select_related("author")
        .defer("png", "svg")
        .order_by("-number")
    )


def version_last_drawn(*, user, diagram: Diagram) -> DiagramVersion | None:
    """The newest version with an image, shown while a new one is being made; None if none."""
    diagram_check_owner(user=user, diagram=diagram)
    return (
        DiagramVersion.objects.filter(diagram=diagram, diagram__scenario__owner=user)
        .exclude(content_hash="")
        .filter(error_message="")
        .defer("png", "svg")
        .order_by("-number")
        .first()
    )


def version_get(
    *, user, diagram: Diagram, number: int, with_images: bool = False
) -> DiagramVersion:
    """One version of the user's diagram by its number, or Http404."""
    diagram_check_owner(user=user, diagram=diagram)
    versions = DiagramVersion.objects.filter(diagram=diagram, diagram__scenario__owner=user)
    if not with_images:
        versions = versions.defer("png", "svg")
    try:
        return versions.select_related("author").get(number=number)
    except DiagramVersion.DoesNotExist:
        raise Http404("No such version") from None


def version_diff(*, user, diagram: Diagram, old: int, new: int) -> list[tuple[str, str]]:
    """The unified diff from one version's code to another's, as (kind, line) pairs.

    kind is "file", "hunk", "add", "del" or "same", for the page to mark the lines with.
    """
    before = version_get(user=user, diagram=diagram, number=old)
    after = version_get(user=user, diagram=diagram, number=new)
    lines = difflib.unified_diff(
        before.plantuml.splitlines(),
        after.plantuml.splitlines(),
        fromfile=f"Version {old}",
        tofile=f"Version {new}",
        lineterm="",
    )
    # The first two lines name the versions; a code line may start with "---" too.
    return [("file" if i < 2 else _diff_kind(line), line) for i, line in enumerate(lines)]


def _diff_kind(line: str) -> str:
    if line.startswith("@@"):
        return "hunk"
    return {"+": "add", "-": "del"}.get(line[:1], "same")


def version_image_hash(*, user, pk: int, number: int) -> str | None:
    """The content hash of a version's image, None when it has none or is not the user's."""
    row = (
        DiagramVersion.objects.filter(diagram_id=pk, number=number, diagram__scenario__owner=user)
        .values("content_hash", "error_message")
        .first()
    )
    if row is None or not row["content_hash"] or row["error_message"]:
        return None
    return row["content_hash"]


def diagram_not_drawn(*, diagram: Diagram) -> list[str]:
    """Names the scenario gives that the diagram's current code leaves out (empty while the
    diagram has no code, or was made from code)."""
    from worker.coverage import not_drawn

    if diagram.is_running or not diagram.plantuml or not diagram.scenario.text:
        return []
    return not_drawn(diagram.scenario.text, diagram.plantuml, diagram.diagram_type)
