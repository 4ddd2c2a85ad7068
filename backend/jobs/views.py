"""The admins' jobs page: recent jobs, their state, how long they ran and why they failed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.accounts.permissions import can_read_all_jobs, page_rule
from backend.jobs import selectors
from backend.jobs.models import JobKind, JobState


@page_rule(can_read_all_jobs)
def jobs_page(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "") if request.GET.get("kind") in JobKind.values else ""
    state = request.GET.get("state", "") if request.GET.get("state") in JobState.values else ""
    jobs = selectors.jobs_recent(kind=kind or None, state=state or None)
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": jobs,
            "kinds": JobKind.choices,
            "states": JobState.choices,
            "kind": kind,
            "state": state,
            "pending": selectors.recompute_pending(),
        },
    )
