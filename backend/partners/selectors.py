"""Reads for partners and liaisons: lists, name search, nearest-first and coverage.

Distances are true distances in metres on the WGS 84 spheroid (PostGIS
geography). The index ``partner_point_geog`` on ``point::geography`` serves
both nearest-first (KNN, ``<->``) and radius (``ST_DWithin``) queries; the SQL
below repeats that expression exactly so PostgreSQL can use it. The SQL text is
put together from constants only (hence the S608 waivers); values are parameters.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace

from backend.partners.models import Liaison, NeighborhoodCoverage, Partner, PartnerKind
from backend.surveys.models import Neighborhood
from geo.text import search_key

GEOG = "p.point::geography(Point,4326)"
# KNN orders by distance on a sphere; true (spheroid) distances differ from it by
# under 0.6 %, so a second pass within 1 % beyond the k-th candidate is exact.
SPHERE_SLACK = 1.01


def partner_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Partner]:
    """Return partners filtered by kind, service and active flag; ``q`` searches names.

    With ``q`` the best matches come first: names containing the words (ignoring
    spaces and ZWNJ), then names that are close by trigram word similarity.
    """
    filters = filters or {}
    queryset = Partner.objects.all()
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("service"):
        queryset = queryset.filter(services__contains=[filters["service"]])
    if filters.get("is_active") is not None:
        queryset = queryset.filter(is_active=filters["is_active"])
    if filters.get("q"):
        queryset = _search(queryset, filters["q"])
    return queryset


def _search(queryset: QuerySet[Partner], text: str) -> QuerySet[Partner]:
    key = search_key(text)
    compact = key.replace(" ", "")
    contains = Q(name_compact__contains=compact)
    return (
        queryset.annotate(
            name_compact=Replace("name_search", Value(" "), Value("")),
            similarity=TrigramWordSimilarity(key, "name_search"),
        )
        .filter(contains | Q(name_search__trigram_word_similar=key))
        .order_by(
            Case(When(contains, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "-similarity",
            "name",
            "id",
        )
    )


def _where(filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return an SQL condition on partners ``p`` for kind, service and active flag."""
    clauses, params = ["TRUE"], {}
    if filters.get("kind"):
        clauses.append("p.kind = %(kind)s")
        params["kind"] = filters["kind"]
    if filters.get("service"):
        clauses.append("p.services @> ARRAY[%(service)s]::varchar[]")
        params["service"] = filters["service"]
    if filters.get("is_active") is not None:
        clauses.append("p.is_active = %(is_active)s")
        params["is_active"] = filters["is_active"]
    return " AND ".join(clauses), params


def partner_nearest(
    *,
    lon: float,
    lat: float,
    limit: int,
    max_distance_m: float | None = None,
    filters: dict[str, Any] | None = None,
) -> list[Partner]:
    """Return up to ``limit`` partners nearest to (lon, lat), nearest first.

    Each partner carries ``distance_m``. The first pass walks the spatial index
    nearest-first (KNN); the second re-ranks everything within 1 % beyond the
    k-th candidate by true distance, so the order is exact on the spheroid.
    """
    where, params = _where(filters or {})
    params.update(lon=lon, lat=lat, limit=limit, max_m=max_distance_m)
    # The place is written out in full each time, not joined from a CTE: KNN can
    # walk the index only when the right side of <-> is a constant.
    here = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"
    within = f"AND ST_DWithin({GEOG}, {here}, %(max_m)s)" if max_distance_m is not None else ""
    sql = f"""
        WITH candidates AS (
            SELECT ST_Distance({GEOG}, {here}) AS d
            FROM partners_partner p
            WHERE {where} {within}
            ORDER BY {GEOG} <-> {here}
            LIMIT %(limit)s
        )
        SELECT p.*, ST_Distance({GEOG}, {here}) AS distance_m
        FROM partners_partner p
        WHERE {where} {within}
          AND ST_DWithin({GEOG}, {here}, (SELECT max(d) * {SPHERE_SLACK} FROM candidates), false)
        ORDER BY distance_m, p.id
        LIMIT %(limit)s
    """  # noqa: S608
    return list(Partner.objects.raw(sql, params))


