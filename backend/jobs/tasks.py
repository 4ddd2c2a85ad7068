"""The queue's housekeeping."""

from procrastinate.contrib.django import app

from backend.jobs.services import jobs_expired_delete


@app.periodic(cron="17 * * * *")
@app.task(name="jobs.expired_delete", queueing_lock="jobs.expired_delete")
def expired_delete(timestamp: int) -> int:
    """Every hour: free the space of downloads nobody may fetch any more."""
    return jobs_expired_delete()
