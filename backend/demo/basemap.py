"""The demo's base map: drawn once from the demo neighbourhoods (geo.demo_basemap), kept as an
MBTiles file, and served like any other base map (the default, unless an admin chose one)."""

import hashlib
from pathlib import Path

from django.conf import settings

from backend.basemaps.models import Basemap
from backend.basemaps.services import basemap_add
from backend.demo.data import DemoNeighborhood
from geo.basemaps import write_mbtiles
from geo.demo_basemap import render

NAME = "demo"
ZOOMS = range(11, 16)  # beyond 15 the map draws the zoom-15 tiles larger
MARGIN = 0.01  # degrees of land around the neighbourhoods
ROADS_PER_BLOCK = 2  # each neighbourhood joined to its nearest ones
ATTRIBUTION = (
    "نقشه پایه نمونه، کشیده از داده‌های نمونه · Demo base map, drawn from the demo data (not real streets)"
)


def demo_basemap(neighborhoods: list[DemoNeighborhood]) -> int:
    """Add the demo base map if it is missing; return 1 when added, else 0."""
    if Basemap.objects.filter(name=NAME).exists():
        return 0
    rings = [[(x, y) for x, y, *_z in n.polygon.exterior.coords] for n in neighborhoods]
    # Drawn again only when the neighbourhoods (or this drawing) change; kept beside the base maps.
    key = hashlib.sha256(
        repr((rings, list(ZOOMS), MARGIN, ROADS_PER_BLOCK, ATTRIBUTION)).encode()
    ).hexdigest()[:12]
    source = Path(settings.BASEMAP_ROOT) / f".demo-{key}.mbtiles"
    if not source.exists():
        source.parent.mkdir(parents=True, exist_ok=True)
        west = min(x for ring in rings for x, _y in ring) - MARGIN
        south = min(y for ring in rings for _x, y in ring) - MARGIN
        east = max(x for ring in rings for x, _y in ring) + MARGIN
        north = max(y for ring in rings for _x, y in ring) + MARGIN
        bbox = (west, south, east, north)
        tiles = render(bbox, ZOOMS, rings, _roads(neighborhoods))
        metadata = {
            "name": "Mahalleh demo",
            "format": "png",
            "bounds": ",".join(f"{v:.6f}" for v in bbox),
            "minzoom": str(ZOOMS[0]),
            "maxzoom": str(ZOOMS[-1]),
            "attribution": ATTRIBUTION,
        }
        write_mbtiles(source, tiles, metadata)
    first = not Basemap.objects.filter(is_default=True).exists()
    basemap_add(name=NAME, source=source, title="نقشه پایه نمونه (ساختگی)", is_default=first)
    return 1


def _roads(neighborhoods: list[DemoNeighborhood]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    centres = [(n.polygon.centroid.x, n.polygon.centroid.y) for n in neighborhoods]
    roads = set()
    for i, (x, y) in enumerate(centres):
        nearest = sorted(
            range(len(centres)), key=lambda j: (centres[j][0] - x) ** 2 + (centres[j][1] - y) ** 2
        )
        for j in nearest[1 : 1 + ROADS_PER_BLOCK]:
            roads.add((min(i, j), max(i, j)))
    return [(centres[i], centres[j]) for i, j in sorted(roads)]
