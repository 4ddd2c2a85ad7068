from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext

from backend.exports.services import EXPORT_TASK, export_write
from backend.jobs.services import RETRY, job_run


@app.task(name=EXPORT_TASK, retry=RETRY, pass_context=True)
def export(context: JobContext, job_id: int) -> None:
    job_run(job_id, attempt=context.job.attempts, work=export_write)
