"""Fixtures shared by the whole suite: real services, real workers, users and clients.

The test command (scripts/test.sh) exports the environment these rely on: DATABASE_URL for
PostgreSQL, CELERY_BROKER_URL for a Redis database of the suite's own, DJANGO_SECRET_KEY.

Tests that wait for a worker must let their rows be committed, so `wait_for_diagram` brings in
pytest-django's `transactional_db`: a worker process only ever sees committed data, and tasks are
sent on commit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "test-output"
TEST_MODELS_DIR = ROOT / ".cache" / "test-models"
PASSWORD = "correct horse battery staple"
WORKER_START_TIMEOUT = 120


def pytest_configure(config: pytest.Config) -> None:
    OUTPUT_DIR.mkdir(exist_ok=True)
    # Playwright's sync API keeps an event loop running in the test thread, where Django refuses
    # ORM calls unless told they are deliberate (Django reads this at each call).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave screenshots and logs for a person to look at."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


# --- PlantUML server and model ---------------------------------------------------------------


@pytest.fixture(scope="session")
def plantuml_server(output_dir) -> Iterator[object]:
    """A real PlantUML server (the bundled jar) on a free loopback port, for the whole session.

    Tests may `.stop()` it to see how the product behaves when the server is down, and
    `.start()` it again; it comes back on the same port.
    """
    from worker.plantuml_server import LocalPlantUMLServer

    server = LocalPlantUMLServer(log_path=output_dir / "plantuml.log")
    server.start()
    previous = os.environ.get("PLANTUML_URL")
    os.environ["PLANTUML_URL"] = server.base_url
    try:
        yield server
    finally:
        server.stop()
        if previous is None:
            os.environ.pop("PLANTUML_URL", None)
        else:
            os.environ["PLANTUML_URL"] = previous


@pytest.fixture
def plantuml_up(plantuml_server):
    """The session's PlantUML server, running, whatever an earlier test did to it."""
    if not _plantuml_answers(plantuml_server.base_url):
        plantuml_server.start()
    return plantuml_server


@pytest.fixture
def plantuml_settings(settings, plantuml_up):
    """Points this process's Django settings at the session's PlantUML server."""
    settings.PLANTUML_URL = plantuml_up.base_url
    return settings


def _plantuml_answers(base_url: str) -> bool:
    import requests

    from worker.render import encode_plantuml

    try:
        code = "@startuml\nclass A\n@enduml"
        response = requests.get(f"{base_url}/svg/{encode_plantuml(code)}", timeout=5)
    except requests.RequestException:
        return False
    return response.status_code == 200


@pytest.fixture(scope="session")
def tiny_model_dir() -> Path:
    """A tiny model of the production architecture, trained here to emit valid diagrams."""
    from tests.tiny_model import ensure_tiny_model

    return ensure_tiny_model(TEST_MODELS_DIR)


# --- Celery workers ----------------------------------------------------------------------------


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"({path} not written)"
    return "\n".join(text.splitlines()[-lines:])


class CeleryWorkers:
    """The two worker processes of a test session and where they log."""

    def __init__(self, output_dir: Path) -> None:
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.started_with: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.output_dir = output_dir
        self.suffix = f"{os.getpid()}"

    def hostname(self, queue: str) -> str:
        return f"{queue}-test-{self.suffix}@127.0.0.1"

    def start(
        self, queue: str, pool_args: list[str], env: dict[str, str], log_name: str = ""
    ) -> None:
        log = self.output_dir / (log_name or f"celery-{queue}.log")
        self.started_with[queue] = (pool_args, env)
        log.write_text("")
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "plantweb",
            "worker",
            "--queues",
            queue,
            "--hostname",
            self.hostname(queue),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *pool_args,
        ]
        with log.open("ab") as out:
            self.processes[queue] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.logs[queue] = log

    def log_tails(self) -> str:
        return "\n\n".join(
            f"--- {log.name} (last lines) ---\n{_tail(log)}" for log in self.logs.values()
        )

    def wait_ready(self, app, timeout: float) -> None:
        wanted = {self.hostname(queue) for queue in self.processes}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for queue, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        f"the {queue} worker exited with {process.returncode}\n{self.log_tails()}"
                    )
            replies = app.control.ping(destination=sorted(wanted), timeout=1.0)
            answered = {name for reply in replies for name in reply}
            if wanted <= answered:
                return
        raise RuntimeError(f"workers did not answer within {timeout}s\n{self.log_tails()}")

    @contextmanager
    def replaced(self, app, queue: str, log_name: str, **env: str) -> Iterator[None]:
        """Runs the queue's worker with other environment variables, then the usual one again.

        Only one worker serves each queue, so a job cannot reach the usual one meanwhile.
        """
        pool_args, usual_env = self.started_with[queue]
        usual_log = self.logs[queue]
        self._stop_one(queue)
        self.start(queue, pool_args, {**usual_env, **env}, log_name=log_name)
        try:
            self.wait_ready(app, WORKER_START_TIMEOUT)
            yield
        finally:
            self._stop_one(queue)
            self.start(queue, pool_args, usual_env, log_name=f"{usual_log.stem}-again.log")
            self.wait_ready(app, WORKER_START_TIMEOUT)

    def kill(self, queue: str) -> None:
        """SIGKILL, as the kernel's OOM killer or a lost machine would: nothing is cleaned up."""
        process = self.processes[queue]
        process.kill()
        process.wait()

    def restart(self, app, queue: str, log_name: str) -> None:
        """Starts the queue's worker again as it was last started, and waits until it answers."""
        pool_args, env = self.started_with[queue]
        self.start(queue, pool_args, env, log_name=log_name)
        self.wait_ready(app, WORKER_START_TIMEOUT)

    def _stop_one(self, queue: str) -> None:
        process = self.processes.pop(queue)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def celery_workers(
    django_db_setup, django_db_blocker, plantuml_server, tiny_model_dir, output_dir
) -> Iterator[CeleryWorkers]:
    """Real `celery -A plantweb worker` processes on the `gpu` and `render` queues.

    They use the test database that pytest-django created, the session's PlantUML server and the
    tiny model, and log to test-output/celery-*.log.
    """
    import redis
    from django.conf import settings
    from django.db import connection

    from plantweb.celery import app

    if connection.vendor != "postgresql":
        pytest.fail(
            "the Celery workers need a database they can share with the tests: run `make test`, "
            "or set DATABASE_URL to a PostgreSQL server"
        )
    broker_url = settings.CELERY_BROKER_URL
    # Messages left by an interrupted run would point at rows of a database that is gone.
    redis.Redis.from_url(broker_url).flushdb()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "plantweb.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker_url,
        "PLANTUML_URL": plantuml_server.base_url,
        "PLANTWEB_MODEL": str(tiny_model_dir),
        "PLANTWEB_RENDER_RETRIES": "1",
        # A few seconds' wait for a PlantUML server that is down, so outage tests end quickly.
        "PLANTWEB_RENDERER_WAIT_MINUTES": "0.05",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PLANTWEB_ADAPTER", None)

    workers = CeleryWorkers(output_dir)
    try:
        workers.start(
            "gpu",
            ["--pool", "solo", "--concurrency", "1", "--prefetch-multiplier", "1"],
            {**env, "PLANTWEB_WARM_MODEL": "1"},
        )
        workers.start("render", ["--pool", "threads", "--concurrency", "2"], env)
        with django_db_blocker.unblock():
            workers.wait_ready(app, WORKER_START_TIMEOUT)
        yield workers
    finally:
        workers.stop()


