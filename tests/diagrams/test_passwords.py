"""Users change their password, and reset a forgotten one by email, with Django's own views."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-new-Passw0rd-for-alice"


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@example.com"
    alice.save()
    return alice


def test_a_user_changes_their_password_and_stays_logged_in(alice, alice_client, client):
    page = alice_client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Change your password" in page.content.decode()

    response = alice_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert alice_client.get(reverse("diagram_history")).status_code == 200
    assert client.login(username="alice", password=NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(alice, alice_client, client):
    response = alice_client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert client.login(username="alice", password=PASSWORD)


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, alice_with_email):
    assert "Reset it" in client.get(reverse("login")).content.decode()

    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == "Reset your PlantWeb password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert set_password["Location"] == reverse("password_reset_complete")
    assert client.login(username="alice", password=NEW_PASSWORD)
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, alice_with_email):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_requests_are_limited_per_address(client, alice_with_email, settings):
    settings.PLANTWEB_SIGNUPS_PER_HOUR = 2
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": "alice@example.com"})

    refused = client.post(reverse("password_reset"), {"email": "alice@example.com"})

    assert refused.status_code == 429
    assert len(mail.outbox) == 2


def test_sign_up_takes_an_optional_email_for_resets(client, django_user_model):
    data = {"username": "carol", "password1": PASSWORD, "password2": PASSWORD}
    client.post(reverse("signup"), {**data, "email": "carol@example.com"})

    assert django_user_model.objects.get(username="carol").email == "carol@example.com"
    assert "needed only to reset a forgotten password" in (
        client.__class__().get(reverse("signup")).content.decode()
    )
