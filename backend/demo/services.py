"""Load the demo data set into the database, once: a second run adds nothing."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon as GeosMultiPolygon
from django.contrib.gis.geos import Point
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from shapely.geometry import MultiPolygon

from backend.accounts.models import Role, User
from backend.accounts.services import user_create
from backend.common.geometry import to_geos
from backend.demo.basemap import demo_basemap
from backend.demo.data import COUNTY, generate, visit_time
from backend.demo.help_delivered import demo_help_delivered
from backend.exports.services import export_write
from backend.fieldwork.models import Assignment, Team
from backend.fieldwork.services import Area, assignment_create, team_save
from backend.fieldwork.suggestions import suggest
from backend.jobs.models import Job, JobKind
from backend.jobs.services import job_run
from backend.partners.models import Liaison, Partner
from backend.partners.services import liaison_create, partner_create
from backend.planning.models import ScoreSnapshot
from backend.planning.selectors import priority_list, profile_default
from backend.planning.tasks import recompute_work
from backend.surveys.models import Neighborhood, ReviewState, Visit, VisitEvent
from backend.surveys.review_services import visit_comment_add, visit_review, visits_review
from backend.surveys.services import Stored, neighborhood_create, visits_submit

# Demo accounts, one per role. They can sign in only where DEMO_ENABLED is true.
DEMO_USERS = {
    Role.VISITOR: ("demo_visitor", "demo-visitor-1405"),
    Role.SUPERVISOR: ("demo_supervisor", "demo-supervisor-1405"),
    Role.PLANNER: ("demo_planner", "demo-planner-1405"),
    Role.COORDINATOR: ("demo_coordinator", "demo-coordinator-1405"),
    Role.ADMIN: ("demo_admin", "demo-admin-1405"),
}


@dataclass
class DemoReport:
    users: int = 0
    neighborhoods: int = 0
    partners: int = 0
    liaisons: int = 0
    visits: int = 0
    reviews: int = 0
    assignments: int = 0
    interventions: int = 0
    basemaps: int = 0


# A supervisor's work on the demo visits, by position: approved, set aside with a note, rejected.
ISSUE_NOTES = [
    "عکس کوچه را هم بفرستید؛ وضعیت آب روشن نیست.",
    "تعداد نفر در اتاق بیش از حد است؛ دوباره بپرسید.",
]


def _job(owner: User | None, kind: str, target: str, params: dict, work: Any) -> None:
    """Run a job's work here and now, with its record, as a worker would."""
    job = Job.objects.create(kind=kind, target=target, owner=owner, params=params)
    job_run(job.pk, attempt=0, work=work)


def _review(supervisor: User, visitor: User, visits: list[Visit]) -> int:
    """Review part of the demo visits, once: the queue then shows every state and a thread."""
    if VisitEvent.objects.filter(visit__in=visits).exists():
        return 0
    ordered = sorted(visits, key=lambda v: v.pk)
    approved = [v.pk for i, v in enumerate(ordered) if i % 3 == 0]
    visits_review(ids=approved, reviewer=supervisor, state=ReviewState.APPROVED, note="")
    rejected = [v.pk for i, v in enumerate(ordered) if i % 17 == 1]
    visits_review(ids=rejected, reviewer=supervisor, state=ReviewState.REJECTED, note="بازدید تکراری است.")
    flagged = [v for i, v in enumerate(ordered) if i % 17 == 2][: len(ISSUE_NOTES)]
    for visit, note in zip(flagged, ISSUE_NOTES, strict=False):
        visit_review(
            visit_id=visit.pk, reviewer=supervisor, state=ReviewState.HAS_ISSUES, note=note, version=1
        )
    if flagged:
        visit_comment_add(visit=flagged[0], author=supervisor, text="لطفاً فردا دوباره سر بزنید.")
        visit_comment_add(visit=flagged[0], author=visitor, text="چشم، فردا صبح می‌روم.")
    return len(approved) + len(rejected) + len(flagged)


TEAMS = ("تیم شمال (نمونه)", "تیم جنوب (نمونه)")