def partners_serving(
    *, neighborhood: Neighborhood, walk_m: float, filters: dict[str, Any] | None = None
) -> list[Partner]:
    """Return partners inside a neighbourhood, within ``walk_m`` of it, or its liaisons' mosques.

    Each partner carries ``distance_m`` (0 inside), ``inside`` and ``liaison_mosque``.
    """
    where, params = _where(filters or {})
    params.update(neighborhood=neighborhood.pk, walk_m=walk_m)
    sql = f"""
        WITH n AS (
            SELECT boundary, boundary::geography AS g FROM surveys_place
            WHERE id = %(neighborhood)s
        ),
        liaison_mosques AS (
            SELECT l.mosque_id FROM partners_liaison l
            JOIN partners_liaison_neighborhoods ln ON ln.liaison_id = l.id
            WHERE ln.neighborhood_id = %(neighborhood)s AND l.is_active
        )
        SELECT p.*, ST_Distance({GEOG}, n.g) AS distance_m,
               ST_Intersects(p.point, n.boundary) AS inside,
               p.id IN (SELECT mosque_id FROM liaison_mosques) AS liaison_mosque
        FROM partners_partner p, n
        WHERE {where} AND p.id IN (
            SELECT p.id FROM partners_partner p, n WHERE ST_DWithin({GEOG}, n.g, %(walk_m)s)
            UNION SELECT mosque_id FROM liaison_mosques
        )
        ORDER BY distance_m, p.name, p.id
    """  # noqa: S608
    return list(Partner.objects.raw(sql, params))


@dataclass(frozen=True)
class Coverage:
    """Who can reach one neighbourhood: distances in metres from its boundary (0 inside)."""

    neighborhood_id: int
    code: str
    name: str
    liaisons: int  # active liaisons assigned to it
    liaison_mosque_m: float | None  # nearest mosque that has an active liaison
    nearest_m: dict[str, float | None]  # per partner kind, active partners only
    partners_within_walk: int

    @property
    def no_liaison(self) -> bool:
        return self.liaisons == 0

    @property
    def no_partner_within_walk(self) -> bool:
        return self.partners_within_walk == 0


GAPS = ("no_liaison", "no_partner_within_walk", "any")


def neighborhood_coverage(*, walk_m: float, gap: str | None = None) -> list[Coverage]:
    """Return every neighbourhood's coverage, ordered by code, optionally only those with a gap.

    At the configured walking distance it comes from the kept table (NeighborhoodCoverage); a
    neighbourhood missing there, or whose boundary changed since, is measured now. Any other
    distance is measured for all. ``gap`` is ``no_liaison``, ``no_partner_within_walk`` or ``any``.
    """
    if walk_m != settings.WALKING_DISTANCE_METRES:
        result = coverage_measured(walk_m=walk_m)
    else:
        kept, stale = _coverage_kept(walk_m)
        result = (
            sorted([*kept, *coverage_measured(walk_m=walk_m, ids=stale)], key=lambda c: c.code)
            if stale
            else kept
        )
    if gap == "no_liaison":
        return [c for c in result if c.no_liaison]
    if gap == "no_partner_within_walk":
        return [c for c in result if c.no_partner_within_walk]
    if gap == "any":
        return [c for c in result if c.no_liaison or c.no_partner_within_walk]
    return result


def _coverage_kept(walk_m: float) -> tuple[list[Coverage], list[int]]:
    """The kept coverage rows still true, and the ids of neighbourhoods to measure again."""
    rows = Neighborhood.objects.order_by("code").values_list(
        "id",
        "code",
        "name",
        "updated_at",
        "coverage__walk_m",
        "coverage__measured_at",
        "coverage__liaisons",
        "coverage__liaison_mosque_m",
        "coverage__partners_within_walk",
        "coverage__nearest_m",
    )
    kept, stale = [], []
    for nid, code, name, updated, walk, measured, liaisons, mosque_m, within, nearest in rows:
        if measured is None or measured < updated or walk != walk_m:
            stale.append(nid)
            continue
        kept.append(Coverage(nid, code, name, liaisons, mosque_m, nearest, within))
    return kept, stale


def coverage_reach(*, walk_m: float) -> dict[int, tuple[int, dict[str, float | None]]]:
    """Return per neighbourhood id its active liaisons and nearest partner of each kind: what a
    score needs of the coverage. From the kept table at the configured walking distance, with the
    neighbourhoods it is stale for measured now (the recompute has just measured them, so none)."""
    if walk_m != settings.WALKING_DISTANCE_METRES:
        return {c.neighborhood_id: (c.liaisons, c.nearest_m) for c in coverage_measured(walk_m=walk_m)}
    stale = coverage_stale_ids(walk_m=walk_m)
    rows = NeighborhoodCoverage.objects.exclude(neighborhood_id__in=stale)
    reach = {
        nid: (liaisons, nearest)
        for nid, liaisons, nearest in rows.values_list("neighborhood_id", "liaisons", "nearest_m")
    }
    if stale:
        reach |= {
            c.neighborhood_id: (c.liaisons, c.nearest_m) for c in coverage_measured(walk_m=walk_m, ids=stale)
        }
    return reach


LIAISON_MOSQUE = "liaison_mosque"  # a place kind for coverage_touched, beside the partner kinds


