"""GET /api/v1/dashboard/: each figure against a plain-Python count over the same rows, across a
Jalali new year, with review states and a team's supervisor seeing only their area."""

from collections import Counter
from datetime import datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.conf import settings
from django.utils import timezone

from backend.accounts.models import Role
from backend.fieldwork.models import Team
from backend.interventions.models import FundingSource, Intervention, Referral, StatusChange
from backend.partners.models import Liaison
from backend.surveys.models import Neighborhood, QualityFlag, Visit
from tests.factories import (
    InterventionFactory,
    NeighborhoodFactory,
    PartnerFactory,
    UserFactory,
    VisitFactory,
    square,
)

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")
# 1405/01/01 is 2026-03-21: the month before is 1404/12 (Esfand, 29 days).
NEW_YEAR = datetime(2026, 3, 21, tzinfo=TEHRAN)


@pytest.fixture
def province():
    west = NeighborhoodFactory(code="W", county="البرز", boundary=square(50.0, 36.25))
    east = NeighborhoodFactory(code="E", county="تاکستان", boundary=square(50.1, 36.25))
    NeighborhoodFactory(code="EMPTY", county="تاکستان", boundary=square(50.2, 36.25))
    visitor = UserFactory(role=Role.VISITOR)
    other = UserFactory(role=Role.VISITOR)
    made = [
        # (place, when, state, flags, who)
        (west, NEW_YEAR + timedelta(days=1), "approved", [], visitor),
        (west, NEW_YEAR + timedelta(days=2), "received", [QualityFlag.TOO_FAST.value], visitor),
        (west, NEW_YEAR + timedelta(days=3), "rejected", [QualityFlag.TOO_FAST.value], other),
        (east, NEW_YEAR + timedelta(days=5), "has_issues", [], other),
        (east, NEW_YEAR + timedelta(days=6), "edited", [], other),
        (east, NEW_YEAR - timedelta(days=2), "approved", [], visitor),  # Esfand 1404
        (west, NEW_YEAR - timedelta(days=300), "approved", [], visitor),  # long before
    ]
    for place, when, state, flags, who in made:
        point = place.boundary.point_on_surface
        VisitFactory(point=point, visited_at=when, review_state=state, quality_flags=flags, visitor=who)
    return {"west": west, "east": east}


def python_field_work(start: datetime, end: datetime, areas: set[int] | None) -> dict:
    visits = [
        v
        for v in Visit.objects.all()
        if start <= v.visited_at < end and (areas is None or v.neighborhood_id in areas)
    ]
    counted = [v for v in visits if v.review_state in settings.SCORE_REVIEW_STATES]
    places = [n for n in Neighborhood.objects.all() if areas is None or n.pk in areas]
    last = {}
    for v in Visit.objects.all():
        if v.review_state in settings.SCORE_REVIEW_STATES and v.visited_at < end and v.neighborhood_id:
            last[v.neighborhood_id] = max(last.get(v.neighborhood_id, v.visited_at), v.visited_at)
    seen = [last[n.pk] for n in places if n.pk in last]
    return {
        "visits_counted": len(counted),
        "visits_flagged": sum(1 for v in visits if v.quality_flags),
        "visits_rejected": sum(1 for v in visits if v.review_state == "rejected"),
        "neighborhoods": len(places),
        "neighborhoods_visited": len({v.neighborhood_id for v in counted}),
        "neighborhoods_never_visited": len(places) - len(seen),
        "neighborhoods_not_visited_180_days": sum(1 for t in seen if t < end - timedelta(days=180)),
        "median_days_since_last_visit": round(median((end - t).total_seconds() / 86400 for t in seen), 1)
        if seen
        else None,
        "visitors": len({v.visitor_id for v in counted}),
    }


