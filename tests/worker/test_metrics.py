"""Scores on hand-made diagrams whose right answer is known."""

import pytest

from worker.data import Pair
from worker.evaluate import Outcome, render_outcome, score, summarise
from worker.metrics import chrf, element_scores, parse_diagram, prf, relation_scores

SEQUENCE = """@startuml
actor "Front Desk Staff" as FDS
actor Patient as P
participant "Healthcare System" as HS
FDS -> P: Welcomes patient
P --> FDS: Provides information
FDS -> HS: Enters information
HS --> FDS: Confirms
@enduml"""

CLASS = """@startuml
class Order {
  +orderId: int
}
class Product
class Customer
class Invoice
Order "1" *-- "many" Product : contains >
Customer --> Order
@enduml"""


def test_a_reference_scored_against_itself_is_all_ones():
    for code in (SEQUENCE, CLASS):
        elements = element_scores(code, code)
        assert (elements.precision, elements.recall, elements.f1) == (1.0, 1.0, 1.0)
        assert relation_scores(code, code).f1 == 1.0
        assert chrf(code, code) == pytest.approx(100.0)


def test_a_diagram_with_half_the_elements_has_recall_one_half():
    half = "@startuml\nclass Order\nclass Product\n@enduml"

    elements = element_scores(half, CLASS)

    assert elements.recall == 0.5
    assert elements.precision == 1.0
    assert elements.f1 == pytest.approx(2 / 3)


def test_names_match_through_aliases_case_quotes_and_spacing():
    other_spelling = """@startuml
participant FrontDeskStaff
participant "patient"
participant healthcare_system
FrontDeskStaff -> patient : hi
@enduml"""

    parts = parse_diagram(SEQUENCE)

    assert parts.elements == {"frontdeskstaff", "patient", "healthcaresystem"}
    assert ("frontdeskstaff", "healthcaresystem") in parts.relations
    assert element_scores(other_spelling, SEQUENCE).f1 == 1.0
    assert relation_scores(other_spelling, SEQUENCE).recall == 0.25


def test_elements_of_each_kind_are_found():
    usecase = (
        '@startuml\nactor Clerk\nusecase "Print Label" as PL\nClerk --> (Check Stock)\n@enduml'
    )
    state = "@startuml\n[*] --> Idle\nIdle --> Busy : start\nstate Broken\n@enduml"
    component = "@startuml\n[Web UI] --> [Order Service]\ncomponent Billing\n@enduml"
    objects = "@startuml\nobject Order1 {\n  id = 1\n}\nmap Prices {\n}\n@enduml"

    assert parse_diagram(usecase).elements == {"clerk", "printlabel", "checkstock"}
    assert parse_diagram(state).elements == {"idle", "busy", "broken"}
    assert parse_diagram(state).relations == {("idle", "busy")}
    assert parse_diagram(component).elements == {"webui", "orderservice", "billing"}
    assert parse_diagram(objects).elements == {"order1", "prices"}


def test_no_code_scores_zero_and_two_empty_sets_agree():
    assert element_scores(None, CLASS).f1 == 0.0
    assert chrf(None, CLASS) == 0.0
    assert prf(set(), set()).f1 == 1.0
    assert relation_scores("@startuml\nclass A\n@enduml", "@startuml\nclass A\n@enduml") is None


def test_code_that_does_not_render_counts_as_not_rendered(plantuml_url):
    from worker.render import PlantUMLClient

    client = PlantUMLClient(plantuml_url)
    reference = Pair("scenario", "class", CLASS, "class")

    renders, kind = render_outcome(client, "@startuml\nclass Order {\n@enduml")
    broken = score(Outcome("@startuml\nclass Order {\n@enduml", True, renders, kind), reference)
    renders, kind = render_outcome(client, CLASS)
    good = score(Outcome(CLASS, True, renders, kind), reference)
    client.close()

    assert not broken["rendered"] and not broken["type_match"]
    assert good["rendered"] and good["type_match"] and good["element_f1"] == 1.0
    summary = summarise([broken, good])
    assert summary["rendered"] == 0.5
    assert summary["type_match"] == 0.5
