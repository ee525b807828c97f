"""The render cache: PNG and SVG drawn once per piece of code and renderer, then reused.

Images derive only from the code (and the PlantUML release that draws them), never from who
asked, so one stored copy serves every diagram, version and user. A restore, a resubmission
of the same code, or a candidate that validate-and-repair has already checked makes no call to
the PlantUML server. The cache lives in the database beside the diagrams, so every worker on
every host shares it, it survives a Redis restart, and it never competes with the job queue
for Redis memory.

Only successful renders are stored: a syntax error or an unreachable server is asked again.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from diagrams.models import RenderedImage

# A hit records its use at most this often, so serving an image is rarely also a write.
USE_RECORDED_EVERY = timedelta(hours=1)


def renderer_id(base_url: str) -> str:
    """Which renderer drew an image: its URL and the PlantUML release it runs."""
    return f"{base_url.rstrip('/')}|{settings.PLANTWEB_RENDERER_VERSION}"


def code_hash(code: str, base_url: str) -> str:
    digest = hashlib.sha256()
    for part in (renderer_id(base_url).encode(), code.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def cached_image(key: str) -> RenderedImage | None:
    row = RenderedImage.objects.filter(code_hash=key).first()
    if row is not None:
        now = timezone.now()
        if row.last_used_at < now - USE_RECORDED_EVERY:
            RenderedImage.objects.filter(pk=row.pk).update(last_used_at=now)
            row.last_used_at = now
    return row


def store_image(
    key: str, *, png: bytes | None = None, svg: str = "", diagram_type: str = ""
) -> None:
    """Adds what was drawn to the key's row; two workers storing at once both succeed."""
    fields = {}
    if png is not None:
        fields["png"] = png
    if svg:
        fields["svg"], fields["diagram_type"] = svg, diagram_type or ""
    if not fields:
        return
    fields["last_used_at"] = timezone.now()
    RenderedImage.objects.bulk_create(
        [RenderedImage(code_hash=key, **fields)],
        update_conflicts=True,
        unique_fields=["code_hash"],
        update_fields=list(fields),
    )


def prune_images(*, unused_for: timedelta | None = None, keep: int | None = None) -> int:
    """Deletes images not used for `unused_for`, then all but the `keep` most recently used.

    Diagrams and versions hold their own copies of their images, so nothing a user sees is
    lost: a pruned piece of code is only drawn again on its next render. Returns how many
    images were deleted.
    """
    deleted = 0
    if unused_for is not None:
        cutoff = timezone.now() - unused_for
        deleted += RenderedImage.objects.filter(last_used_at__lt=cutoff).delete()[0]
    if keep == 0:
        deleted += RenderedImage.objects.all().delete()[0]
    elif keep is not None:
        newest = RenderedImage.objects.order_by("-last_used_at", "-pk")
        # The last image kept; everything used before it goes (ties broken by pk).
        last_kept = list(newest.values_list("last_used_at", "pk")[keep - 1 : keep])
        if last_kept:
            deleted += _used_before(*last_kept[0]).delete()[0]
    return deleted


def _used_before(used: datetime, pk: int):
    return RenderedImage.objects.filter(Q(last_used_at__lt=used) | Q(last_used_at=used, pk__lt=pk))


class CachingClient:
    """Mixed in before a PlantUMLClient: answers from the cache, and fills it on a miss.

    The safety and size checks run on every call, cached or not, so code that a stricter
    release of the checks refuses is refused even when its image is stored.

    Once the server has failed to answer, this client asks the server for everything: a caller
    that then checks whether the server is up (validate-and-repair renders a trivial diagram)
    must get the server's answer, not a stored image.
    """

    server_failed = False

    def _drawn(self, code: str, fmt: str) -> bytes:
        from worker.render import RenderUnavailable

        try:
            return super().render(code, fmt)
        except RenderUnavailable:
            self.server_failed = True
            raise

    def _cached(self, key: str) -> RenderedImage | None:
        return None if self.server_failed else cached_image(key)

    def _cache_key(self, code: str) -> str:
        from worker.safety import check_safe, check_size

        check_size(code, self.max_chars)
        check_safe(code)
        return code_hash(code, self.base_url)

    def render(self, code: str, fmt: str) -> bytes:
        if fmt not in ("png", "svg"):
            return super().render(code, fmt)
        key = self._cache_key(code)
        row = self._cached(key)
        if row is not None and fmt == "png" and row.png is not None:
            return bytes(row.png)
        if row is not None and fmt == "svg" and row.svg:
            return row.svg.encode("utf-8")
        data = self._drawn(code, fmt)
        if fmt == "png":
            store_image(key, png=data)
        else:
            svg = data.decode("utf-8")
            store_image(key, svg=svg, diagram_type=_drawn_type(svg, code))
        return data

    def render_both(self, code: str):
        """PNG and SVG together: from the cache, or drawn and stored as one row."""
        from worker.render import RenderedDiagram

        key = self._cache_key(code)
        row = self._cached(key)
        svg = row.svg if row is not None else ""
        png = bytes(row.png) if row is not None and row.png is not None else None
        if svg and png is not None:
            return RenderedDiagram(png=png, svg=svg, diagram_type=row.diagram_type or None)
        drawn_svg = not svg
        if drawn_svg:
            svg = self._drawn(code, "svg").decode("utf-8")
        if png is None:
            png = self._drawn(code, "png")
        kind = _drawn_type(svg, code)
        store_image(key, png=png, svg=svg if drawn_svg else "", diagram_type=kind)
        return RenderedDiagram(png=png, svg=svg, diagram_type=kind or None)


def _drawn_type(svg: str, code: str) -> str:
    from worker.render import diagram_type_from_svg

    return diagram_type_from_svg(svg, code) or ""
