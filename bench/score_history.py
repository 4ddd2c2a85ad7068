"""The score history after a year of daily recomputes: 2,000 neighbourhoods × 365 snapshots.

Ten real recomputes (``scores_recompute(as_of=…)``, one day apart, over 200,000 visits) write
their snapshots; the remaining 355 days are copies of those rows, re-dated, so the table holds
what a year of daily recomputes writes without running 365 of them here. Reported: the rows,
the table's size with its index, and the p95 of one neighbourhood's history — through the
selector and through the API — against the same query in raw SQL.
"""

import random
from datetime import timedelta
from functools import partial

from bench.common import load_visits, percentile, timed

NEIGHBORHOODS = 2_000
VISITS = 200_000
DAYS = 365
REAL = 10  # recomputes actually run; the other days are their rows re-dated
SAMPLES = 200


def run() -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create
    from backend.planning import selectors, services
    from backend.planning.models import ScoreSnapshot, WeightProfile
    from backend.surveys.models import Neighborhood
    from geo.scoring import DEFAULT_WEIGHTS

    _visitor, load_s = load_visits(NEIGHBORHOODS, VISITS)
    profile = selectors.profile_default() or WeightProfile.objects.create(
        name="default", weights=DEFAULT_WEIGHTS, is_default=True
    )
    now = timezone.now()
    recompute_s = [
        timed(partial(services.scores_recompute, profiles=[profile], as_of=now - timedelta(days=day)))
        for day in range(DAYS - 1, DAYS - 1 - REAL, -1)
    ]
    with connection.cursor() as cursor:
        # Day d's rows are copies of the real day d mod REAL, moved d days on.
        cursor.execute(
            """
            INSERT INTO planning_scoresnapshot (profile_id, neighborhood_id, computed_at, score, rank,
                confidence, visit_count, components)
            SELECT s.profile_id, s.neighborhood_id, s.computed_at + make_interval(days => k * %s),
                   s.score, s.rank, s.confidence, s.visit_count, s.components
            FROM planning_scoresnapshot s, generate_series(1, %s) AS k
            WHERE s.computed_at + make_interval(days => k * %s) < %s
            """,
            [REAL, DAYS // REAL + 1, REAL, now],
        )
        cursor.execute("ANALYZE planning_scoresnapshot")
        cursor.execute("SELECT pg_total_relation_size('planning_scoresnapshot')")
        size = cursor.fetchone()[0]
    rows = ScoreSnapshot.objects.count()
    ids = list(Neighborhood.objects.values_list("pk", flat=True))
    rng = random.Random(5)
    picks = [rng.choice(ids) for _ in range(SAMPLES)]
    places = Neighborhood.objects.in_bulk(picks)

    def orm(pk: int) -> None:
        list(selectors.score_history(neighborhood=places[pk], profile=profile))

    def raw(pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT computed_at, score, rank, confidence, visit_count, components"
                " FROM planning_scoresnapshot WHERE neighborhood_id = %s AND profile_id = %s"
                " ORDER BY computed_at",
                [pk, profile.pk],
            )
            cursor.fetchall()

    planner = user_create(username="bench-planner", role="planner", password="bench-password-1405")  # noqa: S106
    client = Client(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=planner).key}", HTTP_HOST="127.0.0.1"
    )

    def api(pk: int) -> None:
        response = client.get(f"/api/v1/neighborhoods/{pk}/scores/?page_size=500")
        assert response.status_code == 200, response.content[:200]

    result: dict[str, float] = {"load_s": load_s, "rows": rows, "bytes": size}
    result["recompute_s"] = sorted(recompute_s)[len(recompute_s) // 2]
    for name, fn in (("raw", raw), ("orm", orm), ("api", api)):
        fn(picks[0])  # warm
        result[f"{name}_p95"] = percentile([timed(partial(fn, pk)) for pk in picks], 0.95)
    return result


def report(r: dict[str, float]) -> str:
    per_row = r["bytes"] / r["rows"]
    return (
        f"score_history: {NEIGHBORHOODS:,} neighbourhoods × {DAYS} daily snapshots, {VISITS:,} visits"
        f" (loaded in {r['load_s']:.0f} s; one recompute with snapshots: median {r['recompute_s']:.2f} s)\n"
        f"  snapshot table: {int(r['rows']):,} rows, {r['bytes'] / 2**20:.0f} MiB with its index"
        f" ({per_row:.0f} bytes a row)\n"
        f"  one neighbourhood's history ({DAYS} rows), p95 of {SAMPLES}:"
        f" raw SQL {r['raw_p95'] * 1000:.1f} ms, selector {r['orm_p95'] * 1000:.1f} ms"
        f" ({r['orm_p95'] / r['raw_p95']:.1f}x), API {r['api_p95'] * 1000:.1f} ms"
        f" ({r['api_p95'] / r['raw_p95']:.1f}x)"
    )
