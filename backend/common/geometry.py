"""Conversions between Shapely (used by geo/) and GEOS (used by Django); SQL simplification."""

import builtins
import struct
from typing import Any

import shapely
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import GeoFunc
from django.contrib.gis.geos import GEOSGeometry, Point
from shapely.geometry.base import BaseGeometry


def to_geos(geom: BaseGeometry, srid: int = 4326) -> GEOSGeometry:
    """Return the GEOS form of a Shapely geometry."""
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=srid)


def to_shapely(geom: GEOSGeometry) -> BaseGeometry:
    """Return the Shapely form of a GEOS geometry."""
    return shapely.from_wkb(bytes(geom.wkb))


class LonLat(Point):
    """A WGS 84 point that keeps its two coordinates in Python as well, and answers them and its
    EWKB from there: a GEOS read is several calls through ctypes (about 10 µs), and a sync of
    thousands of visits reads every point twice (its fingerprint, its COPY row). Every way of
    moving a point reads the floats again from GEOS afterwards."""

    def __init__(self, longitude: float, latitude: float) -> None:
        super().__init__(longitude, latitude, srid=4326)
        self._lonlat = (float(longitude), float(latitude))

    @property
    def x(self) -> float:
        return self._lonlat[0]

    @x.setter
    def x(self, value: float) -> None:
        self._set_single(0, value)

    @property
    def y(self) -> float:
        return self._lonlat[1]

    @y.setter
    def y(self, value: float) -> None:
        self._set_single(1, value)

    @property
    def tuple(self) -> builtins.tuple[float, ...]:
        return self._lonlat

    @tuple.setter
    def tuple(self, value: builtins.tuple[float, ...]) -> None:
        self._set_list(len(value), value)

    coords = tuple

    @property
    def ewkb(self) -> memoryview:
        if len(self._lonlat) != 2 or self.srid != 4326:
            return super().ewkb
        # What GEOS writes for a 2-D point with an SRID: little-endian, type 1 with the SRID flag.
        return memoryview(struct.pack("<BIIdd", 1, 0x20000001, 4326, *self._lonlat))

    def transform(self, ct: Any, clone: bool = False) -> Any:
        moved = super().transform(ct, clone=clone)
        self._read()
        return moved

    # ListMixin's hooks, through which every other change goes (django-stubs leave them out).
    def _set_list(self, length: int, items: Any) -> None:
        super()._set_list(length, items)  # type: ignore[misc]
        self._read()

    def _set_single(self, index: int, value: float) -> None:
        super()._set_single(index, value)  # type: ignore[misc]
        self._read()

    def _read(self) -> None:
        self._lonlat = Point.tuple.fget(self)  # type: ignore[attr-defined]


class Simplified(GeoFunc):
    """ST_SimplifyPreserveTopology(geometry, tolerance in degrees): fewer vertices, no broken rings."""

    function = "ST_SimplifyPreserveTopology"
    output_field = GeometryField(srid=4326)


def tolerance_for_zoom(zoom: int) -> float:
    """Return a simplification tolerance in degrees: about half a screen pixel at zoom."""
    return 360 / (256 * 2**zoom) / 2
