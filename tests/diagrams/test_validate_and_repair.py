"""Generation checks the model's diagrams on the PlantUML server and repairs them, within a budget.

These run the real generation worker with small models taught to answer one scenario badly:
one whose first (greedy) answer does not render while some sampled ones do, and one that
never writes anything PlantUML accepts.
"""

import time

import pytest
from django.urls import reverse

from diagrams import services
from tests.conftest import TEST_MODELS_DIR
from tests.tiny_model import (
    BROKEN_ANSWER,
    DEFAULT_EXAMPLES,
    REPAIR_SCENARIO,
    REPAIR_TYPE,
    VALID_ANSWER,
    ensure_broken_model,
    ensure_flaky_model,
)


@pytest.mark.django_db(transaction=True)
def test_a_broken_first_answer_is_replaced_by_one_that_renders(
    alice, alice_client, gpu_worker_with, wait_for_diagram
):
    """
    GIVEN a model whose greedy answer is broken PlantUML and whose samples sometimes render
    WHEN a user asks it for a diagram
    THEN the job ends done with the rendering code after two candidates or more, and the
    detail page says how many candidates it took
    """
    with gpu_worker_with(PLANTWEB_MODEL=str(ensure_flaky_model(TEST_MODELS_DIR))):
        diagram = services.diagram_submit(
            user=alice, text=REPAIR_SCENARIO, requested_type=REPAIR_TYPE
        )
        diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done", diagram.error_message
    assert diagram.plantuml == VALID_ANSWER
    assert 2 <= diagram.candidates <= 8
    assert bytes(diagram.png).startswith(b"\x89PNG")
    assert diagram.rendered_type == "sequence"
    assert diagram.error_message == ""
    greedy, repaired = diagram.versions.order_by("number")
    assert (greedy.source, greedy.plantuml, greedy.has_image) == ("generated", BROKEN_ANSWER, False)
    assert greedy.error_message
    assert (repaired.source, repaired.plantuml, repaired.has_image) == (
        "repaired",
        VALID_ANSWER,
        True,
    )
    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert f'<dt>Candidates</dt><dd data-testid="candidates">{diagram.candidates}</dd>' in page


@pytest.mark.django_db(transaction=True)
def test_a_model_that_never_renders_fails_with_plantumls_error_after_the_budget(
    alice, gpu_worker_with, wait_for_diagram
):
    """
    GIVEN a model that only writes code PlantUML rejects, and a repair budget of 3
    WHEN a user asks it for a diagram
    THEN the job fails after exactly 3 candidates with PlantUML's message and line, and keeps
    the failed code for the user to fix
    """
    model = ensure_broken_model(TEST_MODELS_DIR)
    with gpu_worker_with(PLANTWEB_MODEL=str(model), PLANTWEB_REPAIR_BUDGET="3"):
        started = time.monotonic()
        diagram = services.diagram_submit(
            user=alice, text=REPAIR_SCENARIO, requested_type=REPAIR_TYPE
        )
        diagram = wait_for_diagram(diagram.pk)
        seconds = time.monotonic() - started

    assert diagram.status == "failed"
    assert diagram.candidates == 3
    assert "Syntax Error" in diagram.error_message
    assert diagram.error_line == 2
    assert diagram.plantuml == BROKEN_ANSWER
    assert diagram.png is None
    assert seconds < 60
    [version] = diagram.versions.all()
    assert (version.source, version.error_line) == ("generated", 2)


@pytest.mark.django_db(transaction=True)
def test_a_good_first_answer_takes_one_candidate(alice, celery_workers, wait_for_diagram):
    scenario, diagram_type, code = DEFAULT_EXAMPLES[0]
    diagram = services.diagram_submit(user=alice, text=scenario, requested_type=diagram_type)

    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done", diagram.error_message
    assert (diagram.plantuml, diagram.candidates) == (code, 1)
    [version] = diagram.versions.all()
    assert (version.number, version.source, version.author) == (1, "generated", None)
    assert version.has_image and version.model_name == diagram.model_name


@pytest.mark.django_db(transaction=True)
def test_a_plantuml_server_down_while_validating_ends_failed_with_a_clear_message(
    alice, celery_workers, wait_for_diagram, plantuml_server
):
    """
    GIVEN the PlantUML server is down
    WHEN a user asks for a diagram
    THEN the model's answer is kept and the job fails saying the server could not be reached,
    instead of staying in a running state
    """
    scenario, diagram_type, code = DEFAULT_EXAMPLES[2]
    plantuml_server.stop()
    try:
        diagram = services.diagram_submit(user=alice, text=scenario, requested_type=diagram_type)
        diagram = wait_for_diagram(diagram.pk, timeout=90)
    finally:
        plantuml_server.start()

    assert diagram.status == "failed"
    assert diagram.error_message.startswith("The PlantUML server could not be reached")
    assert diagram.plantuml == code
    [version] = diagram.versions.all()
    assert version.plantuml == code
    assert version.error_message.startswith("The PlantUML server could not be reached")
