import time

import pytest

from worker.render import (
    PlantUMLClient,
    RenderError,
    RenderSyntaxError,
    RenderUnavailable,
    decode_plantuml,
    diagram_type_from_svg,
    encode_plantuml,
)
from worker.safety import UnsafeDiagram

CLASS_DIAGRAM = "@startuml\nclass Order {\n  +id: int\n}\nclass Item\nOrder *-- Item\n@enduml"


def test_encoding_matches_plantumls_own():
    # The encoding PlantUML's documentation gives for this text.
    assert encode_plantuml("Bob -> Alice : hello") == "SyfFKj2rKt3CoKnELR1Io4ZDoSa70000"


@pytest.mark.parametrize("code", [CLASS_DIAGRAM, "@startuml\nA -> B : héllo — ✓\n@enduml", ""])
def test_encoding_decodes_back(code):
    encoded = encode_plantuml(code)
    assert set(encoded) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")
    assert decode_plantuml(encoded) == code


def test_a_class_diagram_renders_as_png_and_svg(plantuml_url):
    client = PlantUMLClient(plantuml_url)
    rendered = client.render_both(CLASS_DIAGRAM)
    assert rendered.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert rendered.svg.lstrip().startswith("<svg")
    assert 'data-diagram-type="CLASS"' in rendered.svg
    assert ">Order<" in rendered.svg
    assert rendered.diagram_type == "class"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("object alice\nobject bob\nalice --> bob", "object"),
        ("actor User\nUser --> (Log in)\nUser --> (Log out)", "usecase"),
        ("[Web] --> [API]\ncomponent Database\n[API] --> Database", "component"),
        ("Alice -> Bob : hello\nBob --> Alice : hi", "sequence"),
        ("[*] --> Open\nOpen --> Closed\nClosed --> [*]", "state"),
        ('concise "Door" as D\n@0\nD is Open\n@5\nD is Closed', "timing"),
    ],
)
def test_the_drawn_type_is_reported(plantuml_url, code, expected):
    code = f"@startuml\n{code}\n@enduml"
    svg = PlantUMLClient(plantuml_url).render(code, "svg").decode()
    assert diagram_type_from_svg(svg, code) == expected


def test_a_syntax_error_carries_the_servers_message_and_line(plantuml_url):
    code = "@startuml\nclass A\nA -->> -->> B (((\n@enduml"
    with pytest.raises(RenderSyntaxError) as failed:
        PlantUMLClient(plantuml_url).render(code, "png")
    assert "Syntax Error" in failed.value.message
    assert failed.value.line == 3


def test_a_server_that_is_down_is_reported_after_bounded_retries(unused_url):
    client = PlantUMLClient(unused_url, timeout=2, retries=2, backoff=0.2)
    started = time.monotonic()
    with pytest.raises(RenderUnavailable, match="3 attempts"):
        client.render(CLASS_DIAGRAM, "png")
    elapsed = time.monotonic() - started
    # Two pauses (0.2 s, then 0.4 s) between three refused connections.
    assert 0.6 <= elapsed < 5


def test_a_server_error_is_retried_then_reported(failing_server):
    client = PlantUMLClient(failing_server.url, retries=2, backoff=0.05)
    with pytest.raises(RenderUnavailable, match="HTTP 503"):
        client.render(CLASS_DIAGRAM, "svg")
    assert failing_server.requests == 3


def test_unsafe_code_is_refused_before_any_request(unused_url):
    client = PlantUMLClient(unused_url, timeout=5, retries=3, backoff=1)
    started = time.monotonic()
    with pytest.raises(UnsafeDiagram) as refused:
        client.render("@startuml\n!include /etc/passwd\n@enduml", "svg")
    assert refused.value.line == 2
    assert time.monotonic() - started < 0.5


def test_an_unknown_format_is_refused(plantuml_url):
    with pytest.raises(ValueError, match="format"):
        PlantUMLClient(plantuml_url).render(CLASS_DIAGRAM, "pdf")


class _FailingServer:
    def __init__(self) -> None:
        import http.server
        import threading

        server_state = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                server_state.requests += 1
                self.send_response(503)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.requests = 0
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/plantuml"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def failing_server():
    """An HTTP server that answers every request with 503, as an overloaded proxy would."""
    server = _FailingServer()
    yield server
    server.close()


def test_a_base_url_that_is_not_a_plantuml_server_is_reported(plantuml_url):
    # picoweb answers unknown paths with 200 and a placeholder image, not the diagram.
    wrong = plantuml_url.rsplit("/", 1)[0] + "/not-plantuml"
    with pytest.raises(RenderError, match="base URL"):
        PlantUMLClient(wrong).render(CLASS_DIAGRAM, "svg")
