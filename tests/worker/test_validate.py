"""Validate-and-repair with real tiny models on a real PlantUML server."""

import pytest

from tests.tiny_model import BROKEN_ANSWER, REPAIR_SCENARIO, VALID_ANSWER, train_answering_model
from worker.generation import GenerationRequest
from worker.render import PlantUMLClient
from worker.validate import generate_validated

SCENARIO = REPAIR_SCENARIO
BROKEN = BROKEN_ANSWER
VALID = VALID_ANSWER


@pytest.fixture
def client(plantuml_url):
    client = PlantUMLClient(plantuml_url)
    yield client
    client.close()


def test_a_broken_first_answer_is_replaced_by_a_sampled_one_that_renders(client):
    """GIVEN a model whose greedy answer does not render but whose samples often do
    WHEN it is validated with a budget of 8
    THEN the result is the rendering diagram, found on the second attempt or later."""
    loaded = train_answering_model([BROKEN] * 3 + [VALID] * 2)

    [result] = generate_validated(
        loaded,
        client,
        [GenerationRequest(SCENARIO, "sequence")],
        budget=8,
        seed=0,
        max_new_tokens=40,
    )

    assert result.first_code == BROKEN
    assert result.candidates[0].error  # the greedy answer really failed on the server
    assert result.ok
    assert result.code == VALID
    assert result.diagram_type == "sequence"
    assert result.rendered.png.startswith(b"\x89PNG")
    assert 2 <= result.attempts <= 8
    assert result.candidates[result.attempts - 1].code == VALID


def test_a_model_that_never_renders_fails_with_the_plantuml_error_after_the_budget(client):
    """GIVEN a model that only ever writes code PlantUML rejects
    WHEN it is validated with a budget of 3
    THEN it fails after exactly 3 attempts with PlantUML's message and line."""
    loaded = train_answering_model([BROKEN])

    [result] = generate_validated(
        loaded,
        client,
        [GenerationRequest(SCENARIO, "sequence")],
        budget=3,
        seed=0,
        max_new_tokens=40,
    )

    assert not result.ok
    assert result.rendered is None
    assert result.attempts == 3
    assert "Syntax Error" in result.error
    assert result.error_line == 2


def test_a_good_greedy_answer_takes_one_attempt_and_a_wrong_type_is_an_error(client):
    """GIVEN a model that always writes a valid sequence diagram
    WHEN a sequence diagram is asked for, and then a class diagram
    THEN the first is done in one attempt, the second fails saying the type is wrong."""
    loaded = train_answering_model([VALID])
    requests = [GenerationRequest(SCENARIO, "sequence"), GenerationRequest(SCENARIO, "class")]

    right, wrong = generate_validated(loaded, client, requests, budget=2, seed=0, max_new_tokens=40)

    assert right.ok and right.attempts == 1
    assert not wrong.ok
    assert wrong.attempts == 2
    assert "class" in wrong.error
    assert wrong.rendered is not None  # the best failure is still there to show


def test_an_unfinished_answer_is_repaired_before_it_is_given_up(client):
    """GIVEN a model that stops before closing its diagram
    WHEN it is validated with a budget of 1
    THEN the repaired diagram renders without another attempt."""
    loaded = train_answering_model(["@startuml\nBob -> Alice : hello\nalt ok\nAlice -> Bob : hi"])

    [result] = generate_validated(
        loaded,
        client,
        [GenerationRequest(SCENARIO, "sequence")],
        budget=1,
        seed=0,
        max_new_tokens=40,
    )

    assert result.ok
    assert result.attempts == 1
    assert result.code.endswith("end\n@enduml")
