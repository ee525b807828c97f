"""The API tokens page: make a token (its key shown once), see them by their last characters,
revoke one."""

import re

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/accounts/tokens/"


def _key(response) -> str:
    return re.search(r'<pre id="new-token">(pw_[\w-]+)</pre>', response.content.decode()).group(1)


def test_the_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_navigation_links_to_it(alice_client):
    assert f'href="{URL}"' in alice_client.get("/").content.decode()


def test_a_new_token_is_shown_once_and_works_on_the_api(alice_client, alice):
    created = alice_client.post(URL, {"name": "build server"})

    assert created.status_code == 200
    key = _key(created)
    token = ApiToken.objects.get(user=alice)
    assert token.name == "build server"
    assert key not in token.key_hash
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/diagrams/").status_code == 200

    listed = alice_client.get(URL).content.decode()
    assert key not in listed
    assert "build server" in listed
    assert f"…{key[-4:]}" in listed
    assert created["Cache-Control"].startswith("max-age=0")


def test_a_token_needs_a_name(alice_client):
    response = alice_client.post(URL, {"name": "   "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_working(alice_client, alice):
    key = _key(alice_client.post(URL, {"name": "laptop"}))
    token = ApiToken.objects.get(user=alice)

    response = alice_client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/diagrams/").status_code == 401


def test_bob_can_neither_see_nor_revoke_alices_tokens(alice_client, bob_client, alice):
    alice_client.post(URL, {"name": "alice's laptop"})
    token = ApiToken.objects.get(user=alice)

    assert "alice&#x27;s laptop" not in bob_client.get(URL).content.decode()
    assert bob_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post_with_csrf(alice_client, alice):
    alice_client.post(URL, {"name": "laptop"})
    token = ApiToken.objects.get(user=alice)

    assert alice_client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert alice_client.post(f"/accounts/tokens/{token.pk}/revoke/", csrf=False).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_there_is_a_limit_on_tokens(alice_client, alice):
    for n in range(20):
        alice_client.post(URL, {"name": f"token {n}"})

    response = alice_client.post(URL, {"name": "one too many"})

    assert response.status_code == 400
    assert "You have 20 tokens already" in response.content.decode()
    assert ApiToken.objects.filter(user=alice).count() == 20
