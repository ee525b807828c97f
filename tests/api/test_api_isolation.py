"""Two users, two tokens: neither can see or touch the other's diagrams through the API."""

import pytest

from diagrams.models import Diagram

pytestmark = pytest.mark.django_db
CODE = "@startuml\nclass Mine\n@enduml"


@pytest.fixture
def alices(alice, rendered_diagram) -> Diagram:
    return rendered_diagram(alice)


@pytest.mark.parametrize(
    "method, path, payload",
    [
        ("get", "/", None),
        ("delete", "/", None),
        ("put", "/code/", {"code": CODE}),
        ("patch", "/code/", {"code": CODE}),
        ("post", "/refine/", {"request": "add a class"}),
        ("get", "/versions/", None),
        ("get", "/diagram.png", None),
        ("get", "/diagram.svg", None),
        ("get", "/diagram.puml", None),
    ],
)
def test_bob_gets_the_same_404_as_for_a_missing_diagram(bob_api, alices, method, path, payload):
    call = getattr(bob_api, method)
    kwargs = {"format": "json"} if payload is not None else {}

    theirs = call(f"/api/v1/diagrams/{alices.pk}{path}", payload, **kwargs)
    missing = call(f"/api/v1/diagrams/999999{path}", payload, **kwargs)

    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    after = Diagram.objects.get(pk=alices.pk)
    assert (after.status, after.plantuml) == ("done", alices.plantuml)


def test_each_list_holds_only_its_owners_diagrams(alice_api, bob_api, alices):
    assert [d["id"] for d in alice_api.get("/api/v1/diagrams/").json()["results"]] == [alices.pk]
    assert bob_api.get("/api/v1/diagrams/").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert bob_api.get("/api/v1/diagrams/", {"q": "Member"}).json()["count"] == 0


def test_a_diagram_made_with_a_token_belongs_to_its_user(alice_api, bob_api, bob):
    response = bob_api.post("/api/v1/renders/", {"code": CODE}, format="json")

    assert Diagram.objects.get(pk=response.json()["id"]).scenario.owner == bob
    assert alice_api.get(response["Location"]).status_code == 404
