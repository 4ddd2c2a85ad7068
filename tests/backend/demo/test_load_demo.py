import pytest
from django.core.management import CommandError, call_command

from backend.accounts.models import Role, User
from backend.fieldwork.models import Assignment, Team
from backend.fieldwork.selectors import with_progress
from backend.interventions.models import FundingSource, Intervention, Referral
from backend.interventions.selectors import with_status
from backend.partners.models import Liaison, Partner, PartnerKind
from backend.planning.models import NeighborhoodScore, ScoreSnapshot
from backend.surveys.models import Neighborhood, Visit, VisitEvent

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Neighborhood.objects.count(),
        Visit.objects.count(),
        Partner.objects.count(),
        Liaison.objects.count(),
        User.objects.count(),
    )


def test_load_demo_is_complete_and_idempotent(capsys):
    call_command("load_demo")
    first = counts()
    assert first[0] >= 20 and first[1] >= 200 and first[2] >= 40 and first[3] > 0
    assert set(Partner.objects.values_list("kind", flat=True)) == set(PartnerKind.values)
    assert set(User.objects.filter(is_demo=True).values_list("role", flat=True)) == set(Role.values)
    assert all("(نمونه)" in name for name in Neighborhood.objects.values_list("name", flat=True))
    # Most visits fall inside a neighbourhood; the few outside are kept and flagged.
    assert 0 < Visit.objects.filter(neighborhood__isnull=True).count() < 20
    # Scores are ready; the neighbourhoods nobody visited are unknown, not zero.
    scores = NeighborhoodScore.objects.filter(profile__is_default=True)
    assert scores.count() == first[0]
    assert scores.filter(score__isnull=True).count() == 2
    out = capsys.readouterr().out
    assert "demo_planner / demo-planner-1405" in out
    # The review queue has every state to show, a thread, and flagged visits.
    assert set(Visit.objects.values_list("review_state", flat=True)) == {
        "received",
        "approved",
        "rejected",
        "has_issues",
    }
    assert VisitEvent.objects.filter(kind="comment").count() == 2
    assert Visit.objects.exclude(quality_flags=[]).exists()
    events = VisitEvent.objects.count()
    # Two teams and the next week's assignments, among them one overdue.
    assert Team.objects.count() == 2 and Assignment.objects.count() == 8
    statuses = {a.overdue for a in with_progress(Assignment.objects.all())}
    assert statuses == {True, False}
    # Help delivered: an intervention at every stage, the water works verified by later visits,
    # referrals, funding sources, and a score history of several recomputes.
    shown = set(with_status(Intervention.objects.all()).values_list("current_status", flat=True))
    assert shown == {"proposed", "agreed", "in_progress", "verified", "cancelled"}
    assert Referral.objects.count() == 2 and FundingSource.objects.count() == 3
    snapshots = ScoreSnapshot.objects.count()
    assert snapshots == 7 * first[0]  # six months back, and now
    # The jobs page has something to show: the recompute, and a planner's finished export.
    from backend.jobs.models import Job

    export = Job.objects.get(kind="export")
    assert (export.owner.username, export.state, export.target) == ("demo_planner", "done", "visits.gpkg")
    assert export.file and export.size > 0 and export.total == export.done > 0
    assert Job.objects.filter(kind="recompute", state="done").count() == 1
    # A base map drawn from the demo's own neighbourhoods, the default, served.
    from backend.basemaps.models import Basemap
    from backend.basemaps.selectors import basemap_tile

    demo_map = Basemap.objects.get(name="demo")
    assert demo_map.is_default and demo_map.tile_format == "png" and "demo data" in demo_map.attribution
    west, south, east, north = demo_map.bounds
    for n in Neighborhood.objects.all():  # the whole demo area is on it
        x0, y0, x1, y1 = n.boundary.extent
        assert west < x0 and x1 < east and south < y0 and y1 < north
    assert basemap_tile(demo_map, 13, 5233, 3209).startswith(b"\x89PNG")

    call_command("load_demo")
    assert Job.objects.count() == 2
    assert counts() == first
    assert VisitEvent.objects.count() == events
    assert Assignment.objects.count() == 8
    assert Intervention.objects.count() == 5 and ScoreSnapshot.objects.count() == snapshots
    out = capsys.readouterr().out
    assert (
        "added 0 neighbourhoods, 0 partners, 0 liaisons, 0 visits, 0 reviews, 0 assignments, "
        "0 interventions, 0 base map, 0 users" in out
    )


def test_load_demo_refuses_where_demo_is_disabled(settings):
    settings.DEMO_ENABLED = False
    with pytest.raises(CommandError, match="disabled"):
        call_command("load_demo")
    assert counts() == (0, 0, 0, 0, 0)
