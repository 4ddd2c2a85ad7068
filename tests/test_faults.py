"""Nothing lost, nothing doubled: 2,000 visits synced through gunicorn while it is killed and
requests are cut off at random, then retried the way the field app retries."""

import random
import threading
import uuid

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from backend.surveys.models import Visit
from tests.factories import UserFactory, visit_payload
from tests.servers import Server

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the server must see committed rows
    pytest.mark.slow,
]

VISITS, BATCH, KILLS = 2_000, 50, 3


@pytest.fixture
def server():
    running = Server()
    running.start()
    yield running
    running.kill()


def test_two_thousand_visits_survive_kills_and_dropped_requests(server):
    visitor = UserFactory()
    token = Token.objects.create(user=visitor).key
    connection.close()  # the server has its own connections; ours must not hold locks
    rng = random.Random(1405)
    visits = [visit_payload(client_uuid=str(uuid.uuid4())) for _ in range(VISITS)]
    batches = [visits[i : i + BATCH] for i in range(0, VISITS, BATCH)]
    kill_after = set(rng.sample(range(5, len(batches) - 1), KILLS))
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    attempts = cut = 0
    for number, batch in enumerate(batches):
        killer = None
        if number in kill_after:  # kill the server a few milliseconds into this batch
            killer = threading.Timer(rng.uniform(0.005, 0.08), server.kill)
            killer.start()
        settled = False
        while not settled:
            attempts += 1
            # One request in four is cut off after 20 ms: the server may or may not have stored it.
            timeout = 0.02 if rng.random() < 0.25 else 30
            try:
                response = session.post(
                    f"{server.url}/api/v1/visits/sync/", json={"visits": batch}, timeout=timeout
                )
            except requests.RequestException:
                cut += 1
                if killer is not None:
                    killer.join()
                if server.process.poll() is not None:
                    server.start()
                continue
            assert response.status_code == 200, response.text[:300]
            statuses = {r["status"] for r in response.json()["results"]}
            assert statuses <= {"created", "duplicate"}
            settled = True
        if killer is not None:  # the kill may have come just after the answer
            killer.join()
            if server.process.poll() is not None:
                server.start()
    assert cut > 0  # the test did cut requests off
    stored = Visit.objects.filter(visitor=visitor)
    assert stored.count() == VISITS
    assert set(stored.values_list("client_uuid", flat=True)) == {uuid.UUID(v["client_uuid"]) for v in visits}
    print(f"{attempts} requests for {len(batches)} batches, {cut} cut off, {KILLS} kills")
