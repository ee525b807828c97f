"""New code for a diagram: each replacement is a numbered version that gets its own image."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from diagrams import pipeline, selectors, services
from diagrams.models import Diagram, DiagramVersion

FIXED = "@startuml\nclass Member\nclass Loan\nMember -- Loan\n@enduml"
BROKEN = "@startuml\nclass A {\n@enduml"


@pytest.mark.django_db
def test_a_staff_correction_is_a_new_version_with_its_author_and_note(
    alice, admin_user, rendered_diagram
):
    diagram = rendered_diagram(alice)

    services.diagram_replace_code(
        diagram=diagram, code=FIXED, source="corrected", author=admin_user, note="Loan is a class"
    )

    diagram.refresh_from_db()
    assert (diagram.status, diagram.plantuml) == ("rendering", FIXED)
    version = selectors.version_get(user=alice, diagram=diagram, number=1)
    assert (version.source, version.author, version.note) == (
        "corrected",
        admin_user,
        "Loan is a class",
    )
    assert version.plantuml == FIXED


@pytest.mark.django_db
def test_an_edit_is_an_edited_version_that_receives_its_image(alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    services.diagram_update_code(user=alice, diagram=diagram, code=FIXED)
    pipeline.diagram_render(diagram_id=diagram.pk)

    [version] = selectors.diagram_versions(user=alice, diagram=diagram)
    version = selectors.version_get(user=alice, diagram=diagram, number=1, with_images=True)
    assert (version.number, version.source, version.author) == (1, "edited", alice)
    assert version.has_image
    assert "Loan" in version.svg
    assert bytes(version.png) == bytes(Diagram.objects.get(pk=diagram.pk).png)


@pytest.mark.django_db
def test_versions_are_numbered_in_order_and_a_failed_one_keeps_its_error(alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    services.diagram_update_code(user=alice, diagram=diagram, code=FIXED)
    pipeline.diagram_render(diagram_id=diagram.pk)
    services.diagram_update_code(user=alice, diagram=diagram, code=BROKEN)
    pipeline.diagram_render(diagram_id=diagram.pk)

    versions = list(selectors.diagram_versions(user=alice, diagram=diagram))
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].error_message and versions[0].error_line == 2
    assert not versions[0].has_image
    assert versions[1].has_image


@pytest.mark.django_db
def test_unsafe_code_adds_no_version(alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    with pytest.raises(ValidationError):
        services.diagram_update_code(
            user=alice, diagram=diagram, code="@startuml\n!include /etc/passwd\n@enduml"
        )

    assert not DiagramVersion.objects.exists()


@pytest.mark.django_db
def test_another_user_sees_no_versions(alice, bob, rendered_diagram):
    diagram = rendered_diagram(alice)
    services.diagram_update_code(user=alice, diagram=diagram, code=FIXED)

    with pytest.raises(Http404):
        selectors.diagram_versions(user=bob, diagram=diagram)
    with pytest.raises(Http404):
        selectors.version_get(user=bob, diagram=diagram, number=1)


@pytest.mark.django_db
def test_only_the_owner_can_edit_the_code(alice, bob, rendered_diagram):
    diagram = rendered_diagram(alice)

    with pytest.raises(Http404):
        services.diagram_update_code(user=bob, diagram=diagram, code=FIXED)

    assert Diagram.objects.get(pk=diagram.pk).plantuml != FIXED
    assert not DiagramVersion.objects.exists()
