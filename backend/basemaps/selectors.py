"""Reads for base maps: the default one, and its tiles."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from backend.basemaps.models import Basemap, TileFormat
from geo.basemaps import read_tile
from geo.maps import BaseMap


def basemap_default() -> Basemap | None:
    return Basemap.objects.filter(is_default=True).first()


def basemap_tile(basemap: Basemap, z: int, x: int, y: int) -> bytes | None:
    """A tile of the base map as its file stores it, or None: outside its zooms or where it has none."""
    if not (basemap.min_zoom <= z <= basemap.max_zoom and 0 <= x < 2**z and 0 <= y < 2**z):
        return None
    path = Path(settings.BASEMAP_ROOT) / basemap.path
    return read_tile(path, basemap.kind, z, x, y) if path.exists() else None


def base_map() -> BaseMap | None:
    """What every map draws underneath: the default base map, else MAP_TILE_URL's server, else none."""
    return base_map_for(basemap_default())


def base_map_for(basemap: Basemap | None) -> BaseMap | None:
    """base_map() for a default base map already read (or None: there is none)."""
    if basemap is not None:
        return BaseMap(
            # The version in the address: a replaced file is new tiles to every cache, the phone's too.
            url=reverse("basemap-tile", args=[basemap.name, 0, 0, 0, basemap.tile_format]).replace(
                "/0/0/0.", "/{z}/{x}/{y}."
            )
            + f"?v={basemap.version}",
            attribution=basemap.attribution,
            min_native_zoom=basemap.min_zoom,
            max_native_zoom=basemap.max_zoom,
            vector=basemap.tile_format == TileFormat.PBF,
            bounds=basemap.bounds,  # no tile is asked for outside the file
            tile_bytes=basemap.tile_bytes,
        )
    if settings.MAP_TILE_URL:
        return BaseMap(url=settings.MAP_TILE_URL, attribution=settings.MAP_TILE_ATTRIBUTION)
    return None
