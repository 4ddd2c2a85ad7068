"""A job the queue runs for someone: what it is, how far it got, and the file it made.

Procrastinate keeps its own tables (procrastinate_jobs, procrastinate_events) for queueing,
locking and retrying; this record is ours: its owner, its progress, its error, its result.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    EXPORT = "export", _("Export")
    RECOMPUTE = "recompute", _("Score recompute")
    IMPORT = "import", _("Import")
    REPORT = "report", _("Report")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    RETRYING = "retrying", _("Failed, will retry")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# States a job is still on its way through.
PENDING_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=JobKind.choices)
    target = models.CharField(_("target"), max_length=200, help_text=_("What the job works on."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveBigIntegerField(_("rows done"), default=0)
    total = models.PositiveBigIntegerField(_("rows in all"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(
        _("result"), default=dict, blank=True, help_text=_("What it found, e.g. an import's report.")
    )
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(
                fields=["kind", "target"], condition=Q(state__in=PENDING_STATES), name="job_pending"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target} ({self.get_state_display()})"

    @property
    def seconds(self) -> float | None:
        """How long it ran (so far, while it runs)."""
        if self.started_at is None:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
