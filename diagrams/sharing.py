"""Read-only share links: an unguessable token per diagram, off until its owner turns it on.

Revoking clears the token, so the old link stops working for good; sharing again makes a new
one rather than bringing the old one back.
"""

import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from diagrams.models import Diagram
from diagrams.selectors import diagram_check_owner


@transaction.atomic
def diagram_share(*, user, diagram: Diagram) -> str:
    """Turns sharing on and returns the link's token; a shared diagram keeps its token."""
    diagram_check_owner(user=user, diagram=diagram)
    locked = Diagram.objects.select_for_update().only("share_token").get(pk=diagram.pk)
    if locked.share_token:
        token = locked.share_token
    else:
        # 32 random bytes: far beyond guessing, and URL-safe as it is.
        token = secrets.token_urlsafe(32)
        Diagram.objects.filter(pk=diagram.pk).update(share_token=token, shared_at=timezone.now())
    diagram.share_token = token
    diagram.shared_at = Diagram.objects.values_list("shared_at", flat=True).get(pk=diagram.pk)
    return token


def diagram_unshare(*, user, diagram: Diagram) -> None:
    """Turns sharing off; the link answers 404 from now on."""
    diagram_check_owner(user=user, diagram=diagram)
    Diagram.objects.filter(pk=diagram.pk).update(share_token=None, shared_at=None)
    diagram.share_token = None
    diagram.shared_at = None


def shared_diagram_get(*, token: str, with_images: bool = False) -> Diagram:
    """The diagram shared under token, or Http404 for a token that is unknown or revoked."""
    # No token holds NUL, which PostgreSQL could not even compare.
    if not token or "\x00" in token:
        raise Http404("No such shared diagram")
    diagrams = Diagram.objects.filter(share_token=token).select_related("scenario")
    if not with_images:
        diagrams = diagrams.defer("png", "svg")
    try:
        return diagrams.get()
    except Diagram.DoesNotExist:
        raise Http404("No such shared diagram") from None
