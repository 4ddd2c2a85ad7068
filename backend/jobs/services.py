"""Queue a job and follow it: queued → running → done, or failed after its retries.

Jobs are procrastinate tasks (one queue, in PostgreSQL); each carries the id of a Job row,
which says who asked, how far it got and what it made. Deferring goes through Django's own
connection, so a job queued inside a transaction exists only if that transaction commits.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from backend.jobs.models import PENDING_STATES, Job, JobKind, JobState

log = logging.getLogger(__name__)

# Failed jobs run again JOB_RETRIES times, waiting JOB_RETRY_BACKOFF_SECONDS, then its square, …
RETRY = RetryStrategy(max_attempts=settings.JOB_RETRIES, exponential_wait=settings.JOB_RETRY_BACKOFF_SECONDS)

RECOMPUTE_TASK = "planning.recompute"
RECOMPUTE_TARGET = "all"
PROGRESS_SECONDS = 0.5  # how often a job's progress is written, at most


def job_queue(
    *,
    kind: str,
    target: str,
    task: str,
    owner: Any = None,
    params: dict[str, Any] | None = None,
    lock: str | None = None,
    queueing_lock: str | None = None,
    delay_seconds: int = 0,
) -> Job:
    """Record a job and put it on the queue; it runs once the current transaction commits.

    One job per kind and target (or per ``lock``) runs at a time. With ``queueing_lock``, at most one
    such job waits: asking again while one waits returns the waiting one (debouncing).
    """
    if queueing_lock:
        waiting = _waiting(kind, target)
        if waiting is not None:
            return waiting
    try:
        with transaction.atomic():  # a savepoint: a refused queueing lock undoes only this
            job = Job.objects.create(kind=kind, target=target, owner=owner, params=params or {})
            app.configure_task(
                task,
                lock=lock or f"{kind}:{target}",
                queueing_lock=queueing_lock,
                schedule_in={"seconds": delay_seconds} if delay_seconds else None,
            ).defer(job_id=job.pk)
    except AlreadyEnqueued:
        # Another request queued one between the look and the insert: that one it is (or, when
        # a worker died holding it, the one the queue will run again).
        waiting = _waiting(kind, target) or (
            Job.objects.filter(kind=kind, target=target, state__in=PENDING_STATES)
            .order_by("-created_at")
            .first()
        )
        if waiting is None:
            raise
        return waiting
    return job


def _waiting(kind: str, target: str) -> Job | None:
    """The job of this kind and target that waits to run (a first time, or again after a failure)."""
    waiting = Job.objects.filter(kind=kind, target=target, state__in=(JobState.QUEUED, JobState.RETRYING))
    return waiting.order_by("created_at").first()


def scores_recompute_soon(*, owner: Any = None, at_once: bool = False) -> Job:
    """Queue one recompute of every score, RECOMPUTE_DELAY_SECONDS after the first change
    (``at_once``: as soon as a worker is free), or return the one already waiting.

    Changes made while it waits join it; a change made while it runs queues the next one.
    """
    return job_queue(
        kind=JobKind.RECOMPUTE,
        target=RECOMPUTE_TARGET,
        task=RECOMPUTE_TASK,
        owner=owner,
        queueing_lock=f"{JobKind.RECOMPUTE}:{RECOMPUTE_TARGET}",
        delay_seconds=0 if at_once else settings.RECOMPUTE_DELAY_SECONDS,
    )


def scores_stale() -> None:
    """Say that what the scores are made of changed; a recompute is queued when this commits.

    Lower apps (surveys, partners) call this without knowing who recomputes, or how.
    """
    current = transaction.get_connection()
    # Once per transaction, however many rows it changes (Django keeps (savepoints, callback, robust)).
    if any(entry[1] is scores_recompute_soon for entry in current.run_on_commit):
        return
    # Robust: a queue that cannot be reached is logged, never the failure of a stored visit.
    transaction.on_commit(scores_recompute_soon, robust=True)


class Progress:
    """Reports rows done to the job's record; a job's work calls it as it goes, as often as it likes.

    It writes at most every PROGRESS_SECONDS, on a connection of its own: the job's connection may
    be busy streaming rows (a COPY holds it until its last row). The final count goes through the
    job's own connection.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._written = 0.0
        self._connection: psycopg.Connection | None = None

    def total(self, rows: int) -> None:
        Job.objects.filter(pk=self.job_id).update(total=rows)

    def __call__(self, done: int, *, final: bool = False) -> None:
        if final:  # the work is over and the job's connection free again (its transaction's, too)
            Job.objects.filter(pk=self.job_id).update(done=done)
            return
        now = time.monotonic()
        if now - self._written < PROGRESS_SECONDS:
            return
        self._written = now
        if self._connection is None:
            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            self._connection = psycopg.connect(**params, autocommit=True)
        self._connection.execute("UPDATE jobs_job SET done = %s WHERE id = %s", [done, self.job_id])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


def job_run(job_id: int, *, attempt: int, work: Callable[[Job, Progress], None]) -> None:
    """Run a job's work with its record kept up to date; a failure is recorded, then raised
    so that the queue retries it, and after the last retry (attempt JOB_RETRIES, counting from
    0) the job stays failed."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:  # its record was deleted (say, with its owner): nothing is waiting for it
        log.warning("job %s has no record any more; skipped", job_id)
        return
    Job.objects.filter(pk=job_id).update(
        state=JobState.RUNNING, started_at=timezone.now(), finished_at=None, attempts=attempt + 1
    )
    progress = Progress(job_id)
    try:
        work(job, progress)
    except Exception as exc:
        last = attempt >= settings.JOB_RETRIES
        log.exception("job %s (%s %s) failed, attempt %s", job_id, job.kind, job.target, attempt + 1)
        Job.objects.filter(pk=job_id).update(
            state=JobState.FAILED if last else JobState.RETRYING,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now() if last else None,
        )
        raise
    finally:
        progress.close()
    Job.objects.filter(pk=job_id).update(state=JobState.DONE, error="", finished_at=timezone.now())


def job_file_save(*, job: Job, path: Path, filename: str, content_type: str) -> None:
    """Keep the file a job made (in MEDIA storage) for its owner, until EXPORT_KEEP_HOURS pass."""
    with path.open("rb") as handle:
        job.file.save(f"{job.pk}-{filename}", File(handle), save=False)
    Job.objects.filter(pk=job.pk).update(
        file=job.file.name,
        filename=filename,
        content_type=content_type,
        size=path.stat().st_size,
        expires_at=timezone.now() + timedelta(hours=settings.EXPORT_KEEP_HOURS),
    )


def jobs_expired_delete() -> int:
    """Delete the files of jobs whose download has expired (the records stay, for the list)."""
    expired = Job.objects.filter(expires_at__lte=timezone.now()).exclude(file="")
    count = 0
    for job in expired:
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count
