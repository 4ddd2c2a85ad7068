"""The dashboard's figures for a Jalali period, each from the database in a query or a few.

A supervisor of teams sees the figures of their teams' areas (``areas``: neighbourhood ids, None
for everyone's). Moments are UTC; a period's days are the Jalali days of the office's time zone.
"""

from datetime import datetime, timedelta
from statistics import median
from typing import Any, cast

import jdatetime
from django.conf import settings
from django.contrib.gis.db.models import Extent, GeometryField
from django.contrib.gis.db.models.functions import AsWKB
from django.db.models import Avg, Count, Func, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.utils import timezone

from backend.common.periods import moments, per_month
from backend.fieldwork.models import Assignment
from backend.fieldwork.selectors import with_progress
from backend.interventions.models import (
    Intervention,
    InterventionStatus,
    Referral,
    ReferralStatus,
    StatusChange,
)
from backend.interventions.selectors import in_period, with_status
from backend.interventions.summary import summary_body
from backend.partners.models import Liaison, Partner
from backend.planning.models import COMPONENT_LABELS, NeighborhoodScore, ScoreSnapshot, WeightProfile
from backend.planning.selectors import profile_default
from backend.surveys.models import Neighborhood, ReviewState, Visit
from backend.surveys.selectors import visible_areas
from geo.text import Period, month_of, months_ending

STALE_DAYS = 180
TOP = 10
TREND_MONTHS = 12
MAP_WIDTH = 480  # pixels: the need map's outlines are simplified to about one


def _in_areas(queryset: QuerySet, areas: list[int] | None, path: str = "neighborhood_id") -> QuerySet:
    return queryset if areas is None else queryset.filter(**{f"{path}__in": areas})


def field_work(period: Period, areas: list[int] | None) -> dict[str, Any]:
    """Visits made in the period (counted, flagged, rejected), the neighbourhoods visited, never
    visited and left unvisited STALE_DAYS before the period's end, how long since each was last
    visited, visits per visitor, and the assignments due in the period that are done or overdue."""
    since, until = moments(period)
    made = _in_areas(Visit.objects.filter(visited_at__gte=since, visited_at__lt=until), areas)
    counted_states = settings.SCORE_REVIEW_STATES
    visits = made.aggregate(
        counted=Count("pk", filter=Q(review_state__in=counted_states)),
        flagged=Count("pk", filter=~Q(quality_flags=[])),
        rejected=Count("pk", filter=Q(review_state=ReviewState.REJECTED)),
        neighborhoods=Count("neighborhood", distinct=True, filter=Q(review_state__in=counted_states)),
        visitors=Count("visitor", distinct=True, filter=Q(review_state__in=counted_states)),
    )
    places = _in_areas(Neighborhood.objects.all(), areas, "pk").annotate(
        last=Max(
            "visits__visited_at",
            filter=Q(visits__review_state__in=counted_states, visits__visited_at__lt=until),
        )
    )
    lasts = list(places.values_list("last", flat=True))
    seen = [last for last in lasts if last is not None]
    stale_before = until - timedelta(days=STALE_DAYS)
    due = _in_areas(
        with_progress(Assignment.objects.filter(due_date__gte=period.start, due_date__lt=period.end)), areas
    )
    # Named apart from the annotations they count (an aggregate's name would hide them).
    assignments = due.aggregate(
        n_due=Count("pk"),
        n_done=Count("pk", filter=Q(status="done")),
        n_overdue=Count("pk", filter=Q(overdue=True)),
    )
    return {
        "visits_counted": visits["counted"],
        "visits_flagged": visits["flagged"],
        "visits_rejected": visits["rejected"],
        "neighborhoods": len(lasts),
        "neighborhoods_visited": visits["neighborhoods"],
        "neighborhoods_never_visited": len(lasts) - len(seen),
        "neighborhoods_not_visited_180_days": sum(1 for last in seen if last < stale_before),
        "median_days_since_last_visit": round(
            median((until - last).total_seconds() / 86400 for last in seen), 1
        )
        if seen
        else None,
        "visitors": visits["visitors"],
        "visits_per_visitor": round(visits["counted"] / visits["visitors"], 1)
        if visits["visitors"]
        else None,
        "assignments_due": assignments["n_due"],
        "assignments_done": assignments["n_done"],
        "assignments_overdue": assignments["n_overdue"],
    }


