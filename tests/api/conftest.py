"""Fixtures for the REST API's tests: API tokens for alice and bob, and clients that send them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from tests.diagrams.conftest import rendered_diagram  # noqa: F401  (shared fixture)


def _token_client(user) -> tuple[APIClient, str]:
    _, key = account_services.api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, key


@pytest.fixture
def alice_key(alice) -> str:
    return account_services.api_token_create(user=alice, name="alice's script")[1]


@pytest.fixture
def alice_api(alice_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {alice_key}")
    return client


@pytest.fixture
def bob_api(bob) -> APIClient:
    return _token_client(bob)[0]


@pytest.fixture
def anonymous_api() -> APIClient:
    return APIClient()
