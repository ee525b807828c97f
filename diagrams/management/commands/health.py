"""`manage.py health [CHECK ...]`: the /healthz checks in this process; exit status 1 if down.

Container health checks run it in the workers' own containers, e.g.
`python manage.py health generation_worker`.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from diagrams.health import CHECKS, health


class Command(BaseCommand):
    help = "Checks the database, broker, renderer and workers; exits 1 when one is down."

    def add_arguments(self, parser) -> None:
        parser.add_argument("checks", nargs="*", choices=sorted(CHECKS), metavar="CHECK")

    def handle(self, *args, checks: list[str], **options) -> None:
        report = health(checks or None)
        self.stdout.write(json.dumps(report, indent=2, default=str))
        if report["down"]:
            raise CommandError(f"down: {', '.join(report['down'])}")
