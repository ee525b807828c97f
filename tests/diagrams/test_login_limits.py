"""Password guessing and mass sign-ups are slowed down, per account and per address."""

import time

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, username: str, password: str, address: str = "203.0.113.7", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _sign_up(client, username: str, address: str = "203.0.113.7"):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("signup"), data, REMOTE_ADDR=address)


def test_an_account_is_locked_after_failed_log_ins_even_for_the_right_password(
    client, alice, settings
):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 3

    failures = [_log_in(client, "alice", "wrong") for _ in range(3)]
    locked = _log_in(client, "alice", PASSWORD)

    assert [f.status_code for f in failures] == [200, 200, 200]
    assert "Please enter a correct username and password" in failures[0].content.decode()
    assert locked.status_code == 429
    assert "Too many failed log-ins for this account or from your address" in (
        locked.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # From another address too: the lock is on the account. Other accounts are not locked.
    assert _log_in(client, "ALICE", PASSWORD, address="198.51.100.2").status_code == 429


def test_the_lock_ends_with_its_window(client, alice, settings):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 2
    settings.PLANTWEB_LOGIN_LOCKOUT_SECONDS = 6
    _log_in(client, "alice", "wrong")
    window_ends = time.monotonic() + 6  # The window opened during that request, at the latest.
    _log_in(client, "alice", "wrong")
    assert _log_in(client, "alice", PASSWORD).status_code == 429

    time.sleep(max(0.0, window_ends - time.monotonic()) + 0.5)

    assert _log_in(client, "alice", PASSWORD).status_code == 302


def test_an_address_guessing_many_accounts_is_locked(client, alice, bob, settings):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 100
    settings.PLANTWEB_LOGIN_FAILURES_PER_ADDRESS = 4

    for name in ("alice", "bob", "carol", "dave"):
        assert _log_in(client, name, "wrong").status_code == 200

    assert _log_in(client, "bob", PASSWORD).status_code == 429
    # Another address logs in as usual.
    assert _log_in(client, "bob", PASSWORD, address="198.51.100.2").status_code == 302


def test_a_successful_log_in_clears_the_accounts_failures(client, alice, settings):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 3
    _log_in(client, "alice", "wrong")
    _log_in(client, "alice", "wrong")
    assert _log_in(client, "alice", PASSWORD).status_code == 302

    later = client.__class__()
    _log_in(later, "alice", "wrong")
    _log_in(later, "alice", "wrong")

    assert _log_in(later, "alice", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, alice, settings):
    settings.PLANTWEB_TRUSTED_PROXIES = 1
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 100
    settings.PLANTWEB_LOGIN_FAILURES_PER_ADDRESS = 2
    proxy = "10.0.0.2"
    # A client cannot pick its address: the proxy appends the one it saw, the last entry.
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        _log_in(client, "x", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.9")

    locked = _log_in(client, "alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = _log_in(client, "alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert (locked.status_code, other.status_code) == (429, 302)


def test_sign_ups_are_limited_per_address(client, django_user_model, settings):
    settings.PLANTWEB_SIGNUPS_PER_HOUR = 2

    first, second = _sign_up(client, "carol"), _sign_up(client.__class__(), "dave")
    refused = _sign_up(client.__class__(), "erin")

    assert (first.status_code, second.status_code, refused.status_code) == (302, 302, 429)
    assert "Too many accounts or password resets were asked for from your address" in (
        refused.content.decode()
    )
    assert not django_user_model.objects.filter(username="erin").exists()
    assert _sign_up(client.__class__(), "erin", address="198.51.100.2").status_code == 302


def test_the_admin_log_in_counts_and_is_locked_with_the_sites(client, admin_user, settings):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 2
    url = reverse("admin:login")
    client.post(url, {"username": admin_user.username, "password": "wrong"})
    _log_in(client, admin_user.username, "wrong", address="127.0.0.1")

    response = client.post(url, {"username": admin_user.username, "password": "password"})

    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_limit_cache_that_cannot_be_reached_locks_nobody_out(client, alice, settings):
    settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = 1
    unreachable = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    settings.CACHES = {"default": unreachable}

    assert _log_in(client, "alice", "wrong").status_code == 200
    assert _log_in(client, "alice", PASSWORD).status_code == 302
    assert _sign_up(client.__class__(), "carol").status_code == 302
