"""The load mix for `make load`, as Locust users: visitors syncing, planners on maps and tiles,
coordinators looking partners up, a supervisor reviewing. bench/load.py prepares the database
and the server and runs Locust headless with this file; LOAD_CONFIG names the JSON it wrote
(the grid's bbox and the accounts' tokens)."""

import itertools
import json
import math
import os
import random
import uuid
from collections import defaultdict

from locust import HttpUser, between, task

from bench.common import sample_visits

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"]).read())  # noqa: SIM115 (read once, at import)
BBOX = CONFIG["bbox"]
_NEXT: defaultdict[str, itertools.count] = defaultdict(itertools.count)  # per role: the next token


def _place(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(BBOX[0], BBOX[2]), rng.uniform(BBOX[1], BBOX[3])


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


class _Signed(HttpUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        self.rng = random.Random(id(self))
        tokens = CONFIG["tokens"][self.role]
        self.client.headers["Authorization"] = f"Token {tokens[next(_NEXT[self.role]) % len(tokens)]}"


class Visitor(_Signed):
    """Sends what the phone kept: ten visits at a time."""

    fixed_count = 6
    role = "visitor"
    wait_time = between(0.5, 1.5)

    @task
    def sync(self) -> None:
        batch = sample_visits(10, tuple(BBOX), seed=self.rng.randrange(1 << 30))
        for visit in batch:
            visit["client_uuid"] = str(uuid.uuid4())
        self.client.post("/api/v1/visits/sync/", json={"visits": batch}, name="visitor: sync 10 visits")


class Planner(HttpUser):
    """Opens the priority map (signed in, as a browser does) and pans: tiles of both layers."""

    fixed_count = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.rng = random.Random(id(self))
        self.client.get("/accounts/login/", name="planner: sign in")
        form = {
            "username": CONFIG["planner"],
            "password": CONFIG["password"],
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"],
        }
        referer = {"Referer": f"{self.host}/accounts/login/"}
        with self.client.post(
            "/accounts/login/",
            data=form,
            headers=referer,
            allow_redirects=False,
            catch_response=True,
            name="planner: sign in",
        ) as response:
            if response.status_code != 302:
                response.failure(f"could not sign in: {response.status_code}")

    @task
    def map_view(self) -> None:
        self.client.get("/maps/priority/map/", name="planner: priority map")
        for _ in range(8):  # a map view asks for several tiles
            z = self.rng.choice([13, 14, 15])
            x, y = _tile(*_place(self.rng), z)
            self.client.get(f"/tiles/visits/{z}/{x}/{y}.pbf", name="planner: visit tile")
            self.client.get(f"/tiles/neighborhoods/{z}/{x}/{y}.pbf", name="planner: neighbourhood tile")


class Coordinator(_Signed):
    """Looks partners up near a place and by name."""

    fixed_count = 2
    role = "coordinator"
    wait_time = between(0.5, 1.5)

    @task
    def nearest(self) -> None:
        lon, lat = _place(self.rng)
        self.client.get(
            "/api/v1/partners/nearest/",
            params={"lat": lat, "lon": lon, "limit": 5},
            name="coordinator: nearest 5",
        )

    @task
    def search(self) -> None:
        query = {"q": f"partner {self.rng.randrange(5000)}"}
        self.client.get("/api/v1/partners/", params=query, name="coordinator: name search")


class Supervisor(_Signed):
    """Works through the review queue: the oldest received visit, then a decision on it."""

    fixed_count = 1
    role = "supervisor"
    wait_time = between(1, 2)

    @task
    def review(self) -> None:
        queue = self.client.get(
            "/api/v1/visits/", params={"review_state": "received", "page_size": 5}, name="supervisor: queue"
        )
        features = queue.json().get("features", []) if queue.ok else []  # a GeoJSON page
        if not features:
            return
        visit = self.rng.choice(features)
        state = self.rng.choice(["approved", "approved", "has_issues", "rejected"])
        with self.client.post(
            f"/api/v1/visits/{visit['id']}/review/",
            json={"state": state, "note": "load test", "version": visit["properties"]["version"]},
            name="supervisor: decide",
            catch_response=True,
        ) as response:
            if response.status_code == 409:  # another supervisor decided first: the queue moved on
                response.success()
