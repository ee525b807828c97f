"""`manage.py prune_render_cache [--days N] [--max-images N]`: bounds the render cache.

Run it from cron (or a compose one-off) as often as suits; an image it deletes is drawn again
by the PlantUML server the next time its code is rendered.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from diagrams.models import RenderedImage
from diagrams.render_cache import prune_images

DEFAULT_DAYS = 30


class Command(BaseCommand):
    help = "Delete cached PlantUML images not used lately, least recently used first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=float,
            default=DEFAULT_DAYS,
            help=f"delete images not used for this many days (default {DEFAULT_DAYS}; 0: off)",
        )
        parser.add_argument(
            "--max-images",
            type=int,
            default=None,
            help="then keep at most this many, the most recently used (default: no limit)",
        )

    def handle(self, *args, days: float, max_images: int | None, **options) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        if max_images is not None and max_images < 0:
            raise CommandError("--max-images must be 0 or more.")
        deleted = prune_images(unused_for=timedelta(days=days) if days else None, keep=max_images)
        left = RenderedImage.objects.count()
        self.stdout.write(f"Deleted {deleted} cached images; {left} kept.")
