"""The render cache: code drawn once is never sent to the PlantUML server again."""

from __future__ import annotations

import io
import threading
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.management import CommandError, call_command
from django.utils import timezone

from diagrams import pipeline, services
from diagrams.models import Diagram, DiagramVersion, RenderedImage

CODE = "@startuml\nclass Shelf\nclass Book\nShelf o-- Book\n@enduml"
OTHER_CODE = "@startuml\nclass Shelf\nclass Magazine\nShelf o-- Magazine\n@enduml"
EDITED = DiagramVersion.Source.EDITED


class CountingProxy:
    """Forwards requests to the real PlantUML server and counts them by format."""

    def __init__(self, target: str) -> None:
        self.calls: Counter[str] = Counter()
        self.down = False  # answers 503, as a failing server does
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.calls[self.path.lstrip("/").split("/")[0]] += 1
                if proxy.down:
                    self.send_error(503)
                    return
                try:
                    answer = requests.get(target + self.path, timeout=30)
                except requests.RequestException:
                    self.send_error(502)
                    return
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def total(self) -> int:
        return sum(self.calls.values())


@pytest.fixture
def counting_plantuml(plantuml_settings):
    proxy = CountingProxy(plantuml_settings.PLANTUML_URL)
    proxy.thread.start()
    plantuml_settings.PLANTUML_URL = proxy.base_url
    try:
        yield proxy
    finally:
        proxy.server.shutdown()
        proxy.server.server_close()


def _render(user, code: str) -> Diagram:
    diagram = services.diagram_submit(
        user=user, text="A shelf holds books.", requested_type="class"
    )
    Diagram.objects.filter(pk=diagram.pk).update(
        status=Diagram.Status.RENDERING, plantuml=code, model_name="test-model", attempts=1
    )
    pipeline.diagram_render(diagram_id=diagram.pk)
    return Diagram.objects.get(pk=diagram.pk)


@pytest.mark.django_db
def test_it_draws_the_same_code_once_for_every_user(alice, bob, counting_plantuml):
    """
    GIVEN code that Alice's diagram was rendered from
    WHEN Bob's diagram with the same code is rendered
    THEN PlantUML was asked for its SVG and PNG once, and both diagrams show the same image
    """
    first = _render(alice, CODE)
    assert dict(counting_plantuml.calls) == {"svg": 1, "png": 1}

    second = _render(bob, CODE)

    assert counting_plantuml.total == 2
    assert second.status == first.status == "done"
    assert bytes(second.png) == bytes(first.png) and second.svg == first.svg
    assert "Shelf" in second.svg
    assert second.rendered_type == "class"
    assert RenderedImage.objects.count() == 1


@pytest.mark.django_db
def test_it_draws_different_code(alice, counting_plantuml):
    first = _render(alice, CODE)
    other = _render(alice, OTHER_CODE)

    assert dict(counting_plantuml.calls) == {"svg": 2, "png": 2}
    assert "Magazine" in other.svg and "Magazine" not in first.svg
    assert bytes(other.png) != bytes(first.png)


@pytest.mark.django_db
def test_it_restores_a_version_without_asking_plantuml(alice, counting_plantuml):
    """
    GIVEN a diagram rendered from one code, then edited and rendered from another
    WHEN its owner restores the first version
    THEN the restored version shows the first image, and PlantUML was not asked again
    """
    diagram = _render(alice, "@startuml\nclass Draft\n@enduml")
    for code in (CODE, OTHER_CODE):
        services.diagram_replace_code(diagram=diagram, code=code, source=EDITED, author=alice)
        pipeline.diagram_render(diagram_id=diagram.pk)
        if code == CODE:
            first_png = bytes(Diagram.objects.get(pk=diagram.pk).png)
    assert counting_plantuml.total == 6
    first = diagram.versions.get(plantuml=CODE).number

    services.diagram_restore_version(user=alice, diagram=diagram, number=first)
    pipeline.diagram_render(diagram_id=diagram.pk)

    assert counting_plantuml.total == 6
    diagram.refresh_from_db()
    assert diagram.status == "done"
    assert bytes(diagram.png) == first_png
    newest = diagram.versions.order_by("-number").first()
    assert newest.source == "restored" and bytes(newest.png) == first_png


@pytest.mark.django_db
def test_a_new_plantuml_release_draws_again(alice, counting_plantuml, settings):
    _render(alice, CODE)
    settings.PLANTWEB_RENDERER_VERSION = "next-release"

    _render(alice, CODE)

    assert dict(counting_plantuml.calls) == {"svg": 2, "png": 2}


