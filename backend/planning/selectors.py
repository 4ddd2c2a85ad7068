"""Reads for planning: what each neighbourhood's visits found, and the stored scores."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from backend.partners.selectors import coverage_reach
from backend.planning.models import NeighborhoodScore, ScoreSnapshot, WeightProfile
from backend.surveys.models import Neighborhood
from geo.indicators import SCORED, Indicator
from geo.scoring import Observations
from geo.text import parse_whole


def _counts(indicator: Indicator) -> tuple[str, str]:
    """SQL for how many visits found an indicator's deprivation or harm, and how many answered it."""
    column = indicator.field
    if indicator.kind == "choice":
        listed = ", ".join(f"'{value}'" for value in indicator.lacking)
        return f"count(*) FILTER (WHERE {column} IN ({listed}))", f"count(*) FILTER (WHERE {column} <> '')"
    if indicator.kind == "number":  # persons per room, above the crowding threshold (a parameter)
        return f"count(*) FILTER (WHERE {column} > %(crowding)s)", f"count({column})"
    return f"count(*) FILTER (WHERE {column})", f"count({column})"  # yes / no


def _aggregate_sql() -> str:
    columns = []
    for indicator in SCORED:
        found, answered = _counts(indicator)
        columns += [
            f"{found} AS {indicator.component}_found",
            f"{answered} AS {indicator.component}_answered",
        ]
    # The window is the (since, until) range; the score's uses until = now.
    return f"""
        SELECT neighborhood_id, count(*) AS visits, max(visited_at) AS last_visit_at,
               -- In float8: extract() gives numeric, whose exact mean costs more (here and in Python).
               avg(extract(epoch FROM (%(until)s - visited_at))::float8) / 86400 AS mean_age_days,
               {", ".join(columns)}
        FROM surveys_counted_visit
        WHERE neighborhood_id IS NOT NULL AND visited_at >= %(since)s AND visited_at < %(until)s
          AND (%(neighborhoods)s::bigint[] IS NULL OR neighborhood_id = ANY(%(neighborhoods)s::bigint[]))
        GROUP BY neighborhood_id
    """  # noqa: S608 (built from constants; the threshold is a parameter)


AGGREGATE_SQL = _aggregate_sql()
COUNTED = tuple(str(indicator.component) for indicator in SCORED)


@dataclass(frozen=True)
class Surveyed:
    """One neighbourhood's observations, and when it was last visited."""

    observations: Observations
    last_visit_at: datetime | None


def aggregate_params(
    *, crowding: float, since: datetime, until: datetime, neighborhoods: list[int] | None = None
) -> dict[str, Any]:
    return {"crowding": crowding, "since": since, "until": until, "neighborhoods": neighborhoods}


def visit_aggregates(
    *, crowding: float, since: datetime, until: datetime, neighborhoods: list[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Return per neighbourhood id the counts behind each component over counted visits made
    from since to until (optionally of some neighbourhoods only), in one query."""
    params = aggregate_params(crowding=crowding, since=since, until=until, neighborhoods=neighborhoods)
    with connection.cursor() as cursor:
        cursor.execute(AGGREGATE_SQL, params)
        names = [column.name for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def last_visits(*, until: datetime, neighborhoods: list[int] | None = None) -> dict[int, datetime]:
    """Return each visited neighbourhood's (or these ones') last counted visit before until,
    however old."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT neighborhood_id, max(visited_at) FROM surveys_counted_visit"
            " WHERE neighborhood_id IS NOT NULL AND visited_at < %(until)s"
            " AND (%(ids)s::bigint[] IS NULL OR neighborhood_id = ANY(%(ids)s::bigint[]))"
            " GROUP BY neighborhood_id",
            {"until": until, "ids": neighborhoods},
        )
        return dict(cursor.fetchall())


def observations_of(row: dict[str, Any]) -> tuple[int, float | None, dict[str, tuple[int, int]]]:
    """Return (visits, mean age in days, component counts) from one row of visit_aggregates."""
    age = row.get("mean_age_days")
    counts = {name: (row[f"{name}_found"], row[f"{name}_answered"]) for name in COUNTED if row}
    return row.get("visits", 0), (float(age) if age is not None else None), counts


def neighborhood_observations(
    *, crowding: float, walk_m: float, window_days: int, now: datetime | None = None
) -> dict[int, Surveyed]:
    """Return every neighbourhood's observations: visit aggregates over the score window ending
    now (see geo.scoring), coverage, populations, and when each was last visited by then."""
    now = now or timezone.now()
    since = now - timedelta(days=window_days)
    visits = visit_aggregates(crowding=crowding, since=since, until=now)
    coverage = coverage_reach(walk_m=walk_m)
    populations = dict(Neighborhood.objects.values_list("id", "population"))
    # The window's aggregate knows its neighbourhoods' last visits; only the others are looked up.
    last = {nid: row["last_visit_at"] for nid, row in visits.items()}
    unseen = [nid for nid in populations if nid not in last]
    if unseen:
        last |= last_visits(until=since, neighborhoods=unseen)
    result = {}
    for neighborhood_id, population in populations.items():
        count, age, counts = observations_of(visits.get(neighborhood_id, {}))
        liaisons, nearest = coverage.get(neighborhood_id, (0, {}))
        distances = [d for d in nearest.values() if d is not None]
        result[neighborhood_id] = Surveyed(
            Observations(
                visits=count,
                mean_age_days=age,
                counts=counts,
                population=population,
                has_liaison=liaisons > 0,
                nearest_partner_m=min(distances) if distances else None,
            ),
            last.get(neighborhood_id),
        )
    return result


def profile_default() -> WeightProfile | None:
    """Return the default weight profile (seeded by migration), if it still exists."""
    return WeightProfile.objects.filter(is_default=True).first()


def profile_find(reference: str) -> WeightProfile | None:
    """Return the profile whose id or name is reference."""
    number = parse_whole(reference, max_digits=9)  # "۳" is 3; the id column ends at 9 digits
    if number is not None:
        found = WeightProfile.objects.filter(pk=number).first()
        if found:
            return found
    return WeightProfile.objects.filter(name=reference).first()


def priority_list(*, profile: WeightProfile | None) -> QuerySet[NeighborhoodScore]:
    """Return a profile's scores, highest need first, never-visited neighbourhoods last (no
    profile, as when a database has no default one: none)."""
    return (
        NeighborhoodScore.objects.filter(profile=profile)
        .select_related("neighborhood")
        .order_by("rank", "neighborhood__code")
    )


def score_history(*, neighborhood: Neighborhood, profile: WeightProfile) -> QuerySet[ScoreSnapshot]:
    """Return a neighbourhood's score snapshots under a profile, oldest first."""
    return ScoreSnapshot.objects.filter(neighborhood=neighborhood, profile=profile).order_by("computed_at")
