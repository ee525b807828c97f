"""The job queue unreachable: submissions and edits are saved and answered, then finished.

The database is the record of what is queued. A web process that cannot reach Redis still saves
the job and answers with what the row holds (queued, never a 500); once the broker is back, the
workers' reaper sends what was never sent, and the job ends done.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from diagrams import pipeline
from diagrams.models import Diagram
from tests.conftest import _database_url
from tests.tiny_model import DEFAULT_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
SCENARIO, TYPE, _ = DEFAULT_EXAMPLES[0]
NEW_CODE = "@startuml\nclass Renamed\n@enduml"

SUBMIT = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient
user = get_user_model().objects.get(username="alice")
api = APIClient()
api.force_authenticate(user)
answer = api.post(
    "/api/v1/diagrams/", {"scenario": sys.argv[1], "type": sys.argv[2]}, format="json"
)
web = Client()
web.force_login(user)
page = web.post("/", {"text": sys.argv[1], "requested_type": sys.argv[2]}, follow=True)
print(json.dumps({"api": answer.status_code, "body": answer.json(), "web": page.status_code,
                  "page": page.content.decode()}))
"""

EDIT = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from diagrams import services
from diagrams.models import Diagram
user = get_user_model().objects.get(username="alice")
diagram = Diagram.objects.get(pk=int(sys.argv[1]))
services.diagram_update_code(user=user, diagram=diagram, code=sys.argv[2])
"""


def _without_broker(code: str, *args: str) -> subprocess.CompletedProcess:
    """Runs code in a web-like process whose Redis (broker and cache) refuses connections."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "plantweb.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": _database_url(connection.settings_dict),
        # Port 9 (discard) is closed on loopback: the connection is refused at once.
        "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
    }
    env.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def _reap_as_if_long_ago(*diagram_ids: int) -> None:
    """Runs the reaper (as a worker would) once the jobs have waited past the re-send delay."""
    long_ago = timezone.now() - timedelta(hours=1)
    Diagram.objects.filter(pk__in=diagram_ids).update(dispatched_at=long_ago)
    pipeline.reap()


@pytest.mark.django_db(transaction=True)
def test_a_submission_without_a_broker_is_saved_answered_queued_and_finished_later(
    alice, celery_workers, wait_for_diagram
):
    """
    GIVEN a web process whose Redis broker does not answer
    WHEN a user submits a scenario through the API and through the page
    THEN both answer at once with the saved row's status, queued (202, the page says Queued),
         and once the broker answers again the reaper sends them and they end done
    """
    result = _without_broker(SUBMIT, SCENARIO, TYPE)
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["api"] == 202
    assert answers["body"]["status"] == "queued"
    assert answers["web"] == 200
    assert 'data-status="queued"' in answers["page"]
    queued = list(Diagram.objects.order_by("pk").values_list("pk", "status"))
    assert [status for _, status in queued] == ["queued", "queued"]
    assert answers["body"]["id"] == queued[0][0]

    _reap_as_if_long_ago(*(pk for pk, _ in queued))

    for pk, _ in queued:
        diagram = wait_for_diagram(pk)
        assert diagram.status == "done", diagram.error_message


@pytest.mark.django_db(transaction=True)
def test_a_code_edit_without_a_broker_keeps_the_old_image_until_the_new_one_is_drawn(
    alice, alice_client, celery_workers, wait_for_diagram
):
    """
    GIVEN a finished diagram with its image
    WHEN its owner edits the code while the broker does not answer
    THEN the edit is saved, waiting to be rendered, with the old image kept; once the broker is
         back the new code is rendered and replaces it
    """
    alice_client.post("/", {"text": SCENARIO, "requested_type": TYPE})
    diagram = wait_for_diagram(Diagram.objects.latest("pk").pk)
    assert diagram.status == "done"
    old_png = bytes(diagram.png)

    _without_broker(EDIT, str(diagram.pk), NEW_CODE)

    diagram.refresh_from_db()
    assert diagram.status == "rendering"
    assert diagram.plantuml == NEW_CODE
    assert bytes(diagram.png) == old_png

    _reap_as_if_long_ago(diagram.pk)

    diagram = wait_for_diagram(diagram.pk)
    assert diagram.status == "done"
    assert "Renamed" in diagram.svg
    assert bytes(diagram.png) != old_png
