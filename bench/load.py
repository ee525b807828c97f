"""A bounded load test: polite users and one abusive user against a PlantWeb on 127.0.0.1.

    python bench/load.py                      # starts `make run`'s stack on a free port
    python bench/load.py --users 20 --seconds 60
    python bench/load.py --url http://127.0.0.1:8000   # a running PlantWeb on this machine

Each polite user submits a scenario through the API, polls its status every second until it is
done or failed, pauses a moment, and starts again. The abusive user submits as fast as the API
lets it (it only waits for Retry-After when refused). After the time is up, every job accepted
is followed until it ends (at most --drain seconds). The users and their API tokens are made in
the database named by DATABASE_URL, which must be the server's (the stack this script starts
uses it too; unset, that is SQLite in var/, too slow for many writers: use PostgreSQL).

Printed: p50/p95 of submit and status latency, jobs per minute, server errors, lost jobs, and the
longest time a polite user's job waited before its generation started, against the bound the
fair order gives it: one job ahead of it per other user (each polite user has one job in flight,
and the abusive user's long queue goes behind them), each taking at most the slowest generation
seen, plus the poll and reaper slack. The exit status is 1 when a check fails.
"""

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [
    ("A library lends books to its members. A member borrows and returns books.", "class"),
    ("A customer places an order; the shop checks stock, takes payment and ships it.", "sequence"),
    ("A user signs up, confirms the email, logs in and edits the profile.", "activity"),
    ("A ticket is opened, assigned, worked on, resolved and closed, or reopened.", "state"),
    ("A teacher creates a course; students enrol, submit work and receive grades.", "usecase"),
]
FINISHED = ("done", "failed")
POLL_SECONDS = 1.0
SLACK_SECONDS = 10.0


class Figures:
    """What the users saw, shared between their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.submit: list[float] = []
        self.status: list[float] = []
        self.server_errors: list[str] = []
        self.refused = 0
        self.accepted: dict[int, str] = {}  # diagram id -> "polite" or "abusive"
        self.final: dict[int, dict] = {}

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            getattr(self, kind).append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.server_errors.append(what)


def _request(session, figures, kind, method, url, **kwargs):
    started = time.perf_counter()
    try:
        response = session.request(method, url, timeout=30, **kwargs)
    except requests.RequestException as error:
        figures.error(f"{method} {url}: {type(error).__name__}")
        return None
    figures.add(kind, time.perf_counter() - started)
    if response.status_code >= 500:
        figures.error(f"{method} {url}: {response.status_code}")
        return None
    return response


def _session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    return session


def _submit(session, base, figures, index: int):
    scenario, diagram_type = SCENARIOS[index % len(SCENARIOS)]
    return _request(
        session,
        figures,
        "submit",
        "POST",
        f"{base}/api/v1/diagrams/",
        json={"scenario": f"{scenario} (run {index})", "type": diagram_type},
    )


def _follow(session, base, figures, diagram_id: int, until: float) -> dict | None:
    """Polls a diagram until it ends or `until` passes; its last JSON."""
    body = None
    while time.monotonic() < until:
        response = _request(
            session, figures, "status", "GET", f"{base}/api/v1/diagrams/{diagram_id}/"
        )
        if response is not None and response.status_code == 200:
            body = response.json()
            if body["status"] in FINISHED:
                break
        time.sleep(POLL_SECONDS)
    return body


def _record(figures, diagram_id: int, body: dict | None) -> None:
    if body is not None:
        with figures.lock:
            figures.final[diagram_id] = body


def polite_user(base, token, figures, index, deadline, drain_until) -> None:
    session = _session(token)
    round_ = 0
    while time.monotonic() < deadline:
        response = _submit(session, base, figures, index * 1000 + round_)
        round_ += 1
        if response is None or response.status_code != 202:
            if response is not None and response.status_code == 429:
                with figures.lock:
                    figures.refused += 1
                time.sleep(float(response.headers.get("Retry-After") or 1))
            else:
                time.sleep(1)
            continue
        diagram_id = response.json()["id"]
        with figures.lock:
            figures.accepted[diagram_id] = "polite"
        _record(figures, diagram_id, _follow(session, base, figures, diagram_id, drain_until))
        time.sleep(1 + (index % 3))


def abusive_user(base, token, figures, deadline) -> None:
    session = _session(token)
    round_ = 0
    while time.monotonic() < deadline:
        response = _submit(session, base, figures, 900_000 + round_)
        round_ += 1
        if response is None:
            time.sleep(0.1)
        elif response.status_code == 202:
            with figures.lock:
                figures.accepted[response.json()["id"]] = "abusive"
        else:
            with figures.lock:
                figures.refused += 1
            wait = float(response.headers.get("Retry-After") or 0.2)
            time.sleep(min(wait, max(0.0, deadline - time.monotonic())))


def make_tokens(count: int) -> list[str]:
    """Users load-0 ... load-N (the last is the abusive one), each with a fresh API token."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")
    # Only the database is used here; no cookie or signature this process makes leaves it.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from accounts.models import ApiToken, hash_key

    tokens = []
    for i in range(count):
        user, _ = get_user_model().objects.get_or_create(username=f"load-{i}")
        key = f"pw_{secrets.token_urlsafe(24)}"
        ApiToken.objects.create(
            user=user, name="load test", key_hash=hash_key(key), last_characters=key[-4:]
        )
        tokens.append(key)
    return tokens


