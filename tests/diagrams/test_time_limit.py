"""A generation that runs past PLANTWEB_GENERATION_TIME_LIMIT ends failed with a message."""

import pytest
from django.urls import reverse

from diagrams import services
from diagrams.models import DiagramVersion
from tests.tiny_model import DEFAULT_EXAMPLES

SCENARIO, TYPE, CODE = DEFAULT_EXAMPLES[0]


@pytest.mark.django_db(transaction=True)
def test_a_generation_past_its_time_limit_fails_clearly_and_can_be_tried_again(
    alice, alice_client, gpu_worker_with, wait_for_diagram
):
    """
    GIVEN a generation worker allowed far less time than the model needs
    WHEN a scenario is submitted
    THEN the job ends failed, saying it took too long, with no version stored; and once the
         worker has its usual limit, "Try again" generates it and it ends done
    """
    with gpu_worker_with(PLANTWEB_GENERATION_TIME_LIMIT="0.05"):
        diagram = services.diagram_submit(user=alice, text=SCENARIO, requested_type=TYPE)
        failed = wait_for_diagram(diagram.pk)

    assert failed.status == "failed"
    assert failed.error_message.startswith("The model took longer than 0.05 seconds")
    assert not DiagramVersion.objects.filter(diagram=failed).exists()

    answer = alice_client.post(reverse("diagram_retry", args=[diagram.pk]))

    assert answer.status_code == 302
    diagram = wait_for_diagram(diagram.pk)
    assert diagram.status == "done", diagram.error_message
    assert diagram.plantuml == CODE
    assert diagram.attempts == 1
    assert DiagramVersion.objects.filter(diagram=diagram, source="generated").count() == 1
