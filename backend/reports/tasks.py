from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext

from backend.jobs.services import RETRY, job_run
from backend.reports.services import REPORT_TASK, report_write


@app.task(name=REPORT_TASK, retry=RETRY, pass_context=True)
def report(context: JobContext, job_id: int) -> None:
    job_run(job_id, attempt=context.job.attempts, work=report_write)
