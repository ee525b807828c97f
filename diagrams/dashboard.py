"""Numbers for the staff dashboard: output per day, render success, models and reviews.

Charts are plain SVG drawn from these numbers on the server, so the page needs no script.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from diagrams.models import Diagram, ReviewState

DAYS = 30
CHART_HEIGHT = 100
BAR_WIDTH = 14
BAR_GAP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class ModelStats:
    model_name: str
    diagrams: int
    finished: int
    done: int
    mean_attempts: float | None
    mean_candidates: float | None
    mean_generation_seconds: float | None

    @property
    def success_rate(self) -> float | None:
        return self.done / self.finished if self.finished else None


@dataclass(frozen=True)
class ReviewCount:
    state: str
    label: str
    count: int
    percent: float  # of all diagrams, for the bar's length


def _day_bars(today: date) -> list[Bar]:
    start = today - timedelta(days=DAYS - 1)
    since = timezone.make_aware(datetime.combine(start, time.min))
    rows = (
        Diagram.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("id"))
    )
    counts = {row["day"]: row["count"] for row in rows}
    days = [start + timedelta(days=offset) for offset in range(DAYS)]
    highest = max([counts.get(day, 0) for day in days] + [1])
    bars = []
    for index, day in enumerate(days):
        count = counts.get(day, 0)
        height = round(CHART_HEIGHT * count / highest)
        bars.append(
            Bar(
                label=day.isoformat(),
                count=count,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return bars


def _model_stats() -> list[ModelStats]:
    rows = (
        Diagram.objects.exclude(model_name="")
        .values("model_name")
        .annotate(
            diagrams=Count("id"),
            finished=Count("id", filter=Q(status__in=Diagram.FINISHED)),
            done=Count("id", filter=Q(status=Diagram.Status.DONE)),
            mean_attempts=Avg("attempts"),
            mean_candidates=Avg("candidates"),
            mean_generation_seconds=Avg("generation_seconds"),
        )
        .order_by("model_name")
    )
    return [ModelStats(**row) for row in rows]


def dashboard_stats(*, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    totals = Diagram.objects.aggregate(
        total=Count("id"),
        finished=Count("id", filter=Q(status__in=Diagram.FINISHED)),
        done=Count("id", filter=Q(status=Diagram.Status.DONE)),
    )
    by_state = dict(
        Diagram.objects.values_list("review_state").annotate(count=Count("id")).order_by()
    )
    total = totals["total"]
    reviews = [
        ReviewCount(
            state=state.value,
            label=state.label,
            count=by_state.get(state.value, 0),
            percent=100 * by_state.get(state.value, 0) / total if total else 0,
        )
        for state in ReviewState
    ]
    bars = _day_bars(today)
    return {
        "total": total,
        "finished": totals["finished"],
        "done": totals["done"],
        "failed": totals["finished"] - totals["done"],
        "success_rate": totals["done"] / totals["finished"] if totals["finished"] else None,
        "days": bars,
        "days_total": sum(bar.count for bar in bars),
        "days_max": max(bar.count for bar in bars),
        "chart_width": DAYS * (BAR_WIDTH + BAR_GAP),
        "chart_height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "models": _model_stats(),
        "reviews": reviews,
    }