def test_field_work_figures_are_the_rows_counted_across_a_jalali_new_year(planner, province):
    body = planner.get("/api/v1/dashboard/?period=1405-01").json()
    assert body["period"]["label"] == "1405/01" and body["previous_period"]["label"] == "1404/12"
    month_end = datetime(2026, 4, 21, tzinfo=TEHRAN)
    for key, start, end in [
        ("current", NEW_YEAR, month_end),
        ("previous", datetime(2026, 2, 20, tzinfo=TEHRAN), NEW_YEAR),
    ]:
        got = body["field_work"][key]
        expected = python_field_work(start, end, None)
        assert {k: got[k] for k in expected} == expected, key
    assert body["field_work"]["current"]["visits_counted"] == 3  # rejected and has_issues do not count
    assert body["field_work"]["previous"]["visits_counted"] == 1
    # The year: Esfand's visit is in 1404, the new year's in 1405.
    year = planner.get("/api/v1/dashboard/?period=1405").json()["field_work"]
    assert year["current"]["visits_counted"] == 3 and year["previous"]["visits_counted"] == 2


def test_a_teams_supervisor_sees_the_figures_of_their_area(make_client, province):
    supervisor = make_client(Role.SUPERVISOR)
    team = Team.objects.create(name="غرب")
    team.supervisors.add(supervisor.user)
    team.neighborhoods.add(province["west"])
    body = supervisor.get("/api/v1/dashboard/?period=1405-01").json()
    assert body["team_scoped"] is True
    month_end = datetime(2026, 4, 21, tzinfo=TEHRAN)
    expected = python_field_work(NEW_YEAR, month_end, {province["west"].pk})
    got = body["field_work"]["current"]
    assert {k: got[k] for k in expected} == expected
    assert got["visits_counted"] == 2 and [c["county"] for c in body["counties"]] == ["البرز"]


def test_help_partners_and_counties(planner, province):
    lead = PartnerFactory(point=province["west"].boundary.point_on_surface, kind="mosque")
    PartnerFactory(point=province["east"].boundary.point_on_surface, kind="ngo")
    PartnerFactory(point="SRID=4326;POINT(51 37)", kind="ngo")  # in no neighbourhood
    creator = UserFactory(role=Role.COORDINATOR)
    day = NEW_YEAR.date() + timedelta(days=3)
    works = Intervention.objects.create(
        title="آب",
        kind="water_sanitation",
        status="delivered",
        lead_partner=lead,
        created_by=creator,
        actual_start=day,
        actual_end=day + timedelta(days=2),
        households=40,
        budget_planned=1000,
        budget_spent=900,
        funding_source=FundingSource.objects.create(name="بهزیستی"),
    )
    works.neighborhoods.add(province["west"])
    planned = Intervention.objects.create(
        title="غذا",
        kind="food",
        status="proposed",
        lead_partner=lead,
        created_by=creator,
        planned_start=day,
        households=99,
    )
    planned.neighborhoods.add(province["east"])
    visit = Visit.objects.filter(neighborhood=province["west"]).first()
    made = NEW_YEAR + timedelta(days=2)
    for status in ("resolved", "sent"):
        referral = Referral.objects.create(
            visit=visit,
            neighborhood=province["west"],
            need="child_labour",
            service="children",
            partner=lead,
            status=status,
            due_date=day,
            created_by=creator,
            created_at=made,
        )
        if status == "resolved":
            StatusChange.objects.create(
                referral=referral, to_status="resolved", actor=creator, at=made + timedelta(days=4)
            )
    Liaison.objects.create(ref="L1", name="امام", mosque=lead, is_active=True).neighborhoods.add(
        province["west"]
    )

    body = planner.get("/api/v1/dashboard/?period=1405-01").json()
    helped = body["help"]["current"]
    assert helped["interventions_by_status"] == {"delivered": 1, "proposed": 1}
    assert helped["interventions_by_kind"] == {"water_sanitation": 1, "food": 1}
    assert helped["households_reached"] == 40  # the proposed one has reached no one yet
    assert helped["budget_total"]["planned"] == 1000 and helped["budget_total"]["spent"] == 900
    assert (helped["referrals_made"], helped["referrals_open"], helped["referrals_resolved"]) == (2, 1, 1)
    assert helped["referral_days_to_resolve_median"] == 4.0
    assert body["help"]["previous"]["interventions"] == 0
    assert body["partners"]["by_kind"] == {"mosque": 1, "ngo": 2}
    assert body["partners"]["by_county"] == {"البرز": 1, "تاکستان": 1, "": 1}
    assert body["need"]["share_with_liaison"] == round(1 / 3, 3)
    counties = {row["county"]: row for row in body["counties"]}
    assert counties["البرز"]["neighborhoods"] == 1 and counties["تاکستان"]["neighborhoods"] == 2
    assert counties["البرز"]["visits_counted"] == 2 and counties["تاکستان"]["visits_counted"] == 1


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("1405-13", "month"),
        ("1405-Q5", "Q1 to Q4"),
        ("1390-01-01..1405-01-01", "five years"),
        ("soon", "is not a year"),
    ],
)
def test_a_bad_period_is_a_400_that_says_why(planner, period, says):
    answer = planner.get(f"/api/v1/dashboard/?period={period}")
    assert answer.status_code == 400 and says in str(answer.json())


