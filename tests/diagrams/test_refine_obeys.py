"""A change that names what to do is made on the diagram's code, keeping the rest."""

import pytest
from django.urls import reverse

from diagrams import services
from diagrams.models import Diagram
from worker.metrics import parse_diagram

CODE = (
    "@startuml\nclass Member {\n  +name: String\n}\nclass Book {\n  +title: String\n}\n"
    'Member "1" -- "*" Book : borrows >\n@enduml'
)


@pytest.mark.django_db(transaction=True)
def test_a_rename_is_made_on_the_code_and_rendered_without_the_model(
    alice_client, alice, rendered_diagram, celery_workers, wait_for_diagram
):
    """
    GIVEN a finished class diagram of Member and Book
    WHEN its owner asks "rename Book to Novel"
    THEN the new version has Novel instead of Book and keeps Member and their link, it is
    rendered by the render worker (the model is not asked), and it says what was changed
    """
    diagram = rendered_diagram(alice, CODE)

    response = alice_client.post(
        reverse("diagram_refine", args=[diagram.pk]), {"request": "Please rename Book to Novel"}
    )
    assert response.status_code == 302
    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done", diagram.error_message
    parts = parse_diagram(diagram.plantuml)
    assert parts.elements == {"member", "novel"}
    assert ("member", "novel") in parts.relations
    assert "Novel" in diagram.svg
    assert diagram.generated_at is None  # never sent to the model
    newest = diagram.versions.order_by("-number").first()
    assert newest.source == "changed"
    assert newest.note.startswith("Please rename Book to Novel (")
    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert "Changed as asked" in page


@pytest.mark.django_db(transaction=True)
def test_an_element_added_between_two_others_takes_the_place_of_their_link(
    alice, rendered_diagram, celery_workers, wait_for_diagram
):
    diagram = rendered_diagram(alice, CODE)

    services.diagram_refine(user=alice, diagram=diagram, request="add Loan between Member and Book")
    diagram = wait_for_diagram(diagram.pk)

    parts = parse_diagram(diagram.plantuml)
    assert diagram.status == "done", diagram.error_message
    assert parts.elements == {"member", "book", "loan"}
    assert ("member", "book") not in parts.relations
    assert {("member", "loan"), ("loan", "book")} <= parts.relations


@pytest.mark.django_db
def test_asking_for_another_type_draws_the_scenario_again_as_that_type(alice, rendered_diagram):
    diagram = rendered_diagram(alice, CODE)

    diagram = services.diagram_refine(
        user=alice, diagram=diagram, request="make it a sequence diagram"
    )

    assert diagram.diagram_type == "sequence"
    assert diagram.status == Diagram.Status.QUEUED
    assert diagram.model_scenario == diagram.scenario.text  # no "Change:" for the model


@pytest.mark.django_db
def test_a_change_it_cannot_read_goes_to_the_model(alice, rendered_diagram):
    diagram = rendered_diagram(alice, CODE)

    diagram = services.diagram_refine(
        user=alice, diagram=diagram, request="show what happens when a book is lost"
    )

    assert diagram.status == Diagram.Status.QUEUED
    assert diagram.model_scenario.endswith("Change: show what happens when a book is lost")


@pytest.mark.django_db(transaction=True)
def test_what_the_scenario_names_and_the_diagram_leaves_out_is_one_click_away(
    alice_client, alice, rendered_diagram, celery_workers, wait_for_diagram
):
    """
    GIVEN a diagram of a library scenario that draws only Member
    WHEN its owner opens it, in the web and in the API
    THEN both list Book as not drawn, and clicking it adds Book to the diagram
    """
    diagram = rendered_diagram(
        alice,
        "@startuml\nclass Member\n@enduml",
        "A library lends books to its members. Each member has a name and can borrow many "
        "books; each book has a title and an author.",
    )

    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    api = alice_client.get(f"/api/v1/diagrams/{diagram.pk}/").json()

    assert "Not drawn" in page and 'value="add Book"' in page
    assert "Book" in api["not_drawn"] and "Member" not in api["not_drawn"]
    alice_client.post(reverse("diagram_refine", args=[diagram.pk]), {"request": "add Book"})
    diagram = wait_for_diagram(diagram.pk)
    assert diagram.status == "done", diagram.error_message
    assert parse_diagram(diagram.plantuml).elements >= {"member", "book"}
    again = alice_client.get(f"/api/v1/diagrams/{diagram.pk}/").json()
    assert "Book" not in again["not_drawn"]
