"""Check, repair and convert geometries that arrive as GeoJSON.

Policy for polygons (documented in the README): a self-intersecting or
otherwise invalid polygon is repaired with Shapely's ``make_valid`` and its
polygonal parts kept; it is refused only when no area survives the repair.
Field GIS data is often slightly broken, and refusing it would only push
people to fix it by hand in a tool that does the same repair.
"""

import math
from collections.abc import Iterator, Sequence
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

# How deeply each GeoJSON type nests its positions.
_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


# Round-off in files reprojected to WGS 84 puts a vertex a hair beyond a bound (a country's edge
# at longitude 180.00000000000006): that close, the bound is meant, and the vertex is clamped to it.
CLAMP_DEGREES = 1e-9

# What each refusal says, in English; the web app shows its own translation of each code
# (backend/common/geo_messages.py), filling in the same named values.
MESSAGES = {
    "not_geometry": "Expected a GeoJSON geometry object with 'type' and 'coordinates'.",
    "wrong_type": "Expected a geometry of type %(allowed)s, got %(got)s.",
    "no_coordinates": "The geometry has no 'coordinates'.",
    "unknown_members": "Unknown geometry member(s): %(members)s.",
    "too_many_vertices": "The geometry has more than %(limit)s vertices.",
    "malformed": "The %(kind)s is malformed: %(detail)s.",
    "empty": "The %(kind)s is empty.",
    "not_position": "Each position must be [longitude, latitude].",
    "longitude_not_number": "The longitude %(value)s is not a number.",
    "latitude_not_number": "The latitude %(value)s is not a number.",
    "longitude_not_finite": "The longitude %(value)s is not a finite number.",
    "latitude_not_finite": "The latitude %(value)s is not a finite number.",
    "longitude_range": "Longitude %(value)s is outside -180..180.",
    "latitude_range": "Latitude %(value)s is outside -90..90 (GeoJSON positions are [longitude, latitude]).",
    "no_area": "The polygon has no area%(detail)s; check its rings.",
    "bbox_numbers": "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat.",
    "bbox_order": "bbox minimums must be smaller than its maximums.",
    "ring_short": "A polygon ring needs at least 4 positions (the last repeats the first).",
    "ring_open": "A polygon ring is not closed: its last position must repeat the first.",
    "nesting": "The coordinates are not nested as the geometry type requires.",
}


class GeometryError(ValueError):
    """A geometry that cannot be accepted: a code (a key of MESSAGES) and the values its message
    names; str() is the English message a person can act on."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(MESSAGES[code] % params)


def parse_geojson(value: Any, *, allowed: Sequence[str], max_vertices: int = 50_000) -> BaseGeometry:
    """Return the Shapely geometry for a GeoJSON geometry object, or raise GeometryError.

    Positions must be [longitude, latitude] in range (RFC 7946); a Z or M value is dropped.
    """
    kind, coordinates = _members(value, allowed)
    for count, position in enumerate(_positions(coordinates, _DEPTH[kind]), start=1):
        if count > max_vertices:
            raise GeometryError("too_many_vertices", limit=max_vertices)
        check_lon_lat(position)
    if kind in ("Polygon", "MultiPolygon"):
        polygons = coordinates if kind == "MultiPolygon" else [coordinates]
        for rings in polygons:
            for ring in rings:
                _check_ring(ring)
    try:
        geom = shape({"type": kind, "coordinates": _drop_z(coordinates, _DEPTH[kind])})
    except (ValueError, TypeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError("malformed", kind=kind, detail=str(exc)) from None
    if geom.is_empty:
        raise GeometryError("empty", kind=kind)
    return geom


def parse_point(value: Any) -> tuple[float, float]:
    """Return (longitude, latitude) of a GeoJSON Point, checked as parse_geojson checks it."""
    _kind, coordinates = _members(value, ["Point"])
    return check_lon_lat(coordinates)


def _members(value: Any, allowed: Sequence[str]) -> tuple[str, Any]:
    """Return the type and coordinates of a GeoJSON geometry object with no other members."""
    if not isinstance(value, dict):
        raise GeometryError("not_geometry")
    kind = value.get("type")
    if kind not in allowed:
        raise GeometryError("wrong_type", allowed=" or ".join(allowed), got=repr(kind))
    if "coordinates" not in value:
        raise GeometryError("no_coordinates")
    unknown = set(value) - {"type", "coordinates", "bbox", "crs"}
    if unknown:
        raise GeometryError("unknown_members", members=", ".join(sorted(unknown)))
    return str(kind), value["coordinates"]


def check_lon_lat(position: Any) -> tuple[float, float]:
    """Return (lon, lat) from a GeoJSON position, or raise GeometryError if out of range. A value
    within CLAMP_DEGREES beyond a bound is the bound."""
    if not isinstance(position, list | tuple) or not 2 <= len(position) <= 4:
        raise GeometryError("not_position")
    checked = []
    for axis, number, bound in (("longitude", position[0], 180), ("latitude", position[1], 90)):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise GeometryError(f"{axis}_not_number", value=repr(number))
        if not math.isfinite(number):
            raise GeometryError(f"{axis}_not_finite", value=repr(number))
        if abs(number) > bound:
            if abs(number) - bound > CLAMP_DEGREES:
                raise GeometryError(f"{axis}_range", value=number)
            number = math.copysign(bound, number)
        checked.append(float(number))
    return checked[0], checked[1]


def to_valid_multipolygon(geom: BaseGeometry) -> tuple[MultiPolygon, bool]:
    """Return (multipolygon, repaired): geom made valid, its polygonal parts kept.

    Raise GeometryError when the geometry has no area left after repair.
    """
    repaired = not geom.is_valid
    if repaired:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
    polygons = [part for part in _polygons(geom) if not part.is_empty and part.area > 0]
    if not polygons:
        detail = f" ({reason})" if repaired else ""
        raise GeometryError("no_area", detail=detail)
    return MultiPolygon(polygons), repaired


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Return (min_lon, min_lat, max_lon, max_lat) from 'a,b,c,d', or raise GeometryError."""
    parts = text.split(",")
    if len(parts) != 4:
        raise GeometryError("bbox_numbers")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise GeometryError("bbox_numbers") from None
    min_lon, min_lat = check_lon_lat([min_lon, min_lat])
    max_lon, max_lat = check_lon_lat([max_lon, max_lat])
    if min_lon >= max_lon or min_lat >= max_lat:
        raise GeometryError("bbox_order")
    return min_lon, min_lat, max_lon, max_lat


def _check_ring(ring: list[Any]) -> None:
    if len(ring) < 4:
        raise GeometryError("ring_short")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise GeometryError("ring_open")


def _positions(coordinates: Any, depth: int) -> Iterator[Any]:
    """Yield every position of a coordinates array nested depth levels deep."""
    if depth == 0:
        yield coordinates
        return
    if not isinstance(coordinates, list):
        raise GeometryError("nesting")
    for item in coordinates:
        yield from _positions(item, depth - 1)


def _drop_z(coordinates: Any, depth: int) -> Any:
    """Return the coordinates with only longitude and latitude kept (clamped to their bounds)."""
    if depth == 0:
        return list(check_lon_lat(coordinates))
    return [_drop_z(item, depth - 1) for item in coordinates]


def _polygons(geom: BaseGeometry) -> Iterator[Polygon]:
    """Yield the polygons inside any geometry, collections included."""
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)
