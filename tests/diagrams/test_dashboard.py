"""Staff see a dashboard of diagrams per day, render success, models and review counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diagrams import services
from diagrams.models import Diagram, DiagramVersion, ReviewState

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:diagrams_diagram_dashboard"


def _diagram(user, days_ago: int = 0, **fields) -> Diagram:
    diagram = services.diagram_submit(user=user, text="A scenario", requested_type="class")
    created = timezone.now() - timedelta(days=days_ago)
    Diagram.objects.filter(pk=diagram.pk).update(created_at=created, **fields)
    return diagram


def _stat(body: str, name: str, within: str = "") -> str:
    if within:
        body = re.search(rf"<tr {within}>(.*?)</tr>", body, re.DOTALL).group(1)
    return re.search(rf'data-stat="{name}">([^<]*)<', body).group(1).strip()


def test_the_numbers_shown_match_the_rows(staff_client, alice, bob):
    _diagram(
        alice,
        status="done",
        model_name="model-a",
        attempts=1,
        candidates=2,
        generation_seconds=1.0,
        review_state=ReviewState.APPROVED,
    )
    _diagram(
        bob,
        days_ago=3,
        status="failed",
        model_name="model-a",
        attempts=2,
        candidates=4,
        generation_seconds=3.0,
        review_state=ReviewState.REJECTED,
    )
    _diagram(
        alice,
        days_ago=40,
        status="done",
        model_name="model-b",
        attempts=1,
        candidates=1,
        generation_seconds=0.5,
    )
    _diagram(bob)  # still queued, no model yet

    response = staff_client.get(reverse(DASHBOARD))

    body = response.content.decode()
    assert response.status_code == 200
    assert [_stat(body, n) for n in ("total", "finished", "done", "failed", "success-rate")] == [
        "4",
        "3",
        "2",
        "1",
        "67%",
    ]

    days = dict(re.findall(r'<g data-day="([\d-]+)" data-count="(\d+)">', body))
    today = timezone.localdate()
    three_days_ago = timezone.localtime(timezone.now() - timedelta(days=3)).date()
    assert len(days) == 30
    assert days[today.isoformat()] == "2"
    assert days[three_days_ago.isoformat()] == "1"
    assert sum(int(count) for count in days.values()) == 3
    assert _stat(body, "days-total") == "3"

    model_a = 'data-model="model-a"'
    model_b = 'data-model="model-b"'
    assert [
        _stat(body, name, model_a)
        for name in (
            "diagrams",
            "success-rate",
            "mean-attempts",
            "mean-candidates",
            "mean-generation-seconds",
        )
    ] == ["2", "50%", "1.50", "3.00", "2.00 s"]
    assert _stat(body, "mean-generation-seconds", model_b) == "0.50 s"
    assert _stat(body, "success-rate", model_b) == "100%"

    reviews = {
        state: _stat(body, "count", f'data-review="{state}"') for state in ReviewState.values
    }
    assert reviews == {"unreviewed": "2", "approved": "1", "rejected": "1", "corrected": "0"}


def test_a_failed_hand_edit_is_not_counted_against_the_model(staff_client, alice):
    """
    GIVEN two diagrams the model drew, one of which its owner then broke by hand
    WHEN staff open the dashboard
    THEN the model's render success counts only the code the model wrote, and the failed
    hand edit is counted with the hand edits
    """
    drawn = _diagram(alice, status="done", model_name="model-a", attempts=1, candidates=1)
    broken = _diagram(alice, status="failed", model_name="model-a", attempts=1, candidates=1)
    for diagram in (drawn, broken):
        DiagramVersion.objects.create(
            diagram=diagram, number=1, source="generated", model_name="model-a", content_hash="x"
        )
    DiagramVersion.objects.create(
        diagram=broken, number=2, source="edited", author=alice, error_message="Syntax Error?"
    )

    body = staff_client.get(reverse(DASHBOARD)).content.decode()

    model_a = 'data-model="model-a"'
    assert [_stat(body, name, model_a) for name in ("diagrams", "success-rate")] == ["2", "100%"]
    model, hand = 'data-author="model"', 'data-author="hand"'
    assert [_stat(body, n, model) for n in ("finished", "done", "failed")] == ["1", "1", "0"]
    assert [_stat(body, n, hand) for n in ("finished", "done", "failed", "success-rate")] == [
        "1",
        "0",
        "1",
        "0%",
    ]


def test_an_empty_dashboard_shows_zeros_not_errors(staff_client):
    response = staff_client.get(reverse(DASHBOARD))

    body = response.content.decode()
    assert response.status_code == 200
    assert _stat(body, "total") == "0"
    assert _stat(body, "success-rate") == "–"
    assert "No diagram has been generated yet." in body


def test_the_diagram_list_links_to_the_dashboard(staff_client):
    body = staff_client.get(reverse("admin:diagrams_diagram_changelist")).content.decode()

    assert f'href="{reverse(DASHBOARD)}"' in body
