"""How long the generation worker's claim takes to pick the fairest job, by the length of the queue.

    DATABASE_URL=postgres://... python bench/claim.py [--queued 100,1000,5000] [--repeat 20]

For each queue length, that many queued jobs are made for users claim-bench-0 ... (one user per
20 jobs), the tables are analysed as autovacuum would, and the query that picks the next job
(pipeline.fairest_queued, with its row lock) is timed --repeat times in a transaction that is
rolled back, so nothing is claimed. The jobs and users are deleted at the end. Use PostgreSQL:
that is where the claim skips locked rows, as it does in production.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PREFIX = "claim-bench-"
JOBS_PER_USER = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queued", default="100,1000,5000", help="queue lengths, comma-separated")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    lengths = [int(n) for n in args.queued.split(",") if n.strip()]
    if not lengths or min(lengths) < 1 or max(lengths) > 50_000 or not 1 <= args.repeat <= 200:
        parser.error("--queued takes lengths from 1 to 50000, --repeat 1 to 200")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")
    # Only the database is used here; nothing this process signs leaves it.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from diagrams.models import Diagram, Scenario
    from diagrams.pipeline import fairest_queued

    users = get_user_model().objects.filter(username__startswith=PREFIX)
    print(f"database: {connection.vendor}; {Diagram.objects.count()} diagrams already stored")
    try:
        for length in lengths:
            users.delete()
            owners = get_user_model().objects.bulk_create(
                get_user_model()(username=f"{PREFIX}{i}")
                for i in range(-(-length // JOBS_PER_USER))
            )
            scenarios = Scenario.objects.bulk_create(
                Scenario(owner=owner, text="Claim benchmark") for owner in owners
            )
            Diagram.objects.bulk_create(
                Diagram(scenario=scenarios[i % len(scenarios)], diagram_type="class")
                for i in range(length)
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE diagrams_diagram, diagrams_scenario")
            seconds = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                with transaction.atomic():
                    fairest_queued()
                    transaction.set_rollback(True)
                seconds.append(time.perf_counter() - started)
            median, slowest = statistics.median(seconds) * 1000, max(seconds) * 1000
            print(
                f"{length:6d} queued, {len(owners):4d} users: claim median {median:7.1f} ms,"
                f" slowest {slowest:7.1f} ms"
            )
    finally:
        users.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
