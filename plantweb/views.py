"""Site-wide answers: the health report, and a 503 instead of a 500 while the database is down."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from diagrams.health import CHECKS, health

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = "PlantWeb cannot reach its database right now. Please try again in a minute."


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503 naming what is down; `?check=a,b` picks checks."""
    wanted = [name for name in request.GET.get("check", "").split(",") if name]
    unknown = sorted(set(wanted) - set(CHECKS))
    if unknown:
        return JsonResponse({"detail": f"Unknown checks: {', '.join(unknown)}."}, status=400)
    report = health(wanted or None)
    return JsonResponse(report, status=503 if report["down"] else 200)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500, except that a database that cannot be reached is a 503 with Retry-After."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return django_server_error(request)
    logger.error("Database unreachable: %s", error)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": DATABASE_DOWN}, status=503)
    else:
        # Rendered without the request: its context (user, session) would need the database.
        page = loader.render_to_string("503.html", {"message": DATABASE_DOWN})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