def test_only_the_office_roles_read_the_dashboard(make_client, db):
    assert make_client(Role.VISITOR).get("/api/v1/dashboard/").status_code == 403
    assert make_client(None).get("/api/v1/dashboard/").status_code in (401, 403)
    this_month = make_client(Role.COORDINATOR).get("/api/v1/dashboard/").json()["period"]["label"]
    assert this_month == jdatetime.date.fromgregorian(date=timezone.localdate()).strftime("%Y/%m")


def test_need_the_highest_the_most_changed_and_the_heaviest_components(planner, province):
    from backend.planning.models import NeighborhoodScore, ScoreSnapshot
    from tests.factories import default_profile

    profile = default_profile()
    west, east = province["west"], province["east"]
    now = {west: (70.0, 1, {"water": 30.0, "tenure": 10.0}), east: (40.0, 2, {"water": 10.0, "tenure": 20.0})}
    for place, (score, rank, points) in now.items():
        NeighborhoodScore.objects.create(
            profile=profile,
            neighborhood=place,
            score=score,
            rank=rank,
            confidence=0.5,
            visit_count=3,
            components={},
            contributions=points,
            reasons=[],
            computed_at=timezone.now(),
        )
    # The last snapshot before the month and before its end: west rose by 25, east fell by 5.
    days = [
        (west, -3, 45.0),
        (west, 10, 70.0),
        (east, -40, 10.0),
        (east, -3, 45.0),
        (east, 20, 40.0),
        (east, 40, 99.0),
    ]
    history = [(place, NEW_YEAR + timedelta(days=d), score) for place, d, score in days]
    for place, when, score in history:
        ScoreSnapshot.objects.create(
            profile=profile,
            neighborhood=place,
            computed_at=when,
            score=score,
            rank=1,
            confidence=0.5,
            visit_count=1,
            components={},
        )
    need = planner.get("/api/v1/dashboard/?period=1405-01").json()["need"]
    assert [row["neighborhood"] for row in need["highest_need"]] == [west.pk, east.pk]
    assert [(r["neighborhood"], r["change"]) for r in need["changed_most"]] == [
        (west.pk, 25.0),
        (east.pk, -5.0),
    ]
    assert need["components"][0] == {
        "component": "water",
        "label": need["components"][0]["label"],
        "mean_points": 20.0,
    }
    assert need["components"][1]["mean_points"] == 15.0


def supervising(make_client, *places):
    """A client signed in as the supervisor of a team of places."""
    supervisor = make_client(Role.SUPERVISOR)
    team = Team.objects.create(name=f"تیم {len(places)}")
    team.supervisors.add(supervisor.user)
    team.neighborhoods.add(*places)
    return supervisor


