"""Field work at scale: 2,000 neighbourhoods, 200 visitors in 10 teams, 20,000 assignments.

- Suggestions for each team (40 proposals from its 200 neighbourhoods), against reading the
  same inputs in raw SQL (neighbourhood points and scores, less those with an open assignment
  not yet done, which needs each assignment's progress).
- ``assignments/mine`` (a visitor's open assignments with their progress counted from
  200,000 visits), p95 over visitors, against the same query in raw SQL.
"""

import random
import time
from datetime import timedelta
from functools import partial
from typing import Any

from bench.common import load_visits, percentile, timed

NEIGHBORHOODS = 2_000
VISITS = 200_000
VISITORS = 200
TEAMS = 10
PER_VISITOR = 100  # 20,000 assignments
SAMPLES = 30

RAW_INPUTS_SQL = """
    SELECT n.id, n.code, ST_X(ST_PointOnSurface(n.boundary)), ST_Y(ST_PointOnSurface(n.boundary)),
           s.visit_count, s.last_visit_at, s.score, s.confidence
      FROM fieldwork_team_neighborhoods tn
      JOIN surveys_neighborhood n ON n.id = tn.neighborhood_id
      LEFT JOIN planning_neighborhoodscore s ON s.neighborhood_id = n.id AND s.profile_id = %(profile)s
     WHERE tn.team_id = %(team)s
       AND n.id NOT IN (  -- an open assignment that is not done yet
           SELECT a.neighborhood_id FROM fieldwork_assignment a
            WHERE a.team_id = %(team)s AND a.closed = ''
              AND (SELECT count(*) FROM surveys_counted_visit v
                    WHERE v.neighborhood_id = a.neighborhood_id AND v.visitor_id = a.assignee_id
                      AND v.visited_at >= a.created_at
                      AND (v.assignment_id IS NULL OR v.assignment_id = a.id)) < a.target_visits)
"""
RAW_MINE_SQL = """
    SELECT a.*, (SELECT count(*) FROM surveys_counted_visit v
                  WHERE v.neighborhood_id = a.neighborhood_id AND v.visitor_id = a.assignee_id
                    AND v.visited_at >= a.created_at
                    AND (v.assignment_id IS NULL OR v.assignment_id = a.id)) AS visits_done
      FROM fieldwork_assignment a
     WHERE a.closed = '' AND a.assignee_id = %(user)s
     ORDER BY a.due_date, a.id
"""


def _listed(visitor: Any) -> list[Any]:
    from backend.fieldwork.selectors import assignments_mine

    return list(assignments_mine(user=visitor))


def run() -> dict[str, float]:
    from django.db import connection
    from django.utils import timezone

    from backend.accounts.models import User
    from backend.fieldwork.models import Assignment, Team
    from backend.fieldwork.suggestions import suggest
    from backend.planning.models import WeightProfile
    from backend.planning.selectors import profile_default
    from backend.planning.services import scores_recompute
    from backend.surveys.models import Neighborhood
    from geo.scoring import DEFAULT_WEIGHTS

    _visitor, load_s = load_visits(NEIGHBORHOODS, VISITS)
    started = time.perf_counter()
    visitors = User.objects.bulk_create(
        User(username=f"bench-v{i:03d}", role="visitor") for i in range(VISITORS)
    )
    planner = User.objects.create(username="bench-planner-fw", role="planner")
    ids = [v.pk for v in visitors]
    with connection.cursor() as cursor:  # the visits spread over the 200 visitors
        cursor.execute("UPDATE surveys_visit SET visitor_id = (%s::bigint[])[1 + id %% %s]", [ids, VISITORS])
    places = list(Neighborhood.objects.order_by("id").values_list("id", flat=True))
    per_team = NEIGHBORHOODS // TEAMS
    teams = []
    for t in range(TEAMS):
        team = Team.objects.create(name=f"bench team {t}")
        team.neighborhoods.set(places[t * per_team : (t + 1) * per_team])
        team.members.set(visitors[t * (VISITORS // TEAMS) : (t + 1) * (VISITORS // TEAMS)])
        teams.append(team)
    rng = random.Random(5)
    now = timezone.now()
    Assignment.objects.bulk_create(
        Assignment(
            team=teams[i // (VISITORS // TEAMS)],
            neighborhood_id=rng.choice(places[(i // (VISITORS // TEAMS)) * per_team :][:per_team]),
            assignee=visitor,
            due_date=timezone.localdate() + timedelta(days=rng.randint(1, 60)),
            target_visits=rng.randint(1, 3),
            created_by=planner,
            created_at=now - timedelta(days=rng.randint(0, 400)),
        )
        for i, visitor in enumerate(visitors)
        for _ in range(PER_VISITOR)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # clean_slate's TRUNCATE … CASCADE reaches the profiles (they name their author).
    profile = profile_default() or WeightProfile.objects.create(
        name="default", weights=DEFAULT_WEIGHTS, is_default=True
    )
    scores_recompute()
    setup_s = time.perf_counter() - started

    def suggestions() -> None:
        for team in teams:
            suggest(team=team, count=40)

    def raw_inputs() -> None:
        with connection.cursor() as cursor:
            for team in teams:
                cursor.execute(RAW_INPUTS_SQL, {"team": team.pk, "profile": profile.pk})
                cursor.fetchall()

    suggestions()
    raw_inputs()
    suggest_s = min(timed(suggestions) for _ in range(3))
    inputs_s = min(timed(raw_inputs) for _ in range(3))

    sample = rng.sample(visitors, SAMPLES)
    orm_samples, raw_samples = [], []
    for visitor in sample * 2:
        orm_samples.append(timed(partial(_listed, visitor)))

        def raw(visitor: Any = visitor) -> None:
            with connection.cursor() as cursor:
                cursor.execute(RAW_MINE_SQL, {"user": visitor.pk})
                cursor.fetchall()

        raw_samples.append(timed(raw))
    return {
        "load_s": load_s + setup_s,
        "suggest_s": suggest_s,
        "inputs_s": inputs_s,
        "mine_p95": percentile(orm_samples[SAMPLES:], 0.95),
        "raw_p95": percentile(raw_samples[SAMPLES:], 0.95),
    }


def report(r: dict[str, float]) -> str:
    return (
        f"assignments: {NEIGHBORHOODS:,} neighbourhoods, {VISITORS} visitors in {TEAMS} teams,"
        f" {VISITORS * PER_VISITOR:,} assignments, {VISITS:,} visits (set up in {r['load_s']:.0f} s)\n"
        f"  suggestions, 40 for each of {TEAMS} teams: {r['suggest_s'] * 1000:7.1f} ms;"
        f" raw SQL reading the same inputs: {r['inputs_s'] * 1000:7.1f} ms;"
        f" ratio {r['suggest_s'] / r['inputs_s']:.2f}x\n"
        f"  assignments/mine p95: {r['mine_p95'] * 1000:6.1f} ms; raw SQL {r['raw_p95'] * 1000:6.1f} ms;"
        f" ratio {r['mine_p95'] / r['raw_p95']:.2f}x"
    )
