"""The code editor's live preview: unsaved code drawn on the PlantUML server, no version made."""

import base64
import re

import pytest
from django.urls import reverse

from diagrams.models import Diagram

NEW_CODE = "@startuml\nclass Reader\nclass Novel\nReader --> Novel : reads\n@enduml"


def _preview_svg(body: str) -> str:
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', body)
    assert match, body
    return base64.b64decode(match.group(1)).decode()


@pytest.mark.django_db
def test_it_draws_unsaved_code_without_making_a_version(alice_client, alice, rendered_diagram):
    """
    GIVEN a finished diagram
    WHEN its owner pauses while editing its code
    THEN the edited code comes back drawn, and the diagram, its code and versions are unchanged
    """
    diagram = rendered_diagram(alice)
    versions_before = diagram.versions.count()

    response = alice_client.post(
        reverse("diagram_preview", args=[diagram.pk]),
        {"code": NEW_CODE.replace("\n", "\r\n")},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in _preview_svg(body) and "Novel" in _preview_svg(body)
    assert 'data-error-line=""' in body
    after = Diagram.objects.get(pk=diagram.pk)
    assert after.plantuml == diagram.plantuml and after.content_hash == diagram.content_hash
    assert after.status == "done" and after.versions.count() == versions_before


@pytest.mark.django_db
def test_it_names_the_line_plantuml_cannot_read(alice_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    broken = "@startuml\nclass Reader\nthis is not plantuml at all\nclass Novel\n@enduml"

    response = alice_client.post(reverse("diagram_preview", args=[diagram.pk]), {"code": broken})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-error-line="3"' in body
    assert "Line 3:" in body and "data:image/svg" not in body


@pytest.mark.django_db
def test_it_refuses_code_that_reads_files_before_the_server_sees_it(
    alice_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice)
    unsafe = "@startuml\nclass A\n!include /etc/passwd\n@enduml"

    response = alice_client.post(reverse("diagram_preview", args=[diagram.pk]), {"code": unsafe})

    body = response.content.decode()
    assert 'data-error-line="3"' in body and "include" in body
    assert "data:image/svg" not in body


@pytest.mark.django_db
def test_it_says_when_the_code_is_over_the_limit(alice_client, alice, rendered_diagram, settings):
    diagram = rendered_diagram(alice)
    settings.PLANTWEB_CODE_MAX_CHARS = 40

    response = alice_client.post(reverse("diagram_preview", args=[diagram.pk]), {"code": NEW_CODE})

    body = response.content.decode()
    assert "the limit is 40" in body and "data:image/svg" not in body


@pytest.mark.django_db
def test_it_says_when_the_server_does_not_answer(alice_client, alice, rendered_diagram, settings):
    diagram = rendered_diagram(alice)
    settings.PLANTUML_URL = "http://127.0.0.1:9/plantuml"

    response = alice_client.post(reverse("diagram_preview", args=[diagram.pk]), {"code": NEW_CODE})

    assert "did not answer, so there is no preview" in response.content.decode()


@pytest.mark.django_db
def test_it_previews_only_the_owners_diagrams(bob_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = bob_client.post(reverse("diagram_preview", args=[diagram.pk]), {"code": NEW_CODE})

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_editor_asks_for_previews_and_marks_a_failed_line(
    alice_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")
    assert diagram.status == "failed" and diagram.error_line

    body = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert f'hx-post="{reverse("diagram_preview", args=[diagram.pk])}"' in body
    assert f'data-error-line="{diagram.error_line}"' in body
    assert 'id="code-preview"' in body and "maxlength" not in body
