import pytest

from tests.tiny_model import DEFAULT_EXAMPLES
from worker.diagram_types import DIAGRAM_TYPES, TYPE_LABELS, guess_diagram_type


def test_every_type_has_the_data_sets_label():
    assert set(TYPE_LABELS) == set(DIAGRAM_TYPES)
    assert TYPE_LABELS["usecase"] == "Usecase"


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("The browser sends a sequence of requests to the server, which replies.", "sequence"),
        (
            "An order goes through the states new, paid and shipped; transitions are events.",
            "state",
        ),
        ("Actors: customer and clerk. Use cases: open account, close account.", "usecase"),
        (
            "The system has a billing service, a user service and a message queue module.",
            "component",
        ),
        ("Show the objects alice and bob as instances of Person.", "object"),
        ("A signal timing over milliseconds for the clock and the bus.", "timing"),
        ("A car has an engine and four wheels; a truck inherits from vehicle.", "class"),
        ("Show a snapshot of one order: customer Ann placed order 17.", "object"),
        (
            "Every night the job takes a database snapshot and uploads it. If the upload fails"
            " it retries.",
            "activity",
        ),
    ],
)
def test_clear_scenarios_get_their_type(scenario, expected):
    assert guess_diagram_type(scenario) == expected


def test_a_scenario_without_hints_gets_a_class_diagram():
    assert guess_diagram_type("Bakery") == "class"
    assert guess_diagram_type("") == "class"


def test_naming_the_diagram_outweighs_other_hints():
    scenario = "A state diagram of services: services, modules, components and interfaces."
    assert guess_diagram_type(scenario) == "state"


@pytest.mark.parametrize(("scenario", "diagram_type", "_code"), DEFAULT_EXAMPLES)
def test_the_test_models_scenarios_are_guessed_right(scenario, diagram_type, _code):
    # End-to-end tests submit these with "auto"; the tiny model only knows them by type.
    assert guess_diagram_type(scenario) == diagram_type
