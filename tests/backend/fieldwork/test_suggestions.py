"""POST /api/v1/assignments/suggest/: never visited first, high stale need next, shared evenly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.fieldwork.models import Assignment, Team
from backend.planning.models import NeighborhoodScore
from tests.factories import NeighborhoodFactory, UserFactory, default_profile, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    """Eight neighbourhoods in a row: two never visited, others with known scores and ages."""
    profile = default_profile()
    now = timezone.now()
    known = {  # code: (score, confidence, days since the last visit)
        "N2": (90, 0.9, 400),  # stale, high need
        "N3": (40, 0.9, 300),  # stale, lower need
        "N4": (95, 0.9, 10),  # recent and sure: not due
        "N5": (70, 0.2, 20),  # unsure
        "N6": (20, 0.9, 5),  # recent and sure
        "N7": (60, 0.9, 200),  # stale
    }
    team = Team.objects.create(name="تیم جنوب")
    for i in range(8):
        n = NeighborhoodFactory(code=f"N{i}", boundary=square(50.0 + 0.02 * i, 36.25))
        team.neighborhoods.add(n)
        if f"N{i}" in known:
            score, confidence, days = known[f"N{i}"]
            NeighborhoodScore.objects.create(
                profile=profile, neighborhood=n, score=score, rank=100 - score, confidence=confidence,
                visit_count=5, last_visit_at=now - timedelta(days=days), components={}, contributions={},
                reasons=[], computed_at=now,
            )  # fmt: skip
    team.members.set([UserFactory(username=f"v{k}", role=Role.VISITOR) for k in range(3)])
    return team


def suggest(client, team, **fields):
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    body = {"team": team.pk, "due_date": due, "count": 5, **fields}
    response = client.post("/api/v1/assignments/suggest/", body, format="json")
    assert response.status_code == 200, response.data
    return response.json()


def test_never_visited_first_then_stale_or_unsure_by_need(planner, team):
    answer = suggest(planner, team)
    chosen = sorted(answer["proposals"], key=lambda p: p["neighborhood_code"])
    assert {p["neighborhood_code"] for p in chosen} == {"N0", "N1", "N2", "N5", "N7"}
    reasons = {p["neighborhood_code"]: p["reason"] for p in chosen}
    assert reasons == {
        "N0": "never_visited",
        "N1": "never_visited",
        "N2": "stale",
        "N5": "low_confidence",
        "N7": "stale",
    }
    assert all(p["why"] for p in chosen)
    assert answer["created"] == [] and not Assignment.objects.exists()


def test_the_load_is_even_and_neighbours_go_together(planner, team):
    answer = suggest(planner, team, count=6)
    loads = {}
    for p in answer["proposals"]:
        loads.setdefault(p["assignee"], []).append(int(p["neighborhood_code"][1:]))
    assert sorted(len(v) for v in loads.values()) == [2, 2, 2]
    # In a row of places, each visitor's pair sits side by side rather than at opposite ends.
    assert all(max(v) - min(v) <= 5 for v in loads.values())


def test_the_same_input_gives_the_same_proposal(planner, team):
    assert suggest(planner, team) == suggest(planner, team)


def test_commit_saves_them_and_they_are_not_suggested_again(planner, team):
    answer = suggest(planner, team, commit=True)
    assert len(answer["created"]) == 5
    assignments = Assignment.objects.all()
    assert {a.assignee.username for a in assignments} == {"v0", "v1", "v2"}
    again = suggest(planner, team)
    assert {p["neighborhood_code"] for p in again["proposals"]}.isdisjoint(
        {a.neighborhood.code for a in assignments}
    )


@pytest.mark.parametrize(
    "fields", [{"count": 0}, {"count": 201}, {"team": 999999}, {"due_date": "yesterday"}]
)
def test_bad_suggestions_are_refused(planner, team, fields):
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    body = {"team": team.pk, "due_date": due, "count": 5, **fields}
    assert planner.post("/api/v1/assignments/suggest/", body, format="json").status_code == 400


def test_a_past_due_date_commits_nothing(planner, team):
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    body = {"team": team.pk, "due_date": past, "count": 5, "commit": True}
    assert planner.post("/api/v1/assignments/suggest/", body, format="json").status_code == 400
    assert not Assignment.objects.exists()
