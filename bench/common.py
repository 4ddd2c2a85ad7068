"""Shared set-up for benchmarks: a throwaway database and a Qazvin-sized grid of neighbourhoods."""

import math
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import django


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.test")
    django.setup()


@contextmanager
def fresh_database() -> Iterator[None]:
    """Create the test database from migrations for the run, and drop it afterwards."""
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


def create_neighborhood_grid(count: int, centre: tuple[float, float] = (50.0, 36.27)) -> tuple[float, ...]:
    """Insert count irregular 16-vertex neighbourhoods on a grid; return the grid's bbox."""
    from django.db import connection

    cols = math.ceil(math.sqrt(count))
    step, radius = 0.004, 0.0018
    x0 = centre[0] - cols * step / 2
    y0 = centre[1] - cols * step / 2
    rows = []
    for i in range(count):
        r, c = divmod(i, cols)
        cx, cy = x0 + c * step, y0 + r * step
        ring = [
            (cx + math.cos(a) * radius * (0.85 + 0.15 * math.sin(5 * a + i)), cy + math.sin(a) * radius)
            for a in (2 * math.pi * k / 16 for k in range(16))
        ]
        wkt = "MULTIPOLYGON(((" + ",".join(f"{x:.7f} {y:.7f}" for x, y in [*ring, ring[0]]) + ")))"
        rows.append((f"B{i:05d}", f"محله {i}", wkt))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO surveys_neighborhood (code, name, name_en, name_search, county, city, boundary,"
            " settlement_type, created_at, updated_at) VALUES (%s, %s, '', %s, '', '',"
            " ST_GeomFromText(%s, 4326), 'informal_settlement', now(), now())",
            [(code, name, name, wkt) for code, name, wkt in rows],
        )
        cursor.execute("ANALYZE surveys_neighborhood")
    return (x0 - step, y0 - step, x0 + cols * step, y0 + cols * step)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    cpu = platform.processor() or platform.machine()
    python = platform.python_version()
    return f"{os.cpu_count()} cores {cpu}, Python {python}, PostgreSQL {pg}, PostGIS {postgis}"
