"""Recompute every score at 2,000 neighbourhoods × 1,000,000 visits (and 5,000 partners).

The baseline is the single raw SQL aggregate over the visits that the
recompute also runs; the recompute adds reading the kept coverage table, the scoring in Python
(geo.scoring), and writing 2,000 NeighborhoodScore rows and 2,000 ScoreSnapshot rows, in one
transaction. Coverage is measured apart: once in full after the bulk load (the KNN per
neighbourhood and partner kind), then for the neighbourhoods one partner edit touches.
Both read only the score window's visits (SCORE_WINDOW_DAYS); the visits span 700 days.
"""

import time

from bench.common import (
    recompute_against_raw,
    scoring_workload,
)

NEIGHBORHOODS = 2_000
VISITS = 1_000_000
PARTNERS = 5_000


def run() -> dict[str, float]:
    from django.contrib.gis.geos import Point

    from backend.partners.models import Partner
    from backend.partners.services import coverage_refresh, partner_update
    from backend.planning.models import NeighborhoodScore

    _bbox, profile, load_seconds = scoring_workload(NEIGHBORHOODS, VISITS, PARTNERS)

    started = time.perf_counter()
    coverage_refresh()  # the partners were inserted by SQL, behind the services' back
    coverage_full_s = time.perf_counter() - started

    def partner_edit(partner: Partner) -> float:
        start = time.perf_counter()
        point = Point(partner.point.x + 0.001, partner.point.y + 0.001, srid=4326)
        partner_update(partner=partner, data={"point": point})
        return time.perf_counter() - start

    edits = sorted(partner_edit(p) for p in Partner.objects.order_by("?")[:20])

    sql_s, recompute_s = recompute_against_raw(profile)
    scored = NeighborhoodScore.objects.filter(profile=profile, score__isnull=False).count()
    return {
        "load_s": load_seconds,
        "sql_s": sql_s,
        "recompute_s": recompute_s,
        "scored": scored,
        "coverage_full_s": coverage_full_s,
        "edit_p50_s": edits[len(edits) // 2],
        "edit_max_s": edits[-1],
    }


def report(r: dict[str, float]) -> str:
    return (
        f"scores_recompute: {NEIGHBORHOODS:,} neighbourhoods × {VISITS:,} visits, {PARTNERS:,} partners"
        f" (loaded in {r['load_s']:.0f} s)\n"
        f"  raw SQL aggregate alone:            {r['sql_s']:6.2f} s\n"
        f"  recompute (aggregate, kept coverage, scoring, writes): {r['recompute_s']:6.2f} s\n"
        f"  recompute / raw aggregate:          {r['recompute_s'] / r['sql_s']:6.2f}x (target ≤ 1.5x);"
        f"  neighbourhoods scored: {int(r['scored']):,}\n"
        f"  coverage measured in full once:     {r['coverage_full_s']:6.2f} s\n"
        f"  a partner moved (service, touched coverage only): p50 {r['edit_p50_s'] * 1000:.0f} ms,"
        f" max {r['edit_max_s'] * 1000:.0f} ms"
    )
