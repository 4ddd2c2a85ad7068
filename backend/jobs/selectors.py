"""Reads of jobs: one for whoever may see it, the recent ones, the pending recompute."""

from typing import Any

from django.db.models import QuerySet

from backend.accounts.permissions import is_admin
from backend.jobs.models import PENDING_STATES, Job, JobKind
from backend.jobs.services import RECOMPUTE_TARGET


def job_for(*, user: Any, job_id: int) -> Job | None:
    """Return the job if user owns it (admins see every job's state, not its file)."""
    queryset = Job.objects.select_related("owner")
    if not is_admin(user):
        queryset = queryset.filter(owner=user)
    return queryset.filter(pk=job_id).first()


def jobs_recent(
    *, user: Any | None = None, kind: str | None = None, state: str | None = None, limit: int = 200
) -> QuerySet[Job]:
    """Return the latest jobs, newest first: user's own, or everyone's when user is None."""
    queryset = Job.objects.select_related("owner")
    if user is not None:
        queryset = queryset.filter(owner=user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-created_at", "-id")[:limit]


def recompute_pending() -> Job | None:
    """Return the recompute that waits or runs, if one does."""
    return (
        Job.objects.filter(kind=JobKind.RECOMPUTE, target=RECOMPUTE_TARGET, state__in=PENDING_STATES)
        .order_by("created_at")
        .first()
    )
