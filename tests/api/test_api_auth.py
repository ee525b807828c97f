"""Every API endpoint needs a valid token or a logged-in session."""

import pytest

from accounts import services as account_services
from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/diagrams/"),
    ("post", "/api/v1/diagrams/"),
    ("get", "/api/v1/diagrams/1/"),
    ("delete", "/api/v1/diagrams/1/"),
    ("put", "/api/v1/diagrams/1/code/"),
    ("patch", "/api/v1/diagrams/1/code/"),
    ("post", "/api/v1/diagrams/1/refine/"),
    ("get", "/api/v1/diagrams/1/versions/"),
    ("get", "/api/v1/diagrams/1/diagram.png"),
    ("get", "/api/v1/diagrams/1/diagram.svg"),
    ("get", "/api/v1/diagrams/1/diagram.puml"),
    ("post", "/api/v1/renders/"),
]


@pytest.mark.parametrize("method, url", ENDPOINTS)
def test_without_credentials_every_endpoint_answers_401(anonymous_api, method, url):
    response = getattr(anonymous_api, method)(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": ["Authentication credentials were not provided."]}


@pytest.mark.parametrize("header", ["Token not-a-real-key", "Token ", "Token a b", "Bearer x"])
def test_a_wrong_token_is_refused(anonymous_api, header):
    anonymous_api.credentials(HTTP_AUTHORIZATION=header)

    response = anonymous_api.get("/api/v1/diagrams/")

    assert response.status_code == 401
    assert list(response.json()) == ["detail"]


def test_a_revoked_token_stops_working(alice, alice_api):
    assert alice_api.get("/api/v1/diagrams/").status_code == 200

    token = ApiToken.objects.get(user=alice)
    account_services.api_token_revoke(user=alice, pk=token.pk)

    assert alice_api.get("/api/v1/diagrams/").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(alice, alice_api):
    alice.is_active = False
    alice.save()

    assert alice_api.get("/api/v1/diagrams/").status_code == 401


def test_using_a_token_records_when_it_was_last_used(alice, alice_api):
    assert ApiToken.objects.get(user=alice).last_used_at is None

    alice_api.get("/api/v1/diagrams/")

    assert ApiToken.objects.get(user=alice).last_used_at is not None


def test_a_logged_in_browser_reads_the_api_with_its_session(alice_client):
    response = alice_client.get("/api/v1/diagrams/")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_session_write_needs_the_csrf_token(alice_client):
    body = {"scenario": "A library lends books."}

    refused = alice_client.post(
        "/api/v1/diagrams/", body, content_type="application/json", csrf=False
    )
    accepted = alice_client.post("/api/v1/diagrams/", body, content_type="application/json")

    assert refused.status_code == 403
    assert refused.json()["detail"][0].startswith("CSRF Failed")
    assert accepted.status_code == 202
