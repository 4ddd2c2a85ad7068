"""Export 1,000,000 visits to CSV and to GeoPackage through the API; rows per second and peak memory.

The exports run the whole stack in-process (Django test client, token auth, the export view;
CSV made by PostgreSQL — COPY of a SELECT that formats every cell — and streamed; GeoPackage
read through a server-side cursor, written by GDAL chunk by chunk and then streamed).
Baselines, measured in the same run on the same rows: PostgreSQL's own COPY … TO STDOUT (CSV)
of the bare columns for CSV, and GDAL's ogr2ogr reading PostGIS for the GeoPackage. Peak memory
is the process's resident set above what it held before the export (sampled every 20 ms); the
same export of 100,000 visits shows whether memory grows with the rows.
"""

import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

from django.http import StreamingHttpResponse

from bench.common import load_visits

NEIGHBORHOODS = 2_000
VISITS = 1_000_000
SMALL = 100_000
COLUMNS = (
    "v.id, v.client_uuid, n.code, n.name, v.visited_at, v.received_at, u.username, v.gps_accuracy_m,"
    " v.water, v.sanitation, v.housing, v.persons_per_room, v.tenure, v.electricity, v.waste,"
    " v.child_labour, v.addiction, v.scavenging, v.female_headed_households, v.unemployment, v.notes"
)
FROM = (
    " FROM surveys_visit v LEFT JOIN surveys_neighborhood n ON n.id = v.neighborhood_id"
    " JOIN accounts_user u ON u.id = v.visitor_id"
)


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measured(work: Callable[[], int]) -> tuple[float, int, float]:
    """(seconds, rows, peak MiB above the starting resident set) of work(), which returns its rows."""
    start_rss, peak, done = _rss_kib(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_kib())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    rows = work()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return seconds, rows, max(0, peak[0] - start_rss) / 1024


def run() -> dict[str, float]:
    import pyogrio
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create

    _visitor, load_s = load_visits(NEIGHBORHOODS, VISITS)
    planner = user_create(username="bench-planner", role="planner", password="bench-password-1405")  # noqa: S106
    client = Client(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=planner).key}", HTTP_HOST="127.0.0.1"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT visited_at FROM surveys_visit ORDER BY visited_at OFFSET %s LIMIT 1", [SMALL])
        (small_before,) = cursor.fetchone()
    small_query = f"?visited_before={small_before.isoformat().replace('+00:00', 'Z')}"

    def csv_export(query: str = "") -> int:
        response = client.get(f"/api/v1/exports/visits.csv{query}")
        assert response.status_code == 200, response.status_code
        streamed = cast(Iterable[bytes], cast(StreamingHttpResponse, response).streaming_content)
        return sum(chunk.count(b"\n") for chunk in streamed) - 1  # minus the header

    def copy_baseline() -> int:
        lines = 0
        with connection.cursor() as cursor:
            copy_sql = (
                f"COPY (SELECT {COLUMNS}, ST_X(v.point), ST_Y(v.point){FROM} ORDER BY v.visited_at, v.id)"
            )
            with cursor.copy(f"{copy_sql} TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for chunk in copy:
                    lines += bytes(chunk).count(b"\n")
        return lines - 1

    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))

    def gpkg_export(query: str = "") -> int:
        response = client.get(f"/api/v1/exports/visits.gpkg{query}")
        assert response.status_code == 200, response.status_code
        path = folder / "ours.gpkg"
        with path.open("wb") as out:
            for chunk in cast(Iterable[bytes], cast(StreamingHttpResponse, response).streaming_content):
                out.write(chunk)
        return pyogrio.read_info(path)["features"]

    def ogr2ogr_baseline() -> int:
        path = folder / "baseline.gpkg"
        path.unlink(missing_ok=True)
        settings = connection.settings_dict
        keys = {"host": "HOST", "port": "PORT", "dbname": "NAME", "user": "USER", "password": "PASSWORD"}
        source = "PG:" + " ".join(f"{key}={settings[name]}" for key, name in keys.items() if settings[name])
        sql = f"SELECT {COLUMNS}, v.point{FROM} ORDER BY v.visited_at, v.id"
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", str(path), source, "-sql", sql, "-nln", "visits"],  # noqa: S607
            check=True,
            capture_output=True,
        )
        return pyogrio.read_info(path)["features"]

    figures: dict[str, float] = {"load_s": load_s}
    for name, work in [
        # The small exports first: a process's resident set does not shrink after a peak.
        ("csv_small", lambda: csv_export(small_query)),
        ("gpkg_small", lambda: gpkg_export(small_query)),
        ("copy", copy_baseline),
        ("csv", csv_export),
        ("ogr2ogr", ogr2ogr_baseline),
        ("gpkg", gpkg_export),
    ]:
        seconds, rows, peak_mib = measured(work)
        figures |= {f"{name}_s": seconds, f"{name}_rows": rows, f"{name}_mib": peak_mib}
    return figures


def report(f: dict[str, float]) -> str:
    def rate(name: str) -> str:
        rows, seconds = f[f"{name}_rows"], f[f"{name}_s"]
        return f"{rows / seconds:,.0f} rows/s ({rows:,.0f} rows in {seconds:.1f} s)"

    return "\n".join(
        [
            f"exports: {VISITS:,} visits, {NEIGHBORHOODS:,} neighbourhoods (loaded in {f['load_s']:.0f} s)",
            f"  CSV via the API:        {rate('csv')}, peak memory +{f['csv_mib']:.0f} MiB"
            f" (100,000 visits: +{f['csv_small_mib']:.0f} MiB)",
            f"  baseline COPY TO CSV:   {rate('copy')} → ours at {100 * f['copy_s'] / f['csv_s']:.0f} %"
            " of COPY's rate (target ≥ 50 %)",
            f"  GeoPackage via the API: {rate('gpkg')}, peak memory +{f['gpkg_mib']:.0f} MiB"
            f" (100,000 visits: +{f['gpkg_small_mib']:.0f} MiB)",
            f"  baseline ogr2ogr:       {rate('ogr2ogr')} → ours ×{f['gpkg_s'] / f['ogr2ogr_s']:.1f}",
        ]
    )