def test_the_trend_counts_each_jalali_month_across_the_new_year(make_client, province):
    for end, households, place in [
        (NEW_YEAR.date() - timedelta(days=1), 10, province["west"]),  # 1404/12/29
        (NEW_YEAR.date(), 7, province["east"]),  # 1405/01/01
        (NEW_YEAR.date() + timedelta(days=30), 5, province["west"]),  # 1405/01/31
    ]:
        InterventionFactory(
            status="delivered",
            actual_start=end - timedelta(days=5),
            actual_end=end,
            households=households,
            neighborhoods=[place],
        )
    body = make_client(Role.PLANNER).get("/api/v1/dashboard/?period=1405-01").json()["trend"]
    assert len(body["months"]) == 12 and body["months"][-2:] == ["1404/12", "1405/01"]
    counted = [v for v in Visit.objects.all() if v.review_state in settings.SCORE_REVIEW_STATES]
    by_month = Counter(
        jdatetime.datetime.fromgregorian(datetime=v.visited_at.astimezone(TEHRAN)).strftime("%Y/%m")
        for v in counted
    )
    assert body["visits_counted"] == [by_month[month] for month in body["months"]]
    assert body["visits_counted"][-2:] == [1, 3] and sum(body["visits_counted"]) == 5  # 1404/03 too
    assert body["interventions_delivered"][-2:] == [1, 2]
    assert body["households_reached"][-2:] == [10, 12]

    east = supervising(make_client, province["east"]).get("/api/v1/dashboard/?period=1405-01").json()["trend"]
    assert east["interventions_delivered"][-2:] == [0, 1] and east["households_reached"][-2:] == [0, 7]


def test_the_budget_of_a_teams_area_and_of_each_county(make_client, province):
    source = FundingSource.objects.create(name="استانداری")
    made = []
    for places, planned, spent in [
        ([province["west"]], 1000, 400),
        ([province["east"]], 300, 300),
        ([province["west"], province["east"]], 50, 5),  # across two counties
    ]:
        works = InterventionFactory(
            status="in_progress",
            actual_start=NEW_YEAR.date() + timedelta(days=3),
            budget_planned=planned,
            budget_spent=spent,
            funding_source=source,
            neighborhoods=places,
        )
        made.append((works, {p.pk for p in places}))
    body = make_client(Role.PLANNER).get("/api/v1/dashboard/?period=1405-01").json()
    assert body["help"]["current"]["budget_total"]["planned"] == sum(w.budget_planned for w, _p in made)
    rows = {row["county"]: (row["budget_planned"], row["budget_spent"]) for row in body["counties"]}
    assert rows == {"البرز": (1000, 400), "تاکستان": (300, 300)}  # "both" is in several counties

    mine = (
        supervising(make_client, province["west"])
        .get("/api/v1/dashboard/?period=1405-01")
        .json()["help"]["current"]["budget_total"]
    )
    touching = [w for w, places in made if province["west"].pk in places]
    assert mine["planned"] == sum(w.budget_planned for w in touching) == 1050
    assert mine["spent"] == sum(w.budget_spent for w in touching)


def test_the_need_map_has_every_outline_of_the_area_with_its_score(province):
    from shapely import wkb

    from backend.reports.selectors import need_map
    from tests.factories import default_profile

    profile = default_profile()
    everything = need_map(None, profile)
    assert [row["neighborhood"] for row in everything] == sorted(
        Neighborhood.objects.values_list("pk", flat=True)
    )
    for row in everything:
        outline = wkb.loads(row["outline"])
        exact = Neighborhood.objects.get(pk=row["neighborhood"]).boundary
        assert outline.is_valid and abs(outline.area - exact.area) / exact.area < 0.05
        assert row["score"] is None  # none computed yet
    west_only = need_map([province["west"].pk], profile)
    assert [row["name"] for row in west_only] == [province["west"].name]
    assert need_map([], profile) == []
