"""Base map archives, read from the file: MBTiles (SQLite) and PMTiles (v3), raster or vector.

What kind of file it is comes from its first bytes, never its name; bounds and zoom range from its
metadata (or, where an MBTiles lacks them, from its tiles). Tiles are addressed z/x/y as web maps
ask for them (XYZ, y from the north); MBTiles stores rows from the south (TMS).
"""

import math
import mmap
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, MagicNumberNotFound, SpecVersionUnsupported, TileType

SQLITE_MAGIC = b"SQLite format 3\x00"
PMTILES_MAGIC = b"PMTiles"
GZIP_MAGIC = b"\x1f\x8b"
FORMATS = ("png", "jpg", "webp", "pbf")
PMTILES_TYPES = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp", TileType.MVT: "pbf"}
WORLD = (-180.0, -85.0511, 180.0, 85.0511)


class BasemapError(ValueError):
    """The file cannot be a base map; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Archive:
    kind: str  # mbtiles or pmtiles
    tile_format: str  # png, jpg, webp or pbf (Mapbox vector tiles)
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]  # west, south, east, north (degrees)
    attribution: str = ""
    title: str = ""
    tile_count: int = 0


def archive_info(path: Path) -> Archive:
    """Read what a base map file holds, or raise BasemapError saying what is wrong with it."""
    with path.open("rb") as handle:
        start = handle.read(16)
    if start.startswith(SQLITE_MAGIC):
        return _mbtiles_info(path)
    if start.startswith(PMTILES_MAGIC):
        return _pmtiles_info(path)
    raise BasemapError("This is neither an MBTiles nor a PMTiles file (judged by its first bytes).")


def read_tile(path: Path, kind: str, z: int, x: int, y: int) -> bytes | None:
    """One tile's bytes as stored (vector tiles usually gzipped), or None where the file has none."""
    if kind == "mbtiles":
        with _sqlite(path) as db:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, 2**z - 1 - y),
            ).fetchone()
        return bytes(row[0]) if row and row[0] else None
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        data = Reader(lambda offset, length: mapped[offset : offset + length]).get(z, x, y)
    return bytes(data) if data else None


def is_gzipped(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def _sqlite(path: Path) -> sqlite3.Connection:
    # Read-only, and immutable: SQLite neither locks nor writes beside a file only we read.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def _mbtiles_info(path: Path) -> Archive:
    try:
        with _sqlite(path) as db:
            names = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            }
            if "tiles" not in names:
                raise BasemapError("This SQLite file has no tiles table, so it is not an MBTiles file.")
            try:
                first = db.execute(
                    "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 1"
                ).fetchone()
                zooms = db.execute("SELECT min(zoom_level), max(zoom_level), count(*) FROM tiles").fetchone()
            except sqlite3.DatabaseError as exc:
                raise BasemapError(
                    f"The tiles table is not MBTiles' (zoom_level, tile_column, tile_row, tile_data): {exc}."
                ) from None
            if first is None:
                raise BasemapError("The MBTiles file holds no tiles.")
            meta = (
                dict(db.execute("SELECT name, value FROM metadata").fetchall()) if "metadata" in names else {}
            )
            tile_format = _format(meta.get("format"), bytes(first[3]))
            min_zoom = _int(meta.get("minzoom"), zooms[0])
            max_zoom = _int(meta.get("maxzoom"), zooms[1])
            bounds = _bounds(meta.get("bounds")) or _tile_bounds(db, max_zoom)
    except sqlite3.DatabaseError as exc:
        raise BasemapError(f"The SQLite file cannot be read: {exc}.") from None
    return Archive(
        "mbtiles",
        tile_format,
        min_zoom,
        max_zoom,
        bounds,
        str(meta.get("attribution", ""))[:500],
        str(meta.get("name", ""))[:200],
        zooms[2],
    )


