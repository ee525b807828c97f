"""Signing up, logging in and out."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_up_logs_the_new_user_in(client, django_user_model):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert django_user_model.objects.filter(username="carol").exists()
    assert client.get(reverse("home")).status_code == 200


def test_signing_up_with_mismatched_passwords_shows_the_error(client, django_user_model):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert response.status_code == 400
    assert "The two password fields didn’t match." in response.content.decode()
    assert not django_user_model.objects.filter(username="carol").exists()


def test_logging_in_and_out(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("diagram_history")).status_code == 200

    # Logging in rotates the CSRF token, as a browser would see in its cookie.
    client.csrf_token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("diagram_history")).status_code == 302


def test_log_in_and_sign_up_pages_need_no_login(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("signup")).status_code == 200


def test_pages_send_the_csrf_token_to_htmx(alice_client):
    body = alice_client.get(reverse("home")).content.decode()

    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "/static/vendor/htmx.min.js" in body
