"""The PDF reports, made at once (GET) or as jobs (POST): queued for their owner, made by the
worker, kept as a file to download until EXPORT_KEEP_HOURS pass."""

import tempfile
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from backend.jobs.models import Job, JobKind
from backend.jobs.services import Progress, job_file_save, job_queue
from backend.reports.documents import monthly_pdf, neighborhood_pdf
from backend.surveys.selectors import visible_neighborhood
from geo.text import parse_jalali_period

REPORT_TASK = "reports.report"
REPORTS = ("monthly", "neighborhood")


def report_pdf(*, report: str, params: dict[str, Any], user: Any, base_url: str) -> tuple[bytes, str]:
    """The report's PDF and its file name, as user may see it. A neighbourhood user may not see is
    a LookupError; a neighbourhood profile without a default weight profile, a ValueError."""
    if report == "monthly":
        year, month = params["year"], params["month"]
        period = parse_jalali_period(f"{year}-{month:02d}")
        return monthly_pdf(period=period, user=user, base_url=base_url), f"mahalleh-{year}-{month:02d}.pdf"
    neighborhood = visible_neighborhood(user=user, pk=params["neighborhood"])
    if neighborhood is None:
        raise LookupError(
            _("No neighbourhood %(pk)s among those you may see.") % {"pk": params["neighborhood"]}
        )
    content = neighborhood_pdf(neighborhood=neighborhood, user=user, base_url=base_url)
    return content, f"mahalleh-{neighborhood.code}.pdf"


def report_queue(*, user: Any, report: str, params: dict[str, Any], language: str, base_url: str) -> Job:
    """Queue report (checked by the caller) for user; one at a time per user and report."""
    target = f"{report}:" + "-".join(str(params[key]) for key in sorted(params))
    return job_queue(
        kind=JobKind.REPORT,
        target=target,
        task=REPORT_TASK,
        owner=user,
        params={"report": report, "params": params, "language": language, "base_url": base_url},
        lock=f"{JobKind.REPORT}:{user.pk}:{target}",
    )


def report_write(job: Job, progress: Progress) -> None:
    """The job's work: the report as its owner may see it now, kept as the job's file."""
    progress.total(1)
    with translation.override(job.params["language"]):
        content, filename = report_pdf(
            report=job.params["report"],
            params=job.params["params"],
            user=job.owner,
            base_url=job.params["base_url"],
        )
    with tempfile.TemporaryDirectory(prefix="mahalleh-report-job-") as folder:
        path = Path(folder) / filename
        path.write_bytes(content)
        job_file_save(job=job, path=path, filename=filename, content_type="application/pdf")
    progress(1, final=True)
