"""End-to-end diagrams per minute through the web API, as a fraction of the raw model's.

    python bench/system_vs_raw.py                                    # the shipped planner
    python bench/system_vs_raw.py --model models/plantweb-small      # the language model
    python bench/system_vs_raw.py --model models/plantweb-small --scenarios 16 --budget 1

A burst of jobs (the first --scenarios of the validation split, 32 by default; never the test
split) is submitted through the API by eight users at once, against a PlantWeb of real services
(gunicorn, a real Redis, Celery generation and render workers, the bundled PlantUML server, a
throw-away SQLite database; see bench/local_stack.py). Each job is polled until it ends. The
system's rate is jobs finished per minute, from the first submission to the last job's end as
the API reports it.

Then the same model writes the same scenarios in this process with nothing around it: for a
language model, greedy `worker.generation.generate` in batches of PLANTWEB_GENERATION_BATCH (8);
for the planner, its plans written to code. No checks, no repairs, no rendering, no database.
The system's rate is printed as a fraction of that raw rate. What the system adds (queueing,
claims, validate-and-repair's renders and extra candidates, PNG and SVG, storage) is the gap.
--budget and --max-new-tokens set PLANTWEB_REPAIR_BUDGET and PLANTWEB_MAX_NEW_TOKENS for the
worker (and the same limit for the raw pass), to keep a language model's run within minutes on
a CPU. The exit status is 1 when a job does not finish within --timeout seconds.
"""

import argparse
import os
import platform
import secrets
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.batching import WARM_UP, validation_scenarios  # noqa: E402
from bench.local_stack import ROOT, LocalStack  # noqa: E402

USERS = 8
BATCH = 8
FINISHED = ("done", "failed")


def api_tokens(count: int) -> list[str]:
    """Users system-0 ... system-N, each with a fresh API token."""
    from django.contrib.auth import get_user_model

    from accounts.models import ApiToken, hash_key

    tokens = []
    for i in range(count):
        user, _ = get_user_model().objects.get_or_create(username=f"system-{i}")
        key = f"pw_{secrets.token_urlsafe(24)}"
        ApiToken.objects.create(
            user=user, name="benchmark", key_hash=hash_key(key), last_characters=key[-4:]
        )
        tokens.append(key)
    return tokens