def need(period: Period, areas: list[int] | None, profile: WeightProfile | None) -> dict[str, Any]:
    """The ten neighbourhoods of highest need now, the ten whose score changed most over the period
    (their last snapshots before its start and before its end), the components that weigh most
    (mean points over the scored neighbourhoods), and the share with an active Imam Mahalleh."""
    since, until = moments(period)
    scores = _in_areas(NeighborhoodScore.objects.filter(profile=profile, score__isnull=False), areas)
    top = [
        {
            "neighborhood": s.neighborhood_id,
            "code": s.neighborhood.code,
            "name": s.neighborhood.name,
            "score": s.score,
            "rank": s.rank,
        }
        for s in scores.select_related("neighborhood").order_by("rank")[:TOP]
    ]
    changed = _changed_most(profile, areas, since, until)
    weights: dict[str, list[float]] = {}
    for contributions in scores.values_list("contributions", flat=True):
        for name, points in contributions.items():
            weights.setdefault(name, []).append(points)
    heaviest = sorted(
        (
            {
                "component": name,
                "label": str(COMPONENT_LABELS.get(name, name)),
                "mean_points": round(sum(v) / len(v), 2),
            }
            for name, v in weights.items()
        ),
        key=lambda c: -cast(float, c["mean_points"]),
    )
    places = _in_areas(Neighborhood.objects.all(), areas, "pk")
    with_liaison = places.filter(
        pk__in=Liaison.objects.filter(is_active=True).values("neighborhoods")
    ).count()
    total = places.count()
    return {
        "highest_need": top,
        "changed_most": changed,
        "components": heaviest,
        "share_with_liaison": round(with_liaison / total, 3) if total else None,
    }


def _changed_most(
    profile: WeightProfile | None, areas: list[int] | None, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    snapshots = _in_areas(ScoreSnapshot.objects.filter(profile=profile, score__isnull=False), areas)

    def last_before(moment: datetime) -> dict[int, float]:
        rows = (
            snapshots.filter(computed_at__lt=moment)
            .order_by("neighborhood_id", "-computed_at")
            .distinct("neighborhood_id")
            .values_list("neighborhood_id", "score")
        )
        return dict(rows)

    before, after = last_before(since), last_before(until)
    change = {nid: after[nid] - before[nid] for nid in after.keys() & before.keys()}
    names = dict(Neighborhood.objects.filter(pk__in=change).values_list("pk", "name"))
    ranked = sorted(change.items(), key=lambda item: (-abs(item[1]), item[0]))[:TOP]
    return [
        {
            "neighborhood": nid,
            "name": names[nid],
            "before": round(before[nid], 2),
            "after": round(after[nid], 2),
            "change": round(delta, 2),
        }
        for nid, delta in ranked
    ]


def help_delivered(period: Period, areas: list[int] | None) -> dict[str, Any]:
    """Interventions whose span overlaps the period, by status and kind; households reached by
    those delivered or verified; budgets by funding source; referrals made in the period, open
    and resolved, and the days they took to resolve."""
    # Any: current_status is with_status's annotation, which the type checker cannot see.
    interventions: QuerySet[Any] = in_period(with_status(Intervention.objects.all()), period)
    if areas is not None:
        interventions = interventions.filter(neighborhoods__in=areas).distinct()
    by_status = dict(
        interventions.order_by().values_list("current_status").annotate(n=Count("pk", distinct=True))
    )
    by_kind = dict(interventions.order_by().values_list("kind").annotate(n=Count("pk", distinct=True)))
    reached = interventions.filter(
        current_status__in=[InterventionStatus.DELIVERED, InterventionStatus.VERIFIED]
    ).aggregate(households=Sum("households"))["households"]
    since, until = moments(period)
    referrals = _in_areas(Referral.objects.filter(created_at__gte=since, created_at__lt=until), areas)
    resolved_at = dict(
        StatusChange.objects.filter(referral__in=referrals, to_status=ReferralStatus.RESOLVED).values_list(
            "referral_id", "at"
        )
    )
    took = [
        (resolved_at[pk] - made).total_seconds() / 86400
        for pk, made in referrals.filter(pk__in=resolved_at).values_list("pk", "created_at")
    ]
    counts = referrals.aggregate(
        made=Count("pk"),
        open=Count("pk", filter=Q(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])),
        resolved=Count("pk", filter=Q(status=ReferralStatus.RESOLVED)),
        declined=Count("pk", filter=Q(status=ReferralStatus.DECLINED)),
    )
    budgets = summary_body(period, areas)
    return {
        "interventions": sum(by_status.values()),
        "interventions_by_status": by_status,
        "interventions_by_kind": by_kind,
        "households_reached": reached or 0,
        "budget_total": budgets["total"],
        "budget_by_funding_source": budgets["by_funding_source"],
        "budget_by_county": budgets["by_county"],
        "referrals_made": counts["made"],
        "referrals_open": counts["open"],
        "referrals_resolved": counts["resolved"],
        "referrals_declined": counts["declined"],
        "referral_days_to_resolve_median": round(median(took), 1) if took else None,
    }