def coverage_stale_ids(*, walk_m: float) -> list[int]:
    """Return the neighbourhoods whose kept coverage is missing or older than their boundary."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.id FROM surveys_place n"
            " LEFT JOIN partners_neighborhoodcoverage c ON c.neighborhood_id = n.id"
            " WHERE c.neighborhood_id IS NULL OR c.measured_at < n.updated_at OR c.walk_m <> %s"
            " ORDER BY n.id",
            [walk_m],
        )
        return [row[0] for row in cursor.fetchall()]


def coverage_touched(*, places: list[tuple[float, float, str]]) -> list[int]:
    """Return the neighbourhoods whose kept coverage a partner at one of these places could change.

    A place is (lon, lat, kind): where a partner was or now is; the kind LIAISON_MOSQUE marks a
    mosque with an active liaison. It matters to a neighbourhood when it lies within the walking
    distance, or no farther than the nearest partner of its kind (any distance when none of that
    kind is known) — for a liaison mosque, than the nearest liaison mosque.
    """
    if not places:
        return []
    sql = """
        SELECT DISTINCT c.neighborhood_id
        FROM partners_neighborhoodcoverage c
        JOIN surveys_place n ON n.id = c.neighborhood_id,
        unnest(%(lons)s::float8[], %(lats)s::float8[], %(kinds)s::text[]) AS t(lon, lat, kind)
        WHERE ST_Distance(n.boundary::geography, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography)
            <= greatest(
                c.walk_m,
                CASE WHEN t.kind = %(liaison)s THEN coalesce(c.liaison_mosque_m, 'Infinity')
                     ELSE coalesce((c.nearest_m ->> t.kind)::float8, 'Infinity') END
            ) + 1
    """
    lons, lats, kinds = (list(column) for column in zip(*places, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lons": lons, "lats": lats, "kinds": kinds, "liaison": LIAISON_MOSQUE})
        return [row[0] for row in cursor.fetchall()]


def coverage_measured(*, walk_m: float, ids: list[int] | None = None) -> list[Coverage]:
    """Measure the coverage of every neighbourhood (or those in ids) from the geometry, in one query."""
    kinds = PartnerKind.values

    def nearest(condition: str) -> str:
        # KNN on geography from a polygon measures every partner; planar KNN on the
        # point index is instant. The true distance of its pick (plus rounding slack)
        # bounds the answer, and the truly nearest partner lies within that bound,
        # found through the geography index. The EXISTS, evaluated once, spares a
        # walk through the whole index when no partner matches at all.
        return f"""(CASE WHEN EXISTS (
                SELECT 1 FROM partners_partner e WHERE e.is_active AND {condition.format(t="e")}
            ) THEN (SELECT min(ST_Distance({GEOG}, n.g)) FROM partners_partner p
            WHERE p.is_active AND {condition.format(t="p")} AND ST_DWithin({GEOG}, n.g, (
                SELECT ST_Distance(c.point::geography, n.g) * 1.0001 + 0.01 FROM partners_partner c
                WHERE c.is_active AND {condition.format(t="c")}
                ORDER BY c.point <-> n.b LIMIT 1))) END)"""  # noqa: S608

    per_kind = ",\n".join(f"{nearest(f'{{t}}.kind = %(kind_{i})s')} AS kind_{i}" for i in range(len(kinds)))
    has_liaison = "{t}.id IN (SELECT l.mosque_id FROM partners_liaison l WHERE l.is_active)"
    sql = f"""
        WITH n AS (SELECT id, code, name, boundary AS b, boundary::geography AS g FROM surveys_place
                   WHERE %(all)s OR id = ANY(%(ids)s))
        SELECT n.id, n.code, n.name,
            (SELECT count(*) FROM partners_liaison l
             JOIN partners_liaison_neighborhoods ln ON ln.liaison_id = l.id
             WHERE ln.neighborhood_id = n.id AND l.is_active) AS liaisons,
            {nearest(has_liaison)} AS liaison_mosque_m,
            (SELECT count(*) FROM partners_partner p
             WHERE p.is_active AND ST_DWithin({GEOG}, n.g, %(walk_m)s)) AS within_walk,
            {per_kind}
        FROM n ORDER BY n.code
    """  # noqa: S608
    params: dict[str, Any] = {"walk_m": walk_m, "all": ids is None, "ids": ids or []}
    params.update({f"kind_{i}": kind for i, kind in enumerate(kinds)})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Coverage(
            neighborhood_id=row[0],
            code=row[1],
            name=row[2],
            liaisons=row[3],
            liaison_mosque_m=_metres(row[4]),
            partners_within_walk=row[5],
            nearest_m={kind: _metres(value) for kind, value in zip(kinds, row[6:], strict=True)},
        )
        for row in rows
    ]


def _metres(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def liaison_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Liaison]:
    """Return liaisons, optionally those assigned to one neighbourhood or one mosque."""
    filters = filters or {}
    queryset = Liaison.objects.select_related("mosque").prefetch_related("neighborhoods")
    if filters.get("neighborhood") is not None:
        queryset = queryset.filter(neighborhoods=filters["neighborhood"])
    if filters.get("mosque") is not None:
        queryset = queryset.filter(mosque=filters["mosque"])
    return queryset
