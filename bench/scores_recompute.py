"""Recompute every score at 2,000 neighbourhoods × 1,000,000 visits (and 5,000 partners).

The baseline is the single raw SQL aggregate over the visits that the
recompute also runs; the recompute adds the coverage query (KNN per
neighbourhood and partner kind), the scoring in Python (geo.scoring), and
writing 2,000 NeighborhoodScore rows and 2,000 ScoreSnapshot rows, in one transaction.
Both read only the score window's visits (SCORE_WINDOW_DAYS); the visits span 700 days.
"""

import time
from datetime import timedelta

from bench.common import (
    bench_visitor,
    clean_slate,
    create_neighborhood_grid,
    insert_neighbourhood_visits,
    insert_partners,
)

NEIGHBORHOODS = 2_000
VISITS = 1_000_000
PARTNERS = 5_000


def run() -> dict[str, float]:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from backend.planning import selectors, services
    from backend.planning.models import NeighborhoodScore, WeightProfile
    from geo.scoring import DEFAULT_WEIGHTS

    clean_slate()
    bbox = create_neighborhood_grid(NEIGHBORHOODS)
    visitor, _token = bench_visitor()
    started = time.perf_counter()
    insert_neighbourhood_visits(VISITS, visitor.pk)
    insert_partners(PARTNERS, bbox)
    load_seconds = time.perf_counter() - started
    # clean_slate's TRUNCATE … CASCADE reaches the profiles (they name their author).
    profile = selectors.profile_default() or WeightProfile.objects.create(
        name="default", weights=DEFAULT_WEIGHTS, is_default=True
    )

    def raw_aggregate() -> float:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            now = timezone.now()
            window = timedelta(days=settings.SCORE_WINDOW_DAYS)
            params = selectors.aggregate_params(
                crowding=settings.CROWDING_PERSONS_PER_ROOM, since=now - window, until=now
            )
            cursor.execute(selectors.AGGREGATE_SQL, params)
            cursor.fetchall()
        return time.perf_counter() - start

    def recompute() -> float:
        start = time.perf_counter()
        services.scores_recompute(profiles=[profile])
        return time.perf_counter() - start

    raw_aggregate()  # warm the cache once, so both runs read the same pages from memory
    sql_s = min(raw_aggregate() for _ in range(2))
    recompute_s = min(recompute() for _ in range(2))
    scored = NeighborhoodScore.objects.filter(profile=profile, score__isnull=False).count()
    return {"load_s": load_seconds, "sql_s": sql_s, "recompute_s": recompute_s, "scored": scored}


def report(r: dict[str, float]) -> str:
    return (
        f"scores_recompute: {NEIGHBORHOODS:,} neighbourhoods × {VISITS:,} visits, {PARTNERS:,} partners"
        f" (loaded in {r['load_s']:.0f} s)\n"
        f"  raw SQL aggregate alone:            {r['sql_s']:6.2f} s\n"
        f"  recompute (aggregate + coverage + scoring + writes with snapshots): {r['recompute_s']:6.2f} s\n"
        f"  recompute / raw aggregate:          {r['recompute_s'] / r['sql_s']:6.2f}x;"
        f"  neighbourhoods scored: {int(r['scored']):,}"
    )
