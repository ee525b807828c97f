"""Error pages in the site's own look, and its icon."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from diagrams import sharing
from diagrams.models import Diagram


@pytest.mark.django_db
def test_a_stopped_share_link_answers_with_the_sites_404_page(alice, rendered_diagram):
    """
    GIVEN a share link whose owner stopped sharing
    WHEN someone without an account opens it
    THEN they get a 404 in PlantWeb's look that says the link may have been stopped
    """
    diagram = rendered_diagram(alice)
    token = sharing.diagram_share(user=alice, diagram=diagram)
    sharing.diagram_unshare(user=alice, diagram=Diagram.objects.get(pk=diagram.pk))

    response = Client().get(reverse("shared_diagram", args=[token]))

    body = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-page"' in body and "Page not found" in body
    assert "share link stopped" in body and "plantweb.css" in body and "favicon.svg" in body


@pytest.mark.django_db
def test_someone_elses_diagram_gets_the_same_404_page(bob_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = bob_client.get(reverse("diagram_detail", args=[diagram.pk]))

    assert response.status_code == 404 and "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_403_page_that_says_what_to_do(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(reverse("home"), {"text": "A shop sells books."})

    body = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-page"' in body and "reload the page" in body


def test_a_server_error_page_is_in_the_sites_look(rf):
    response = server_error(rf.get("/"))

    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and "plantweb.css" in body


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301

    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
