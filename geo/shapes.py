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


class GeometryError(ValueError):
    """A geometry that cannot be accepted, with a message a person can act on."""


def parse_geojson(value: Any, *, allowed: Sequence[str], max_vertices: int = 50_000) -> BaseGeometry:
    """Return the Shapely geometry for a GeoJSON geometry object, or raise GeometryError.

    Positions must be [longitude, latitude] in range (RFC 7946); a Z or M value is dropped.
    """
    if not isinstance(value, dict):
        raise GeometryError("Expected a GeoJSON geometry object with 'type' and 'coordinates'.")
    kind = value.get("type")
    if kind not in allowed:
        raise GeometryError(f"Expected a geometry of type {' or '.join(allowed)}, got {kind!r}.")
    if "coordinates" not in value:
        raise GeometryError("The geometry has no 'coordinates'.")
    unknown = set(value) - {"type", "coordinates", "bbox", "crs"}
    if unknown:
        raise GeometryError(f"Unknown geometry member(s): {', '.join(sorted(unknown))}.")
    coordinates = value["coordinates"]
    for count, position in enumerate(_positions(coordinates, _DEPTH[kind]), start=1):
        if count > max_vertices:
            raise GeometryError(f"The geometry has more than {max_vertices} vertices.")
        check_lon_lat(position)
    if kind in ("Polygon", "MultiPolygon"):
        polygons = coordinates if kind == "MultiPolygon" else [coordinates]
        for rings in polygons:
            for ring in rings:
                _check_ring(ring)
    try:
        geom = shape({"type": kind, "coordinates": _drop_z(coordinates, _DEPTH[kind])})
    except (ValueError, TypeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(f"The {kind} is malformed: {exc}.") from None
    if geom.is_empty:
        raise GeometryError(f"The {kind} is empty.")
    return geom


def check_lon_lat(position: Any) -> tuple[float, float]:
    """Return (lon, lat) from a GeoJSON position, or raise GeometryError if out of range."""
    if not isinstance(position, list | tuple) or not 2 <= len(position) <= 4:
        raise GeometryError("Each position must be [longitude, latitude].")
    lon, lat = position[0], position[1]
    for name, number in (("longitude", lon), ("latitude", lat)):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise GeometryError(f"The {name} {number!r} is not a number.")
        if not math.isfinite(number):
            raise GeometryError(f"The {name} {number!r} is not a finite number.")
    if not -180 <= lon <= 180:
        raise GeometryError(f"Longitude {lon} is outside -180..180.")
    if not -90 <= lat <= 90:
        raise GeometryError(
            f"Latitude {lat} is outside -90..90 (GeoJSON positions are [longitude, latitude])."
        )
    return float(lon), float(lat)


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
        raise GeometryError(f"The polygon has no area{detail}; check its rings.")
    return MultiPolygon(polygons), repaired


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Return (min_lon, min_lat, max_lon, max_lat) from 'a,b,c,d', or raise GeometryError."""
    parts = text.split(",")
    if len(parts) != 4:
        raise GeometryError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat.")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise GeometryError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat.") from None
    check_lon_lat([min_lon, min_lat])
    check_lon_lat([max_lon, max_lat])
    if min_lon >= max_lon or min_lat >= max_lat:
        raise GeometryError("bbox minimums must be smaller than its maximums.")
    return min_lon, min_lat, max_lon, max_lat


def _check_ring(ring: list[Any]) -> None:
    if len(ring) < 4:
        raise GeometryError("A polygon ring needs at least 4 positions (the last repeats the first).")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise GeometryError("A polygon ring is not closed: its last position must repeat the first.")


def _positions(coordinates: Any, depth: int) -> Iterator[Any]:
    """Yield every position of a coordinates array nested depth levels deep."""
    if depth == 0:
        yield coordinates
        return
    if not isinstance(coordinates, list):
        raise GeometryError("The coordinates are not nested as the geometry type requires.")
    for item in coordinates:
        yield from _positions(item, depth - 1)


def _drop_z(coordinates: Any, depth: int) -> Any:
    """Return the coordinates with only longitude and latitude kept."""
    if depth == 0:
        return [coordinates[0], coordinates[1]]
    return [_drop_z(item, depth - 1) for item in coordinates]


def _polygons(geom: BaseGeometry) -> Iterator[Polygon]:
    """Yield the polygons inside any geometry, collections included."""
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)
