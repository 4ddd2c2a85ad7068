"""The demo's help delivered: funding sources, interventions at every stage (one verified by later
visits that found water), referrals from visits, and a score history that shows the change."""

import uuid
from datetime import datetime, time, timedelta

from django.contrib.gis.geos import Point
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.interventions.models import NEED_SERVICES, FundingSource, Intervention
from backend.interventions.selectors import referral_partners
from backend.interventions.services import (
    intervention_create,
    intervention_transition,
    referral_create,
    referral_transition,
)
from backend.partners.models import Partner
from backend.planning.models import ScoreSnapshot
from backend.planning.services import scores_recompute
from backend.surveys.models import Neighborhood, Visit
from backend.surveys.services import visits_submit

SOURCES = ["اعتبارات امور اجتماعی استان (نمونه)", "خیریهٔ نیکوکاران قزوین (نمونه)", "شهرداری قزوین (نمونه)"]
# title, kind, how many of the demo places, status reached, days ago it started, budget in rials
PLAN = [
    ("لوله‌کشی آب شرب (نمونه)", "water_sanitation", 1, "delivered", 75, 8_000_000_000),
    ("مرمت خانه‌های فرسوده (نمونه)", "housing_repair", 1, "in_progress", 20, 12_000_000_000),
    ("بسته‌های غذایی زمستان (نمونه)", "food", 2, "agreed", -10, 1_500_000_000),
    ("کارگاه مهارت‌آموزی زنان (نمونه)", "employment", 1, "proposed", -40, 900_000_000),
    ("کلاس‌های جبرانی کودکان کار (نمونه)", "child_support", 1, "cancelled", 30, 400_000_000),
]
STEPS = ["agreed", "in_progress", "delivered"]
SEEN_VISITS = 3  # later visits to the water works' neighbourhood, each seeing it working


def demo_help_delivered(users: dict[Role, User], codes: list[str]) -> int:
    """Create the demo's interventions, referrals and score history once; return how many were made."""
    if Intervention.objects.filter(title__endswith="(نمونه)").exists():
        return 0
    coordinator, supervisor = users[Role.COORDINATOR], users[Role.SUPERVISOR]
    sources = [FundingSource.objects.get_or_create(name=name)[0] for name in SOURCES]
    places = list(Neighborhood.objects.filter(code__in=codes).order_by("code"))
    leads = list(Partner.objects.filter(ref__startswith="DEMO-", is_active=True).order_by("ref"))
    today = timezone.localdate()
    made, at = [], 0
    for index, (title, kind, count, status, started, budget) in enumerate(PLAN):
        where, at = places[at : at + count], at + count
        start = today - timedelta(days=started)
        intervention = intervention_create(
            created_by=coordinator,
            neighborhoods=where,
            lead_partner=leads[index % len(leads)],
            partners=[leads[(index + 1) % len(leads)]],
            kind=kind,
            title=title,
            description="داده‌های نمونه",
            planned_start=start,
            planned_end=start + timedelta(days=30),
            households=40 + 15 * index,
            budget_planned=budget,
            budget_spent=budget * 9 // 10 if status == "delivered" else None,
            funding_source=sources[index % len(sources)],
        )
        if status == "cancelled":
            intervention_transition(
                intervention=intervention, status=status, note="شریک نیرو نداشت.", actor=coordinator
            )
        else:
            for step in STEPS[: STEPS.index(status) + 1] if status in STEPS else []:
                intervention_transition(intervention=intervention, status=step, note="", actor=coordinator)
        if status == "delivered":
            intervention.actual_start, intervention.actual_end = start, start + timedelta(days=25)
            Intervention.objects.filter(pk=intervention.pk).update(
                actual_start=intervention.actual_start, actual_end=intervention.actual_end
            )
            _seen_working(users[Role.VISITOR], intervention, where[0])
        made.append(intervention)
    _referrals(supervisor, coordinator)
    _history()
    return len(made)


def _seen_working(visitor: User, intervention: Intervention, place: Neighborhood) -> None:
    """Visits 10, 20 and 30 days after the works ended that found improved water and saw them running."""
    point = place.boundary.point_on_surface
    if intervention.actual_end is None:  # made done just before: it has ended
        return
    ended = timezone.make_aware(datetime.combine(intervention.actual_end, time(10)))
    visits_submit(
        visitor=visitor,
        batch=[
            {
                "client_uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"mahalleh-demo-seen-{i}"),
                "point": Point(point.x, point.y, srid=4326),
                "gps_accuracy_m": 6.0,
                "visited_at": ended + timedelta(days=10 * i),
                "form_version": "demo",
                "water": "improved",
                "sanitation": "improved",
                "interventions_seen": [intervention.pk],
            }
            for i in range(1, SEEN_VISITS + 1)
        ],
    )


def _referrals(supervisor: User, coordinator: User) -> None:
    """Two findings of the demo visits referred to the nearest partner offering the service."""
    found = Visit.objects.filter(child_labour=True, neighborhood__isnull=False).order_by("pk")[:2]
    for index, visit in enumerate(found):
        partners = referral_partners(
            services=NEED_SERVICES["child_labour"], lon=visit.point.x, lat=visit.point.y, limit=1
        )
        if not partners:
            continue
        referral, _new = referral_create(
            visit=visit,
            need="child_labour",
            partner=partners[0],
            due_date=timezone.localdate() + timedelta(days=14),
            note="چند کودک در کارگاه آجرپزی دیده شدند.",
            created_by=supervisor,
        )
        if index == 0:
            referral_transition(referral=referral, status="accepted", note="", actor=coordinator)


def _history() -> None:
    """A score at the start of each of the last six months, as if recomputed then."""
    if ScoreSnapshot.objects.exists():
        return
    now = timezone.now()
    for months_ago in range(6, 0, -1):
        scores_recompute(as_of=now - timedelta(days=30 * months_ago))
