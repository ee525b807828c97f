"""Staff see every diagram in the admin, with filters, the image previewed and the code readable."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagrams import services
from diagrams.models import Diagram, ReviewState
from tests.diagrams.conftest import LIBRARY_SCENARIO

pytestmark = pytest.mark.django_db


def test_the_changelist_shows_every_users_diagrams_without_blobs(
    staff_client, alice, bob, rendered_diagram
):
    rendered_diagram(alice, text="Alice's library")
    services.diagram_submit(user=bob, text="Bob's shop", requested_type="auto")

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("admin:diagrams_diagram_changelist"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Alice&#x27;s library" in body and "Bob&#x27;s shop" in body
    diagram_queries = [q["sql"] for q in queries.captured_queries if "diagrams_diagram" in q["sql"]]
    assert diagram_queries
    assert all('"png"' not in sql and '"svg"' not in sql for sql in diagram_queries)


def test_the_changelist_filters_by_status_and_searches(staff_client, alice, rendered_diagram):
    rendered_diagram(alice, text="A finished library")
    services.diagram_submit(user=alice, text="A queued shop", requested_type="auto")
    url = reverse("admin:diagrams_diagram_changelist")

    done = staff_client.get(url, {"status__exact": "done"}).content.decode()
    found = staff_client.get(url, {"q": "shop"}).content.decode()

    assert "A finished library" in done and "A queued shop" not in done
    assert "A queued shop" in found and "A finished library" not in found
    for title in (
        "By status",
        "By diagram type",
        "By review state",
        "By model name",
        "By created at",
        "By owner",
    ):
        assert title in done


def test_the_changelist_filters_by_review_state_and_model(staff_client, alice, rendered_diagram):
    approved = rendered_diagram(alice, text="An approved library")
    rendered_diagram(alice, text="An unreviewed garage")
    Diagram.objects.filter(pk=approved.pk).update(
        review_state=ReviewState.APPROVED, model_name="other-model"
    )
    url = reverse("admin:diagrams_diagram_changelist")

    by_state = staff_client.get(url, {"review_state__exact": "approved"}).content.decode()
    by_model = staff_client.get(url, {"model_name": "test-model"}).content.decode()

    assert "An approved library" in by_state and "An unreviewed garage" not in by_state
    assert "An unreviewed garage" in by_model and "An approved library" not in by_model


def test_the_change_page_previews_the_image_and_shows_the_code(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice)

    body = staff_client.get(
        reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    ).content.decode()

    assert '<img src="data:image/png;base64,' in body
    assert "<pre" in body and "class Member {" in body
    assert LIBRARY_SCENARIO in body
    assert "test-model" in body
    assert reverse("admin:diagrams_diagram_correct", args=[diagram.pk]) in body


def test_the_code_is_shown_with_line_numbers_and_the_error_line_marked(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")
    assert diagram.error_line

    body = staff_client.get(
        reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    ).content.decode()

    lines = re.findall(
        r'<span( class="error-line"[^>]*)?><span[^>]*>(\d+) </span>([^<]*)</span>', body
    )
    assert [(number, text) for _, number, text in lines] == [
        ("1", "@startuml"),
        ("2", "class A {"),
        ("3", "@enduml"),
    ]
    marked = [number for attrs, number, _ in lines if attrs]
    assert marked == [str(diagram.error_line)]


def test_regular_users_cannot_open_the_admin(alice_client):
    response = alice_client.get(reverse("admin:diagrams_diagram_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_nobody_but_staff_reaches_any_review_page_or_action(
    who, client, alice, alice_client, rendered_diagram
):
    diagram = rendered_diagram(alice)
    visitor = alice_client if who == "alice" else client
    pages = [
        reverse("admin:index"),
        reverse("admin:diagrams_diagram_changelist"),
        reverse("admin:diagrams_diagram_change", args=[diagram.pk]),
        reverse("admin:diagrams_diagram_correct", args=[diagram.pk]),
        reverse("admin:diagrams_diagram_dashboard"),
    ]

    for url in pages:
        response = visitor.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    correction = visitor.post(pages[3], {"code": "@startuml\nclass Hacked\n@enduml"})
    actions = [
        visitor.post(pages[1], {"action": action, "_selected_action": [diagram.pk], "reason": "x"})
        for action in ("approve_selected", "reject_selected", "export_training_data")
    ]

    for response in [correction, *actions]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert b"@startuml" not in response.content
    diagram.refresh_from_db()
    assert diagram.review_state == ReviewState.UNREVIEWED
    assert "Hacked" not in diagram.plantuml


def test_staff_without_diagram_permissions_are_refused(django_user_model, alice, rendered_diagram):
    from tests.conftest import CsrfClient

    diagram = rendered_diagram(alice)
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client = CsrfClient()
    client.force_login(clerk)

    for url in (
        reverse("admin:diagrams_diagram_changelist"),
        reverse("admin:diagrams_diagram_correct", args=[diagram.pk]),
        reverse("admin:diagrams_diagram_dashboard"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("admin:diagrams_diagram_changelist"),
        {"action": "approve_selected", "_selected_action": [diagram.pk]},
    )
    assert response.status_code == 403
    diagram.refresh_from_db()
    assert diagram.review_state == ReviewState.UNREVIEWED


def test_the_jobs_outcome_is_read_only_and_its_times_are_rounded(
    staff_client, alice, rendered_diagram
):
    """
    GIVEN a failed diagram with its error and timings
    WHEN staff open its admin page and save it with changed status, type and error
    THEN those fields are shown, not offered for editing, and stay as the worker left them;
    the times read in hundredths of a second
    """
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")
    Diagram.objects.filter(pk=diagram.pk).update(generation_seconds=12.345678, render_seconds=0.5)
    url = reverse("admin:diagrams_diagram_change", args=[diagram.pk])

    page = staff_client.get(url).content.decode()
    staff_client.post(
        url,
        {"status": "done", "diagram_type": "sequence", "error_message": "", "error_line": ""},
    )

    for name in ("status", "diagram_type", "error_message", "error_line"):
        assert f'name="{name}"' not in page
    assert '<div class="readonly">12.35 s</div>' in page and "12.345678" not in page
    assert '<div class="readonly">0.50 s</div>' in page
    after = Diagram.objects.get(pk=diagram.pk)
    assert (after.status, after.diagram_type, after.error_message) == (
        "failed",
        "class",
        diagram.error_message,
    )
