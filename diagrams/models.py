"""Scenarios users write and the diagrams produced for them; every job's state lives here."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from worker.diagram_types import DIAGRAM_TYPES, TYPE_LABELS

AUTO = "auto"
TYPE_CHOICES = [(t, TYPE_LABELS[t]) for t in DIAGRAM_TYPES]
REQUESTED_TYPE_CHOICES = [(AUTO, "Auto (guess from the scenario)"), *TYPE_CHOICES]


class Scenario(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenarios"
    )
    text = models.TextField()
    requested_type = models.CharField(max_length=16, choices=REQUESTED_TYPE_CHOICES, default=AUTO)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="scenario_owner_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The scenario's first words, for lists and file names."""
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"

    @property
    def text_after_title(self) -> str:
        """The rest of the text after its title, so that a list shows each word once."""
        text, title = self.text.strip(), self.title
        if title.endswith("…"):
            return "…" + text[len(title) - 1 :].lstrip()
        return text[len(title) :].strip()


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CORRECTED = "corrected", "Corrected"


class Diagram(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GENERATING = "generating", "Generating"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    RUNNING = (Status.QUEUED, Status.GENERATING, Status.RENDERING)
    FINISHED = (Status.DONE, Status.FAILED)

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="diagrams")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # The type asked of the model; rendered_type is what PlantUML actually drew.
    diagram_type = models.CharField(max_length=16, choices=TYPE_CHOICES)
    rendered_type = models.CharField(max_length=16, blank=True, default="")
    plantuml = models.TextField(blank=True, default="")
    png = models.BinaryField(null=True, blank=True, editable=False)
    svg = models.TextField(blank=True, default="")
    # Changes whenever the code or the images change; the images' ETag.
    content_hash = models.CharField(max_length=64, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    error_line = models.PositiveIntegerField(null=True, blank=True)
    model_name = models.CharField(max_length=255, blank=True, default="")
    # Generation attempts: more than one only when a worker stopped in the middle of a job.
    attempts = models.PositiveIntegerField(default=0)
    # The Celery task holding each step; the same task delivered again may take the step over.
    generation_task_id = models.CharField(max_length=64, blank=True, default="")
    render_task_id = models.CharField(max_length=64, blank=True, default="")
    new_tokens = models.PositiveIntegerField(null=True, blank=True)
    # Candidates validate-and-repair generated and checked before it settled on this code.
    candidates = models.PositiveIntegerField(default=0)
    # The change, in words, that the running (or last) refine generation carries out.
    refine_request = models.TextField(blank=True, default="")
    # When the running step's message was last sent to the broker: a job queued for long with
    # no message there is sent again (the database, not Redis, is the record of what is queued).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # The running step's worker renews this while it works; once it passes, the job is put back.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Since when the PlantUML server has not answered this job; it fails once the wait is over.
    renderer_wait_since = models.DateTimeField(null=True, blank=True)
    # What a running job is waiting for, in words, when it is more than its step.
    status_note = models.CharField(max_length=255, blank=True, default="")
    # The sampling seed of the running (or last) generation: 0 at first, so the same scenario
    # gives the same candidates; "Try again" draws a new one for different candidates.
    seed = models.PositiveIntegerField(default=0)

    # Staff review; approved and corrected diagrams become training data.
    review_state = models.CharField(
        max_length=16, choices=ReviewState.choices, default=ReviewState.UNREVIEWED
    )
    review_reason = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    # A read-only link for people without an account; None while sharing is off.
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    generation_started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    render_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    generation_seconds = models.FloatField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status"], name="diagram_status"),
            models.Index(fields=["review_state"], name="diagram_review_state"),
        ]

    def __str__(self) -> str:
        return f"Diagram {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("diagram_detail", args=[self.pk])

    @property
    def model_scenario(self) -> str:
        """What the model is asked to draw: the scenario, with the change a refine asks for.

        Training rows exported from review use the same text, so they match what it was given.
        """
        if self.refine_request:
            return f"{self.scenario.text}\n\nChange: {self.refine_request}"
        return self.scenario.text

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def progress(self) -> list[tuple[str, str]]:
        """The job's steps as (label, state) pairs, state being past, current, failed or "".

        A failed job shows the steps it got through, then the step that failed.
        """
        order = [self.Status.QUEUED, self.Status.GENERATING, self.Status.RENDERING]
        if self.status == self.Status.FAILED:
            if self.render_started_at:
                stopped = 2
            elif self.generation_started_at:
                stopped = 1
            else:
                return [("Failed", "failed")]
            steps = [(s.label, "past") for s in order[:stopped]]
            return [*steps, (f"{order[stopped].label} failed", "failed")]
        if self.status == self.Status.DONE:
            return [*((s.label, "past") for s in order), ("Done", "current")]
        current = order.index(self.status)
        steps = [(s.label, "past" if i < current else "") for i, s in enumerate(order)]
        steps[current] = (order[current].label, "current")
        return [*steps, ("Done", "")]

    @property
    def has_image(self) -> bool:
        # Uses the hash rather than the blobs, so lists that defer them can ask too.
        return self.status == self.Status.DONE and bool(self.content_hash)


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker, and the model a generation worker has loaded."""

    hostname = models.CharField(max_length=255, unique=True)
    queues = models.CharField(max_length=255, blank=True, default="")
    model_name = models.CharField(max_length=255, blank=True, default="")
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} ({self.queues}) at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class DiagramVersion(models.Model):
    """One state of a diagram's code and image: each generation, repair, edit or refine."""

    class Source(models.TextChoices):
        GENERATED = "generated", "Generated by the model"
        REPAIRED = "repaired", "Repaired by the worker"
        EDITED = "edited", "Edited by hand"
        REFINED = "refined", "Refined by the model"
        CHANGED = "changed", "Changed as asked"
        RETRIED = "retried", "Generated again with a new seed"
        RESTORED = "restored", "Restored from an earlier version"
        CORRECTED = "corrected", "Corrected in review"

    diagram = models.ForeignKey(Diagram, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=16, choices=Source.choices)
    # Who made it; None for the model and the worker.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The refine request, the review reason, or which version was restored.
    note = models.TextField(blank=True, default="")
    model_name = models.CharField(max_length=255, blank=True, default="")
    plantuml = models.TextField(blank=True, default="")
    png = models.BinaryField(null=True, blank=True, editable=False)
    svg = models.TextField(blank=True, default="")
    rendered_type = models.CharField(max_length=16, blank=True, default="")
    content_hash = models.CharField(max_length=64, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    error_line = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["diagram", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["diagram", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"Diagram {self.diagram_id} v{self.number} ({self.source})"

    @property
    def has_image(self) -> bool:
        return bool(self.content_hash) and not self.error_message


def content_hash(*, plantuml: str, png: bytes | None, svg: str) -> str:
    digest = hashlib.sha256()
    for part in (plantuml.encode(), png or b"", svg.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class RenderedImage(models.Model):
    """PNG and SVG the PlantUML server drew for one piece of code, shared by every diagram.

    The bytes derive only from the code and the renderer, so a restore, a resubmission of the
    same code or a repeated candidate is served from here without asking PlantUML again.
    code_hash covers the renderer (its URL and version) as well as the code.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    png = models.BinaryField(null=True, blank=True, editable=False)
    svg = models.TextField(blank=True, default="")
    diagram_type = models.CharField(max_length=16, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the image was last stored or served, to the hour: what pruning keeps the newest of.
    last_used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Rendered image {self.code_hash[:12]}"