def _pmtiles_info(path: Path) -> Archive:
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:
            reader = Reader(MmapSource(handle))
            header = reader.header()
            for part in ("root", "metadata", "leaf_directory", "tile_data"):
                if header[f"{part}_offset"] + header[f"{part}_length"] > size:
                    raise BasemapError(f"The PMTiles header points past the end of the file ({part}).")
            metadata = reader.metadata() if header["metadata_length"] else {}
    except (MagicNumberNotFound, SpecVersionUnsupported):
        raise BasemapError("The PMTiles header is bad: only PMTiles version 3 is read.") from None
    except (ValueError, IndexError, OSError) as exc:  # a short header, an unknown code, bad metadata
        raise BasemapError(f"The PMTiles header is bad: {exc}.") from None
    tile_format = PMTILES_TYPES.get(header["tile_type"])
    if tile_format is None:
        raise BasemapError(
            f"PMTiles of {header['tile_type'].name} tiles cannot be drawn; use PNG, JPEG, WebP or MVT."
        )
    if header["tile_compression"] not in (Compression.NONE, Compression.GZIP, Compression.UNKNOWN):
        raise BasemapError(
            f"Tiles compressed with {header['tile_compression'].name} cannot be served; use gzip."
        )
    bounds = tuple(header[f"{side}_e7"] / 1e7 for side in ("min_lon", "min_lat", "max_lon", "max_lat"))
    if not (header["min_zoom"] <= header["max_zoom"] <= 24):
        raise BasemapError("The PMTiles header's zoom range is impossible.")
    return Archive(
        "pmtiles",
        tile_format,
        header["min_zoom"],
        header["max_zoom"],
        _checked(bounds) or WORLD,
        str(metadata.get("attribution", ""))[:500] if isinstance(metadata, dict) else "",
        str(metadata.get("name", ""))[:200] if isinstance(metadata, dict) else "",
        header["addressed_tiles_count"],
    )


def _format(declared: object, sample: bytes) -> str:
    """The tiles' format: as the metadata declares it (jpeg is jpg), else as the first tile's bytes say."""
    text = str(declared or "").lower().replace("jpeg", "jpg").replace("mvt", "pbf")
    if text in FORMATS:
        return text
    if sample.startswith(b"\x89PNG"):
        return "png"
    if sample.startswith(b"\xff\xd8"):
        return "jpg"
    if sample[:4] == b"RIFF" and sample[8:12] == b"WEBP":
        return "webp"
    if is_gzipped(sample) or text == "":
        return "pbf"
    raise BasemapError(f"Tiles of format {text!r} cannot be drawn; use png, jpg, webp or pbf.")


def _int(value: object, fallback: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return int(fallback)
    return number if 0 <= number <= 24 else int(fallback)


def _bounds(text: object) -> tuple[float, float, float, float] | None:
    try:
        values = tuple(float(part) for part in str(text).split(","))
    except ValueError:
        return None
    return _checked(values) if len(values) == 4 else None


def _checked(box: tuple[float, ...]) -> tuple[float, float, float, float] | None:
    west, south, east, north = box
    if -180 <= west < east <= 180 and -90 <= south < north <= 90:
        return west, south, east, north
    return None


def _tile_bounds(db: sqlite3.Connection, z: int) -> tuple[float, float, float, float]:
    """The box the tiles at zoom z cover, for an MBTiles whose metadata gives none."""
    x0, x1, r0, r1 = db.execute(
        "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row)"
        " FROM tiles WHERE zoom_level = ?",
        (z,),
    ).fetchone()

    def lon(x: int) -> float:
        return x / 2**z * 360 - 180

    def lat(row: int) -> float:  # a TMS row counts from the south
        y = 2**z - row
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**z))))

    return lon(x0), lat(r0), lon(x1 + 1), lat(r1 + 1)


def write_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], metadata: dict[str, str]) -> None:
    """Write an MBTiles file of tiles by (z, x, y) — y from the north, as web maps count — with
    its metadata (name, format, bounds, minzoom, maxzoom, attribution, …)."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
        )
        db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(metadata.items()))
        db.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            ((z, x, 2**z - 1 - y, data) for (z, x, y), data in tiles.items()),
        )
    db.close()
