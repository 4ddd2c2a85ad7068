"""Reads for help delivered: interventions (with their status as visits confirm it), referrals,
the partners a referral could go to, and the budget summary."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from backend.accounts.permissions import can_read_all_referrals
from backend.interventions.models import FundingSource, Intervention, InterventionStatus, Referral
from backend.partners.models import Partner
from backend.partners.selectors import partner_nearest
from backend.surveys.selectors import counted_visits
from geo.text import Period


def _one_id_array(expression: Any) -> Func:
    return Func(expression, function="ARRAY", template="ARRAY[%(expressions)s]::bigint[]")


class _Status(TypedDict):
    verified_by_visit: int | None
    current_status: str
    span_start: date | None
    span_end: date | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # An intervention read with its status (with_status), its annotations typed for the checker.
    Statused = WithAnnotations[Intervention, _Status]


def with_status(queryset: QuerySet[Intervention]) -> "QuerySet[Statused]":
    """Annotate ``verified_by_visit`` and ``current_status``.

    A delivered intervention reads as verified once a counted visit made after its end (a later
    local day) reports it seen working; the earliest such visit is ``verified_by_visit``.
    """
    # "seen is not empty" adds nothing to the meaning; it lets PostgreSQL read only the few visits
    # that saw any intervention (the partial index visit_saw_interventions), not every visit.
    confirming = (
        counted_visits()
        .exclude(interventions_seen=[])
        .filter(
            interventions_seen__contains=_one_id_array(OuterRef("pk")),
            visited_at__date__gt=OuterRef("actual_end"),
        )
        .order_by("visited_at", "pk")
        .values("pk")[:1]
    )
    return queryset.annotate(
        verified_by_visit=Case(
            When(status=InterventionStatus.DELIVERED, then=Subquery(confirming)),
            default=Value(None),
            output_field=BigIntegerField(),
        )
    ).annotate(
        current_status=Case(
            When(verified_by_visit__isnull=False, then=Value(InterventionStatus.VERIFIED.value)),
            default=F("status"),
            output_field=CharField(),
        ),
        span_start=Coalesce("actual_start", "planned_start", output_field=DateField()),
        span_end=Coalesce(
            "actual_end", "planned_end", "actual_start", "planned_start", output_field=DateField()
        ),
    )


def in_period(queryset: "QuerySet[Statused]", period: Period) -> "QuerySet[Statused]":
    """Keep the interventions whose time span (actual dates, else planned) overlaps the period."""
    return queryset.filter(span_start__lt=period.end, span_end__gte=period.start)


def intervention_list(*, filters: dict[str, Any] | None = None) -> "QuerySet[Statused]":
    """Return interventions, newest first, filtered by status, kind, partner, place, funding, period."""
    filters = filters or {}
    queryset = with_status(Intervention.objects.all())
    if filters.get("status"):
        queryset = queryset.filter(current_status__in=filters["status"])
    if filters.get("kind"):
        queryset = queryset.filter(kind__in=filters["kind"])
    if filters.get("partner"):
        partner = filters["partner"]
        queryset = queryset.filter(
            Q(lead_partner=partner)
            | Q(
                pk__in=Intervention.partners.through.objects.filter(partner_id=partner).values(
                    "intervention_id"
                )
            )
        )
    if filters.get("neighborhood"):
        queryset = queryset.filter(
            pk__in=Intervention.neighborhoods.through.objects.filter(
                neighborhood_id=filters["neighborhood"]
            ).values("intervention_id")
        )
    if filters.get("county"):
        queryset = queryset.filter(
            pk__in=Intervention.neighborhoods.through.objects.filter(
                neighborhood__county=filters["county"]
            ).values("intervention_id")
        )
    if filters.get("funding_source"):
        queryset = queryset.filter(funding_source=filters["funding_source"])
    if filters.get("period"):
        queryset = in_period(queryset, filters["period"])
    return queryset.select_related("lead_partner", "funding_source", "created_by").prefetch_related(
        "neighborhoods", "partners", "documents"
    )


def intervention_get(*, pk: int) -> "Statused | None":
    return intervention_list().filter(pk=pk).first()


def interventions_delivered_in(*, neighborhood_ids: list[int] | None = None) -> "QuerySet[Statused]":
    """Delivered interventions (not yet verified) a visit may report seen working, by neighbourhood."""
    queryset = with_status(Intervention.objects.all()).filter(current_status=InterventionStatus.DELIVERED)
    if neighborhood_ids is not None:
        queryset = queryset.filter(neighborhoods__in=neighborhood_ids).distinct()
    return queryset.prefetch_related("neighborhoods").order_by("pk")


def funding_source_list() -> QuerySet[FundingSource]:
    return FundingSource.objects.all()


def referral_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Referral]:
    """Return the referrals user may read (reviewers and planners all; a visitor those they made)."""
    filters = filters or {}
    queryset = Referral.objects.select_related("partner", "visit", "neighborhood", "created_by")
    if not can_read_all_referrals(user):
        queryset = queryset.filter(created_by=user)
    for name in ("status", "need", "service"):
        if filters.get(name):
            queryset = queryset.filter(**{f"{name}__in": filters[name]})
    for name in ("partner", "neighborhood", "visit", "intervention"):
        if filters.get(name):
            queryset = queryset.filter(**{f"{name}_id": filters[name]})
    return queryset


def referral_partners(*, services: Iterable[str], lon: float, lat: float, limit: int) -> list[Partner]:
    """Return the active partners nearest to a place that offer any of services, nearest first
    (each with distance_m)."""
    found = {
        p.pk: p
        for service in services
        for p in partner_nearest(
            lon=lon, lat=lat, limit=limit, filters={"service": service, "is_active": True}
        )
    }
    # distance_m: annotated by partners_nearest, not a model field.
    return sorted(found.values(), key=lambda p: (p.distance_m, p.pk))[:limit]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Total:
    key: str | None
    count: int
    planned: int
    spent: int


DIMENSIONS = ("funding_source", "partner_kind", "county", "status")


def budget_summary(*, period: Period | None = None, areas: list[int] | None = None) -> dict[str, list[Total]]:
    """Return planned and spent rials (and counts) in total and by each of DIMENSIONS, in one query;
    only of interventions touching areas (neighbourhood ids) when given.

    An intervention in neighbourhoods of several counties is summed under county None ("several"),
    so that every dimension adds up to the total. Cancelled interventions are left out.
    """
    queryset = with_status(Intervention.objects.all()).exclude(status=InterventionStatus.CANCELLED)
    if period is not None:
        queryset = in_period(queryset, period)
    if areas is not None:
        touching = Intervention.neighborhoods.through.objects.filter(neighborhood_id__in=areas)
        queryset = queryset.filter(pk__in=touching.values("intervention_id"))
    inner, params = (
        queryset.annotate(partner_kind=F("lead_partner__kind"))
        .values("pk", "budget_planned", "budget_spent", "funding_source_id", "partner_kind", "current_status")
        .query.sql_with_params()
    )
    sql = f"""
        WITH i AS ({inner}),
        c AS (
            SELECT x.intervention_id, CASE WHEN count(DISTINCT n.county) = 1 THEN min(n.county) END AS county
            FROM interventions_intervention_neighborhoods x
            JOIN surveys_place n ON n.id = x.neighborhood_id
            WHERE x.intervention_id IN (SELECT i.pk FROM i)
            GROUP BY x.intervention_id
        )
        SELECT GROUPING(i.funding_source_id, i.partner_kind, c.county, i.current_status) AS g,
               i.funding_source_id::text, i.partner_kind, c.county, i.current_status,
               count(*), coalesce(sum(i.budget_planned), 0), coalesce(sum(i.budget_spent), 0)
        FROM i LEFT JOIN c ON c.intervention_id = i.pk
        GROUP BY GROUPING SETS ((), (i.funding_source_id), (i.partner_kind), (c.county), (i.current_status))
    """  # noqa: S608 (the inner query is Django's, with its parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result: dict[str, list[Total]] = {"total": [], **{name: [] for name in DIMENSIONS}}
        # GROUPING's bits, left to right: funding source 8, partner kind 4, county 2, status 1.
        which = {15: "total", 7: "funding_source", 11: "partner_kind", 13: "county", 14: "status"}
        for g, source, kind, county_name, status, count, planned, spent in cursor.fetchall():
            name = which[g]
            key = {"total": None, "funding_source": source, "partner_kind": kind, "county": county_name}.get(
                name, status
            )
            result[name].append(Total(key, count, int(planned), int(spent)))
    if not result["total"]:
        result["total"] = [Total(None, 0, 0, 0)]
    for name in DIMENSIONS:
        result[name].sort(key=lambda t: (-t.planned, str(t.key)))
    return result
