"""Small base map files for the tests: MBTiles and PMTiles, raster and vector, good and broken."""

import gzip
import io
from pathlib import Path

from PIL import Image
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

from geo.basemaps import write_mbtiles

QAZVIN = (49.9, 36.2, 50.1, 36.35)


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def mbtiles(path: Path, *, metadata: bool = True) -> Path:
    """Tiles at zooms 10 and 11 over Qazvin; each tile a colour of its own (to tell them apart)."""
    tiles = {
        (10, 654, 400): png((200, 0, 0)),
        (11, 1309, 801): png((0, 200, 0)),
        (11, 1309, 800): png((0, 0, 200)),
    }
    meta = {"name": "Test map", "format": "png", "minzoom": "10", "maxzoom": "11", "attribution": "© test"}
    meta["bounds"] = ",".join(map(str, QAZVIN))
    write_mbtiles(path, tiles, meta if metadata else {})
    return path


def pmtiles(path: Path, *, tile_type: TileType = TileType.MVT, data: bytes | None = None) -> Path:
    """One zoom-12 tile over Qazvin (gzipped bytes, as vector tiles are kept)."""
    body = data if data is not None else gzip.compress(b"\x1a\x00vector tile bytes")
    with write(path) as writer:
        writer.write_tile(zxy_to_tileid(12, 2616, 1603), body)
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": Compression.GZIP if tile_type == TileType.MVT else Compression.NONE,
                "min_lon_e7": int(QAZVIN[0] * 1e7),
                "min_lat_e7": int(QAZVIN[1] * 1e7),
                "max_lon_e7": int(QAZVIN[2] * 1e7),
                "max_lat_e7": int(QAZVIN[3] * 1e7),
                "center_zoom": 12,
                "center_lon_e7": int(50.0 * 1e7),
                "center_lat_e7": int(36.27 * 1e7),
            },
            {"name": "Vector test", "attribution": "© vector test"},
        )
    return path
