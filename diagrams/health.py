"""What /healthz reports: whether each service PlantWeb needs answers, checked now.

Each check returns a dict with "ok" and, when it fails, "error"; the workers' checks read the
heartbeat each worker records every PLANTWEB_REAPER_INTERVAL seconds, with the model a
generation worker has loaded.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from plantweb.celery import app

TIMEOUT = 3
# A worker that has not been heard of for this many of its intervals counts as down.
MISSED_HEARTBEATS = 3


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return {"ok": False, "error": _error(error)}
    return {"ok": True}


def check_broker() -> dict:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT)
    except Exception as error:
        return {"ok": False, "error": _error(error)}
    return {"ok": True}


def check_renderer() -> dict:
    from worker.render import PlantUMLClient, RenderError

    client = PlantUMLClient(settings.PLANTUML_URL, timeout=TIMEOUT, retries=0)
    try:
        client.render("@startuml\nclass Health\n@enduml", "svg")
    except RenderError as error:
        return {"ok": False, "error": error.message}
    finally:
        client.close()
    return {"ok": True}


def _check_worker(queue: str) -> dict:
    from diagrams.models import WorkerHeartbeat

    try:
        beat = (
            WorkerHeartbeat.objects.filter(queues__regex=rf"(^|,){queue}(,|$)")
            .order_by("-seen_at")
            .first()
        )
    except Exception as error:
        return {"ok": False, "error": _error(error)}
    if beat is None:
        return {"ok": False, "error": f"No worker on the {queue} queue has been seen."}
    stale = timedelta(seconds=MISSED_HEARTBEATS * settings.PLANTWEB_REAPER_INTERVAL + 10)
    report = {"ok": timezone.now() - beat.seen_at <= stale, "last_heartbeat": beat.seen_at}
    if queue == "gpu":
        report["model"] = beat.model_name
    if not report["ok"]:
        report["error"] = f"The {queue} worker's last heartbeat is too old."
    return report


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "renderer": check_renderer,
    "generation_worker": lambda: _check_worker("gpu"),
    "render_worker": lambda: _check_worker("render"),
}


def health(names: list[str] | None = None) -> dict:
    """Runs the named checks (all by default): {"status": "ok" or "down", "down": [...], ...}."""
    results = {name: CHECKS[name]() for name in names or CHECKS}
    down = [name for name, result in results.items() if not result["ok"]]
    return {"status": "down" if down else "ok", "down": down, "checks": results}
