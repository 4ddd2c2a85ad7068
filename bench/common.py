"""Shared set-up for benchmarks: a throwaway database and a Qazvin-sized grid of neighbourhoods."""

import math
import os
import platform
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

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


def clean_slate() -> None:
    """Empty the tables a workload fills, so each workload starts from the same state (the job
    queue too: its records go with their owners, and a queued job would outlive them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE surveys_visitphoto, surveys_visit_partners_met, surveys_visit, surveys_neighborhood,"
            " partners_liaison_neighborhoods, partners_liaison, partners_partner,"
            " authtoken_token, accounts_user, procrastinate_jobs CASCADE"
        )


def bench_visitor(username: str = "bench") -> tuple[Any, str]:
    """A visitor account and its API token."""
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create

    visitor = user_create(username=username, role="visitor", password="bench-password-1405")  # noqa: S106
    return visitor, Token.objects.create(user=visitor).key


def visit_workload(visits: int, neighborhoods: int, seed: int) -> tuple[Any, Any, list[dict[str, Any]]]:
    """An empty database with a neighbourhood grid; return a visitor, their API client and payloads."""
    from django.test import Client

    clean_slate()
    bbox = create_neighborhood_grid(neighborhoods)
    visitor, token = bench_visitor()
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    return visitor, client, sample_visits(visits, bbox, seed=seed)


def sample_visits(count: int, bbox: tuple[float, ...], seed: int = 7) -> list[dict[str, Any]]:
    """count visit payloads (the API's JSON shape) at random points in bbox, over the last weeks."""
    from django.utils import timezone

    rng = random.Random(seed)
    now = timezone.now()
    return [
        {
            "client_uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "point": {
                "type": "Point",
                "coordinates": [
                    round(rng.uniform(bbox[0], bbox[2]), 6),
                    round(rng.uniform(bbox[1], bbox[3]), 6),
                ],
            },
            "gps_accuracy_m": 9.5,
            "visited_at": (now - timedelta(minutes=i)).isoformat(),
            "water": "unimproved",
            "sanitation": "improved",
            "housing": "semi_durable",
            "persons_per_room": 2.5,
            "tenure": "informal_deed",
            "child_labour": True,
            "notes": "بازدید آزمایشی",
        }
        for i in range(count)
    ]


