import pytest
from shapely.geometry import Polygon

from geo.shapes import GeometryError, parse_bbox, parse_geojson, parse_point, to_valid_multipolygon

SQUARE = [[[50.0, 36.0], [50.1, 36.0], [50.1, 36.1], [50.0, 36.1], [50.0, 36.0]]]
BOWTIE = [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]


def test_point_is_parsed_and_z_dropped():
    geom = parse_geojson({"type": "Point", "coordinates": [50.0, 36.2, 1200.0]}, allowed=["Point"])
    assert (geom.x, geom.y, geom.has_z) == (50.0, 36.2, False)
    assert parse_point({"type": "Point", "coordinates": [50.0, 36.2, 1200.0]}) == (50.0, 36.2)


def test_a_point_a_hair_beyond_the_antimeridian_is_clamped():
    hair = {"type": "Point", "coordinates": [180.00000000000006, -90.0000000000001]}
    assert parse_point(hair) == (180, -90)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"type": "Point", "coordinates": [36.2, 95.0]}, "Latitude 95.0 is outside"),
        ({"type": "Point", "coordinates": [190, 36]}, "Longitude 190 is outside"),
        ({"type": "Point", "coordinates": ["50", 36]}, "not a number"),
        ({"type": "Point", "coordinates": [True, 36]}, "not a number"),
        ({"type": "Point", "coordinates": [50]}, "[longitude, latitude]"),
        ({"type": "Point"}, "no 'coordinates'"),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "Expected a geometry of type Point"),
        ({"type": "Point", "coordinates": [1, 2], "extra": 1}, "Unknown geometry member"),
        ([50, 36], "Expected a GeoJSON geometry object"),
    ],
)
def test_bad_points_are_refused_with_a_reason(value, message):
    pattern = message.replace("[", r"\[").replace("]", r"\]")
    with pytest.raises(GeometryError, match=pattern):
        parse_geojson(value, allowed=["Point"])
    with pytest.raises(GeometryError, match=pattern):
        parse_point(value)


def test_polygon_nesting_is_checked():
    with pytest.raises(GeometryError, match=r"nested|position"):
        parse_geojson({"type": "Polygon", "coordinates": [[50, 36], [51, 36]]}, allowed=["Polygon"])


def test_too_few_ring_positions_is_refused():
    with pytest.raises(GeometryError, match="at least 4 positions"):
        parse_geojson({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}, allowed=["Polygon"])


def test_unclosed_ring_is_refused():
    ring = [[0, 0], [1, 0], [1, 1], [0, 1]]
    with pytest.raises(GeometryError, match="not closed"):
        parse_geojson({"type": "Polygon", "coordinates": [ring]}, allowed=["Polygon"])


def test_vertex_limit():
    ring = [[0.0001 * i, 0.0] for i in range(200)] + [[0, 1], [0, 0]]
    with pytest.raises(GeometryError, match="more than 100 vertices"):
        parse_geojson({"type": "Polygon", "coordinates": [ring]}, allowed=["Polygon"], max_vertices=100)


def test_valid_polygon_is_kept_as_is():
    geom = parse_geojson({"type": "Polygon", "coordinates": SQUARE}, allowed=["Polygon"])
    multi, repaired = to_valid_multipolygon(geom)
    assert repaired is False
    assert multi.equals(geom)


def test_bowtie_is_repaired_into_two_triangles():
    multi, repaired = to_valid_multipolygon(Polygon(BOWTIE[0]))
    assert repaired is True
    assert multi.is_valid
    assert len(multi.geoms) == 2
    assert multi.area == pytest.approx(2.0)  # two triangles of area 1


def test_polygon_without_area_is_refused():
    flat = Polygon([(0, 0), (1, 0), (2, 0), (0, 0)])
    with pytest.raises(GeometryError, match="no area"):
        to_valid_multipolygon(flat)


def test_bbox():
    assert parse_bbox("49.9,36.2,50.1,36.35") == (49.9, 36.2, 50.1, 36.35)


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "50,36,49,37", "0,-95,1,1", "", "1,1,1,1"])
def test_bad_bbox(text):
    with pytest.raises(GeometryError):
        parse_bbox(text)


def test_a_hair_beyond_a_bound_is_the_bound_and_more_is_refused_with_its_code():
    edge = parse_geojson(
        {"type": "Polygon", "coordinates": [[[179, -17], [180.00000000000006, -17], [180, -16], [179, -17]]]},
        allowed=["Polygon"],
    )
    assert edge.bounds[2] == 180.0
    assert parse_bbox("-180.0000000001,-90.0000000001,10,10")[:2] == (-180.0, -90.0)
    with pytest.raises(GeometryError) as refused:
        parse_geojson({"type": "Point", "coordinates": [180.000001, 0]}, allowed=["Point"])
    assert refused.value.code == "longitude_range" and refused.value.params == {"value": 180.000001}
    assert str(refused.value) == "Longitude 180.000001 is outside -180..180."
