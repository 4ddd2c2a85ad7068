"""Conversions between Shapely (used by geo/) and GEOS (used by Django)."""

import shapely
from django.contrib.gis.geos import GEOSGeometry
from shapely.geometry.base import BaseGeometry


def to_geos(geom: BaseGeometry, srid: int = 4326) -> GEOSGeometry:
    """Return the GEOS form of a Shapely geometry."""
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=srid)


def to_shapely(geom: GEOSGeometry) -> BaseGeometry:
    """Return the Shapely form of a GEOS geometry."""
    return shapely.from_wkb(bytes(geom.wkb))
