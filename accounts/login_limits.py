"""Slows down password guessing and mass sign-ups, counted in the shared cache.

Failed log-ins are counted per account and per client address over a window; once either
count reaches its limit, log-ins for that account (or from that address) are refused until
the window ends, even with the right password. Sign-ups and password-reset requests are
counted per address. A cache that cannot be reached lets requests through: it must not lock
everyone out.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SIGNUP_WINDOW = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry that the trusted proxies added.

    Behind PLANTWEB_TRUSTED_PROXIES proxies, each appends the address it saw to
    X-Forwarded-For, so the client is that many entries from the end; entries before it are
    whatever the client sent, and are never trusted.
    """
    proxies = settings.PLANTWEB_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, value: str) -> str:
    # Hashed: user names and addresses are not kept readable in the cache, and any name fits.
    return f"login-limit:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(key: str) -> int:
    try:
        return int(cache.get(key) or 0)
    except (RedisError, OSError):
        logger.warning("Login limit cache unreachable; not counting")
        return 0


def _add(key: str, window: int) -> None:
    try:
        cache.add(key, 0, timeout=window)
        cache.incr(key)
    except ValueError:
        pass  # The window ended between add and incr: the next failure starts a new one.
    except (RedisError, OSError):
        logger.warning("Login limit cache unreachable; not counting")


def login_refused(*, request: HttpRequest, username: str) -> bool:
    """True when the account or the address has failed too often in the current window."""
    account = settings.PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT
    address = settings.PLANTWEB_LOGIN_FAILURES_PER_ADDRESS
    return bool(
        (account and _count(_key("account", username.lower())) >= account)
        or (address and _count(_key("address", client_address(request))) >= address)
    )


def login_failed(*, request: HttpRequest, username: str) -> None:
    window = settings.PLANTWEB_LOGIN_LOCKOUT_SECONDS
    _add(_key("account", username.lower()), window)
    _add(_key("address", client_address(request)), window)


def login_succeeded(*, username: str) -> None:
    """The owner got in: their account's count starts again (the address's does not)."""
    try:
        cache.delete(_key("account", username.lower()))
    except (RedisError, OSError):
        logger.warning("Login limit cache unreachable; not reset")


def signup_refused(*, request: HttpRequest) -> bool:
    """True when the address has signed up or asked for password resets too often this hour."""
    limit = settings.PLANTWEB_SIGNUPS_PER_HOUR
    return bool(limit and _count(_key("signup", client_address(request))) >= limit)


def signup_counted(*, request: HttpRequest) -> None:
    """Counts a sign-up or a password-reset request (each sends mail or makes an account)."""
    _add(_key("signup", client_address(request)), SIGNUP_WINDOW)
