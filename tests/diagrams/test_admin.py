"""Staff see every diagram in the admin, with filters, the image previewed and the code readable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagrams import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(django_user_model):
    from tests.conftest import CsrfClient

    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client = CsrfClient()
    client.force_login(admin)
    return client


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
    for title in ("By status", "By diagram type", "By created at", "By owner"):
        assert title in done


def test_the_change_page_previews_the_image_and_shows_the_code(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice)

    body = staff_client.get(
        reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    ).content.decode()

    assert '<img src="data:image/png;base64,' in body
    assert "<pre" in body and "class Member {" in body


def test_regular_users_cannot_open_the_admin(alice_client):
    response = alice_client.get(reverse("admin:diagrams_diagram_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
