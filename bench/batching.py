"""Generation throughput through the real worker: one job at a time against batches of 8.

    python bench/batching.py                                    # the shipped planner
    python bench/batching.py --model models/plantweb-small      # the language model
    python bench/batching.py --model models/plantweb-small --scenarios 16 --budget 1

Scenarios of the validation split (the first --scenarios, 32 by default; never the test split)
are queued together through diagrams.services, as users' submissions are, and a real Celery
generation worker writes them, with a real Redis, the bundled PlantUML server and a throw-away
SQLite database (bench/local_stack.py; DATABASE_URL, CELERY_BROKER_URL or PLANTUML_URL when set).
It runs two passes in one run: the worker with PLANTWEB_GENERATION_BATCH=1, then with --batch
(8). Each pass has a worker of its own that has written a few warm-up jobs first, and starts
with an empty render cache. Throughput is jobs finished per minute, from the first submission
to the last job's end; the ratio of the two passes is printed, with how many batches the worker
formed. --budget and --max-new-tokens set PLANTWEB_REPAIR_BUDGET and PLANTWEB_MAX_NEW_TOKENS for
both passes, to keep a language model's run within minutes on a CPU. The exit status is 1 when a
job does not finish within --timeout seconds.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.local_stack import ROOT, LocalStack  # noqa: E402

WARM_UP = 2
FINISHED = ("done", "failed")


def validation_scenarios(count: int) -> list[tuple[str, str]]:
    """The first `count` + WARM_UP (scenario, type) of the validation split."""
    from worker.data import load_typed_splits

    pairs = load_typed_splits()["val"][: count + WARM_UP]
    if len(pairs) < count + WARM_UP:
        sys.exit(f"the validation split has only {len(pairs)} scenarios")
    return [(pair.scenario, pair.diagram_type) for pair in pairs]


def run_pass(name: str, scenarios: list[tuple[str, str]], timeout: float) -> dict:
    """Queues the scenarios at once and waits until every job has finished."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from diagrams import services
    from diagrams.models import Diagram

    user, _ = get_user_model().objects.get_or_create(username=name)
    started = timezone.now()
    ids = [
        services.diagram_submit(user=user, text=text, requested_type=kind).pk
        for text, kind in scenarios
    ]
    deadline = time.monotonic() + timeout
    jobs = Diagram.objects.filter(pk__in=ids)
    while jobs.exclude(status__in=FINISHED).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    rows = list(jobs.values("status", "finished_at", "generation_task_id", "generation_seconds"))
    ended = [row for row in rows if row["status"] in FINISHED]
    last = max((row["finished_at"] for row in ended), default=timezone.now())
    seconds = (last - started).total_seconds()
    return {
        "jobs": len(ids),
        "finished": len(ended),
        "done": sum(1 for row in ended if row["status"] == "done"),
        "seconds": seconds,
        "per_minute": len(ended) / seconds * 60 if seconds > 0 else 0.0,
        "batches": len({row["generation_task_id"] for row in rows}),
    }


def measure(stack: LocalStack, size: int, scenarios, worker_env: dict, timeout: float) -> dict:
    from diagrams.models import RenderedImage

    stack.start_worker("gpu", PLANTWEB_GENERATION_BATCH=str(size), **worker_env)
    try:
        run_pass(f"warm-up-{size}", scenarios[-WARM_UP:], timeout)
        # The first pass's images would make the second pass's checks free.
        RenderedImage.objects.all().delete()
        return run_pass(f"batch-{size}", scenarios[:-WARM_UP], timeout)
    finally:
        stack.stop_worker("gpu")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/plantweb-plan", help="PLANTWEB_MODEL")
    parser.add_argument("--scenarios", type=int, default=32)
    parser.add_argument("--batch", type=int, default=8, help="the batched pass's batch size")
    parser.add_argument("--budget", type=int, help="PLANTWEB_REPAIR_BUDGET (default: 8)")
    parser.add_argument("--max-new-tokens", type=int, help="PLANTWEB_MAX_NEW_TOKENS")
    parser.add_argument("--timeout", type=float, default=900, help="most seconds per pass")
    args = parser.parse_args(argv)
    if not 1 <= args.scenarios <= 90 or args.batch < 2:
        parser.error("--scenarios must be 1 to 90 and --batch at least 2")

    model = Path(args.model)
    model = str(model if model.is_absolute() else ROOT / model)
    worker_env = {"PLANTWEB_MODEL": model}
    if args.budget:
        worker_env["PLANTWEB_REPAIR_BUDGET"] = str(args.budget)
    if args.max_new_tokens:
        worker_env["PLANTWEB_MAX_NEW_TOKENS"] = str(args.max_new_tokens)
    # One user queues every scenario: the per-user limit on jobs in flight would refuse them.
    os.environ["PLANTWEB_MAX_JOBS_IN_FLIGHT"] = "0"
    scenarios = validation_scenarios(args.scenarios)
    stack = LocalStack("batching")
    print(f"Starting the services (logs: {stack.logs})", flush=True)
    try:
        stack.start()
        stack.start_worker("render")
        one = measure(stack, 1, scenarios, worker_env, args.timeout)
        print(f"batch 1 done: {one['seconds']:.1f} s", flush=True)
        many = measure(stack, args.batch, scenarios, worker_env, args.timeout)
    finally:
        stack.stop()

    from django.conf import settings

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"model: {args.model}; worker settings: {worker_env}")
    print(f"scenarios: {args.scenarios} of the validation split, queued at once")
    for label, figures in (("batch 1", one), (f"batch {args.batch}", many)):
        print(
            f"{label:>9}: {figures['finished']}/{figures['jobs']} finished"
            f" ({figures['done']} done) in {figures['seconds']:7.1f} s"
            f" = {figures['per_minute']:6.1f} jobs/min, {figures['batches']} claims"
        )
    if one["per_minute"] > 0:
        print(
            f"ratio (batch {args.batch} / batch 1): {many['per_minute'] / one['per_minute']:.2f}x"
        )
    complete = one["finished"] == one["jobs"] and many["finished"] == many["jobs"]
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
