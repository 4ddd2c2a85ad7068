from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.serializers import JalaliDateTimeField
from backend.jobs.models import Job, JobKind, JobState


class JobOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="This job's status.")
    kind = serializers.ChoiceField(choices=JobKind.choices)
    target = serializers.CharField(help_text="What it works on: 'visits.csv', 'all' scores, …")
    state = serializers.ChoiceField(choices=JobState.choices)
    done = serializers.IntegerField(help_text="Rows done so far.")
    total = serializers.IntegerField(allow_null=True, help_text="Rows in all, once known.")
    progress = serializers.SerializerMethodField(help_text="done / total, 0–1; null until total is known.")
    attempts = serializers.IntegerField()
    error = serializers.CharField(help_text="Why it failed (empty unless it did).")
    created_at = serializers.DateTimeField()
    created_at_jalali = JalaliDateTimeField(source="created_at")
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    seconds = serializers.FloatField(allow_null=True, help_text="How long it ran.")
    filename = serializers.CharField()
    size = serializers.IntegerField(allow_null=True, help_text="The file's size in bytes.")
    expires_at = serializers.DateTimeField(allow_null=True, help_text="After this, the file is gone.")
    download = serializers.SerializerMethodField(help_text="The file, for its owner, while it is kept.")

    def get_url(self, job: Job) -> str:
        return self._absolute(reverse("job-detail", args=[job.pk]))

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, job: Job) -> float | None:
        if job.state == JobState.DONE:
            return 1.0
        if not job.total:
            return None
        return round(min(job.done / job.total, 1.0), 4)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, job: Job) -> str | None:
        if job.state != JobState.DONE or not job.file or job.expired:
            return None
        # Ending in the file's name: GIS software opening the link (/vsicurl/) reads its format there.
        return self._absolute(reverse("job-download-file", args=[job.pk, job.filename or "file"]))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class JobQueuedOutput(serializers.Serializer):
    job = serializers.URLField(help_text="Poll this for the state, progress and, when done, the download.")
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=JobState.choices)
