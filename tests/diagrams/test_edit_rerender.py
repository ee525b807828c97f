"""Editing a diagram's PlantUML and rendering it again, without the model."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram

NEW_CODE = "@startuml\nclass Reader\nclass Novel\nReader --> Novel : reads\n@enduml"


@pytest.mark.django_db(transaction=True)
def test_edited_code_is_rendered_again_by_the_worker(
    alice_client, alice, rendered_diagram, celery_workers, wait_for_diagram
):
    """
    GIVEN a finished diagram
    WHEN its owner saves new code
    THEN it is rendered again to new images, and the model is not asked again
    """
    diagram = rendered_diagram(alice)
    old_png = bytes(diagram.png)

    response = alice_client.post(
        reverse("diagram_edit_code", args=[diagram.pk]), {"code": NEW_CODE.replace("\n", "\r\n")}
    )
    assert response.status_code == 302
    assert Diagram.objects.get(pk=diagram.pk).status in ("rendering", "done")
    diagram = wait_for_diagram(diagram.pk)

    assert diagram.status == "done"
    assert diagram.plantuml == NEW_CODE
    assert bytes(diagram.png) != old_png
    assert "Reader" in diagram.svg
    assert diagram.attempts == 1
    assert diagram.generated_at is None  # made by rendered_diagram, never generated


@pytest.mark.django_db
def test_htmx_gets_the_editor_and_a_polling_status_card(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = alice_client.post(
        reverse("diagram_edit_code", args=[diagram.pk]), {"code": NEW_CODE}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="code-editor"' in body
    assert 'id="diagram-status"' in body and 'hx-swap-oob="outerHTML"' in body
    assert 'hx-trigger="every 1s"' in body
    diagram.refresh_from_db()
    assert diagram.status == "rendering"
    # The old image is kept until the new one replaces it, but not shown meanwhile.
    assert not diagram.has_image
    assert reverse("diagram_png", args=[diagram.pk]) not in body
    assert alice_client.get(reverse("diagram_png", args=[diagram.pk])).status_code == 404


@pytest.mark.django_db
def test_editing_clears_the_previous_error(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")
    assert diagram.error_message

    alice_client.post(reverse("diagram_edit_code", args=[diagram.pk]), {"code": NEW_CODE})

    diagram.refresh_from_db()
    assert (diagram.status, diagram.error_message, diagram.error_line) == ("rendering", "", None)


@pytest.mark.django_db
def test_code_cannot_be_edited_while_the_model_writes_it(alice_client, alice):
    from diagrams import services

    diagram = services.diagram_submit(user=alice, text="A shop sells books.", requested_type="auto")

    response = alice_client.post(
        reverse("diagram_edit_code", args=[diagram.pk]), {"code": NEW_CODE}
    )

    assert response.status_code == 400
    assert "still writing this diagram" in response.content.decode()
    assert Diagram.objects.get(pk=diagram.pk).plantuml == ""


@pytest.mark.django_db
def test_editing_needs_post(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = alice_client.get(reverse("diagram_edit_code", args=[diagram.pk]))

    assert response.status_code == 405
