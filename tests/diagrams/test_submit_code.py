"""Code a user already has becomes a diagram without the model: rendered, typed and versioned."""

import pytest
from django.core.exceptions import ValidationError

from diagrams import services
from diagrams.models import Diagram, DiagramVersion, Scenario

SEQUENCE_CODE = "@startuml\nparticipant Shop\nparticipant Bank\nShop -> Bank : pay\n@enduml"


@pytest.mark.django_db(transaction=True)
def test_submitted_code_is_rendered_by_the_worker_without_the_model(
    alice, celery_workers, wait_for_diagram
):
    diagram = services.diagram_submit_code(user=alice, code=SEQUENCE_CODE, title="Payments")

    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done", diagram.error_message
    assert bytes(diagram.png).startswith(b"\x89PNG")
    assert "Bank" in diagram.svg
    assert diagram.diagram_type == "sequence"
    assert diagram.rendered_type == "sequence"
    assert diagram.generated_at is None and diagram.model_name == ""
    assert diagram.scenario.text == "Payments"
    [version] = diagram.versions.all()
    assert (version.number, version.source, version.author) == (1, "edited", alice)
    assert version.has_image and bytes(version.png) == bytes(diagram.png)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("@startuml\n[*] --> Open\nOpen --> Closed\n@enduml", "state"),
        ("@startuml\nactor User\nUser --> (Log in)\n@enduml", "usecase"),
        ("@startuml\n[Gateway] --> [Catalog]\n@enduml", "component"),
        ("@startuml\nobject order1\n@enduml", "object"),
        ("@startuml\nclass Book\n@enduml", "class"),
        ("@startuml\nAlice -> Bob : hi\n@enduml", "sequence"),
        ('@startuml\nrobust "Web" as WB\n@0\nWB is Idle\n@enduml', "timing"),
    ],
)
@pytest.mark.django_db
def test_the_diagram_type_is_guessed_from_the_code(alice, code, expected):
    diagram = services.diagram_submit_code(user=alice, code=code)

    assert diagram.diagram_type == expected
    assert diagram.status == "rendering"
    assert diagram.scenario.text == ""


@pytest.mark.parametrize(
    ("code", "title", "message"),
    [
        ("@startuml\n!include /etc/passwd\n@enduml", "", "Line 2"),
        ("", "", "The PlantUML code is empty."),
        ("@startuml\nclass A\n@enduml", "x" * 201, "the limit is 200"),
    ],
)
@pytest.mark.django_db
def test_bad_code_or_title_is_refused_and_nothing_is_stored(alice, code, title, message):
    with pytest.raises(ValidationError) as error:
        services.diagram_submit_code(user=alice, code=code, title=title)

    assert message in " ".join(error.value.messages)
    assert not Scenario.objects.exists()
    assert not Diagram.objects.exists()
    assert not DiagramVersion.objects.exists()


@pytest.mark.django_db
def test_oversized_code_is_refused(alice, settings):
    settings.PLANTWEB_CODE_MAX_CHARS = 40

    with pytest.raises(ValidationError, match="the limit is 40"):
        services.diagram_submit_code(user=alice, code="@startuml\n" + "class A\n" * 10 + "@enduml")

    assert not Diagram.objects.exists()
