"""Numbers for the staff dashboard: output per day, render success, models and reviews.

Charts are plain SVG drawn from these numbers on the server, so the page needs no script.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from diagrams.models import Diagram, DiagramVersion, ReviewState

# Who wrote a diagram's current code, by its newest version: the model (or the worker's repair
# of the model's answer), or a person (an edit, a change asked in words and made on the code,
# a restore, a correction in review).
MODEL_SOURCES = (
    DiagramVersion.Source.GENERATED,
    DiagramVersion.Source.REPAIRED,
    DiagramVersion.Source.REFINED,
    DiagramVersion.Source.RETRIED,
)
HAND_SOURCES = (
    DiagramVersion.Source.EDITED,
    DiagramVersion.Source.CHANGED,
    DiagramVersion.Source.RESTORED,
    DiagramVersion.Source.CORRECTED,
)

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
    # Only diagrams whose current code is the model's: a failed hand edit is not the model's.
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


def _with_author() -> QuerySet:
    """Diagrams annotated with the source of their newest version (None: no version yet)."""
    newest = DiagramVersion.objects.filter(diagram=OuterRef("pk")).order_by("-number")
    return Diagram.objects.annotate(last_source=Subquery(newest.values("source")[:1]))


# A diagram without versions (the model wrote nothing yet) counts for the model.
BY_MODEL = Q(last_source__in=MODEL_SOURCES) | Q(last_source__isnull=True)
BY_HAND = Q(last_source__in=HAND_SOURCES)
FINISHED = Q(status__in=Diagram.FINISHED)
DONE = Q(status=Diagram.Status.DONE)


def _model_stats() -> list[ModelStats]:
    rows = (
        _with_author()
        .exclude(model_name="")
        .values("model_name")
        .annotate(
            diagrams=Count("id"),
            finished=Count("id", filter=FINISHED & BY_MODEL),
            done=Count("id", filter=DONE & BY_MODEL),
            mean_attempts=Avg("attempts"),
            mean_candidates=Avg("candidates"),
            mean_generation_seconds=Avg("generation_seconds"),
        )
        .order_by("model_name")
    )
    return [ModelStats(**row) for row in rows]


@dataclass(frozen=True)
class AuthorStats:
    key: str
    label: str
    finished: int
    done: int

    @property
    def failed(self) -> int:
        return self.finished - self.done


def _author_row(key: str, label: str, totals: dict) -> AuthorStats:
    return AuthorStats(key, label, totals[f"{key}_finished"], totals[f"{key}_done"])


def dashboard_stats(*, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    totals = _with_author().aggregate(
        total=Count("id"),
        finished=Count("id", filter=FINISHED),
        done=Count("id", filter=DONE),
        model_finished=Count("id", filter=FINISHED & BY_MODEL),
        model_done=Count("id", filter=DONE & BY_MODEL),
        hand_finished=Count("id", filter=FINISHED & BY_HAND),
        hand_done=Count("id", filter=DONE & BY_HAND),
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
        "authors": [
            _author_row("model", "Written by the model", totals),
            _author_row("hand", "Edited by hand", totals),
        ],
        "days": bars,
        "days_total": sum(bar.count for bar in bars),
        "days_max": max(bar.count for bar in bars),
        "chart_width": DAYS * (BAR_WIDTH + BAR_GAP),
        "chart_height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "models": _model_stats(),
        "reviews": reviews,
    }
