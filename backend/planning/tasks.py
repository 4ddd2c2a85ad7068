from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext

from backend.jobs.models import Job
from backend.jobs.services import RECOMPUTE_TASK, RETRY, Progress, job_run
from backend.planning.services import scores_recompute


def recompute_work(job: Job, progress: Progress) -> None:
    progress.total(scores_recompute().neighborhoods)


@app.task(name=RECOMPUTE_TASK, retry=RETRY, pass_context=True)
def recompute(context: JobContext, job_id: int) -> None:
    """Score every neighbourhood under every profile (queued, debounced, one at a time)."""
    job_run(job_id, attempt=context.job.attempts, work=recompute_work)
