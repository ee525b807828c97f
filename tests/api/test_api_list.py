"""GET /api/v1/diagrams/: the caller's diagrams, paginated, filtered and searched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diagrams import services
from diagrams.models import Diagram

pytestmark = pytest.mark.django_db
URL = "/api/v1/diagrams/"


def _submit(user, text: str, diagram_type: str = "class") -> Diagram:
    return services.diagram_submit(user=user, text=text, requested_type=diagram_type)


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_it_lists_the_callers_diagrams_newest_first(alice_api, alice, bob):
    first = _submit(alice, "A library lends books.")
    second = _submit(alice, "A shop sells shoes.")
    _submit(bob, "Bob's own scenario.")

    response = alice_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert _ids(response) == [second.pk, first.pk]
    assert body["results"][0]["scenario"] == "A shop sells shoes."
    assert body["next"] is None


def test_it_pages_through_many_diagrams(alice_api, alice):
    made = [_submit(alice, f"Scenario number {n}.") for n in range(5)]

    page1 = alice_api.get(URL, {"page_size": 2})
    page3 = alice_api.get(page1.json()["next"].replace("page=2", "page=3"))

    assert page1.json()["count"] == 5
    assert _ids(page1) == [made[4].pk, made[3].pk]
    assert _ids(page3) == [made[0].pk]
    assert page3.json()["next"] is None
    assert page3.json()["previous"]


def test_a_page_past_the_end_is_404(alice_api, alice):
    _submit(alice, "Only one.")

    response = alice_api.get(URL, {"page": 9})

    assert response.status_code == 404
    assert response.json() == {"detail": ["Invalid page."]}


def test_it_filters_by_status_and_type(alice_api, alice):
    class_diagram = _submit(alice, "A library lends books.", "class")
    sequence = _submit(alice, "A shop sends a confirmation.", "sequence")
    Diagram.objects.filter(pk=sequence.pk).update(status=Diagram.Status.FAILED)

    assert _ids(alice_api.get(URL, {"status": "failed"})) == [sequence.pk]
    assert _ids(alice_api.get(URL, {"type": "class"})) == [class_diagram.pk]
    assert _ids(alice_api.get(URL, {"type": "class", "status": "failed"})) == []


def test_it_filters_by_date(alice_api, alice):
    old = _submit(alice, "An old scenario.")
    new = _submit(alice, "A new scenario.")
    week_ago = timezone.now() - timedelta(days=7)
    Diagram.objects.filter(pk=old.pk).update(created_at=week_ago)
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()

    assert _ids(alice_api.get(URL, {"created_after": yesterday})) == [new.pk]
    assert _ids(alice_api.get(URL, {"created_before": yesterday})) == [old.pk]


def test_it_searches_the_scenario_text(alice_api, alice, bob):
    library = _submit(alice, "A library lends books to its members.")
    _submit(alice, "A shop sells shoes.")
    _submit(bob, "Another library, Bob's.")

    response = alice_api.get(URL, {"q": "LIBRARY"})

    assert _ids(response) == [library.pk]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "finished"}, "status"),
        ({"type": "flowchart"}, "type"),
        ({"created_after": "last tuesday"}, "created_after"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"sort": "name"}, "sort"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(alice_api, params, field):
    response = alice_api.get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
