"""A stand-in base map drawn from the demo's own neighbourhoods, so the demo shows a base map with
no downloaded data: land, the neighbourhoods as built-up blocks, made-up roads between them, and
"DEMO" on every tile. It is no picture of any real place."""

import io
import math
from collections.abc import Iterable, Sequence

from PIL import Image, ImageDraw

TILE = 256
LAND, BLOCK, BLOCK_EDGE, ROAD, ROAD_EDGE, LABEL = (
    (242, 239, 233),
    (228, 221, 208),
    (201, 191, 174),
    (255, 255, 255),
    (205, 200, 190),
    (150, 140, 125),
)
LonLat = tuple[float, float]


def tiles_over(bbox: tuple[float, float, float, float], zoom: int) -> list[tuple[int, int]]:
    """The (x, y) of every tile at zoom over a (west, south, east, north) box."""
    x0, y0 = _tile_xy(bbox[0], bbox[3], zoom)
    x1, y1 = _tile_xy(bbox[2], bbox[1], zoom)
    return [(x, y) for x in range(int(x0), int(x1) + 1) for y in range(int(y0), int(y1) + 1)]


def render(
    bbox: tuple[float, float, float, float],
    zooms: Iterable[int],
    blocks: Sequence[Sequence[LonLat]],
    roads: Sequence[tuple[LonLat, LonLat]],
) -> dict[tuple[int, int, int], bytes]:
    """PNG tiles by (z, x, y) over bbox: blocks are outer rings, roads straight segments."""
    tiles = {}
    for z in zooms:
        for x, y in tiles_over(bbox, z):
            tiles[(z, x, y)] = _tile(z, x, y, blocks, roads)
    return tiles


def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Web Mercator tile coordinates (fractional) of a point at zoom z."""
    n = 2**z
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n


def _tile(
    z: int, x: int, y: int, blocks: Sequence[Sequence[LonLat]], roads: Sequence[tuple[LonLat, LonLat]]
) -> bytes:
    image = Image.new("RGB", (TILE, TILE), LAND)
    draw = ImageDraw.Draw(image)

    def pixel(point: LonLat) -> tuple[float, float]:
        tx, ty = _tile_xy(point[0], point[1], z)
        return (tx - x) * TILE, (ty - y) * TILE

    for ring in blocks:
        draw.polygon([pixel(p) for p in ring], fill=BLOCK, outline=BLOCK_EDGE)
    width = max(1, 2 ** (z - 12))  # roads widen as one zooms in
    for start, end in roads:
        draw.line([pixel(start), pixel(end)], fill=ROAD_EDGE, width=width + 2)
    for start, end in roads:
        draw.line([pixel(start), pixel(end)], fill=ROAD, width=width)
    draw.text((6, TILE - 16), "DEMO MAP - made from demo data", fill=LABEL)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
