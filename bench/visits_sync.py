"""Sync 20,000 visits in batches of 200 against 2,000 neighbourhoods, and the same rows by raw SQL.

The endpoint path is the whole stack in-process (Django test client:
middleware, token auth, JSON parsing, per-item validation, the batch submit
service with its duplicate check, the database trigger that places each
visit). The baseline inserts the same rows with executemany in one
transaction; the same trigger places them. The two take turns, 2,000 visits
at a time. A second pass re-sends every batch, as a phone that lost the
answers would, and must store nothing new.
"""

import json
from functools import partial

from bench.common import bench_visitor, insert_visits_sql, settle_visits, timed, visit_workload

VISITS = 20_000
BATCH = 200
ROUND = 2_000  # visits per turn of each side
NEIGHBORHOODS = 2_000


def run() -> dict[str, float]:
    from backend.surveys.models import Visit

    _visitor, client, payloads = visit_workload(VISITS, NEIGHBORHOODS, seed=11)
    bodies = [json.dumps({"visits": payloads[i : i + BATCH]}) for i in range(0, VISITS, BATCH)]

    def through_endpoint(batches: list[str], expected: str) -> None:
        for body in batches:
            response = client.post("/api/v1/visits/sync/", body, content_type="application/json")
            statuses = (
                {r["status"] for r in response.json()["results"]} if response.status_code == 200 else None
            )
            if statuses != {expected}:
                raise RuntimeError(f"sync answered {response.status_code} {statuses}, expected {expected}")

    # Turn about, a round of each at a time, so that a noisy minute on a shared machine falls on
    # both sides alike and both write into a table of the same size.
    baseline, _token = bench_visitor("bench_baseline")
    sql_seconds = api_seconds = 0.0
    per_round = ROUND // BATCH
    for start in range(0, len(bodies), per_round):
        chunk = payloads[start * BATCH : (start + per_round) * BATCH]
        sql_seconds += timed(partial(insert_visits_sql, chunk, baseline.pk))
        api_seconds += timed(partial(through_endpoint, bodies[start : start + per_round], "created"))
    settle_visits()
    resend_seconds = timed(lambda: through_endpoint(bodies, "duplicate"))
    stored = Visit.objects.count()
    if stored != 2 * VISITS:
        raise RuntimeError(f"expected {2 * VISITS} stored visits, found {stored}")
    return {
        "api_visits_per_s": VISITS / api_seconds,
        "resend_visits_per_s": VISITS / resend_seconds,
        "sql_visits_per_s": VISITS / sql_seconds,
        "api_to_sql_ratio": sql_seconds / api_seconds,
        "assigned_share": Visit.objects.filter(neighborhood__isnull=False).count() / stored,
    }


def report(result: dict[str, float]) -> str:
    return (
        f"visits_sync: {VISITS:,} visits in batches of {BATCH} x {NEIGHBORHOODS:,} neighbourhoods\n"
        f"  sync endpoint:             {result['api_visits_per_s']:8.0f} visits/s\n"
        f"  raw SQL executemany:       {result['sql_visits_per_s']:8.0f} visits/s\n"
        f"  sync endpoint / raw SQL:   {result['api_to_sql_ratio']:8.1%}\n"
        f"  re-sending every batch:    {result['resend_visits_per_s']:8.0f} visits/s (all duplicates)\n"
        f"  visits placed in a neighbourhood: {result['assigned_share']:.1%}"
    )
