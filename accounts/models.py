"""API tokens: keys programs send in `Authorization: Token <key>`, stored only as a hash."""

import hashlib

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The key itself is shown once when it is made; a leaked database gives no usable keys.
    key_hash = models.CharField(max_length=64, unique=True)
    # So a user can tell their keys apart without the key.
    last_characters = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.last_characters})"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
