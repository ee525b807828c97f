"""A PlantUML server that is down for a while: jobs wait for it, then finish or fail clearly.

A render that cannot reach the server is tried again with growing pauses for
PLANTWEB_RENDERER_WAIT_MINUTES, with "Waiting for the renderer" on the status card and in the
API; after that the job fails with the reason, and its owner can try it again.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.urls import reverse

from diagrams import pipeline, services
from diagrams.models import Diagram
from tests.tiny_model import DEFAULT_EXAMPLES

CODE = "@startuml\nclass Waiting\nclass Renderer\nWaiting --> Renderer\n@enduml"


def _wait_for_note(diagram_id: int, timeout: float = 60) -> Diagram:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        diagram = Diagram.objects.get(pk=diagram_id)
        if diagram.status_note:
            return diagram
        time.sleep(0.1)
    pytest.fail(f"diagram {diagram_id} never said what it waits for")


@pytest.mark.django_db(transaction=True)
def test_it_waits_for_the_renderer_through_a_short_outage(
    alice, alice_client, celery_workers, render_worker_with, wait_for_diagram, plantuml_server
):
    """
    GIVEN a render worker that waits up to a minute for the PlantUML server
    WHEN the server is down as code is sent to be rendered, and comes back a little later
    THEN the job says it is waiting for the renderer (page and API), then ends done
    """
    with render_worker_with(PLANTWEB_RENDERER_WAIT_MINUTES="1"):
        plantuml_server.stop()
        try:
            diagram = services.diagram_submit_code(user=alice, code=CODE)
            waiting = _wait_for_note(diagram.pk)
            body = alice_client.get(f"/api/v1/diagrams/{diagram.pk}/").json()
        finally:
            plantuml_server.start()
        diagram = wait_for_diagram(diagram.pk, timeout=90)

    assert waiting.status == "rendering"
    assert waiting.status_note.startswith("Waiting for the renderer")
    assert body["status"] == "rendering"
    assert body["status_note"].startswith("Waiting for the renderer")
    assert diagram.status == "done", diagram.error_message
    assert diagram.status_note == ""
    assert "Renderer" in diagram.svg


@pytest.mark.django_db(transaction=True)
def test_a_job_failed_by_a_long_outage_can_be_tried_again(
    alice, alice_client, celery_workers, wait_for_diagram, plantuml_server
):
    """
    GIVEN a render that failed because the PlantUML server stayed down past the wait
    WHEN the server is back and the owner tries it again, on the page and then in the API
    THEN the page offers "Try again", and the job is rendered and ends done
    """
    plantuml_server.stop()
    try:
        diagram = services.diagram_submit_code(user=alice, code=CODE)
        failed = wait_for_diagram(diagram.pk, timeout=60)
    finally:
        plantuml_server.start()
    assert failed.status == "failed"
    assert failed.error_message.startswith("The PlantUML server could not be reached for")
    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()
    assert "Try again" in page

    answer = alice_client.post(reverse("diagram_retry", args=[diagram.pk]))
    assert answer.status_code == 302
    assert wait_for_diagram(diagram.pk).status == "done"

    again = alice_client.post(
        f"/api/v1/diagrams/{diagram.pk}/retry/", content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json() == {"detail": ["Only a failed diagram can be tried again."]}


class _PngRefusingProxy(BaseHTTPRequestHandler):
    """Passes SVG requests to the real PlantUML server and answers PNG requests with 503,
    as a server that died right after validating would."""

    target = ""

    def do_GET(self):  # noqa: N802 (http.server's name)
        if "/png/" in self.path:
            self.send_response(503)
            self.end_headers()
            return
        upstream = requests.get(self.target + self.path.split("/plantuml", 1)[1], timeout=30)
        self.send_response(upstream.status_code)
        for name, value in upstream.headers.items():
            if name.lower() in ("content-type",) or name.lower().startswith("x-plantuml"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    def log_message(self, *args):
        pass


@pytest.mark.django_db(transaction=True)
def test_a_server_that_dies_after_validation_hands_the_chosen_code_to_the_renderer(
    alice, celery_workers, wait_for_diagram, plantuml_settings, tiny_model_dir, monkeypatch, caplog
):
    """
    GIVEN a PlantUML server that checks candidates (SVG) but dies before the chosen one's PNG
    WHEN a scenario is generated
    THEN the chosen code goes to the render queue, as with any outage, and ends done there,
         not failed with the generic error
    """
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    _PngRefusingProxy.target = plantuml_settings.PLANTUML_URL
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _PngRefusingProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    scenario, diagram_type, code = DEFAULT_EXAMPLES[0]
    diagram = Diagram.objects.create(
        scenario=alice.scenarios.create(text=scenario, requested_type=diagram_type),
        diagram_type=diagram_type,
    )
    plantuml_settings.PLANTUML_URL = f"http://127.0.0.1:{proxy.server_port}/plantuml"
    try:
        pipeline.diagram_generate(diagram_id=diagram.pk)
    finally:
        proxy.shutdown()

    assert "PlantUML unavailable while finishing diagram" in caplog.text
    handed = Diagram.objects.get(pk=diagram.pk)
    assert handed.status in ("rendering", "done")
    assert handed.plantuml == code
    diagram = wait_for_diagram(diagram.pk)
    assert diagram.status == "done", diagram.error_message
    assert diagram.png