@pytest.fixture
def gpu_worker_with(celery_workers, django_db_blocker) -> Callable[..., object]:
    """Runs the generation worker with another model or settings inside a `with` block.

    `with gpu_worker_with(PLANTWEB_MODEL=..., PLANTWEB_REPAIR_BUDGET="3"):` and the usual
    worker is back once the block ends.
    """
    from plantweb.celery import app

    @contextmanager
    def replaced(**env: str) -> Iterator[None]:
        with django_db_blocker.unblock():
            with celery_workers.replaced(app, "gpu", "celery-gpu-replaced.log", **env):
                yield

    return replaced


@pytest.fixture
def render_worker_with(celery_workers, django_db_blocker) -> Callable[..., object]:
    """Runs the render worker with other settings inside a `with` block, like gpu_worker_with."""
    from plantweb.celery import app

    @contextmanager
    def replaced(**env: str) -> Iterator[None]:
        with django_db_blocker.unblock():
            with celery_workers.replaced(app, "render", "celery-render-replaced.log", **env):
                yield

    return replaced


@pytest.fixture
def wait_for_diagram(transactional_db, celery_workers, plantuml_up) -> Callable[..., object]:
    """Polls the database until a diagram is done or failed, and returns it fresh.

    Fails the test with the workers' last log lines when it takes longer than `timeout` seconds.
    """
    from diagrams.models import Diagram

    def wait(diagram_id: int, timeout: float = 60) -> Diagram:
        deadline = time.monotonic() + timeout
        diagram = Diagram.objects.get(pk=diagram_id)
        while diagram.status not in ("done", "failed"):
            if time.monotonic() > deadline:
                pytest.fail(
                    f"diagram {diagram_id} still {diagram.status!r} after {timeout}s\n"
                    f"{celery_workers.log_tails()}"
                )
            time.sleep(0.2)
            diagram = Diagram.objects.get(pk=diagram_id)
        return diagram

    return wait


# --- Users and clients -------------------------------------------------------------------------


class CsrfClient(Client):
    """A test client that enforces CSRF checks and sends the token the way the pages do.

    It holds a CSRF cookie and puts the same token in the X-CSRFToken header of every unsafe
    request, as htmx does from the page's `hx-headers`. Pass `csrf=False` to leave the header
    out and see the request refused.
    """

    def __init__(self, **defaults) -> None:
        super().__init__(enforce_csrf_checks=True, **defaults)
        from django.conf import settings
        from django.middleware.csrf import _get_new_csrf_string

        self.csrf_token = _get_new_csrf_string()
        self.cookies[settings.CSRF_COOKIE_NAME] = self.csrf_token

    def generic(self, method, path, *args, csrf: bool = True, **extra):
        if csrf and method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            extra.setdefault("HTTP_X_CSRFTOKEN", self.csrf_token)
        return super().generic(method, path, *args, **extra)


@pytest.fixture
def client() -> CsrfClient:
    """An anonymous client with CSRF checks on."""
    return CsrfClient()


def _user(django_user_model, username: str):
    return django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD
    )


@pytest.fixture
def alice(db, django_user_model):
    return _user(django_user_model, "alice")


@pytest.fixture
def bob(db, django_user_model):
    return _user(django_user_model, "bob")


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test starts with nothing counted against its users in the rate-limit cache.

    The web forms and the API count in the same cache, and user ids repeat between runs.
    """
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture
def alice_client(alice) -> CsrfClient:
    client = CsrfClient()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> CsrfClient:
    client = CsrfClient()
    client.force_login(bob)
    return client


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_superuser("reviewer", "reviewer@example.com", "pw")


@pytest.fixture
def staff_client(staff) -> CsrfClient:
    client = CsrfClient()
    client.force_login(staff)
    return client


def settings_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Runs `code` in a fresh Python with PlantWeb's settings and only the environment given.

    Settings are read once per process, so each configuration needs a process of its own.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLANTWEB_"))}
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "PLANTUML_URL"):
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "plantweb.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