def _field_work(users: dict[Role, User], codes: list[str]) -> int:
    """Two teams splitting the demo area, and the next week's assignments from the suggestions, once."""
    if Team.objects.filter(name__in=TEAMS).exists():
        return 0
    places = list(Neighborhood.objects.filter(code__in=codes).order_by("code"))
    half = len(places) // 2
    north = team_save(
        name=TEAMS[0],
        supervisors=[users[Role.SUPERVISOR].username],
        members=[users[Role.VISITOR].username],
        area=Area(neighborhoods=[n.pk for n in places[:half]]),
    )
    south = team_save(
        name=TEAMS[1],
        supervisors=[users[Role.SUPERVISOR].username],
        members=[users[Role.COORDINATOR].username],
        area=Area(neighborhoods=[n.pk for n in places[half:]]),
    )
    week = timezone.localdate() + timedelta(days=7)
    made = []
    for team in (north, south):
        # The suggestions first (never visited, stale, unsure), then the highest need.
        chosen = [(p.neighborhood, p.assignee) for p in suggest(team=team, count=4)]
        member = team.members.first()
        for row in priority_list(profile=profile_default()).filter(neighborhood__in=team.neighborhoods.all()):
            if len(chosen) >= 4:
                break
            if row.neighborhood not in [n for n, _who in chosen]:
                chosen.append((row.neighborhood, member))
        made += [
            assignment_create(
                team=team, neighborhood=place, assignee=who, due_date=week, created_by=users[Role.PLANNER]
            )
            for place, who in chosen
        ]
    # So that the lists show every state: one was due two days ago, one was made a month ago
    # (the visitor's demo visits since then count towards it).
    if made:
        Assignment.objects.filter(pk=made[0].pk).update(due_date=timezone.localdate() - timedelta(days=2))
        Assignment.objects.filter(pk=made[1].pk).update(created_at=timezone.now() - timedelta(days=30))
    return len(made)


@transaction.atomic
def demo_load() -> DemoReport:
    """Create whatever part of the demo data set is missing and report what was added."""
    if not settings.DEMO_ENABLED:
        raise ImproperlyConfigured("Demo data is disabled here (DEMO_ENABLED is false).")
    report = DemoReport()
    data = generate()
    users = {}
    for role, (username, password) in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username, role=role, password=password, is_demo=True, check_password=False
            )
            report.users += 1
        users[role] = user

    existing = set(Neighborhood.objects.values_list("code", flat=True))
    for n in data.neighborhoods:
        if n.code in existing:
            continue
        neighborhood_create(
            code=n.code,
            name=n.name,
            name_en=n.name_en,
            county=COUNTY,
            city=COUNTY,
            boundary=cast(GeosMultiPolygon, to_geos(MultiPolygon([n.polygon]))),
            population=n.population,
            households=n.households,
            settlement_type=n.settlement_type,
        )
        report.neighborhoods += 1

    existing = {
        ref for ref in Partner.objects.filter(ref__startswith="DEMO-").values_list("ref", flat=True) if ref
    }
    for p in data.partners:
        if p.ref in existing:
            continue
        partner_create(
            ref=p.ref,
            kind=p.kind,
            name=p.name,
            point=Point(p.lon, p.lat, srid=4326),
            services=p.services,
            capacity=p.capacity,
            is_active=p.is_active,
            contact_name=p.contact_name,
            phone=p.phone,
        )
        report.partners += 1

    existing = {
        ref for ref in Liaison.objects.filter(ref__startswith="DEMO-").values_list("ref", flat=True) if ref
    }
    for li in data.liaisons:
        if li.ref in existing:
            continue
        liaison_create(
            ref=li.ref,
            name=li.name,
            mosque=Partner.objects.get(ref=li.mosque_ref),
            phone=li.phone,
            neighborhoods=list(Neighborhood.objects.filter(code__in=li.neighborhood_codes)),
        )
        report.liaisons += 1

    now = timezone.now()
    results = visits_submit(
        visitor=users[Role.VISITOR],
        batch=[
            {
                "client_uuid": v.client_uuid,
                "point": Point(v.lon, v.lat, srid=4326),
                "gps_accuracy_m": v.accuracy,
                "visited_at": visit_time(now, v),
                "form_version": "demo",
                **v.answers,
            }
            for v in data.visits
        ],
    )
    report.visits += sum(result.status == "created" for result in results)
    report.reviews += _review(
        users[Role.SUPERVISOR], users[Role.VISITOR], [r.visit for r in results if isinstance(r, Stored)]
    )
    codes = [n.code for n in data.neighborhoods]
    report.interventions += demo_help_delivered(users, codes)
    if report.visits or report.interventions or not ScoreSnapshot.objects.exists():
        # Recorded as a job, as the worker would run it: the jobs page shows it.
        _job(None, JobKind.RECOMPUTE, "all", {}, recompute_work)  # nothing new, no new snapshot
    if not Job.objects.filter(kind=JobKind.EXPORT, owner=users[Role.PLANNER]).exists():
        # The counted visits as a GeoPackage (a neighbourhood export would need a default profile,
        # which a database may not have).
        params = {"dataset": "visits", "format": "gpkg", "query": {}, "language": "fa"}
        _job(users[Role.PLANNER], JobKind.EXPORT, "visits.gpkg", params, export_write)
    report.assignments += _field_work(users, codes)
    report.basemaps += demo_basemap(data.neighborhoods)
    return report
