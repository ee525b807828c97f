"""Renders 50 diagrams, then renders the same 50 again, counting the PlantUML server's calls.

The second pass is what a restore or a resubmission of unchanged code costs: with the render
cache it makes no call to PlantUML. Both passes go through the render worker's own step
(diagrams.pipeline.diagram_render) against a real PlantUML server, in the same run, and the
script prints their times and the ratio.

    python bench/render_cache.py [--diagrams 50]

It uses a throw-away SQLite database (or DATABASE_URL when set) and starts the bundled
PlantUML jar on a free port (or uses PLANTUML_URL when set); a small proxy in front of the
server counts the requests.
"""

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class CountingProxy:
    """Forwards GETs to the PlantUML server and counts them."""

    def __init__(self, target: str) -> None:
        self.calls: Counter[str] = Counter()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.calls[self.path.lstrip("/").split("/")[0]] += 1
                # A connection of its own per request: the server may close idle ones.
                try:
                    answer = requests.get(target + self.path, timeout=60)
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
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def diagram_code(i: int) -> str:
    """A different, ordinary class diagram for each i."""
    classes = [f"Item{i}x{k}" for k in range(3 + i % 5)]
    lines = ["@startuml", f"title Library {i}"]
    lines += [f"class {name} {{\n  +id: int\n  +name: String\n}}" for name in classes]
    lines += [f"{a} --> {b} : uses" for a, b in zip(classes, classes[1:], strict=False)]
    return "\n".join([*lines, "@enduml"])


def warm_up(base_url: str) -> None:
    """A few renders straight to the server, so its start-up is not counted as the first pass."""
    from worker.render import PlantUMLClient

    client = PlantUMLClient(base_url, timeout=60)
    try:
        for i in range(10):
            client.render_both(diagram_code(1000 + i))
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diagrams", type=int, default=50)
    args = parser.parse_args(argv)

    data_dir = tempfile.mkdtemp(prefix="plantweb-bench-")
    os.environ.setdefault("PLANTWEB_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")
    server = None
    if not os.environ.get("PLANTUML_URL"):
        from worker.plantuml_server import LocalPlantUMLServer

        server = LocalPlantUMLServer().start()
        os.environ["PLANTUML_URL"] = server.base_url
    warm_up(os.environ["PLANTUML_URL"].rstrip("/"))
    proxy = CountingProxy(os.environ["PLANTUML_URL"].rstrip("/"))
    os.environ["PLANTUML_URL"] = proxy.base_url
    try:
        return run(args.diagrams, proxy)
    finally:
        proxy.server.shutdown()
        if server is not None:
            server.stop()


def run(count: int, proxy: CountingProxy) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from diagrams import pipeline
    from diagrams.models import Diagram, Scenario

    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="render-cache-bench")
    scenario = Scenario.objects.create(owner=user, text="Render cache benchmark")
    diagrams = [
        Diagram.objects.create(scenario=scenario, diagram_type="class", plantuml=diagram_code(i))
        for i in range(count)
    ]

    def render_all() -> tuple[float, int]:
        before = proxy.total
        Diagram.objects.filter(pk__in=[d.pk for d in diagrams]).update(
            status=Diagram.Status.RENDERING, render_started_at=None, render_task_id=""
        )
        started = time.perf_counter()
        for diagram in diagrams:
            pipeline.diagram_render(diagram_id=diagram.pk)
        return time.perf_counter() - started, proxy.total - before

    first_s, first_calls = render_all()
    cached_s, cached_calls = render_all()
    done = Diagram.objects.filter(pk__in=[d.pk for d in diagrams], status="done").count()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"diagrams: {count}, done after both passes: {done}")
    print(f"first render:   {first_s:7.3f} s  ({first_calls} PlantUML calls)")
    print(f"cached render:  {cached_s:7.3f} s  ({cached_calls} PlantUML calls)")
    print(f"speed-up:       {first_s / cached_s:7.1f}x")
    return 0 if cached_calls == 0 and done == count else 1


if __name__ == "__main__":
    sys.exit(main())