def burst(base: str, tokens: list[str], scenarios, timeout: float) -> dict:
    """Every user submits its share of the scenarios at once; then every job is followed."""
    accepted: dict[int, str] = {}
    refused: list[str] = []
    lock = threading.Lock()

    def submit(index: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {tokens[index]}"
        for text, kind in scenarios[index :: len(tokens)]:
            answer = session.post(
                f"{base}/api/v1/diagrams/", json={"scenario": text, "type": kind}, timeout=60
            )
            with lock:
                if answer.status_code == 202:
                    accepted[answer.json()["id"]] = tokens[index]
                else:
                    refused.append(f"{answer.status_code} {answer.text[:200]}")

    started = datetime.now().astimezone()
    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    final: dict[int, dict] = {}
    sessions = {token: requests.Session() for token in tokens}
    for token, session in sessions.items():
        session.headers["Authorization"] = f"Token {token}"
    deadline = time.monotonic() + timeout
    while len(final) < len(accepted) and time.monotonic() < deadline:
        for diagram_id, token in accepted.items():
            if diagram_id in final:
                continue
            answer = sessions[token].get(f"{base}/api/v1/diagrams/{diagram_id}/", timeout=60)
            if answer.status_code == 200 and answer.json()["status"] in FINISHED:
                final[diagram_id] = answer.json()
        time.sleep(0.5)
    ends = [datetime.fromisoformat(body["timings"]["finished_at"]) for body in final.values()]
    seconds = ((max(ends) if ends else datetime.now().astimezone()) - started).total_seconds()
    return {
        "jobs": len(scenarios),
        "accepted": len(accepted),
        "refused": refused,
        "finished": len(final),
        "done": sum(1 for body in final.values() if body["status"] == "done"),
        "seconds": seconds,
        "per_minute": len(final) / seconds * 60 if seconds > 0 else 0.0,
    }


def raw(model: str, scenarios, warm_up, max_new_tokens: int | None) -> dict:
    """The model alone on the same scenarios, in batches as the worker takes them.

    The warm-up scenarios go first, untimed, as the worker's did: a model's first calls are slow.
    """
    from worker.generation_request import GenerationRequest
    from worker.model import load_model
    from worker.planner import PLAN_FORMAT, plan_code

    loaded = load_model(model)

    def write(pairs) -> list[str]:
        requests_ = [GenerationRequest(scenario=text, diagram_type=kind) for text, kind in pairs]
        if loaded.prompt_format == PLAN_FORMAT:
            return [plan_code(loaded.model, r.scenario, r.diagram_type, 0) for r in requests_]
        from worker.generation import generate

        written = []
        for i in range(0, len(requests_), BATCH):
            chunk = generate(loaded, requests_[i : i + BATCH], max_new_tokens=max_new_tokens)
            written += [result.text for result in chunk]
        return written

    write(warm_up)
    started = time.perf_counter()
    written = write(scenarios)
    seconds = time.perf_counter() - started
    return {
        "jobs": len(written),
        "seconds": seconds,
        "per_minute": len(written) / seconds * 60 if seconds > 0 else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/plantweb-plan", help="PLANTWEB_MODEL")
    parser.add_argument("--scenarios", type=int, default=32)
    parser.add_argument("--budget", type=int, help="PLANTWEB_REPAIR_BUDGET (default: 8)")
    parser.add_argument("--max-new-tokens", type=int, help="PLANTWEB_MAX_NEW_TOKENS")
    parser.add_argument("--timeout", type=float, default=900, help="most seconds for the burst")
    args = parser.parse_args(argv)
    if not USERS <= args.scenarios <= 5 * USERS:
        parser.error(f"--scenarios must be {USERS} to {5 * USERS} (five jobs in flight a user)")

    model = Path(args.model)
    model = str(model if model.is_absolute() else ROOT / model)
    worker_env = {"PLANTWEB_MODEL": model, "PLANTWEB_GENERATION_BATCH": str(BATCH)}
    if args.budget:
        worker_env["PLANTWEB_REPAIR_BUDGET"] = str(args.budget)
    if args.max_new_tokens:
        worker_env["PLANTWEB_MAX_NEW_TOKENS"] = str(args.max_new_tokens)
    scenarios = validation_scenarios(args.scenarios)
    stack = LocalStack("system")
    print(f"Starting the services (logs: {stack.logs})", flush=True)
    try:
        stack.start()
        stack.start_worker("render")
        stack.start_worker("gpu", **worker_env)
        base = stack.start_web()
        tokens = api_tokens(USERS)
        burst(base, tokens[:WARM_UP], scenarios[-WARM_UP:], args.timeout)
        from diagrams.models import RenderedImage

        RenderedImage.objects.all().delete()
        system = burst(base, tokens, scenarios[:-WARM_UP], args.timeout)
        print(f"system done: {system['seconds']:.1f} s", flush=True)
        # The services stay up but idle: the raw pass gets the CPUs the workers used.
        stack.stop_worker("gpu")
        alone = raw(model, scenarios[:-WARM_UP], scenarios[-WARM_UP:], args.max_new_tokens)
    finally:
        stack.stop()

    from django.conf import settings

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"model: {args.model}; worker settings: {worker_env}")
    print(
        f"system: {system['accepted']}/{system['jobs']} accepted from {USERS} users,"
        f" {system['finished']} finished ({system['done']} done) in {system['seconds']:.1f} s"
        f" = {system['per_minute']:.1f} diagrams/min"
    )
    for refusal in system["refused"][:5]:
        print(f"  refused: {refusal}")
    print(
        f"raw:    {alone['jobs']} written in {alone['seconds']:.1f} s"
        f" = {alone['per_minute']:.1f} diagrams/min"
    )
    if alone["per_minute"] > 0:
        print(f"system / raw: {system['per_minute'] / alone['per_minute']:.2f}")
    return 0 if system["finished"] == system["jobs"] else 1


if __name__ == "__main__":
    sys.exit(main())
