"""A user can download their whole history as one zip: code, images and a JSON index."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from diagrams import services
from diagrams.models import Diagram

pytestmark = pytest.mark.django_db

BROKEN_CODE = "@startuml\nclass A {\n@enduml"


def _zip(client) -> zipfile.ZipFile:
    response = client.get(reverse("diagram_history_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="plantweb-diagrams-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _index(archive: zipfile.ZipFile) -> dict[int, dict]:
    return {entry["id"]: entry for entry in json.loads(archive.read("index.json"))["diagrams"]}


def test_the_zip_holds_each_diagrams_code_images_and_an_index(
    alice, alice_client, rendered_diagram
):
    done = rendered_diagram(alice, text="A library lends books")
    failed = rendered_diagram(alice, code=BROKEN_CODE, text="A broken zoo")
    queued = services.diagram_submit(user=alice, text="A queued shop", requested_type="auto")

    archive = _zip(alice_client)
    index = _index(archive)

    assert set(index) == {done.pk, failed.pk, queued.pk}
    assert index[done.pk]["files"] == {
        "puml": f"{done.pk}-a-library-lends-books.puml",
        "png": f"{done.pk}-a-library-lends-books.png",
        "svg": f"{done.pk}-a-library-lends-books.svg",
    }
    assert archive.read(index[done.pk]["files"]["puml"]).decode() == done.plantuml + "\n"
    assert archive.read(index[done.pk]["files"]["png"]) == bytes(done.png)
    assert archive.read(index[done.pk]["files"]["svg"]).decode() == done.svg
    assert index[done.pk] | {"files": None, "created": None} == {
        "id": done.pk,
        "scenario": "A library lends books",
        "requested_type": "class",
        "diagram_type": "class",
        "rendered_type": "class",
        "status": "done",
        "error": None,
        "error_line": None,
        "created": None,
        "files": None,
    }
    assert index[done.pk]["created"] == done.created_at.isoformat()

    assert failed.status == Diagram.Status.FAILED
    assert index[failed.pk]["status"] == "failed"
    assert index[failed.pk]["error"] == failed.error_message and failed.error_message
    assert set(index[failed.pk]["files"]) == {"puml"}

    assert index[queued.pk]["status"] == "queued"
    assert index[queued.pk]["requested_type"] == "auto"
    assert index[queued.pk]["files"] == {}
    assert sorted(archive.namelist()) == sorted(
        ["index.json", *(name for e in index.values() for name in e["files"].values())]
    )


def test_bobs_zip_holds_none_of_alices_diagrams(alice, bob, bob_client, rendered_diagram):
    rendered_diagram(alice, text="Alice's private library")
    mine = rendered_diagram(bob, text="Bob's shop")

    archive = _zip(bob_client)

    assert list(_index(archive)) == [mine.pk]
    assert all("alice" not in name for name in archive.namelist())
    assert b"Alice" not in archive.read("index.json")


def test_an_empty_history_gives_a_zip_with_an_empty_index(alice_client):
    archive = _zip(alice_client)

    assert archive.namelist() == ["index.json"]
    assert _index(archive) == {}


def test_the_zip_needs_a_login(client):
    response = client.get(reverse("diagram_history_zip"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_history_page_links_to_the_zip(alice_client):
    body = alice_client.get(reverse("diagram_history")).content.decode()

    assert f'href="{reverse("diagram_history_zip")}"' in body