@pytest.mark.django_db
def test_syntax_errors_are_not_kept(alice, counting_plantuml):
    broken = "@startuml\nclass A {\n@enduml"
    first = _render(alice, broken)
    _render(alice, broken)

    assert first.status == "failed" and first.error_message
    assert RenderedImage.objects.count() == 0
    assert counting_plantuml.calls["svg"] == 2


@pytest.mark.django_db
def test_unsafe_code_is_refused_even_once_cached(alice, counting_plantuml, settings):
    """The safety checks run before the cache is read, so a stored image never bypasses them."""
    _render(alice, CODE)
    settings.PLANTWEB_RENDER_MAX_CHARS = len(CODE) - 1

    refused = _render(alice, CODE)

    assert refused.status == "failed"
    assert counting_plantuml.total == 2


@pytest.mark.django_db
def test_it_can_be_turned_off(alice, counting_plantuml, settings):
    settings.PLANTWEB_RENDER_CACHE = False
    _render(alice, CODE)
    _render(alice, CODE)

    assert dict(counting_plantuml.calls) == {"svg": 2, "png": 2}
    assert RenderedImage.objects.count() == 0


@pytest.mark.django_db
def test_a_server_that_stopped_answering_is_not_hidden_by_the_cache(counting_plantuml):
    """
    GIVEN a trivial diagram drawn once, as validate-and-repair's liveness probe is
    WHEN the server then fails on a candidate
    THEN checking whether the server is up asks the server, and finds it down
    """
    from worker.render import RenderUnavailable
    from worker.validate import server_alive

    client = pipeline._plantuml_client(settling=True, retries=0)
    try:
        assert server_alive(client)
        assert server_alive(client)
        assert counting_plantuml.calls["svg"] == 1  # the second check came from the cache
        counting_plantuml.down = True

        with pytest.raises(RenderUnavailable):
            client.render(OTHER_CODE, "svg")

        assert not server_alive(client)
        assert RenderedImage.objects.count() == 1
    finally:
        client.close()


def _prune(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_render_cache", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_image_not_used_for_the_given_days_is_drawn_again(alice, counting_plantuml):
    """
    GIVEN one image last used 40 days ago and one used today
    WHEN the cache is pruned of images not used for 30 days
    THEN the old code is drawn by PlantUML again on its next render, the recent one is not
    """
    _render(alice, CODE)
    _render(alice, OTHER_CODE)
    RenderedImage.objects.filter(svg__contains="Book").update(
        last_used_at=timezone.now() - timedelta(days=40)
    )

    assert _prune("--days", "30") == "Deleted 1 cached images; 1 kept.\n"
    assert counting_plantuml.total == 4

    again = _render(alice, CODE)
    assert again.status == "done" and "Book" in again.svg
    assert dict(counting_plantuml.calls) == {"svg": 3, "png": 3}
    _render(alice, OTHER_CODE)
    assert counting_plantuml.total == 6


@pytest.mark.django_db
def test_an_old_image_used_again_is_kept(alice, bob, counting_plantuml):
    """
    GIVEN an image drawn 40 days ago
    WHEN Bob renders the same code today, and the cache is then pruned of images not used for
      30 days
    THEN the image is kept, and a third render still makes no call to PlantUML
    """
    _render(alice, CODE)
    RenderedImage.objects.update(last_used_at=timezone.now() - timedelta(days=40))
    _render(bob, CODE)
    assert counting_plantuml.total == 2

    assert _prune("--days", "30") == "Deleted 0 cached images; 1 kept.\n"

    assert _render(alice, CODE).status == "done"
    assert counting_plantuml.total == 2


@pytest.mark.django_db
def test_beyond_the_maximum_the_least_recently_used_go_first(alice, counting_plantuml):
    """
    GIVEN three images, the oldest of which was used again most recently
    WHEN the cache is pruned to two images
    THEN the least recently used one is drawn again on its next render, the other two are not
    """
    codes = [
        f"@startuml\nclass Shelf\nclass {name}\n@enduml" for name in ("Atlas", "Bible", "Comic")
    ]
    for days, code in zip((3, 2, 1), codes, strict=True):
        _render(alice, code)
        RenderedImage.objects.filter(svg__contains=code.split()[-2]).update(
            last_used_at=timezone.now() - timedelta(days=days)
        )
    _render(alice, codes[0])  # Atlas is used again: now the most recent
    assert counting_plantuml.total == 6

    assert _prune("--days", "0", "--max-images", "2") == "Deleted 1 cached images; 2 kept.\n"

    _render(alice, codes[0])
    _render(alice, codes[2])
    assert counting_plantuml.total == 6
    assert "Bible" in _render(alice, codes[1]).svg
    assert counting_plantuml.total == 8


@pytest.mark.django_db
def test_pruning_refuses_negative_limits():
    with pytest.raises(CommandError, match="--max-images"):
        _prune("--max-images", "-1")
