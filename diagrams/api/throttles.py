"""Per-user limits on the API calls that start work on the workers."""

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class _UserWriteThrottle(SimpleRateThrottle):
    """Counts a user's writes to one scope; reads are never limited.

    The rate is read from settings on each request (not once at import), so it follows the
    environment and test overrides alike.
    """

    setting_name = ""

    def get_rate(self) -> str:
        return getattr(settings, self.setting_name)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            # A cache that cannot be reached must not take the API down with it.
            logger.warning("Rate limit cache unreachable; %s request let through", self.scope)
            return True


class SubmitThrottle(_UserWriteThrottle):
    """Scenarios and refine requests: each one is a model run on the GPU worker."""

    scope = "submit"
    setting_name = "PLANTWEB_API_SUBMIT_RATE"


class RenderThrottle(_UserWriteThrottle):
    """Code sent to be rendered: render-only jobs and code edits."""

    scope = "render"
    setting_name = "PLANTWEB_API_RENDER_RATE"
