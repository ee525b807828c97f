"""Latency of the API's submit and status requests beside a trivial view, under concurrent clients.

    python bench/web.py                          # starts `make run`'s stack on a free port
    python bench/web.py --clients 20 --rounds 25 --seconds 120
    python bench/web.py --url http://127.0.0.1:8000   # a running PlantWeb on this machine

Each client is a user of its own with an API token. A round is: the log-in page, a submission
(POST /api/v1/diagrams/), then its status (GET /api/v1/diagrams/{id}/) every 0.2 s until the job
is done or failed, as the status card does. The trivial view is asked just before each submit
and each status request, so it is timed at the same moments under the same load: it is
/favicon.ico, a Django view (a redirect to the static icon) that the whole middleware runs for
but that reads no database and renders no template, so it measures what the web server and
Django cost by themselves. The log-in page is timed too, as the cheapest real page. All clients
run at once, for --rounds rounds or --seconds, whichever ends first. Users and tokens are made
in the database named by DATABASE_URL, which must be the server's (use PostgreSQL; see
bench/load.py).

Printed: p50/p95 of each kind of request and the ratio of submit's p95 to the trivial view's
(goal: at most 3). The exit status is 1 when the goal is missed or a server error occurred.
"""

import argparse
import random
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    FINISHED,
    SCENARIOS,
    _free_port,
    _percentile,
    make_tokens,
    start_stack,
    stop_stack,
)

GOAL = 3.0
POLL_SECONDS = 0.2
TRIVIAL = "/favicon.ico"
PAGE = "/accounts/login/"
KINDS = ("trivial", "page", "submit", "status")


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.refused = 0
        self.errors: list[str] = []

    def timed(self, session, kind: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            response = session.request(method, url, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.errors.append(f"{method} {url}: {type(error).__name__}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.seconds[kind].append(elapsed)
            if response.status_code >= 500:
                self.errors.append(f"{method} {url}: {response.status_code}")
            elif response.status_code == 429:
                self.refused += 1
        return response


def client(base: str, token: str, index: int, rounds: int, deadline: float, timings) -> None:
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token}"
    browser = requests.Session()
    # Clients start out of step, as real ones do.
    time.sleep(random.Random(index).uniform(0, 0.5))
    for round_ in range(rounds):
        if time.monotonic() >= deadline:
            return
        timings.timed(browser, "page", "GET", base + PAGE)
        timings.timed(browser, "trivial", "GET", base + TRIVIAL)
        scenario, diagram_type = SCENARIOS[(index + round_) % len(SCENARIOS)]
        response = timings.timed(
            api,
            "submit",
            "POST",
            f"{base}/api/v1/diagrams/",
            json={"scenario": f"{scenario} (client {index}, round {round_})", "type": diagram_type},
        )
        if response is None or response.status_code != 202:
            time.sleep(1)
            continue
        url = f"{base}/api/v1/diagrams/{response.json()['id']}/"
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            timings.timed(browser, "trivial", "GET", base + TRIVIAL)
            status = timings.timed(api, "status", "GET", url)
            if status is not None and status.status_code == 200:
                if status.json()["status"] in FINISHED:
                    break


def report(timings: Timings, args, seconds: float) -> bool:
    def ms(kind: str, p: float) -> float:
        return _percentile(timings.seconds[kind], p) * 1000

    lines = [
        f"Web: {args.clients} concurrent clients, {seconds:.0f} s, against {args.url}",
    ]
    names = {
        "trivial": f"trivial view ({TRIVIAL})",
        "page": f"log-in page ({PAGE})",
        "submit": "API submit",
        "status": "API status poll",
    }
    for kind in KINDS:
        lines.append(
            f"  {names[kind]:<31} p50 {ms(kind, 50):6.1f} ms  p95 {ms(kind, 95):6.1f} ms"
            f"  ({len(timings.seconds[kind])} requests)"
        )
    ratio = ms("submit", 95) / ms("trivial", 95)
    status_ratio = ms("status", 95) / ms("trivial", 95)
    lines += [
        f"  submit p95 / trivial p95        {ratio:.2f} (goal <= {GOAL:.0f})",
        f"  status p95 / trivial p95        {status_ratio:.2f}",
        f"  refused (429)                   {timings.refused}",
        f"  server errors                   {len(timings.errors)}"
        + (f"  e.g. {timings.errors[:3]}" if timings.errors else ""),
    ]
    ok = ratio <= GOAL and not timings.errors and timings.seconds["submit"]
    lines.append("  result                          " + ("PASS" if ok else "FAIL"))
    print("\n".join(lines))
    return bool(ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PlantWeb on 127.0.0.1 (default: start one)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--rounds", type=int, default=25, help="rounds per client (25)")
    parser.add_argument("--seconds", type=float, default=120, help="most seconds (120)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.rounds <= 1000:
        parser.error("--clients must be 1 to 200, --rounds 1 to 1000")
    if not 0 < args.seconds <= 1800:
        parser.error("--seconds must be more than 0 and at most 1800")
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("--url must be on this machine (http://127.0.0.1:...)")

    stack = None
    if not args.url:
        port = _free_port()
        (ROOT / "var" / "log").mkdir(parents=True, exist_ok=True)
        print(f"Starting PlantWeb on 127.0.0.1:{port} (log: var/log/web-stack.log)", flush=True)
        stack = start_stack(port, ROOT / "var" / "log" / "web-stack.log")
        args.url = f"http://127.0.0.1:{port}"
    base = args.url.rstrip("/")
    try:
        tokens = make_tokens(args.clients)
        # A few requests of each kind first, so no process's first-request set-up is timed.
        warm = Timings()
        for _ in range(4):
            warm.timed(requests.Session(), "trivial", "GET", base + TRIVIAL)
            warm.timed(requests.Session(), "page", "GET", base + PAGE)
        timings = Timings()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(base, tokens[i], i, args.rounds, deadline, timings),
                daemon=True,
            )
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + 35)
        return 0 if report(timings, args, time.monotonic() - started) else 1
    finally:
        if stack is not None:
            stop_stack(stack)


if __name__ == "__main__":
    sys.exit(main())
