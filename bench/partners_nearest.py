"""Nearest-5 partners among 100,000: the endpoint, the raw KNN SQL, and a full scan.

The endpoint is the whole stack in-process (Django test client: middleware,
token auth, parameter checks, the selector's two-pass KNN query, GeoJSON
output). The raw KNN SQL is the textbook one-pass query on the same index; the
full scan computes every partner's distance and sorts. Each sample is one
query at a random place in a 60 km box around Qazvin.
"""

import random
import time
from collections.abc import Callable

from bench.common import bench_visitor, clean_slate, insert_partners, percentile

PARTNERS = 100_000
QUERIES = 400
SCANS = 30  # the full scan is slow; fewer samples
BOX = (49.7, 36.0, 50.3, 36.55)
KNN_SQL = """
    SELECT id, ST_Distance(point::geography(Point,4326), q.g)
    FROM partners_partner, (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography AS g) q
    ORDER BY point::geography(Point,4326) <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography
    LIMIT 5
"""
SCAN_SQL = """
    SELECT id, ST_Distance(point::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) AS d
    FROM partners_partner WHERE is_active ORDER BY d, id LIMIT 5
"""


def run() -> dict[str, float]:
    from django.db import connection
    from django.test import Client

    from backend.partners import selectors

    clean_slate()
    insert_partners(PARTNERS, BOX)
    _visitor, token = bench_visitor()
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    rng = random.Random(1405)
    places = [(rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])) for _ in range(QUERIES)]

    def endpoint(lon: float, lat: float) -> list[int]:
        response = client.get("/api/v1/partners/nearest/", {"lat": str(lat), "lon": str(lon), "limit": "5"})
        if response.status_code != 200:
            raise RuntimeError(f"nearest refused a bench query: {response.content!r}")
        return [f["id"] for f in response.json()["features"]]

    def knn(lon: float, lat: float) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(KNN_SQL, [lon, lat, lon, lat])
            return [row[0] for row in cursor.fetchall()]

    def selector(lon: float, lat: float) -> list[int]:
        partners = selectors.partner_nearest(lon=lon, lat=lat, limit=5, filters={"is_active": True})
        return [p.pk for p in partners]

    def scan(lon: float, lat: float) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(SCAN_SQL, [lon, lat])
            return [row[0] for row in cursor.fetchall()]

    def latencies(
        fn: Callable[[float, float], list[int]], sample: list[tuple[float, float]]
    ) -> tuple[list[float], list[list[int]]]:
        times, answers = [], []
        for lon, lat in sample:
            start = time.perf_counter()
            answers.append(fn(lon, lat))
            times.append((time.perf_counter() - start) * 1000)
        return times, answers

    for lon, lat in places[:20]:  # warm the caches and the connection
        endpoint(lon, lat)
        knn(lon, lat)
    api_ms, api_answers = latencies(endpoint, places)
    knn_ms, _ = latencies(knn, places)
    selector_ms, _ = latencies(selector, places)
    scan_ms, scan_answers = latencies(scan, places[:SCANS])
    agree = sum(a == b for a, b in zip(api_answers, scan_answers, strict=False)) / SCANS
    return {
        "api_p50": percentile(api_ms, 0.5),
        "api_p95": percentile(api_ms, 0.95),
        "knn_p50": percentile(knn_ms, 0.5),
        "knn_p95": percentile(knn_ms, 0.95),
        "selector_p50": percentile(selector_ms, 0.5),
        "selector_p95": percentile(selector_ms, 0.95),
        "scan_p50": percentile(scan_ms, 0.5),
        "scan_p95": percentile(scan_ms, 0.95),
        "agree": agree,
    }


def report(r: dict[str, float]) -> str:
    def line(label: str, key: str) -> str:
        return f"  {label:<44} p50 {r[key + '_p50']:7.2f} ms  p95 {r[key + '_p95']:7.2f} ms\n"

    return (
        f"partners_nearest: nearest 5 of {PARTNERS:,} partners, {QUERIES} places ({SCANS} for the scan)\n"
        + line("endpoint (HTTP stack, exact two-pass KNN)", "api")
        + line("selector alone (two-pass KNN SQL, ORM)", "selector")
        + line("raw KNN SQL (one pass, same index)", "knn")
        + line("full scan (distance to every partner)", "scan")
        + f"  endpoint / raw KNN (p95): {r['api_p95'] / r['knn_p95']:.1f}x;"
        f"  full scan / endpoint (p50): {r['scan_p50'] / r['api_p50']:.0f}x\n"
        f"  endpoint answers equal to the full scan's: {r['agree']:.0%}"
    )
