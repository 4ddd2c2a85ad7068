"""Imports from the admin's upload, as jobs: the file waits in MEDIA storage until the worker reads it."""

import tempfile
from pathlib import Path
from typing import Any, cast

from django.core.files.storage import default_storage
from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext

from backend.imports.report import report_lines
from backend.imports.services import Kind, import_file
from backend.imports.sources import ImportFileError
from backend.jobs.models import Job, JobKind
from backend.jobs.services import RETRY, Progress, job_queue, job_run

IMPORT_TASK = "imports.import_file"


def import_queue(*, user: Any, kind: str, upload: Any, options: dict[str, Any]) -> Job:
    """Keep the uploaded file and queue its import (options: mapping, layer, encoding, srid)."""
    stored = default_storage.save(f"imports/{upload.name}", upload)
    return job_queue(
        kind=JobKind.IMPORT,
        target=kind,
        task=IMPORT_TASK,
        owner=user,
        params={"file": stored, "name": upload.name, **options},
    )


def import_work(job: Job, progress: Progress) -> None:
    """Read the kept file and import it, all rows or none; the report is the job's result."""
    params = job.params
    done = 0

    def row_done(count: int) -> None:
        nonlocal done
        done += count
        progress(done)

    try:
        suffix = Path(params["name"]).suffix
        with tempfile.NamedTemporaryFile(prefix="mahalleh-import-", suffix=suffix) as copy:
            with default_storage.open(params["file"], "rb") as kept:
                for chunk in iter(lambda: kept.read(1 << 20), b""):
                    copy.write(chunk)
            copy.flush()
            report = import_file(
                cast(Kind, job.target),  # a kind import_queue checked
                Path(copy.name),
                original_name=params["name"],
                overrides=params.get("mapping") or {},
                layer=params.get("layer") or None,
                encoding=params.get("encoding") or None,
                source_srid=params.get("srid"),
                dry_run=False,
                progress=row_done,
            )
        result = {"lines": report_lines(report), "failed": bool(report.errors)}
    except ImportFileError as exc:  # the file cannot be read: trying again would not help
        result = {"lines": [str(exc)], "failed": True}
    progress(done, final=True)
    Job.objects.filter(pk=job.pk).update(result=result, total=done)
    default_storage.delete(params["file"])


@app.task(name=IMPORT_TASK, retry=RETRY, pass_context=True)
def import_job(context: JobContext, job_id: int) -> None:
    job_run(job_id, attempt=context.job.attempts, work=import_work)
