"""The review queue and the review-filtered recompute at 2,000 neighbourhoods × 1,000,000 visits.

The visits get a realistic review history: 60 % approved, 32 % received, 5 % has issues,
3 % rejected; 10 % carry a quality flag. Measured side by side in this run:

- the queue's first page (50 visits in state ``received``, flagged first, oldest first, as
  ``selectors.visit_list`` builds it for a supervisor, with its photos, partners and last
  review note) and three of its filters, p95 against the same page in raw SQL;
- the recompute's aggregate over the counted-visits view against the same aggregate over
  every visit, as it ran before reviews existed.
"""

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.common import load_visits, percentile, timed

NEIGHBORHOODS = 2_000
VISITS = int(os.environ.get("BENCH_REVIEW_VISITS", 1_000_000))
RUNS = 30

# From a hash of the id: the same mix on every run, and no pattern shared with how the visits
# were spread over neighbourhoods (by id modulo their number). One pass, no join.
STATES_SQL = """
    UPDATE surveys_visit SET
        review_state = CASE WHEN h < 60 THEN 'approved' WHEN h < 92 THEN 'received'
                            WHEN h < 97 THEN 'has_issues' ELSE 'rejected' END,
        quality_flags = CASE WHEN h % 10 = 3 THEN ARRAY['poor_gps'] ELSE '{}' END,
        received_at = visited_at + (h % 72) * interval '1 hour'
    FROM (SELECT id AS vid, abs(hashint8(id)) % 100 AS h FROM surveys_visit) AS mix WHERE id = mix.vid
"""
# The raw baseline fetches what the page shows too: the visits, then their photos and partners.
RAW_QUEUE_SQL = """
    SELECT v.*, u.username,
           (SELECT note FROM surveys_visitevent e WHERE e.visit_id = v.id AND e.kind = 'review'
             ORDER BY e.at DESC, e.id DESC LIMIT 1) AS review_note
      FROM surveys_visit v JOIN accounts_user u ON u.id = v.visitor_id
     WHERE v.review_state = 'received' {extra}
     ORDER BY v.flag_count DESC, v.received_at, v.id LIMIT 50
"""

RAW_PHOTOS_SQL = "SELECT * FROM surveys_visitphoto WHERE visit_id = ANY(%s) ORDER BY created_at, id"
RAW_PARTNERS_SQL = "SELECT visit_id, partner_id FROM surveys_visit_partners_met WHERE visit_id = ANY(%s)"


def _p95(fn: Callable[[], object]) -> float:
    return percentile([timed(fn) for _ in range(RUNS)], 0.95)


def run() -> dict[str, float]:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from backend.accounts.services import user_create
    from backend.planning import selectors as planning
    from backend.surveys import selectors

    visitor, load_seconds = load_visits(NEIGHBORHOODS, VISITS)
    with connection.cursor() as cursor:
        cursor.execute(STATES_SQL)
        cursor.execute("VACUUM ANALYZE surveys_visit")
        cursor.execute("SELECT min(neighborhood_id) FROM surveys_visit")
        neighborhood = cursor.fetchone()[0]
    supervisor = user_create(username="bench-supervisor", role="supervisor", password="bench-password-1405")  # noqa: S106

    cases = {
        "first page": ({}, ""),
        "flag=poor_gps": ({"flag": ["poor_gps"]}, "AND v.quality_flags && ARRAY['poor_gps']::varchar[]"),
        "one neighbourhood": ({"neighborhood": neighborhood}, f"AND v.neighborhood_id = {neighborhood}"),
        "one visitor": ({"visitor": visitor.username}, f"AND u.username = '{visitor.username}'"),
    }
    result: dict[str, float] = {"load_s": load_seconds}
    for name, (filters, extra) in cases.items():

        def orm(filters: dict[str, Any] = filters) -> None:
            query = {"review_state": ["received"], "order": "queue", **filters}
            list(selectors.visit_list(user=supervisor, filters=query)[:50])

        def raw(extra: str = extra) -> None:
            with connection.cursor() as cursor:
                cursor.execute(RAW_QUEUE_SQL.format(extra=extra))
                ids = [row[0] for row in cursor.fetchall()]
                cursor.execute(RAW_PHOTOS_SQL, [ids])
                cursor.fetchall()
                cursor.execute(RAW_PARTNERS_SQL, [ids])
                cursor.fetchall()

        orm()
        raw()  # warm both
        result[f"{name}|orm"] = _p95(orm)
        result[f"{name}|raw"] = _p95(raw)

    now = timezone.now()
    crowding = planning.aggregate_params(
        crowding=settings.CROWDING_PERSONS_PER_ROOM,
        since=now - timedelta(days=settings.SCORE_WINDOW_DAYS),
        until=now,
    )
    before_sql = planning.AGGREGATE_SQL.replace("surveys_counted_visit", "surveys_visit")

    def aggregate(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, crowding)
            cursor.fetchall()

    aggregate(before_sql)  # warm the cache once, so both read the same pages from memory
    result["aggregate_before_s"] = min(timed(lambda: aggregate(before_sql)) for _ in range(3))
    result["aggregate_counted_s"] = min(timed(lambda: aggregate(planning.AGGREGATE_SQL)) for _ in range(3))
    return result


def report(r: dict[str, float]) -> str:
    lines = [
        f"review_queue: {NEIGHBORHOODS:,} neighbourhoods × {VISITS:,} visits (loaded in {r['load_s']:.0f} s)",
        "  queue page (50 received, flagged first, with photos and partners)",
        f"  {'':<40} {'p95 ORM':>10}  {'p95 raw SQL':>10}  ratio",
    ]
    for key in [k for k in r if k.endswith("|orm")]:
        name = key.split("|")[0]
        orm, raw = r[key], r[f"{name}|raw"]
        lines.append(f"  {name:<40} {orm * 1000:7.1f} ms  {raw * 1000:7.1f} ms  {orm / raw:5.2f}x")
    before, counted = r["aggregate_before_s"], r["aggregate_counted_s"]
    lines.append(
        f"  score aggregate: every visit {before:.2f} s, counted visits only {counted:.2f} s,"
        f" ratio {counted / before:.2f}x"
    )
    return "\n".join(lines)
