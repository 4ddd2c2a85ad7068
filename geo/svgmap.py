"""Maps drawn as SVG on the server: a choropleth of neighbourhoods, one neighbourhood with its points.

No JavaScript and no tiles, so they print in a PDF and open offline. Words stay out of the SVG
(the legend and titles are the page's): PDF engines do not lay out right-to-left text in SVG.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Shape:
    d: str  # the SVG path: every ring of every polygon, holes by the even-odd rule
    fill: str
    title: str
    href: str = ""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    fill: str
    title: str


@dataclass(frozen=True)
class SvgMap:
    width: int
    height: int
    shapes: list[Shape]
    dots: list[Dot]


class Frame:
    """Longitudes and latitudes fitted into width × at most max_height pixels, north up. An
    equirectangular projection scaled by the cosine of the middle latitude: true enough in shape
    for a province, and no projection library needed."""

    def __init__(self, bounds: Sequence[float], width: int, max_height: int, pad: int = 6) -> None:
        west, south, east, north = bounds
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-9)
        span_y = max(north - south, 1e-9)
        self.scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
        self.west, self.north, self.pad = west, north, pad
        self.width = width
        self.height = math.ceil(span_y * self.scale + 2 * pad)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.pad + (lon - self.west) * self.kx * self.scale, 1),
            round(self.pad + (self.north - lat) * self.scale, 1),
        )

    def path(self, geometry: BaseGeometry) -> str:
        """The SVG path of a polygon or multipolygon; other geometries draw nothing."""
        polygons = (
            [geometry]
            if isinstance(geometry, Polygon)
            else list(geometry.geoms)
            if isinstance(geometry, MultiPolygon)
            else []
        )
        parts = []
        for polygon in polygons:
            for ring in (polygon.exterior, *polygon.interiors):
                points = [self.xy(x, y) for x, y, *_z in ring.coords[:-1]]
                parts.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
        return " ".join(parts)


def class_colour(value: float | None, classes: Sequence[tuple[float, str]], unknown: str) -> str:
    """The colour of the first class whose upper bound (exclusive) is above value."""
    if value is None:
        return unknown
    return next((colour for bound, colour in classes if value < bound), classes[-1][1])


def choropleth(
    items: Iterable[tuple[BaseGeometry, float | None, str, str]],
    *,
    classes: Sequence[tuple[float, str]],
    unknown: str,
    width: int = 480,
    max_height: int = 420,
) -> SvgMap | None:
    """Polygons (geometry, value, title, link) filled by their value's class. None when empty."""
    items = [item for item in items if not item[0].is_empty]
    if not items:
        return None
    west = min(g.bounds[0] for g, *_rest in items)
    south = min(g.bounds[1] for g, *_rest in items)
    east = max(g.bounds[2] for g, *_rest in items)
    north = max(g.bounds[3] for g, *_rest in items)
    frame = Frame((west, south, east, north), width, max_height)
    shapes = [
        Shape(frame.path(geometry), class_colour(value, classes, unknown), title, href)
        for geometry, value, title, href in items
    ]
    return SvgMap(frame.width, frame.height, shapes, [])


def site_map(
    boundary: BaseGeometry,
    points: Iterable[tuple[float, float, str, str]],
    *,
    fill: str,
    width: int = 480,
    max_height: int = 360,
    margin: float = 0.15,
) -> SvgMap:
    """One area and the points (lon, lat, colour, title) in and around it: the frame is the area
    and every point, widened by margin of its size on each side."""
    points = list(points)
    xs = [boundary.bounds[0], boundary.bounds[2], *(lon for lon, *_rest in points)]
    ys = [boundary.bounds[1], boundary.bounds[3], *(lat for _lon, lat, *_rest in points)]
    grow_x = max((max(xs) - min(xs)) * margin, 0.001)
    grow_y = max((max(ys) - min(ys)) * margin, 0.001)
    bounds = (min(xs) - grow_x, min(ys) - grow_y, max(xs) + grow_x, max(ys) + grow_y)
    frame = Frame(bounds, width, max_height)
    dots = [Dot(*frame.xy(lon, lat), colour, title) for lon, lat, colour, title in points]
    return SvgMap(frame.width, frame.height, [Shape(frame.path(boundary), fill, "")], dots)
