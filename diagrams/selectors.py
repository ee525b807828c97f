"""Every read of diagrams, always scoped to the user asking."""

from django.db.models import Q, QuerySet
from django.http import Http404

from diagrams.models import Diagram


def diagram_list(*, user, query: str | None = None, status: str | None = None) -> QuerySet:
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
