"""Conversions between Shapely (used by geo/) and GEOS (used by Django); SQL simplification."""

import shapely
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import GeoFunc
from django.contrib.gis.geos import GEOSGeometry
from shapely.geometry.base import BaseGeometry


def to_geos(geom: BaseGeometry, srid: int = 4326) -> GEOSGeometry:
    """Return the GEOS form of a Shapely geometry."""
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=srid)


def to_shapely(geom: GEOSGeometry) -> BaseGeometry:
    """Return the Shapely form of a GEOS geometry."""
    return shapely.from_wkb(bytes(geom.wkb))


class Simplified(GeoFunc):
    """ST_SimplifyPreserveTopology(geometry, tolerance in degrees): fewer vertices, no broken rings."""

    function = "ST_SimplifyPreserveTopology"
    output_field = GeometryField(srid=4326)


def tolerance_for_zoom(zoom: int) -> float:
    """Return a simplification tolerance in degrees: about half a screen pixel at zoom."""
    return 360 / (256 * 2**zoom) / 2
