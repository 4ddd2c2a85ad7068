"""One definition of a visit that counts: a rejected visit leaves every reading, and comes back."""

import csv
import io
import json
import re
from datetime import timedelta
from html import unescape

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from backend.accounts.models import Role
from backend.planning import selectors
from backend.planning.models import NeighborhoodScore
from backend.surveys.models import ReviewState, Visit
from tests.backend.planning.test_tiles import tile_of
from tests.factories import NeighborhoodFactory, UserFactory, VisitFactory, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return NeighborhoodFactory(code="C-1", boundary=square(50.0, 36.25))


@pytest.fixture
def visits(area):
    return [VisitFactory(point=Point(50.001 + 0.001 * i, 36.255, srid=4326), water="none") for i in range(3)]


def set_state(visit, state):
    Visit.objects.filter(pk=visit.pk).update(review_state=state)


def readings(client, area):
    """How many visits each reading of visits counts for the neighbourhood."""
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    now = timezone.now()
    aggregates = selectors.visit_aggregates(crowding=3.0, since=now - timedelta(days=365), until=now)
    x, y = tile_of(50.002, 36.255, 16)
    tile = mapbox_vector_tile.decode(client.get(f"/tiles/visits/16/{x}/{y}.pbf").content)
    map_html = unescape(client.get("/maps/priority/map/").content.decode())
    inline = re.search(r'"name": "[^"]*", "features": (\[.*?\]), "cluster"', map_html)
    page = client.get(f"/maps/neighborhoods/{area.pk}/").content.decode()
    export = client.get("/api/v1/exports/visits.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    return {
        "aggregate": aggregates.get(area.pk, {}).get("visits", 0),
        "score": NeighborhoodScore.objects.get(neighborhood=area).visit_count,
        "tile": len(tile.get("visits", {}).get("features", [])),
        "map": len(json.loads(inline.group(1))) if inline else map_html.count('"day"'),
        "page": int(re.search(r'data-visit-count="(\d+)"', page).group(1)),
        "export": len(rows) - 1,
    }


@pytest.fixture
def planner_page(client):
    client.force_login(UserFactory(role=Role.PLANNER))
    return client


def test_rejected_and_set_aside_visits_leave_every_reading_and_come_back(planner_page, area, visits):
    assert set(readings(planner_page, area).values()) == {3}
    set_state(visits[0], ReviewState.REJECTED)
    set_state(visits[1], ReviewState.HAS_ISSUES)
    assert set(readings(planner_page, area).values()) == {1}
    set_state(visits[0], ReviewState.APPROVED)
    set_state(visits[1], ReviewState.EDITED)
    assert set(readings(planner_page, area).values()) == {3}


def test_an_export_asked_for_rejected_visits_gets_them(planner, visits):
    set_state(visits[0], ReviewState.REJECTED)
    export = planner.get("/api/v1/exports/visits.csv?review_state=rejected")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2


def test_the_list_api_shows_every_state_to_reviewers(supervisor, visits):
    set_state(visits[0], ReviewState.REJECTED)
    assert supervisor.get("/api/v1/visits/").json()["count"] == 3


def test_the_view_and_the_queryset_follow_the_same_setting(visits):
    set_state(visits[0], ReviewState.REJECTED)
    set_state(visits[1], ReviewState.APPROVED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM surveys_counted_visit")
        assert cursor.fetchone()[0] == Visit.objects.counted().count() == 2
        cursor.execute("SET LOCAL mahalleh.counted_states = 'approved'")
        cursor.execute("SELECT count(*) FROM surveys_counted_visit")
        assert cursor.fetchone()[0] == 1
    assert settings.SCORE_REVIEW_STATES == ["received", "approved", "edited"]


def test_settings_know_every_review_state():
    assert set(settings.REVIEW_STATES) == set(ReviewState.values)


def test_exports_filter_by_flag_and_carry_the_review_columns(planner, visits):
    Visit.objects.filter(pk=visits[0].pk).update(quality_flags=["poor_gps"])
    export = planner.get("/api/v1/exports/visits.csv?flag=poor_gps")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][rows[0].index("quality flags")] == "poor_gps"
    assert rows[1][rows[0].index("review state")] == "Received"
    assert planner.get("/api/v1/exports/visits.csv?review_state=lost").status_code == 400
