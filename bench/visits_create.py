"""Create 10,000 visits against 2,000 neighbourhoods: one POST per visit, and raw SQL.

The API path is the whole stack in-process (Django test client: middleware,
token auth, JSON parsing, validation, the submit service, the database trigger
that assigns the neighbourhood), one request per visit as a script would send.
The baseline inserts the same rows with executemany in one transaction; the
same trigger assigns their neighbourhoods.
"""

import json

from bench.common import bench_visitor, insert_visits_sql, settle_visits, timed, visit_workload

VISITS = 10_000
NEIGHBORHOODS = 2_000


def run() -> dict[str, float]:
    from backend.surveys.models import Visit

    _visitor, client, payloads = visit_workload(VISITS, NEIGHBORHOODS, seed=7)
    bodies = [json.dumps(p) for p in payloads]

    def through_api() -> None:
        for body in bodies:
            response = client.post("/api/v1/visits/", body, content_type="application/json")
            if response.status_code != 201:
                raise RuntimeError(f"API refused a bench visit: {response.status_code} {response.content!r}")

    baseline, _token = bench_visitor("bench_baseline")
    sql_seconds = timed(lambda: insert_visits_sql(payloads, baseline.pk))
    settle_visits()
    api_seconds = timed(through_api)
    assigned = Visit.objects.filter(neighborhood__isnull=False).count()
    return {
        "api_visits_per_s": VISITS / api_seconds,
        "sql_visits_per_s": VISITS / sql_seconds,
        "api_to_sql_ratio": sql_seconds / api_seconds,
        "assigned_share": assigned / (2 * VISITS),
    }


def report(result: dict[str, float]) -> str:
    return (
        f"visits_create: {VISITS:,} visits x {NEIGHBORHOODS:,} neighbourhoods\n"
        f"  API (one POST per visit): {result['api_visits_per_s']:8.0f} visits/s\n"
        f"  raw SQL executemany:      {result['sql_visits_per_s']:8.0f} visits/s\n"
        f"  API / raw SQL:            {result['api_to_sql_ratio']:8.1%}\n"
        f"  visits placed in a neighbourhood: {result['assigned_share']:.1%}"
    )
