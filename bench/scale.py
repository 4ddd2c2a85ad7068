"""One machine's ceiling: the recompute and vector tiles at 1,000,000 × BENCH_SCALE visits.

`make bench BENCH=scale BENCH_SCALE=5` is the 5,000,000-visit run docs/scaling.md quotes.
2,000 neighbourhoods and 5,000 partners, coverage kept in its table (measured once after the
bulk load). Baselines in the same run: the raw SQL visit aggregate for the recompute, and for
each tile a bare ST_AsMVT of the same tile (geometry only, no properties, no per-user filter);
ours goes through the whole stack (test client, token, permissions, /tiles/…). 300 tiles per
layer at zooms 14–16 over the grid, each asked once, p50 and p95.
"""

import os
import random
import time

from bench.common import (
    percentile,
    recompute_against_raw,
    scoring_workload,
)

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
NEIGHBORHOODS = 2_000
VISITS = int(1_000_000 * SCALE)
PARTNERS = 5_000
TILES = 300

RAW_TILE = {
    "visits": """SELECT ST_AsMVT(t, 'visits', 4096, 'geom') FROM (
        SELECT ST_AsMVTGeom(ST_Transform(point, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s)) AS geom
        FROM surveys_visit WHERE point && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)) t""",
    "neighborhoods": """SELECT ST_AsMVT(t, 'neighborhoods', 4096, 'geom') FROM (
        SELECT ST_AsMVTGeom(ST_Transform(boundary, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s)) AS geom
        FROM surveys_neighborhood
        WHERE boundary && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)) t""",
}


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    import math

    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def run() -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create
    from backend.partners.services import coverage_refresh

    bbox, profile, load_s = scoring_workload(NEIGHBORHOODS, VISITS, PARTNERS)
    coverage_refresh()

    sql_s, recompute_s = recompute_against_raw(profile)
    figures = {"load_s": load_s, "sql_s": sql_s, "recompute_s": recompute_s}

    planner = user_create(username="scale_planner", role="planner", password="scale-pass-1405")  # noqa: S106
    client = Client(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=planner).key}", HTTP_HOST="127.0.0.1"
    )
    rng = random.Random(5)
    tiles = [
        (z, *_tile(rng.uniform(bbox[0], bbox[2]), rng.uniform(bbox[1], bbox[3]), z))
        for z in (rng.choice([14, 15, 16]) for _ in range(TILES))
    ]
    for layer, sql in RAW_TILE.items():
        ours, raw = [], []
        for z, x, y in tiles:
            start = time.perf_counter()
            response = client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")
            assert response.status_code == 200, response.content[:200]
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, {"z": z, "x": x, "y": y})
                cursor.fetchone()
            raw.append((time.perf_counter() - start) * 1000)
        figures |= {
            f"{layer}_p50": percentile(ours, 0.5),
            f"{layer}_p95": percentile(ours, 0.95),
            f"{layer}_raw_p50": percentile(raw, 0.5),
            f"{layer}_raw_p95": percentile(raw, 0.95),
        }
    return figures


def report(f: dict[str, float]) -> str:
    lines = [
        f"scale: {NEIGHBORHOODS:,} neighbourhoods × {VISITS:,} visits (BENCH_SCALE={SCALE:g}),"
        f" {PARTNERS:,} partners (loaded in {f['load_s']:.0f} s)",
        f"  recompute {f['recompute_s']:.2f} s, raw aggregate {f['sql_s']:.2f} s:"
        f" {f['recompute_s'] / f['sql_s']:.2f}x (target ≤ 1.5x)",
    ]
    for layer in RAW_TILE:
        lines.append(
            f"  /tiles/{layer}: p50 {f[f'{layer}_p50']:.1f} ms, p95 {f[f'{layer}_p95']:.1f} ms;"
            f" bare ST_AsMVT p50 {f[f'{layer}_raw_p50']:.1f} ms, p95 {f[f'{layer}_raw_p95']:.1f} ms;"
            f" p95 ratio {f[f'{layer}_p95'] / f[f'{layer}_raw_p95']:.2f}x"
        )
    return "\n".join(lines)
