"""Reads for base maps: the default one, and its tiles."""

from pathlib import Path

from django.conf import settings

from backend.basemaps.models import Basemap
from geo.basemaps import read_tile


def basemap_default() -> Basemap | None:
    return Basemap.objects.filter(is_default=True).first()


def basemap_tile(basemap: Basemap, z: int, x: int, y: int) -> bytes | None:
    """A tile of the base map as its file stores it, or None: outside its zooms or where it has none."""
    if not (basemap.min_zoom <= z <= basemap.max_zoom and 0 <= x < 2**z and 0 <= y < 2**z):
        return None
    path = Path(settings.BASEMAP_ROOT) / basemap.path
    return read_tile(path, basemap.kind, z, x, y) if path.exists() else None
