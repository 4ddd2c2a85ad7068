"""The vector tiles at 2,000 neighbourhoods × 100,000 visits × 5,000 partners, against raw ST_AsMVT.

Ours: GET /tiles/{layer}/{z}/{x}/{y}.pbf through the whole stack in-process (Django test client:
session, permission, the layer's query with its attributes, gzip). The baseline, per tile: the
plainest ST_AsMVT of the same rows by raw SQL (geometry only, no attributes, no view, no zip).
Tiles: every tile over the grid at zooms 12 and 14 (visits as counts per cell below 14).
"""

import math
import statistics
import time
from typing import Any

from bench.common import scored_map_workload

NEIGHBORHOODS = 2_000
VISITS = 100_000
PARTNERS = 5_000
ZOOMS = (12, 14)
RAW = {
    "visits": ("surveys_visit", "point"),
    "neighborhoods": ("surveys_neighborhood", "boundary"),
    "partners": ("partners_partner", "point"),
}


def _tiles(box: tuple[float, ...], z: int) -> list[tuple[int, int, int]]:
    """The (z, x, y) of every tile over a lon/lat box."""

    def column(lon: float) -> int:
        return int((lon + 180) / 360 * 2**z)

    def row(lat: float) -> int:
        rad = math.radians(lat)
        return int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * 2**z)

    return [
        (z, x, y)
        for x in range(column(box[0]), column(box[2]) + 1)
        for y in range(row(box[3]), row(box[1]) + 1)
    ]


def _raw_tile(cursor: Any, layer: str, z: int, x: int, y: int) -> bytes:
    table, column = RAW[layer]
    envelope = "ST_TileEnvelope(%(z)s, %(x)s, %(y)s)"
    cursor.execute(
        f"""SELECT ST_AsMVT(t, %(layer)s, 4096, 'geom') FROM (
                SELECT ST_AsMVTGeom(ST_Transform({column}, 3857), {envelope}) AS geom
                FROM {table} WHERE {column} && ST_Transform({envelope}, 4326)
            ) t""",
        {"layer": layer, "z": z, "x": x, "y": y},
    )
    return bytes(cursor.fetchone()[0] or b"")


def run() -> dict[str, float]:
    from django.db import connection
    from django.test import Client

    box, planner = scored_map_workload(NEIGHBORHOODS, VISITS, PARTNERS, planner="bench_tiles")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(planner)
    tiles = [t for z in ZOOMS for t in _tiles(box, z)]
    result: dict[str, float] = {"tiles": len(tiles)}
    with connection.cursor() as cursor:
        for layer in RAW:
            for z, x, y in tiles[:3]:  # warm both paths: the same pages in memory for each
                client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
                _raw_tile(cursor, layer, z, x, y)
            ours, raw = [], []
            for z, x, y in tiles:
                start = time.perf_counter()
                answer = client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
                ours.append(time.perf_counter() - start)
                if answer.status_code != 200:
                    raise RuntimeError(f"/tiles/{layer}/{z}/{x}/{y}.pbf answered {answer.status_code}")
                start = time.perf_counter()
                _raw_tile(cursor, layer, z, x, y)
                raw.append(time.perf_counter() - start)
            result[f"{layer}_ours_p50"] = statistics.median(ours)
            result[f"{layer}_raw_p50"] = statistics.median(raw)
            result[f"{layer}_ours_total"] = sum(ours)
            result[f"{layer}_raw_total"] = sum(raw)
    return result


def report(r: dict[str, float]) -> str:
    lines = [
        f"tiles: {NEIGHBORHOODS:,} neighbourhoods, {VISITS:,} visits, {PARTNERS:,} partners;"
        f" {int(r['tiles'])} tiles per layer at zooms {', '.join(map(str, ZOOMS))}"
    ]
    for layer in RAW:
        ours, raw = r[f"{layer}_ours_total"], r[f"{layer}_raw_total"]
        lines.append(
            f"  {layer:<14} /tiles/ p50 {r[f'{layer}_ours_p50'] * 1000:6.1f} ms,"
            f" raw ST_AsMVT p50 {r[f'{layer}_raw_p50'] * 1000:6.1f} ms;"
            f" all tiles {ours:5.2f} s vs {raw:5.2f} s: {ours / raw:4.2f}x the raw time"
        )
    return "\n".join(lines)