def start_stack(port: int, log: Path):
    """`make run` on the given port, in a session of its own; returns the process."""
    env = {**os.environ, "PORT": str(port)}
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the stack stopped; see {log}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_stack(process)
    sys.exit(f"the stack did not answer /healthz within 300 s; see {log}")


def stop_stack(process) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _ms(values: list[float], p: float) -> str:
    return f"{_percentile(values, p) * 1000:6.0f} ms"


def report(figures: Figures, args) -> bool:
    bodies = figures.final
    done = [b for b in bodies.values() if b["status"] == "done"]
    failed = [b for b in bodies.values() if b["status"] == "failed"]
    ended = {i for i, b in bodies.items() if b["status"] in FINISHED}
    lost = sorted(set(figures.accepted) - ended)
    waits, generation = [], []
    for diagram_id, body in bodies.items():
        timings = body["timings"]
        started, created = _time(timings["generation_started_at"]), _time(timings["created_at"])
        if started and created and figures.accepted.get(diagram_id) == "polite":
            waits.append((started - created).total_seconds())
        if timings["generation_seconds"] is not None:
            generation.append(timings["generation_seconds"])
    # Jobs per minute over the span from the first submission to the last job done.
    first = min((_time(b["timings"]["created_at"]) for b in done), default=None)
    last = max((_time(b["timings"]["finished_at"]) for b in done), default=None)
    span = (last - first).total_seconds() / 60 if first and last and last > first else 0
    slowest = max(generation, default=0.0)
    median = statistics.median(generation) if generation else float("nan")
    bound = args.users * (slowest + 1.0) + SLACK_SECONDS
    longest = max(waits, default=float("nan"))
    polite = sum(1 for kind in figures.accepted.values() if kind == "polite")
    abusive = len(figures.accepted) - polite
    errors = figures.server_errors
    lines = [
        f"Load: {args.users} polite users + 1 abusive for {args.seconds:.0f} s against {args.url}",
        f"  submit latency  p50 {_ms(figures.submit, 50)}  p95 {_ms(figures.submit, 95)}"
        f"  ({len(figures.submit)} requests)",
        f"  status latency  p50 {_ms(figures.status, 50)}  p95 {_ms(figures.status, 95)}"
        f"  ({len(figures.status)} requests)",
        f"  jobs accepted   {polite} polite, {abusive} abusive; refused: {figures.refused}",
        f"  jobs finished   {len(done)} done, {len(failed)} failed;"
        f" {len(done) / span if span else 0:.1f} done per minute",
        f"  generation      median {median:.2f} s, slowest {slowest:.2f} s",
        f"  server errors   {len(errors)}" + (f"  e.g. {errors[:3]}" if errors else ""),
        f"  lost jobs       {len(lost)}" + (f"  ids {lost[:10]}" if lost else ""),
        f"  polite wait     longest {longest:.1f} s before its generation started;"
        f" bound {bound:.1f} s = {args.users} users x (slowest generation + 1 s)"
        f" + {SLACK_SECONDS:.0f} s",
    ]
    ok = bool(not errors and not lost and waits and longest <= bound)
    lines.append("  result          " + ("PASS" if ok else "FAIL"))
    print("\n".join(lines))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PlantWeb on 127.0.0.1 (default: start one)")
    parser.add_argument("--users", type=int, default=50, help="polite users (default 50)")
    parser.add_argument("--seconds", type=float, default=180, help="load time (default 180)")
    parser.add_argument(
        "--drain", type=float, default=180, help="most seconds to follow jobs after"
    )
    args = parser.parse_args(argv)
    if args.users < 1 or not 0 < args.seconds <= 3600 or not 0 <= args.drain <= 3600:
        parser.error("--users must be at least 1, --seconds and --drain at most 3600")
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("--url must be on this machine (http://127.0.0.1:...)")

    stack = None
    if not args.url:
        port = _free_port()
        (ROOT / "var" / "log").mkdir(parents=True, exist_ok=True)
        print(f"Starting PlantWeb on 127.0.0.1:{port} (log: var/log/load-stack.log)", flush=True)
        stack = start_stack(port, ROOT / "var" / "log" / "load-stack.log")
        args.url = f"http://127.0.0.1:{port}"
    base = args.url.rstrip("/")
    try:
        tokens = make_tokens(args.users + 1)
        figures = Figures()
        started = time.monotonic()
        deadline = started + args.seconds
        drain_until = deadline + args.drain
        threads = [
            threading.Thread(
                target=polite_user,
                args=(base, tokens[i], figures, i, deadline, drain_until),
                daemon=True,
            )
            for i in range(args.users)
        ]
        threads.append(
            threading.Thread(
                target=abusive_user, args=(base, tokens[-1], figures, deadline), daemon=True
            )
        )
        for thread in threads:
            thread.start()
            time.sleep(min(0.05, args.seconds / 100))
        for thread in threads:
            thread.join(timeout=max(0.0, drain_until - time.monotonic()) + 5)
        # The polite users followed their own jobs; the abusive user's are followed here.
        session = _session(tokens[-1])
        for diagram_id, kind in list(figures.accepted.items()):
            if kind == "abusive":
                _record(
                    figures, diagram_id, _follow(session, base, figures, diagram_id, drain_until)
                )
        return 0 if report(figures, args) else 1
    finally:
        if stack is not None:
            stop_stack(stack)


if __name__ == "__main__":
    sys.exit(main())
