"""Mapbox vector tiles (ST_AsMVT) for layers too big to draw inline: visits and neighbourhoods.

The visits layer holds the visits that count (the surveys_counted_visit view).

Visits below ``VISIT_POINTS_FROM_ZOOM`` come as counts on a grid of cells
(one point per occupied cell with ``count``); from that zoom on, one point per
visit. Tiles are private to the signed-in user and cached briefly by the browser.
"""

import gzip
from typing import Any

from django.db import connection
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.permissions import can_read_all_visits, can_read_neighborhoods, can_read_partners
from backend.planning import selectors
from backend.surveys.selectors import visible_areas

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22
VISIT_POINTS_FROM_ZOOM = 14
CELLS_PER_TILE = 8  # below that zoom, one count per 32×32 screen pixels of a 256-pixel tile
CACHE_SECONDS = 300
GZIP_FROM_BYTES = 512  # smaller tiles gain nothing worth the work

ENVELOPE = "ST_TileEnvelope(%(z)s, %(x)s, %(y)s)"
# A team's supervisor sees only their teams' areas (surveys.selectors.visible_areas); NULL: all.
IN_AREAS = "(%(areas)s::bigint[] IS NULL OR neighborhood_id = ANY(%(areas)s::bigint[]))"
VISIT_POINTS_SQL = f"""
    WITH v AS (
        SELECT ST_AsMVTGeom(ST_Transform(point, 3857), {ENVELOPE}, 4096, 64, true) AS geom,
               id, neighborhood_id, to_char(visited_at, 'YYYY-MM-DD') AS day
        FROM surveys_counted_visit
        WHERE point && ST_Transform({ENVELOPE}, 4326) AND {IN_AREAS}
    )
    SELECT ST_AsMVT(v, 'visits', 4096, 'geom') FROM v
"""  # noqa: S608 (constants only; tile numbers are parameters)
VISIT_GRID_SQL = f"""
    WITH v AS (
        SELECT ST_SnapToGrid(ST_Transform(point, 3857), %(cell)s) AS cell
        FROM surveys_counted_visit
        WHERE point && ST_Transform({ENVELOPE}, 4326) AND {IN_AREAS}
    ), cells AS (
        SELECT ST_AsMVTGeom(cell, {ENVELOPE}, 4096, 64, true) AS geom, count(*) AS count
        FROM v GROUP BY cell
    )
    SELECT ST_AsMVT(cells, 'visits', 4096, 'geom') FROM cells
"""  # noqa: S608
NEIGHBORHOODS_SQL = f"""
    WITH n AS (
        SELECT ST_AsMVTGeom(ST_Transform(n.boundary, 3857), {ENVELOPE}, 4096, 64, true) AS geom,
               n.id, n.code, n.name, s.score, s.rank, s.confidence, coalesce(s.visit_count, 0) AS visits,
               (SELECT string_agg(r, ',') FROM jsonb_array_elements_text(s.reasons) AS r) AS reasons,
               EXISTS (SELECT 1 FROM partners_liaison_place lp WHERE lp.neighborhood_id = n.id)
                   AS has_liaison
        FROM surveys_place n
        LEFT JOIN planning_neighborhoodscore s ON s.neighborhood_id = n.id AND s.profile_id = %(profile)s
        WHERE n.boundary && ST_Transform({ENVELOPE}, 4326)
    )
    SELECT ST_AsMVT(n, 'neighborhoods', 4096, 'geom') FROM n WHERE geom IS NOT NULL
"""  # noqa: S608
# Active partners: where, what kind, the name. Never a contact (the view has none): tiles are for
# every reading role.
PARTNERS_SQL = f"""
    WITH p AS (
        SELECT ST_AsMVTGeom(ST_Transform(point, 3857), {ENVELOPE}, 4096, 64, true) AS geom, id, kind, name
        FROM partners_public_partner
        WHERE point && ST_Transform({ENVELOPE}, 4326)
    )
    SELECT ST_AsMVT(p, 'partners', 4096, 'geom') FROM p
"""  # noqa: S608
LAYERS = ("visits", "neighborhoods", "partners")


def cell_size_m(z: int) -> float:
    """Return the side of a counting cell at zoom z, in Web Mercator metres."""
    return 40_075_016.68 / 2**z / CELLS_PER_TILE


def tile(
    layer: str, z: int, x: int, y: int, areas: list[int] | None = None, profile_id: int | None = None
) -> bytes:
    """Return one tile of a layer as Mapbox Vector Tile bytes (empty when nothing is there);
    neighbourhoods carry their scores under the profile profile_id."""
    params: dict[str, Any] = {"z": z, "x": x, "y": y, "areas": areas}
    if layer == "visits":
        if z >= VISIT_POINTS_FROM_ZOOM:
            sql = VISIT_POINTS_SQL
        else:
            sql, params["cell"] = VISIT_GRID_SQL, cell_size_m(z)
    elif layer == "partners":
        sql = PARTNERS_SQL
    else:
        sql, params["profile"] = NEIGHBORHOODS_SQL, profile_id
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchone()[0]
    return bytes(data or b"")


def _profile_id(request: Request) -> int | None:
    """The profile the scores in the tiles follow: ?profile= (an id or a name), else the default."""
    reference = request.query_params.get("profile")
    if reference is None:
        profile = selectors.profile_default()
        return profile.pk if profile else None
    found = selectors.profile_find(reference[:100].replace("\x00", ""))
    if found is None:
        raise NotFound(f"No weight profile {reference[:100]!r}.")
    return found.pk


class TileApi(APIView):
    """/tiles/{layer}/{z}/{x}/{y}.pbf — visits (planning roles), neighbourhoods with scores
    (under ?profile=, an id or a name; the default profile without it), or active partners."""

    @extend_schema(responses={(200, MVT): bytes, 400: OpenApiResponse(description="Bad tile coordinates.")})
    def get(self, request: Request, layer: str, z: int, x: int, y: int) -> HttpResponse:
        if layer not in LAYERS:
            raise NotFound(f"Unknown layer {layer!r}; layers are: {', '.join(LAYERS)}.")
        rule = {"visits": can_read_all_visits, "partners": can_read_partners}.get(
            layer, can_read_neighborhoods
        )
        if not rule(request.user):
            raise PermissionDenied()
        if z > MAX_ZOOM:
            raise serializers.ValidationError({"z": [f"Zoom must be from 0 to {MAX_ZOOM}."]})
        if not (x < 2**z and y < 2**z):
            raise serializers.ValidationError({"xy": [f"At zoom {z}, x and y go from 0 to {2**z - 1}."]})
        areas = visible_areas(user=request.user) if layer == "visits" else None
        profile_id = _profile_id(request) if layer == "neighborhoods" else None
        data = tile(layer, z, x, y, areas, profile_id)
        # Tiles shrink to about half gzipped; every map client (Leaflet, QGIS, GDAL) accepts it.
        zipped = "gzip" in request.headers.get("Accept-Encoding", "") and len(data) > GZIP_FROM_BYTES
        response = HttpResponse(gzip.compress(data, compresslevel=6) if zipped else data, content_type=MVT)
        if zipped:
            response["Content-Encoding"] = "gzip"
        response["Vary"] = "Accept-Encoding"
        response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
        return response
