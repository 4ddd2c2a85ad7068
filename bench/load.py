"""make load: Locust, headless, against gunicorn on loopback — visitors syncing, planners on the
priority map and its tiles, coordinators looking partners up, a supervisor reviewing, at once.

Gunicorn runs 2 workers with the plain settings (DEBUG off) over a throwaway database of 500
neighbourhoods, 5,000 partners and 20,000 visits, for LOAD_SECONDS (default 60). The users are
in bench/locustfile.py. Locust prints requests per second and p50/p95/p99 per kind of request;
any failed request (a 4xx or 5xx, a dropped connection) makes the run fail.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import (
    bench_visitor,
    clean_slate,
    create_neighborhood_grid,
    fresh_database,
    insert_neighbourhood_visits,
    insert_partners,
    machine,
    setup_django,
)
from tests.servers import Server

DURATION = int(os.environ.get("LOAD_SECONDS", "60"))
VISITORS = 6  # as many as locustfile.Visitor.fixed_count: one token each
PASSWORD = "load-password-1405"  # noqa: S105 (a throwaway database)
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def prepare() -> dict[str, Any]:
    """Fill the throwaway database; return what the Locust users need (bbox, accounts, tokens)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from rest_framework.authtoken.models import Token

    from backend.accounts.services import user_create
    from backend.planning.models import WeightProfile
    from backend.planning.services import scores_recompute
    from geo.scoring import DEFAULT_WEIGHTS

    clean_slate()
    bbox = create_neighborhood_grid(500)
    owner, _token = bench_visitor()
    insert_neighbourhood_visits(20_000, owner.pk)
    insert_partners(5_000, bbox)
    WeightProfile.objects.get_or_create(
        is_default=True, defaults={"name": "default", "weights": DEFAULT_WEIGHTS}
    )
    scores_recompute()
    tokens = [
        Token.objects.create(user=user_create(username=f"load_v{i}", role="visitor", password=PASSWORD)).key
        for i in range(VISITORS)
    ]
    planner = user_create(username="load_planner", role="planner", password=PASSWORD)
    # The server runs the plain settings, whose password hashers differ from the tests' fast one.
    planner.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    planner.save(update_fields=["password"])
    coordinator = user_create(username="load_coordinator", role="coordinator", password=PASSWORD)
    supervisor = user_create(username="load_supervisor", role="supervisor", password=PASSWORD)
    return {
        "bbox": list(bbox),
        "planner": planner.username,
        "password": PASSWORD,
        "tokens": {
            "visitor": tokens,
            "coordinator": [Token.objects.create(user=coordinator).key],
            "supervisor": [Token.objects.create(user=supervisor).key],
        },
    }


def main() -> None:
    setup_django()
    with fresh_database(), tempfile.TemporaryDirectory(prefix="mahalleh-load-") as folder:
        config = Path(folder) / "load.json"
        config.write_text(json.dumps(prepare()))
        server = Server(workers=2)
        server.start()
        try:
            print(
                f"load: Locust for {DURATION} s against gunicorn (2 workers) on loopback; {machine()}",
                flush=True,
            )
            locust = [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--only-summary",
                "--users",
                "11",
                "--spawn-rate",
                "11",
                "--run-time",
                f"{DURATION}s",
                "--host",
                server.url,
                "--stop-timeout",
                "10",
            ]
            result = subprocess.run(locust, env={**os.environ, "LOAD_CONFIG": str(config)}, check=False)
        finally:
            server.stop()
    sys.exit(result.returncode)  # Locust's: 1 when any request failed


if __name__ == "__main__":
    main()
