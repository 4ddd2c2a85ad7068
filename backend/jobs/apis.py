"""GET /api/v1/jobs/ (yours), /jobs/{id}/ (state and progress), /jobs/{id}/download/ (the file)."""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.ranges import ranged_file_response
from backend.common.schema import ERROR
from backend.jobs import selectors
from backend.jobs.models import Job, JobState
from backend.jobs.serializers import JobOutput, JobQueuedOutput


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This download has expired."


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The job has not finished yet."


def queued_response(request: Request, job: Job) -> Response:
    """202 Accepted, pointing at the job to poll."""
    url = request.build_absolute_uri(reverse("job-detail", args=[job.pk]))
    body = JobQueuedOutput({"job": url, "id": job.pk, "state": job.state}).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


def _job(request: Request, pk: int) -> Job:
    job = selectors.job_for(user=request.user, job_id=pk)
    if job is None:  # someone else's job is as absent as one that never was
        raise Http404
    return job


class JobListApi(GenericAPIView):
    """Your jobs, newest first."""

    serializer_class = JobOutput

    @extend_schema(responses=JobOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.jobs_recent(user=request.user))
        return self.get_paginated_response(JobOutput(page, many=True, context={"request": request}).data)


class JobDetailApi(APIView):
    """A job's state and progress, its error if it failed, and its download link when done."""

    @extend_schema(responses={200: JobOutput, 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        return Response(JobOutput(_job(request, pk), context={"request": request}).data)


DOWNLOAD_RESPONSES = {
    (200, "application/octet-stream"): OpenApiTypes.BINARY,
    (206, "application/octet-stream"): OpenApiTypes.BINARY,  # a Range asked for: that part
    404: ERROR,
    409: ERROR,
    410: ERROR,
    416: None,
}


class JobDownloadApi(APIView):
    """The file a job made: for its owner only, until it expires (EXPORT_KEEP_HOURS). It has its
    length and answers byte ranges, so GDAL and QGIS open it straight from this link (/vsicurl/)."""

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request: Request, pk: int) -> Any:
        return self.send(request, pk)

    def send(self, request: Request, pk: int, filename: str | None = None) -> Any:
        job = _job(request, pk)
        if filename is not None and filename != (job.filename or "file"):
            raise Http404("This job made no file by that name.")
        if job.owner_id != request.user.pk:
            raise PermissionDenied("Only the person who asked for this file may download it.")
        if job.state == JobState.FAILED:
            raise NotReady(f"The job failed, so there is no file: {job.error}")
        if job.state != JobState.DONE:
            raise NotReady(f"The job is {job.state}; poll it until it is done.")
        if job.expired or not job.file:
            when = timezone.localtime(job.expires_at).isoformat() if job.expires_at else "?"
            raise Gone(f"This download expired at {when}; ask for the export again.")
        handle = job.file.open("rb")
        return ranged_file_response(
            handle,
            size=job.file.size,
            filename=job.filename,
            content_type=job.content_type,
            range_header=request.headers.get("Range"),
        )


class JobFileApi(JobDownloadApi):
    """The same file at an address ending in its name (the job's ``download``): software that opens
    a link reads the format there."""

    @extend_schema(operation_id="api_v1_jobs_download_file", responses=DOWNLOAD_RESPONSES)
    def get(self, request: Request, pk: int, filename: str) -> Any:  # type: ignore[override]
        return self.send(request, pk, filename)
