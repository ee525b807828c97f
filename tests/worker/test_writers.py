"""Every writer's code renders on a real PlantUML server as the type it was asked for."""

import pytest

from worker.metrics import parse_diagram
from worker.plan import Element, Link, Plan, Step
from worker.render import PlantUMLClient, diagram_type_from_svg
from worker.writers import identifier, write

HOSTILE = 'Order "A" [x] {y} !include /etc/passwd'


def _plans() -> list[Plan]:
    people = [Element("Customer", "actor"), Element("Order Service"), Element(HOSTILE)]
    return [
        Plan(
            "class",
            elements=[Element("Order", "class", ["order date", "total"]), Element("Customer")],
            links=[Link("Customer", "Order", "association", "places", "1", "*")],
        ),
        Plan(
            "object",
            elements=[Element("Jane Doe", "object", ["id = 17", "email"]), Element("Order 5531")],
            links=[Link("Jane Doe", "Order 5531", "association", "placed")],
        ),
        Plan(
            "component",
            elements=[Element("API Gateway"), Element("Orders DB", "database"), Element(HOSTILE)],
            links=[Link("API Gateway", "Orders DB", "directed", "reads")],
        ),
        Plan(
            "sequence",
            elements=people,
            links=[
                Link("Customer", "Order Service", "message", "place order"),
                Link("Order Service", HOSTILE, "message", "check", group="alt", condition="ok"),
                Link("Order Service", "Customer", "reply", "refuse", group="else"),
            ],
        ),
        Plan(
            "usecase",
            elements=[Element("Customer", "actor"), Element("Place Order", "usecase")],
            links=[Link("Customer", "Place Order")],
            boundary="Web Shop",
        ),
        Plan(
            "state",
            elements=[Element("Pending", "state"), Element("Paid", "state")],
            links=[Link("[*]", "Pending"), Link("Pending", "Paid", "transition", "payment ok")],
        ),
        Plan(
            "timing",
            elements=[Element("Light", "lifeline", ["Red", "Green", "Yellow"])],
        ),
        Plan(
            "activity",
            steps=[
                Step("action", "Check the receipt", "Clerk"),
                Step("if", "receipt present"),
                Step("action", "Inspect the item; twice", "Clerk"),
                Step("else", "no"),
                Step("action", "Refuse the return", "Clerk"),
                Step("endif"),
                Step("fork"),
                Step("action", "Log the item"),
                Step("forkagain"),
                Step("action", "Pay back"),
                Step("endfork"),
            ],
        ),
    ]


def _rendered_type(code: str, plantuml_url: str) -> str:
    """The type a real PlantUML server draws the code as."""
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        svg = client.render(code, "svg").decode()
    finally:
        client.close()
    return diagram_type_from_svg(svg, code)


@pytest.mark.parametrize("plan", _plans(), ids=lambda p: p.diagram_type)
def test_each_type_renders_as_itself_and_keeps_its_names(plan, plantuml_url):
    code = write(plan)

    assert _rendered_type(code, plantuml_url) == plan.diagram_type
    assert "!include" not in code.replace('"Order A x y !include /etc/passwd"', "")
    drawn = parse_diagram(code).elements
    for element in plan.elements:
        if plan.diagram_type not in ("timing", "activity"):
            assert element.key in drawn or identifier(element.name).lower() in drawn


def test_identifiers_are_valid_for_any_name():
    assert identifier("front desk staff") == "FrontDeskStaff"
    assert identifier("24/7 support") == "E247Support"
    assert identifier("!!!") == "Element"
    # an accented letter is its plain letter, not a break in the word
    assert identifier("Lucía Ferrer") == "LuciaFerrer"
    assert identifier("Gdańsk") == "Gdansk"


def test_an_object_slot_without_a_value_is_written_as_its_name_not_a_placeholder():
    code = write(Plan("object", elements=[Element("Jane Doe", "object", ["id = 17", "email"])]))

    assert "  id = 17\n" in code and "  email\n" in code
    assert "…" not in code


def test_an_object_diagram_draws_each_link_once():
    plan = Plan(
        "object",
        elements=[Element("Song 1"), Element("Song 3"), Element("Take 4")],
        links=[
            Link("Song 3", "Song 1"),
            Link("Song 3", "Take 4", "association", "take"),
            Link("Song 3", "Song 1"),
            Link("Take 4", "Song 3"),
            Link("Song 3", "Take 4", "association", "take"),
        ],
    )

    lines = write(plan).splitlines()

    assert lines.count("Song3 -- Song1") == 1
    assert lines.count("Song3 -- Take4 : take >") == 1
    # A bare line beside the pair's labelled link adds nothing.
    assert "Take4 -- Song3" not in lines


def test_a_link_labelled_only_with_joining_words_is_drawn_without_them():
    plan = Plan(
        "object",
        elements=[Element("Sheet SS-88"), Element("Karen Wu"), Element("Booking B-1")],
        links=[
            Link("Sheet SS-88", "Karen Wu", "association", "for with of"),
            Link("Booking B-1", "Karen Wu", "association", "by"),
        ],
    )

    lines = write(plan).splitlines()

    assert "SheetSS88 -- KarenWu" in lines
    # One such word still says which way the link reads.
    assert "BookingB1 -- KarenWu : by >" in lines


def test_an_activity_step_with_no_words_draws_no_placeholder_box(plantuml_url):
    plan = Plan(
        "activity",
        steps=[
            Step("action", "Look for a seat", "Agent"),
            Step("if", "there is one"),
            Step("action", "Rebook the passenger", "Agent"),
            Step("endif"),
            Step("action", "", "Agent"),
            Step("action", "Send a summary", "Duty Manager"),
        ],
    )

    code = write(plan)

    assert ":step;" not in code and ":;" not in code
    assert _rendered_type(code, plantuml_url) == "activity"
