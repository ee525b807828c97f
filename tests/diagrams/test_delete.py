"""Deleting a diagram removes it, its versions and its scenario; nobody else can delete it."""

import pytest
from django.http import Http404

from diagrams import services
from diagrams.models import Diagram, DiagramVersion, Scenario


@pytest.mark.django_db
def test_deleting_removes_the_diagram_its_versions_and_its_scenario(alice):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")

    services.diagram_delete(user=alice, diagram=diagram)

    assert not Diagram.objects.exists()
    assert not DiagramVersion.objects.exists()
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_someone_elses_diagram_cannot_be_deleted(alice, bob):
    diagram = services.diagram_submit_code(user=alice, code="@startuml\nclass A\n@enduml")

    with pytest.raises(Http404):
        services.diagram_delete(user=bob, diagram=diagram)

    assert Diagram.objects.filter(pk=diagram.pk).exists()
    assert DiagramVersion.objects.filter(diagram=diagram).count() == 1
