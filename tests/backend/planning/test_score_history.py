"""Scores over a window of recent visits, and a snapshot kept at every recompute."""

import io
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.utils import timezone

from backend.planning.models import NeighborhoodScore, ScoreSnapshot
from tests.factories import NeighborhoodFactory, VisitFactory, default_profile, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    return NeighborhoodFactory(code="WN", boundary=square(50.0, 36.25))


def visit(days_ago, water):
    return VisitFactory(
        point=Point(50.005, 36.255, srid=4326),
        water=water,
        visited_at=timezone.now() - timedelta(days=days_ago),
    )


def recompute():
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())


def water(place):
    return NeighborhoodScore.objects.get(neighborhood=place, profile=default_profile()).components["water"]


def test_old_visits_fall_out_of_the_window_and_a_newer_one_changes_the_component(place, settings):
    settings.SCORE_WINDOW_DAYS = 365
    visit(400, "none")  # before the pipes, more than a year ago
    visit(30, "improved")
    recompute()
    assert water(place) == 0.0
    visit(5, "none")
    recompute()
    assert water(place) == 0.5
    settings.SCORE_WINDOW_DAYS = 500
    recompute()
    assert water(place) == pytest.approx(2 / 3, abs=1e-4)


def test_no_visit_in_the_window_means_no_score_but_the_last_visit_is_known(place, settings):
    settings.SCORE_WINDOW_DAYS = 365
    old = visit(400, "none")
    recompute()
    row = NeighborhoodScore.objects.get(neighborhood=place, profile=default_profile())
    assert row.score is None and row.visit_count == 0
    assert row.last_visit_at == old.visited_at


def test_two_recomputes_keep_two_snapshots_and_the_first_is_unchanged(place, planner):
    visit(10, "none")
    recompute()
    first = ScoreSnapshot.objects.get(neighborhood=place)
    before = (first.computed_at, first.score, first.components, first.visit_count)
    visit(3, "improved")
    recompute()
    snapshots = list(ScoreSnapshot.objects.filter(neighborhood=place).order_by("computed_at"))
    assert len(snapshots) == 2
    again = snapshots[0]
    assert (again.computed_at, again.score, again.components, again.visit_count) == before
    assert snapshots[1].visit_count == 2 and snapshots[1].components["water"] == 0.5
    response = planner.get(f"/api/v1/neighborhoods/{place.pk}/scores/?profile={default_profile().name}")
    assert response.status_code == 200
    history = response.json()["results"]
    assert [h["visit_count"] for h in history] == [1, 2]
    assert history[0]["computed_at_jalali"].startswith("14")


def test_score_history_is_for_planning_roles_and_checks_its_input(place, visitor, planner):
    assert visitor.get(f"/api/v1/neighborhoods/{place.pk}/scores/").status_code == 403
    assert planner.get("/api/v1/neighborhoods/999999/scores/").status_code == 404
    assert planner.get(f"/api/v1/neighborhoods/{place.pk}/scores/?profile=nope").status_code == 400
    assert planner.get(f"/api/v1/neighborhoods/{place.pk}/scores/?page=0").status_code == 400


def test_a_long_history_comes_in_pages_oldest_first(place, planner):
    visit(10, "none")
    for _ in range(3):
        recompute()
    first = planner.get(f"/api/v1/neighborhoods/{place.pk}/scores/?page_size=2").json()
    second = planner.get(f"/api/v1/neighborhoods/{place.pk}/scores/?page_size=2&page=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and len(second["results"]) == 1
    times = [s["computed_at"] for s in first["results"] + second["results"]]
    assert times == sorted(times)
