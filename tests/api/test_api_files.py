"""The PNG, SVG and PlantUML of a diagram at their own API URLs, with ETags."""

import pytest

from diagrams import pipeline, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(rendered_diagram, alice):
    return rendered_diagram(alice, text="Library members borrow books.")


def _url(diagram, fmt: str) -> str:
    return f"/api/v1/diagrams/{diagram.pk}/diagram.{fmt}"


@pytest.mark.parametrize(
    "fmt, content_type",
    [("png", "image/png"), ("svg", "image/svg+xml"), ("puml", "text/plain; charset=utf-8")],
)
def test_each_file_is_served_in_its_own_type_whatever_accept_says(
    alice_api, done, fmt, content_type
):
    response = alice_api.get(_url(done, fmt), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["ETag"]
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
    expected = {"png": bytes(done.png), "svg": done.svg.encode(), "puml": (done.plantuml + "\n")}
    assert response.content == (expected[fmt] if fmt != "puml" else expected[fmt].encode())


@pytest.mark.parametrize("fmt", ["png", "svg", "puml"])
def test_an_unchanged_file_answers_304(alice_api, done, fmt):
    etag = alice_api.get(_url(done, fmt))["ETag"]

    response = alice_api.get(_url(done, fmt), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_the_api_and_the_pages_agree_on_etags(alice_api, alice_client, done):
    api = alice_api.get(_url(done, "png"))["ETag"]
    page = alice_client.get(f"/diagrams/{done.pk}/diagram.png")["ETag"]

    assert api == page


def test_new_code_gets_a_new_etag(alice_api, alice, done):
    old = alice_api.get(_url(done, "png"))["ETag"]

    services.diagram_update_code(user=alice, diagram=done, code="@startuml\nclass Other\n@enduml")
    pipeline.diagram_render(diagram_id=done.pk)
    response = alice_api.get(_url(done, "png"), HTTP_IF_NONE_MATCH=old)

    assert response.status_code == 200
    assert response["ETag"] != old


def test_the_svg_cannot_run_script(alice_api, done):
    response = alice_api.get(_url(done, "svg"))

    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_names_the_file(alice_api, done):
    response = alice_api.get(_url(done, "puml"), {"download": "1"})

    assert response["Content-Disposition"] == (
        f'attachment; filename="library-members-borrow-books-{done.pk}.puml"'
    )


@pytest.mark.parametrize("fmt", ["png", "svg", "puml"])
def test_a_diagram_without_the_file_yet_is_a_json_404(alice_api, alice, fmt):
    queued = services.diagram_submit(user=alice, text="A library lends books.")

    response = alice_api.get(_url(queued, fmt), HTTP_ACCEPT="image/png")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_failed_render_has_code_but_no_image(alice_api, alice, rendered_diagram):
    failed = rendered_diagram(alice, code="@startuml\nclass A\nA -->\n@enduml")

    assert alice_api.get(_url(failed, "png")).status_code == 404
    assert alice_api.get(_url(failed, "puml")).status_code == 200