def partners(period: Period) -> dict[str, Any]:
    """Active partners by kind and by county (that of the neighbourhood each stands in; "" when in
    none), and the partners registered in the period."""
    since, until = moments(period)
    active = Partner.objects.filter(is_active=True)
    by_kind = dict(active.order_by().values_list("kind").annotate(n=Count("pk")))
    county = Neighborhood.objects.filter(boundary__contains=OuterRef("point")).values("county")[:1]
    by_county = {
        name or "": n
        for name, n in active.annotate(county=Subquery(county))
        .order_by()
        .values_list("county")
        .annotate(n=Count("pk"))
    }
    return {
        "active": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_county": by_county,
        "new": Partner.objects.filter(created_at__gte=since, created_at__lt=until).count(),
    }


def counties(
    period: Period, areas: list[int] | None, budget_by_county: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per county: its neighbourhoods, their mean score now (default profile), counted visits made
    in the period, and the budget planned and spent on interventions in the period wholly within it
    (budget_by_county, help_delivered's: those across counties are its "several counties")."""
    since, until = moments(period)
    budgets = {row["key"]: row for row in budget_by_county}
    visits = dict(
        _in_areas(Visit.objects.counted().filter(visited_at__gte=since, visited_at__lt=until), areas)
        .order_by()
        .values_list("neighborhood__county")
        .annotate(n=Count("pk"))
    )
    rows = (
        _in_areas(Neighborhood.objects.all(), areas, "pk")
        .values("county")
        .annotate(
            neighborhoods=Count("pk", distinct=True),
            mean_score=Avg("scores__score", filter=Q(scores__profile__is_default=True)),
        )
        .order_by("county")
    )
    return [
        {
            "county": row["county"],
            "neighborhoods": row["neighborhoods"],
            "mean_score": None if row["mean_score"] is None else round(row["mean_score"], 1),
            "visits_counted": visits.get(row["county"], 0),
            "budget_planned": budgets[row["county"]]["planned"] if row["county"] in budgets else 0,
            "budget_spent": budgets[row["county"]]["spent"] if row["county"] in budgets else 0,
        }
        for row in rows
    ]


def trend(period: Period, areas: list[int] | None) -> dict[str, Any]:
    """Per Jalali month, for the TREND_MONTHS months ending with the period's last: counted visits
    made, and interventions delivered (their actual end) with the households they reached."""
    months = months_ending(period, TREND_MONTHS)
    visits = _in_areas(Visit.objects.counted(), areas)
    delivered = Intervention.objects.filter(
        status__in=[InterventionStatus.DELIVERED, InterventionStatus.VERIFIED]
    )
    if areas is not None:
        touching = Intervention.neighborhoods.through.objects.filter(neighborhood_id__in=areas)
        delivered = delivered.filter(pk__in=touching.values("intervention_id"))
    return {
        "months": [m.label for m in months],
        "visits_counted": per_month(visits, "visited_at", months),
        "interventions_delivered": per_month(delivered, "actual_end", months, days=True),
        "households_reached": per_month(delivered, "actual_end", months, days=True, total="households"),
    }


def need_map(areas: list[int] | None, profile: WeightProfile | None) -> list[dict[str, Any]]:
    """Each neighbourhood's outline (WKB, simplified to about a pixel of a MAP_WIDTH-wide map of
    them all) with its score and name, for a small choropleth."""
    places = _in_areas(Neighborhood.objects.all(), areas, "pk")
    box = places.aggregate(box=Extent("boundary"))["box"]
    if box is None:
        return []
    tolerance = (box[2] - box[0]) / MAP_WIDTH / 2
    score = NeighborhoodScore.objects.filter(profile=profile, neighborhood=OuterRef("pk")).values("score")[:1]
    simpler = Func(
        "boundary", Value(tolerance), function="ST_SimplifyPreserveTopology", output_field=GeometryField()
    )
    rows = places.annotate(
        outline=AsWKB(simpler),
        need=Subquery(score),
    ).values("pk", "name", "outline", "need")
    return [
        {"neighborhood": r["pk"], "name": r["name"], "score": r["need"], "outline": bytes(r["outline"])}
        for r in rows.order_by("pk")
    ]


def dashboard(*, user: Any, period: Period | None = None) -> dict[str, Any]:
    """Every figure of the dashboard for period (this Jalali month by default) and the one before,
    over what user may see."""
    period = period or month_of(timezone.localdate())
    previous = period.before()
    areas = visible_areas(user=user)
    profile = profile_default()

    def span(p: Period) -> dict[str, Any]:
        first = jdatetime.date.fromgregorian(date=p.start)
        span = {"label": p.label, "kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat()}
        return span | ({"year": first.year, "month": first.month} if p.kind == "month" else {})

    helped = help_delivered(period, areas)
    return {
        "period": span(period),
        "previous_period": span(previous),
        "team_scoped": areas is not None,
        "field_work": {"current": field_work(period, areas), "previous": field_work(previous, areas)},
        "need": need(period, areas, profile),
        "help": {"current": helped, "previous": help_delivered(previous, areas)},
        "partners": partners(period),
        "counties": counties(period, areas, helped["budget_by_county"]),
        "trend": trend(period, areas),
    }
