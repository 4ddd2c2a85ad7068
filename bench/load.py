"""make load: visitors syncing, planners opening maps, coordinators looking partners up, at once.

Against gunicorn on loopback (2 workers, plain settings, DEBUG off) over a
throwaway database of 500 neighbourhoods, 5,000 partners and 20,000 visits, for
LOAD_SECONDS (default 60). Reports requests per second, p50/p95/p99 latency and
errors per kind of request; any error (a 4xx or 5xx, a dropped connection) fails.
"""

import os
import random
import sys
import threading
import time
import uuid
from collections import defaultdict
from typing import Any

import requests

from bench.common import (
    bench_visitor,
    clean_slate,
    create_neighborhood_grid,
    fresh_database,
    insert_neighbourhood_visits,
    insert_partners,
    machine,
    percentile,
    sample_visits,
    setup_django,
)
from tests.servers import Server

DURATION = int(os.environ.get("LOAD_SECONDS", "60"))
VISITORS, PLANNERS, COORDINATORS = 6, 2, 2
PASSWORD = "load-password-1405"  # noqa: S105 (a throwaway database)


class Results:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def record(self, kind: str, started: float, response: requests.Response | None, error: str = "") -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            if response is not None and response.ok:
                self.latencies[kind].append(elapsed)
            else:
                self.errors[kind].append(error or f"{response.status_code} {response.text[:120]}")


def timed(results: Results, kind: str, send: Any, url: str, **options: Any) -> None:
    """Send one request and record how long it took, or what went wrong."""
    started = time.perf_counter()
    try:
        results.record(kind, started, send(url, allow_redirects=False, timeout=60, **options))
    except requests.RequestException as exc:
        results.record(kind, started, None, repr(exc))


def visitor_loop(
    base: str, token: str, bbox: tuple[float, ...], deadline: float, results: Results, seed: int
) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        batch = sample_visits(10, bbox, seed=rng.randrange(1 << 30))
        for visit in batch:
            visit["client_uuid"] = str(uuid.uuid4())
        timed(
            results,
            "visitor: sync 10 visits",
            session.post,
            f"{base}/api/v1/visits/sync/",
            json={"visits": batch},
        )


def planner_loop(base: str, bbox: tuple[float, ...], deadline: float, results: Results, seed: int) -> None:
    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    form = {
        "username": "load_planner",
        "password": PASSWORD,
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    referer = {"Referer": f"{base}/accounts/login/"}
    signed_in = session.post(f"{base}/accounts/login/", data=form, headers=referer, allow_redirects=False)
    if signed_in.status_code != 302:
        raise RuntimeError(f"the planner could not sign in: {signed_in.status_code}")
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        timed(results, "planner: priority map", session.get, f"{base}/maps/priority/map/")
        for _ in range(8):  # a map view asks for several tiles
            z = rng.choice([13, 14, 15])
            x, y = _tile(rng.uniform(bbox[0], bbox[2]), rng.uniform(bbox[1], bbox[3]), z)
            timed(results, "planner: visit tile", session.get, f"{base}/tiles/visits/{z}/{x}/{y}.pbf")


def coordinator_loop(
    base: str, token: str, bbox: tuple[float, ...], deadline: float, results: Results, seed: int
) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        place = {"lat": rng.uniform(bbox[1], bbox[3]), "lon": rng.uniform(bbox[0], bbox[2]), "limit": 5}
        timed(
            results, "coordinator: nearest 5", session.get, f"{base}/api/v1/partners/nearest/", params=place
        )
        query = {"q": f"partner {rng.randrange(5000)}"}
        timed(results, "coordinator: name search", session.get, f"{base}/api/v1/partners/", params=query)


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    import math

    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def prepare() -> tuple[tuple[float, ...], list[str], str]:
    """Fill the throwaway database; return its bbox, visitor tokens and a coordinator token."""
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
    return bbox, tokens, Token.objects.create(user=coordinator).key


def main() -> None:
    setup_django()

    with fresh_database():
        bbox, tokens, coordinator = prepare()
        server = Server(workers=2)
        server.start()
        try:
            results = Results()
            deadline = time.monotonic() + DURATION
            threads = [
                *(
                    threading.Thread(target=visitor_loop, args=(server.url, t, bbox, deadline, results, i))
                    for i, t in enumerate(tokens)
                ),
                *(
                    threading.Thread(target=planner_loop, args=(server.url, bbox, deadline, results, 100 + i))
                    for i in range(PLANNERS)
                ),
                *(
                    threading.Thread(
                        target=coordinator_loop,
                        args=(server.url, coordinator, bbox, deadline, results, 200 + i),
                    )
                    for i in range(COORDINATORS)
                ),
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - started
        finally:
            server.stop()
    print(report(results, seconds))
    if any(results.errors.values()):
        sys.exit(1)


def report(results: Results, seconds: float) -> str:
    lines = [
        f"load: {VISITORS} visitors, {PLANNERS} planners, {COORDINATORS} coordinators for {seconds:.0f} s;"
        f" gunicorn 2 workers on loopback; {machine()}",
        f"  {'request':<28}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}",
    ]
    for kind in sorted(set(results.latencies) | set(results.errors)):
        times = results.latencies[kind] or [0.0]
        lines.append(
            f"  {kind:<28}{len(results.latencies[kind]):>7}{len(results.latencies[kind]) / seconds:>8.1f}"
            f"{percentile(times, 0.5):>9.1f}{percentile(times, 0.95):>9.1f}{percentile(times, 0.99):>9.1f}"
            f"{len(results.errors[kind]):>8}"
        )
    every = [t for times in results.latencies.values() for t in times]
    errors = sum(len(e) for e in results.errors.values())
    lines.append(
        f"  {'all':<28}{len(every):>7}{len(every) / seconds:>8.1f}{percentile(every or [0.0], 0.5):>9.1f}"
        f"{percentile(every or [0.0], 0.95):>9.1f}{percentile(every or [0.0], 0.99):>9.1f}{errors:>8}"
    )
    for kind, found in results.errors.items():
        lines += [f"  error in {kind}: {message}" for message in found[:3]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
