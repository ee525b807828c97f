"""Every read of API tokens, always scoped to the user asking."""

from django.db.models import QuerySet

from accounts.models import ApiToken


def api_token_list(*, user) -> QuerySet:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
