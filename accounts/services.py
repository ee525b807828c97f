"""Every write to API tokens, always for the user asking."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from accounts.models import ApiToken, hash_key

KEY_PREFIX = "pw_"
MAX_TOKENS_PER_USER = 20


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Makes a token for the user; returns it with its key, which is never available again."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the token a name, such as the program that will use it.")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError("The name is too long; keep it under 100 characters.")
    # Lock the user's row so two requests at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            f"You have {MAX_TOKENS_PER_USER} tokens already; revoke one you no longer use."
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_key(key), last_characters=key[-4:]
    )
    return token, key


def api_token_revoke(*, user, pk: int) -> None:
    """Deletes one of the user's tokens; programs using it are refused from now on."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise Http404("No such token")
