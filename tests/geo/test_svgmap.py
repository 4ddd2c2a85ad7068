"""Maps drawn as SVG: the frame, the paths, the classes of a choropleth."""

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.svgmap import Frame, choropleth, class_colour, site_map

CLASSES = [(25, "#fee5d9"), (50, "#fcae91"), (75, "#fb6a4a"), (101, "#cb181d")]


def test_the_frame_puts_north_up_and_keeps_the_shape():
    frame = Frame((50.0, 36.0, 50.2, 36.1), width=400, max_height=400, pad=0)
    assert frame.xy(50.0, 36.1) == (0.0, 0.0)  # north-west is the top left
    x, y = frame.xy(50.2, 36.0)
    assert x == pytest.approx(400, abs=0.1)
    # a degree of longitude is cos(latitude) of a degree of latitude: 0.2° wide by 0.1° tall
    assert x / y == pytest.approx(0.2 * frame.kx / 0.1, rel=0.01)
    assert frame.height == pytest.approx(y, abs=1)


def test_a_hole_and_a_second_polygon_are_drawn_as_rings():
    ring = Polygon(box(0, 0, 10, 10).exterior.coords, [box(4, 4, 6, 6).exterior.coords])
    shape = MultiPolygon([ring, box(20, 0, 22, 2)])
    path = Frame(shape.bounds, 300, 300).path(shape)
    assert path.count("M") == 3 and path.count("Z") == 3
    assert Frame((0, 0, 1, 1), 100, 100).path(Point(0, 0)) == ""


@pytest.mark.parametrize(
    ("value", "colour"),
    [(None, "grey"), (0, "#fee5d9"), (25, "#fcae91"), (99.9, "#cb181d"), (150, "#cb181d")],
)
def test_each_value_falls_in_one_class(value, colour):
    assert class_colour(value, CLASSES, "grey") == colour


def test_a_choropleth_fills_each_area_by_its_class_and_skips_the_empty():
    drawn = choropleth(
        [(box(0, 0, 1, 1), 80, "a", "/a"), (box(1, 0, 2, 1), None, "b", ""), (Polygon(), 10, "c", "")],
        classes=CLASSES,
        unknown="grey",
        width=200,
    )
    assert drawn is not None and drawn.width == 200
    assert [(s.fill, s.title, s.href) for s in drawn.shapes] == [("#cb181d", "a", "/a"), ("grey", "b", "")]
    assert choropleth([], classes=CLASSES, unknown="grey") is None


def test_a_site_map_frames_the_area_and_every_point_around_it():
    area = box(50.0, 36.0, 50.01, 36.01)
    drawn = site_map(area, [(50.005, 36.005, "red", ""), (50.03, 36.02, "blue", "mosque")], fill="orange")
    assert len(drawn.shapes) == 1 and len(drawn.dots) == 2
    for dot in drawn.dots:  # the far point too is inside the picture, not on its edge
        assert 0 < dot.x < drawn.width and 0 < dot.y < drawn.height
    inner, outer = drawn.dots
    assert outer.x > inner.x and outer.y < inner.y  # east and north of it
