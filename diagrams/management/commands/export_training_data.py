"""`manage.py export_training_data [-o FILE] [--since DATE]`: reviewed diagrams as training rows.

The output is JSONL in the training data set's own format; feed it to training with
`python -m worker.train --extra-data FILE`.
"""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from diagrams.review import training_diagrams, training_lines


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD) or date and time.")
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Export approved and corrected diagrams as JSONL training data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--since", help="only diagrams reviewed on or after this date (YYYY-MM-DD)"
        )

    def handle(self, *args, output: str | None = None, since: str | None = None, **options):
        try:
            since_moment = _since(since)
        except ValueError as error:
            raise CommandError(f"--since: {error}") from None
        diagrams = training_diagrams(since=since_moment).iterator(chunk_size=200)
        if not output:
            # OutputWrapper adds no newline to lines that already end with one.
            count = self._write(training_lines(diagrams), self.stdout)
            where = "standard output"
        else:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    count = self._write(training_lines(diagrams), handle)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}") from None
            where = output
        # The count goes to stderr so standard output stays pure JSONL.
        self.stderr.write(f"Exported {count} training rows to {where}.")

    @staticmethod
    def _write(lines, handle) -> int:
        count = 0
        for line in lines:
            handle.write(line)
            count += 1
        return count
