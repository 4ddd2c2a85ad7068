"""Create 10,000 visits against 2,000 neighbourhoods: through the API, and through raw SQL.

The API path is the whole stack in-process (Django test client: middleware,
token auth, JSON parsing, validation, the submit service, the database trigger
that assigns the neighbourhood), one request per visit as a phone would send.
The baseline inserts the same rows with executemany in one transaction; the
same trigger assigns their neighbourhoods.
"""

import json
import random
import uuid
from datetime import timedelta

from bench.common import create_neighborhood_grid, timed

VISITS = 10_000
NEIGHBORHOODS = 2_000


def run() -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create
    from backend.surveys.models import Visit

    rng = random.Random(7)
    bbox = create_neighborhood_grid(NEIGHBORHOODS)
    visitor = user_create(username="bench", role="visitor", password="bench-password-1405")  # noqa: S106
    token = Token.objects.create(user=visitor).key
    now = timezone.now()

    def point() -> tuple[float, float]:
        return round(rng.uniform(bbox[0], bbox[2]), 6), round(rng.uniform(bbox[1], bbox[3]), 6)

    bodies = [
        json.dumps(
            {
                "client_uuid": str(uuid.uuid4()),
                "point": {"type": "Point", "coordinates": list(point())},
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
        )
        for i in range(VISITS)
    ]
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")

    def through_api() -> None:
        for body in bodies:
            response = client.post("/api/v1/visits/", body, content_type="application/json")
            if response.status_code != 201:
                raise RuntimeError(f"API refused a bench visit: {response.status_code} {response.content!r}")

    rows = [
        (uuid.uuid4(), f"POINT({x} {y})", 9.5, now - timedelta(minutes=i), now, visitor.pk)
        for i, (x, y) in enumerate(point() for _ in range(VISITS))
    ]

    def through_sql() -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO surveys_visit (client_uuid, point, gps_accuracy_m, visited_at, received_at,"
                " visitor_id, form_version, water, sanitation, housing, persons_per_room, tenure,"
                " electricity, waste, child_labour, extra, notes, content_sha256)"
                " VALUES (%s, ST_GeomFromText(%s, 4326), %s, %s, %s, %s, '1', 'unimproved', 'improved',"
                " 'semi_durable', 2.5, 'informal_deed', '', '', true, '{}', 'بازدید آزمایشی', '')",
                rows,
            )

    sql_seconds = timed(through_sql)
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
