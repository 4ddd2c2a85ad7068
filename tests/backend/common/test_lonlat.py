"""LonLat answers from its floats what a GEOS Point answers, and follows every way of moving it."""

import pytest
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, Point

from backend.common.geometry import LonLat

PLACES = [(50.065093, 36.007244), (0.1 + 0.2, -0.0), (-180.0, 90.0), (179.99999999999997, -89.5)]


def answers(point):
    return point.x, point.y, point.coords, point.tuple, bytes(point.ewkb), str(point), point.hasz


@pytest.mark.parametrize(("lon", "lat"), PLACES)
def test_the_same_answers_as_a_geos_point(lon, lat):
    point = LonLat(lon, lat)
    assert answers(point) == answers(Point(lon, lat, srid=4326))
    assert GEOSGeometry(point.ewkb).equals_exact(Point(lon, lat, srid=4326), 0)


def test_moved_in_place_it_reads_its_coordinates_again():
    point = LonLat(50.0, 36.0)
    point.x = 51.5
    assert answers(point) == answers(Point(51.5, 36.0, srid=4326))
    point.y = 35.25
    point[0] = 52.0
    assert answers(point) == answers(Point(52.0, 35.25, srid=4326))
    point.coords = (53.0, 34.0)
    assert answers(point) == answers(Point(53.0, 34.0, srid=4326))


def test_given_another_srid_or_transformed_its_ewkb_is_geos_own():
    point = LonLat(51.4, 35.7)
    point.transform(CoordTransform(SpatialReference(4326), SpatialReference(3857)))
    expected = Point(51.4, 35.7, srid=4326)
    expected.transform(3857)
    assert point.srid == 3857 and point.coords == pytest.approx(expected.coords)
    assert bytes(point.ewkb) == bytes(expected.ewkb)
