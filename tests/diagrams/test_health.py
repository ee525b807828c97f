"""/healthz: the database, broker, renderer and workers, each checked; 503 naming what is down.

And while the database cannot be reached, pages and the API answer 503 with Retry-After
instead of a bare server error.
"""

import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from diagrams.models import WorkerHeartbeat
from tests.conftest import settings_python


def _wait_for_heartbeats(timeout: float = 40) -> None:
    """Both workers record a heartbeat every interval; a test database flush removes them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queues = set(WorkerHeartbeat.objects.values_list("queues", flat=True))
        if {"gpu", "render"} <= queues:
            return
        time.sleep(0.5)
    pytest.fail("the workers recorded no heartbeat")


@pytest.mark.django_db(transaction=True)
def test_it_answers_200_when_every_service_answers(
    client, celery_workers, plantuml_settings, tiny_model_dir
):
    _wait_for_heartbeats()

    answer = client.get("/healthz")

    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {
        "database",
        "broker",
        "renderer",
        "generation_worker",
        "render_worker",
    }
    assert body["checks"]["generation_worker"]["model"] == str(tiny_model_dir)
    assert body["checks"]["generation_worker"]["last_heartbeat"]


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_naming_the_renderer_when_plantuml_is_down(
    client, celery_workers, plantuml_settings, plantuml_server
):
    _wait_for_heartbeats()
    plantuml_server.stop()
    try:
        answer = client.get("/healthz")
        only_database = client.get("/healthz?check=database")
        with pytest.raises(CommandError, match="down: renderer"):
            call_command("health", "renderer", "database", stdout=open("/dev/null", "w"))
    finally:
        plantuml_server.start()

    assert answer.status_code == 503
    assert answer.json()["down"] == ["renderer"]
    assert answer.json()["checks"]["renderer"]["error"]
    assert only_database.status_code == 200


@pytest.mark.django_db
def test_it_says_the_generation_worker_is_down_when_its_heartbeat_is_old(client, settings):
    settings.PLANTWEB_REAPER_INTERVAL = 1
    WorkerHeartbeat.objects.all().delete()
    WorkerHeartbeat.objects.create(
        hostname="gpu@old", queues="gpu", model_name="m", seen_at="2020-01-01T00:00:00Z"
    )

    answer = client.get("/healthz?check=generation_worker,render_worker")

    assert answer.status_code == 503
    assert answer.json()["down"] == ["generation_worker", "render_worker"]
    assert answer.json()["checks"]["generation_worker"]["model"] == "m"


DATABASE_DOWN = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
# A signed-in browser: its session is read from the database.
client.cookies["sessionid"] = "s" * 32
answers = {}
for path in ("/healthz", "/api/v1/diagrams/", "/", "/diagrams/"):
    response = client.get(path, HTTP_AUTHORIZATION="Token pw_abc" if "api" in path else "")
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response["Content-Type"],
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


def test_it_answers_503_with_retry_after_while_the_database_is_down():
    """
    GIVEN a web process whose database and broker refuse connections
    WHEN the health report, the API and the site are asked for
    THEN each answers 503 with Retry-After: JSON on the API, a page on the site, and the
         health report names the database and the broker
    """
    result = settings_python(
        DATABASE_DOWN,
        DJANGO_SECRET_KEY="test-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/plantweb",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",
        PLANTUML_URL="http://127.0.0.1:9/plantuml",
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    health = answers["/healthz"]
    assert health["status"] == 503
    assert set(json.loads(health["body"])["down"]) >= {"database", "broker", "renderer"}
    api = answers["/api/v1/diagrams/"]
    assert (api["status"], api["retry_after"]) == (503, "30")
    assert api["type"] == "application/json"
    assert "cannot reach its database" in json.loads(api["body"])["detail"]
    for path in ("/", "/diagrams/"):
        page = answers[path]
        assert (page["status"], page["retry_after"]) == (503, "30")
        assert "Unavailable for a moment" in page["body"]