def insert_visits_sql(payloads: list[dict[str, Any]], visitor_id: int) -> None:
    """The baseline: the same rows with one executemany; the table's trigger places them.

    Give it another visitor than the API's: the same visits by the same visitor would make every
    visit the API stores a near-duplicate of a baseline row (flagged, with the row it repeats).
    """
    from django.db import connection

    rows = [
        (
            str(uuid.uuid4()),  # fresh UUIDs: the baseline may run beside the API on the same payloads
            "POINT({} {})".format(*p["point"]["coordinates"]),
            p["gps_accuracy_m"],
            p["visited_at"],
            visitor_id,
            p["notes"],
        )
        for p in payloads
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO surveys_visit (client_uuid, point, gps_accuracy_m, visited_at, received_at,"
            " visitor_id, form_version, water, sanitation, housing, persons_per_room, tenure,"
            " electricity, waste, child_labour, extra, notes, content_sha256)"
            " VALUES (%s, ST_GeomFromText(%s, 4326), %s, %s, now(), %s, '1', 'unimproved', 'improved',"
            " 'semi_durable', 2.5, 'informal_deed', '', '', true, '{}', %s, '')",
            rows,
        )


def settle_visits() -> None:
    """Do the visits table's upkeep now (untimed): on two cores an autovacuum of rows written by
    one side of a comparison would otherwise run beside the other side's turn."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_visit")


def insert_partners(count: int, box: tuple[float, ...]) -> None:
    """Insert count active partners of every kind at random points in box (lon/lat)."""
    from django.db import connection

    from backend.partners.models import PartnerKind

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO partners_partner (kind, name, name_search, point, address, services,
                                          is_active, contact_name, phone, created_at, updated_at)
            SELECT (%s::text[])[1 + (i %% %s)], 'partner ' || i, 'partner ' || i,
                   ST_SetSRID(ST_MakePoint(%s + random() * %s, %s + random() * %s), 4326),
                   '', ARRAY['food']::varchar[], true, '', '', now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [
                PartnerKind.values,
                len(PartnerKind.values),
                box[0],
                box[2] - box[0],
                box[1],
                box[3] - box[1],
                count,
            ],
        )
        cursor.execute("ANALYZE partners_partner")


ANSWER = "(ARRAY[{}])[1 + floor(random() * {})::int]"


def insert_neighbourhood_visits(count: int, visitor_id: int) -> None:
    """Insert count visits with random answers spread over every neighbourhood, in one statement.

    The neighbourhood is set directly (the placing trigger is off meanwhile):
    each point lies near its neighbourhood's centre, well inside it.
    """
    from django.db import connection

    def pick(*values: str) -> str:
        return ANSWER.format(", ".join(values), len(values))

    flag = pick("NULL::boolean", "true", "false")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE surveys_visit DISABLE TRIGGER USER")
        cursor.execute(
            f"""
            WITH n AS (
                SELECT id, ST_X(ST_Centroid(boundary)) AS x, ST_Y(ST_Centroid(boundary)) AS y,
                       row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total
                FROM surveys_neighborhood
            )
            INSERT INTO surveys_visit (client_uuid, point, gps_accuracy_m, visited_at, received_at,
                form_version, water, sanitation, housing, persons_per_room, tenure, electricity, waste,
                child_labour, addiction, scavenging, female_headed_households, unemployment,
                extra, notes, content_sha256, neighborhood_id, visitor_id)
            SELECT gen_random_uuid(),
                   ST_SetSRID(ST_MakePoint(n.x + (random() - 0.5) * 0.002,
                                           n.y + (random() - 0.5) * 0.002), 4326),
                   8, now() - random() * interval '700 days', now(), 'bench',
                   {pick("''", "'improved'", "'unimproved'", "'none'")},
                   {pick("''", "'improved'", "'unimproved'", "'open_defecation'")},
                   {pick("''", "'durable'", "'semi_durable'", "'non_durable'")},
                   round((random() * 6)::numeric, 1),
                   {pick("''", "'formal_deed'", "'informal_deed'", "'rented'", "'none'")},
                   {pick("''", "'legal'", "'informal'", "'none'")},
                   {pick("''", "'regular'", "'irregular'", "'none'")},
                   {flag}, {flag}, {flag}, {flag}, {flag},
                   '{{}}', '', '0', n.id, %s
            FROM generate_series(0, %s - 1) AS g JOIN n ON n.k = g %% n.total
            """,
            [visitor_id, count],
        )
        cursor.execute("ALTER TABLE surveys_visit ENABLE TRIGGER USER")
        cursor.execute("ANALYZE surveys_visit")


def load_visits(neighborhoods: int, visits: int) -> tuple[Any, float]:
    """Start clean with a grid of neighbourhoods and visits spread over them; return (visitor, seconds)."""
    clean_slate()
    create_neighborhood_grid(neighborhoods)
    visitor, _token = bench_visitor()
    started = time.perf_counter()
    insert_neighbourhood_visits(visits, visitor.pk)
    return visitor, time.perf_counter() - started


def percentile(samples: list[float], share: float) -> float:
    """Return the value below which share (0–1) of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


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


def recompute_against_raw(profile: Any, rounds: int = 5) -> tuple[float, float]:
    """(raw SQL aggregate, full recompute) seconds, each the median of rounds runs taken turn
    about after one warm-up (a noisy minute on a shared machine then falls on both): the
    recompute's own visit aggregate alone, then scores_recompute under profile."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from backend.planning import selectors, services

    def raw_aggregate() -> float:
        start = time.perf_counter()
        now = timezone.now()
        params = selectors.aggregate_params(
            crowding=settings.CROWDING_PERSONS_PER_ROOM,
            since=now - timedelta(days=settings.SCORE_WINDOW_DAYS),
            until=now,
        )
        with connection.cursor() as cursor:
            cursor.execute(selectors.AGGREGATE_SQL, params)
            cursor.fetchall()
        return time.perf_counter() - start

    def recompute() -> float:
        start = time.perf_counter()
        services.scores_recompute(profiles=[profile])
        return time.perf_counter() - start

    raw_aggregate()  # warm the cache once, so both read the same pages from memory
    turns = [(raw_aggregate(), recompute()) for _ in range(rounds)]
    return statistics.median(t[0] for t in turns), statistics.median(t[1] for t in turns)


def scoring_workload(neighborhoods: int, visits: int, partners: int) -> tuple[tuple[float, ...], Any, float]:
    """An empty database filled for scoring: the grid, visits spread over it, partners and the
    default profile; return the grid's bbox, the profile and the seconds the load took."""
    from backend.planning import selectors
    from backend.planning.models import WeightProfile
    from geo.scoring import DEFAULT_WEIGHTS

    clean_slate()
    bbox = create_neighborhood_grid(neighborhoods)
    visitor, _token = bench_visitor()
    started = time.perf_counter()
    insert_neighbourhood_visits(visits, visitor.pk)
    insert_partners(partners, bbox)
    load_s = time.perf_counter() - started
    # clean_slate's TRUNCATE … CASCADE reaches the profiles (they name their author).
    profile = selectors.profile_default() or WeightProfile.objects.create(
        name="default", weights=DEFAULT_WEIGHTS, is_default=True
    )
    return bbox, profile, load_s


def scored_map_workload(
    neighborhoods: int, visits: int, partners: int, *, planner: str
) -> tuple[tuple[float, ...], Any]:
    """scoring_workload, scored, and a planner (password bench-password-1405) to look at its maps:
    return the grid's bbox and the planner."""
    from backend.accounts.services import user_create
    from backend.planning.services import scores_recompute

    bbox, _profile, _load_s = scoring_workload(neighborhoods, visits, partners)
    scores_recompute()
    user = user_create(username=planner, role="planner", password="bench-password-1405")  # noqa: S106
    return bbox, user
