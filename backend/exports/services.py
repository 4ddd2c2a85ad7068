"""Exports as jobs: queued by POST, written to a file by the worker, downloaded by their owner."""

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.utils import translation

from backend.exports.formats import FORMATS, write_file
from backend.exports.registry import EXPORTS
from backend.jobs.models import Job, JobKind
from backend.jobs.services import Progress, job_file_save, job_queue

EXPORT_TASK = "exports.export"


def export_queue(*, user: Any, dataset: str, fmt: str, query: dict[str, str]) -> Job:
    """Queue an export of dataset in fmt, filtered by query (already checked by the caller)."""
    return job_queue(
        kind=JobKind.EXPORT,
        target=f"{dataset}.{fmt}",
        task=EXPORT_TASK,
        owner=user,
        params={"dataset": dataset, "format": fmt, "query": query, "language": translation.get_language()},
        lock=f"{JobKind.EXPORT}:{user.pk}:{dataset}.{fmt}",
    )


def export_write(job: Job, progress: Progress) -> None:
    """The job's work: build the dataset as its owner may see it now, and keep the file."""
    params = job.params
    fmt = params["format"]
    with translation.override(params["language"]):
        dataset = EXPORTS[params["dataset"]].dataset(job.owner, params["query"])
        progress.total(dataset.queryset.count())
        with tempfile.TemporaryDirectory(prefix="mahalleh-export-job-") as folder:
            path = Path(folder) / f"{dataset.name}.{fmt}"
            write_file(replace(dataset, progress=progress), fmt, path)
            job_file_save(job=job, path=path, filename=path.name, content_type=FORMATS[fmt].content_type)
