"""Jobs run by a real procrastinate worker against the test database."""

import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from backend.accounts.models import Role
from backend.jobs.models import Job, JobKind, JobState
from backend.jobs.services import scores_recompute_soon
from backend.planning.models import ScoreSnapshot, WeightProfile
from tests.factories import (
    NeighborhoodFactory,
    PartnerFactory,
    UserFactory,
    VisitFactory,
    default_profile,
    square,
    visit_payload,
)
from tests.jobs import clear_queue, queued, run_worker


@pytest.fixture
def area(transactional_db):
    clear_queue()
    default_profile()
    neighborhood = NeighborhoodFactory(code="A1", name="محله یک", boundary=square(50.0, 36.25))
    for _ in range(25):
        VisitFactory(neighborhood=neighborhood)
    PartnerFactory()
    return neighborhood


@pytest.mark.parametrize("fmt", ["csv", "geojson", "xlsx"])
def test_an_export_job_writes_the_file_the_stream_sends(area, planner, fmt):
    streamed = b"".join(planner.get(f"/api/v1/exports/visits.{fmt}").streaming_content)

    queued_response = planner.post(f"/api/v1/exports/visits.{fmt}")
    assert queued_response.status_code == 202, queued_response.content
    job_url = queued_response.json()["job"]
    assert queued_response["Location"] == job_url
    assert planner.get(job_url).json()["state"] == "queued"

    run_worker()

    job = planner.get(job_url).json()
    assert job["state"] == "done", job
    assert (job["done"], job["total"], job["progress"]) == (25, 25, 1.0)
    download = planner.get(job["download"])
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    if fmt == "xlsx":  # a workbook stamps its creation time: compare the cells
        import openpyxl

        def cells(data: bytes) -> list:
            return [
                list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
            ]

        assert cells(body) == cells(streamed)
    else:
        assert body == streamed
    if fmt == "geojson":
        assert len(json.loads(body)["features"]) == 25


def test_an_export_job_keeps_its_filters_and_language(area, make_client):
    coordinator = make_client("coordinator")
    coordinator.defaults["HTTP_ACCEPT_LANGUAGE"] = "fa"
    job_url = coordinator.post("/api/v1/exports/partners.csv?is_active=true").json()["job"]
    run_worker()
    body = b"".join(coordinator.get(coordinator.get(job_url).json()["download"]).streaming_content)
    header = body.decode("utf-8-sig").splitlines()[0]
    assert "نام" in header and "تلفن" in header  # Persian headers; a coordinator's export has phones


def test_bad_filters_are_refused_before_any_job_is_queued(area, planner):
    response = planner.post("/api/v1/exports/visits.csv?review_state=maybe")
    assert response.status_code == 400
    assert "review_state" in response.json()["detail"]
    assert not Job.objects.exists()


def test_a_job_is_its_owners_alone(area, planner, make_client, admin):
    job_url = planner.post("/api/v1/exports/visits.csv").json()["job"]
    run_worker()
    other = make_client("planner")
    assert other.get(job_url).status_code == 404
    assert other.get(job_url + "download/").status_code == 404
    assert admin.get(job_url).status_code == 200  # admins see its state…
    refused = admin.get(job_url + "download/")
    assert refused.status_code == 403 and "asked for this file" in refused.json()["detail"]  # …not its file
    assert [row["url"] for row in other.get("/api/v1/jobs/").json()["results"]] == []
    assert [row["url"] for row in planner.get("/api/v1/jobs/").json()["results"]] == [job_url]


def test_an_expired_download_is_gone_and_an_unfinished_one_not_ready(area, planner):
    job_url = planner.post("/api/v1/exports/visits.csv").json()["job"]
    not_ready = planner.get(job_url + "download/")
    assert not_ready.status_code == 409 and "queued" in not_ready.json()["detail"]
    run_worker()
    Job.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert planner.get(job_url).json()["download"] is None
    gone = planner.get(job_url + "download/")
    assert gone.status_code == 410 and "expired" in gone.json()["detail"]


def test_a_failing_job_is_retried_then_reports_its_error(area, planner, settings):
    profile = WeightProfile.objects.create(name="short-lived", weights=default_profile().weights)
    job_url = planner.post(f"/api/v1/exports/neighborhoods.csv?profile={profile.name}").json()["job"]
    profile.delete()  # the job will not find it

    run_worker()

    job = planner.get(job_url).json()
    assert job["state"] == "failed"
    assert job["attempts"] == settings.JOB_RETRIES + 1
    assert "No weight profile 'short-lived'" in job["error"]
    failed = planner.get(job_url + "download/")
    assert failed.status_code == 409 and "No weight profile" in failed.json()["detail"]


def test_two_recomputes_asked_at_once_run_once(area, planner):
    before = ScoreSnapshot.objects.values("computed_at").distinct().count()
    first = planner.post("/api/v1/priorities/recompute/")
    second = planner.post("/api/v1/priorities/recompute/")
    assert first.status_code == second.status_code == 202
    assert first.json()["job"] == second.json()["job"]
    assert queued("planning.recompute") == 1

    run_worker()

    assert ScoreSnapshot.objects.values("computed_at").distinct().count() == before + 1
    assert planner.get(first.json()["job"]).json()["state"] == "done"
    assert queued("planning.recompute") == 0


def test_a_recompute_asked_while_one_runs_waits_for_the_next_run(area):
    running = scores_recompute_soon()
    Job.objects.filter(pk=running.pk).update(state=JobState.RUNNING)
    with connection.cursor() as cursor:  # as the worker marks the job it took
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing' WHERE task_name = 'planning.recompute'"
        )
    waiting = scores_recompute_soon()
    assert waiting.pk != running.pk and waiting.state == JobState.QUEUED
    assert scores_recompute_soon().pk == waiting.pk


def _pending_recompute() -> bool:
    return Job.objects.filter(kind=JobKind.RECOMPUTE, state=JobState.QUEUED).exists()


def test_a_sync_queues_a_recompute(area, visitor):
    assert not _pending_recompute()
    response = visitor.post(
        "/api/v1/visits/sync/",
        {"visits": [visit_payload(point={"type": "Point", "coordinates": [50.005, 36.255]})]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert _pending_recompute()
    run_worker()
    assert not _pending_recompute()
    assert Job.objects.get(kind=JobKind.RECOMPUTE).state == JobState.DONE


def test_a_review_queues_a_recompute(area, supervisor):
    visit = area.visits.first()
    response = supervisor.post(
        f"/api/v1/visits/{visit.pk}/review/",
        {"state": "rejected", "note": "blurred", "version": visit.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert _pending_recompute()


def test_a_partner_edit_queues_a_recompute(area, coordinator):
    partner = PartnerFactory()
    response = coordinator.patch(f"/api/v1/partners/{partner.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.content
    assert _pending_recompute()


def test_the_admins_jobs_page_lists_state_duration_and_error(area, planner, client, settings):
    profile = WeightProfile.objects.create(name="gone", weights=default_profile().weights)
    planner.post(f"/api/v1/exports/neighborhoods.csv?profile={profile.name}")
    profile.delete()
    planner.post("/api/v1/exports/visits.csv")
    run_worker()
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get("/jobs/").content.decode()
    assert page.count('data-state="failed"') == 1 and page.count('data-state="done"') == 1
    assert "No weight profile" in page
    client.force_login(UserFactory(role=Role.PLANNER))
    assert client.get("/jobs/").status_code == 403
