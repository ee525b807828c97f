"""The history page: the user's diagrams, newest first, searchable, paginated, without blobs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagrams import selectors, services
from diagrams.models import Diagram

pytestmark = pytest.mark.django_db


def _submit(user, text: str) -> Diagram:
    return services.diagram_submit(user=user, text=text, requested_type="class")


def test_it_lists_newest_first_with_status(alice_client, alice):
    _submit(alice, "Older scenario about libraries")
    _submit(alice, "Newer scenario about shops")

    body = alice_client.get(reverse("diagram_history")).content.decode()

    assert body.index("Newer scenario about shops") < body.index("Older scenario about libraries")
    assert "Queued" in body


def test_it_shows_a_thumbnail_of_a_finished_diagram(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    body = alice_client.get(reverse("diagram_history")).content.decode()

    assert f'<img src="{reverse("diagram_png", args=[diagram.pk])}?v=' in body


def test_it_searches_the_scenario_text(alice_client, alice):
    _submit(alice, "A library lends books")
    _submit(alice, "A shop sells bicycles")

    body = alice_client.get(reverse("diagram_history"), {"q": "BICYCLE"}).content.decode()

    assert "A shop sells bicycles" in body
    assert "A library lends books" not in body


def test_a_search_with_a_nul_character_searches_without_it(alice_client, alice):
    _submit(alice, "A shop sells bicycles")

    response = alice_client.get(reverse("diagram_history"), {"q": "bicy\x00cle"})

    assert response.status_code == 200
    assert "A shop sells bicycles" in response.content.decode()


def test_it_filters_by_status(alice_client, alice, rendered_diagram):
    rendered_diagram(alice, text="A finished one")
    _submit(alice, "A queued one")

    body = alice_client.get(reverse("diagram_history"), {"status": "done"}).content.decode()

    assert "A finished one" in body
    assert "A queued one" not in body


def test_it_filters_by_diagram_type_and_keeps_the_filters_across_pages(
    alice_client, alice, settings
):
    """
    GIVEN class and sequence diagrams
    WHEN the history is filtered by type, as the API's list can be
    THEN only that type is listed, and the page links keep the search and the filter
    """
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0  # All 23 stay queued here: no worker runs.
    for number in range(22):
        _submit(alice, f"Class scenario {number:02d}")
    services.diagram_submit(user=alice, text="A sequence scenario", requested_type="sequence")

    body = alice_client.get(reverse("diagram_history"), {"type": "sequence"}).content.decode()
    classes = alice_client.get(
        reverse("diagram_history"), {"type": "class", "q": "scenario"}
    ).content.decode()
    unknown = alice_client.get(reverse("diagram_history"), {"type": "nonsense"})

    assert "A sequence scenario" in body and "Class scenario" not in body
    assert '<option value="sequence" selected>' in body
    assert "A sequence scenario" not in classes and "Page 1 of 2" in classes
    assert 'href="?page=2&amp;q=scenario&amp;type=class"' in classes
    assert unknown.status_code == 200 and "A sequence scenario" in unknown.content.decode()


def test_an_entry_shows_its_text_once(alice_client, alice):
    _submit(alice, "A shop sells bicycles to riders")
    long_line = "A library lends books to its members " * 4
    _submit(alice, f"{long_line}\nMembers pay a yearly fee.")

    body = alice_client.get(reverse("diagram_history")).content.decode()

    assert body.count("A shop sells bicycles to riders") == 1
    assert body.count("A library lends books to its members A library") == 1
    assert "Members pay a yearly fee." in body


def test_it_pages_by_twenty(alice_client, alice, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0  # All 25 stay queued here: no worker runs.
    for number in range(25):
        _submit(alice, f"Scenario number {number:02d}")

    first = alice_client.get(reverse("diagram_history")).content.decode()
    second = alice_client.get(reverse("diagram_history"), {"page": 2}).content.decode()

    assert "Scenario number 24" in first and "Scenario number 05" in first
    assert "Scenario number 04" not in first
    assert "Scenario number 04" in second and "Scenario number 00" in second
    assert "Page 2 of 2" in second


def test_it_says_when_nothing_matches(alice_client, alice):
    _submit(alice, "A library lends books")

    body = alice_client.get(reverse("diagram_history"), {"q": "spaceship"}).content.decode()

    assert "No diagrams match." in body


def test_lists_never_load_the_images(alice, rendered_diagram):
    rendered_diagram(alice)

    with CaptureQueriesContext(connection) as queries:
        list(selectors.diagram_list(user=alice))

    [query] = queries.captured_queries
    assert '"png"' not in query["sql"] and '"svg"' not in query["sql"]
