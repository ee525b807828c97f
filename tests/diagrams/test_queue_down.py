"""A submission when the job queue cannot be reached ends failed, never queued forever."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from diagrams.models import Diagram
from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]

SUBMIT = """
import django
django.setup()
from django.contrib.auth import get_user_model
from diagrams import services
user = get_user_model().objects.get(username="alice")
diagram = services.diagram_submit(user=user, text="A shop sells books.", requested_type="auto")
print(diagram.pk)
"""


@pytest.mark.django_db(transaction=True)
def test_a_submission_without_a_broker_fails_with_a_clear_message(alice):
    """
    GIVEN a web process whose Redis broker does not answer
    WHEN a user submits a scenario
    THEN the request still completes, and the diagram is failed with the reason, not queued
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "plantweb.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        # Port 9 (discard) is closed on loopback: the connection is refused at once.
        "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", SUBMIT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    diagram = Diagram.objects.get(pk=int(result.stdout.split()[-1]))
    assert diagram.status == "failed"
    assert (
        diagram.error_message
        == "The job queue could not be reached, so this diagram was not started."
    )
