"""PNG, SVG and PlantUML files at their own URLs, cached by ETag and downloadable."""

import pytest
from django.urls import reverse

from diagrams import pipeline, services
from diagrams.models import Diagram

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(rendered_diagram, alice) -> Diagram:
    return rendered_diagram(alice, text="Library members borrow books.\nMore detail here.")


def test_the_png_is_served_with_an_etag(alice_client, done):
    response = alice_client.get(reverse("diagram_png", args=[done.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == bytes(done.png)
    assert response["ETag"]
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("name", ["diagram_png", "diagram_svg", "diagram_puml"])
def test_an_unchanged_file_answers_304(alice_client, done, name):
    url = reverse(name, args=[done.pk])
    etag = alice_client.get(url)["ETag"]

    response = alice_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_a_changed_diagram_gets_a_new_etag(alice_client, alice, done):
    url = reverse("diagram_png", args=[done.pk])
    old_etag = alice_client.get(url)["ETag"]

    services.diagram_update_code(user=alice, diagram=done, code="@startuml\nclass Other\n@enduml")
    pipeline.diagram_render(diagram_id=done.pk)
    response = alice_client.get(url, HTTP_IF_NONE_MATCH=old_etag)

    assert response.status_code == 200
    assert response["ETag"] != old_etag
    assert response.content == bytes(Diagram.objects.get(pk=done.pk).png)


def test_the_svg_cannot_run_script(alice_client, done):
    response = alice_client.get(reverse("diagram_svg", args=[done.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode() == done.svg
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_plantuml_source_is_plain_text(alice_client, done):
    response = alice_client.get(reverse("diagram_puml", args=[done.pk]))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == done.plantuml + "\n"


@pytest.mark.parametrize(
    "name, extension", [("diagram_png", "png"), ("diagram_svg", "svg"), ("diagram_puml", "puml")]
)
def test_download_names_the_file_after_the_scenario(alice_client, done, name, extension):
    response = alice_client.get(reverse(name, args=[done.pk]) + "?download=1")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="library-members-borrow-books-{done.pk}.{extension}"'
    )


@pytest.mark.parametrize("name", ["diagram_png", "diagram_svg", "diagram_puml"])
def test_files_of_a_queued_diagram_are_not_there_yet(alice_client, alice, name):
    diagram = services.diagram_submit(user=alice, text="A shop sells books.", requested_type="auto")

    assert alice_client.get(reverse(name, args=[diagram.pk])).status_code == 404


def test_a_failed_render_has_code_but_no_image(alice_client, rendered_diagram, alice):
    diagram = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")

    assert diagram.status == "failed"
    assert alice_client.get(reverse("diagram_png", args=[diagram.pk])).status_code == 404
    assert alice_client.get(reverse("diagram_svg", args=[diagram.pk])).status_code == 404
    assert alice_client.get(reverse("diagram_puml", args=[diagram.pk])).status_code == 200
