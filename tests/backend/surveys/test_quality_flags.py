"""Quality flags: each one from a visit made to earn it, and not from one that doesn't."""

import itertools
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from backend.surveys.models import Visit
from geo import quality
from tests.backend.openrosa.test_openrosa import instance, odk, submit  # noqa: F401 (fixture)
from tests.factories import visit_payload

pytestmark = pytest.mark.django_db


def flags_of(client, **fields):
    response = client.post("/api/v1/visits/", visit_payload(**fields), format="json")
    assert response.status_code == 201, response.data
    return response.json()["properties"]["quality_flags"]


def ago(**delta):
    return (timezone.now() - timedelta(**delta)).isoformat()


def test_a_careful_visit_earns_no_flag(visitor, neighborhood):
    assert flags_of(visitor, form_opened_at=ago(minutes=20), form_saved_at=ago(minutes=5)) == []


@pytest.mark.parametrize(
    ("fields", "flag", "fine"),
    [
        ({"gps_accuracy_m": 120}, "poor_gps", {"gps_accuracy_m": 50}),
        ({"gps_accuracy_m": None}, "no_gps_accuracy", {"gps_accuracy_m": 3}),
        (
            {"point": {"type": "Point", "coordinates": [51.4, 35.7]}},
            "outside_neighborhood",
            {"point": {"type": "Point", "coordinates": [50.005, 36.255]}},
        ),
        (
            {"form_opened_at": ago(minutes=10), "form_saved_at": ago(minutes=9, seconds=30)},
            "too_fast",
            {"form_opened_at": ago(minutes=10), "form_saved_at": ago(minutes=8, seconds=59)},
        ),
        ({"persons_per_room": 12}, "implausible", {"persons_per_room": 10}),
        ({"visited_at": ago(days=8)}, "late_upload", {"visited_at": ago(days=6)}),
    ],
)
def test_each_flag_is_earned_and_only_then(visitor, neighborhood, fields, flag, fine):
    assert flag in flags_of(visitor, **fields)
    assert flag not in flags_of(visitor, **fine)


def test_near_duplicates_flag_both_visits(visitor, neighborhood):
    first = visitor.post("/api/v1/visits/", visit_payload(visited_at=ago(hours=3)), format="json").json()
    # 30 m east and 20 minutes later: the same place, most likely the same household.
    nearby = {"type": "Point", "coordinates": [50.005 + 0.000333, 36.255]}
    assert "near_duplicate" in flags_of(visitor, point=nearby, visited_at=ago(hours=2, minutes=40))
    assert "near_duplicate" in Visit.objects.get(pk=first["id"]).quality_flags


@pytest.mark.parametrize(
    "fields",
    [
        {
            "point": {"type": "Point", "coordinates": [50.0058, 36.255]},
            "visited_at": ago(hours=2, minutes=50),
        },
        {"visited_at": ago(hours=2)},  # the same place, an hour later
    ],
)
def test_far_or_later_visits_are_not_near_duplicates(visitor, neighborhood, fields):
    visitor.post("/api/v1/visits/", visit_payload(visited_at=ago(hours=3)), format="json")
    assert "near_duplicate" not in flags_of(visitor, **fields)


def test_another_visitors_visit_nearby_is_no_duplicate(visitor, make_client, neighborhood):
    make_client("visitor").post("/api/v1/visits/", visit_payload(visited_at=ago(hours=3)), format="json")
    assert "near_duplicate" not in flags_of(visitor, visited_at=ago(hours=3))


def test_sync_flags_visits_in_one_batch_against_each_other(visitor, neighborhood):
    batch = [visit_payload(visited_at=ago(hours=3)), visit_payload(visited_at=ago(hours=3, minutes=5))]
    response = visitor.post("/api/v1/visits/sync/", {"visits": batch}, format="json")
    assert [r["status"] for r in response.json()["results"]] == ["created", "created"]
    assert all("near_duplicate" in v.quality_flags for v in Visit.objects.all())


def test_a_flagged_visit_is_stored_never_refused(visitor, neighborhood):
    fields = {"gps_accuracy_m": 900, "persons_per_room": 30, "visited_at": ago(days=20)}
    assert sorted(flags_of(visitor, **fields)) == ["implausible", "late_upload", "poor_gps"]
    assert Visit.objects.count() == 1


def test_flags_come_with_persian_and_english_labels(visitor, neighborhood):
    response = visitor.post("/api/v1/visits/", visit_payload(gps_accuracy_m=300), format="json")
    (label,) = response.json()["properties"]["quality_flag_labels"]
    assert label["code"] == "poor_gps"
    assert label["en"] == "Poor GPS accuracy"
    assert label["fa"] != label["en"] and any("\u0600" <= c <= "\u06ff" for c in label["fa"])


def test_odk_start_and_end_give_the_time_in_the_form(odk, neighborhood):  # noqa: F811
    client = odk()
    assert submit(client, instance()).status_code == 201
    visit = Visit.objects.get()
    assert visit.form_saved_at - visit.form_opened_at == timedelta(minutes=20)
    assert "too_fast" not in visit.quality_flags


def test_form_saved_before_opened_is_refused(visitor, neighborhood):
    body = visit_payload(form_opened_at=ago(minutes=5), form_saved_at=ago(minutes=10))
    response = visitor.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400
    assert "form_saved_at" in response.json()["errors"]


def test_flag_visits_recomputes_with_the_current_thresholds(visitor, neighborhood, settings):
    flags_of(visitor, gps_accuracy_m=40)
    Visit.objects.update(quality_flags=[])  # as stored before flags existed
    settings.FIELD_GPS_WARN_METRES = 30
    out = StringIO()
    call_command("flag_visits", "--no-progress", stdout=out)
    assert Visit.objects.get().quality_flags == ["poor_gps"]
    assert "Flagged 1 of 1 visits." in out.getvalue()


def test_the_outside_flag_follows_a_boundary_drawn_or_deleted(visitor, neighborhood, admin):
    # Outside every neighbourhood, and sent with no GPS accuracy: two flags, in their order.
    far = {"type": "Point", "coordinates": [50.5, 36.5]}
    assert flags_of(visitor, point=far, gps_accuracy_m=None) == ["no_gps_accuracy", "outside_neighborhood"]
    visit = Visit.objects.get(point__equals="SRID=4326;POINT (50.5 36.5)")
    area = {
        "type": "Polygon",
        "coordinates": [[[50.4, 36.4], [50.6, 36.4], [50.6, 36.6], [50.4, 36.6], [50.4, 36.4]]],
    }
    created = admin.post(
        "/api/v1/neighborhoods/", {"code": "FAR", "name": "دور", "boundary": area}, format="json"
    )
    assert created.status_code == 201, created.data
    visit.refresh_from_db()
    assert visit.neighborhood_id is not None and visit.quality_flags == ["no_gps_accuracy"]
    assert admin.delete(f"/api/v1/neighborhoods/{visit.neighborhood_id}/").status_code == 204
    visit.refresh_from_db()
    assert visit.neighborhood_id is None and visit.quality_flags == [
        "no_gps_accuracy",
        "outside_neighborhood",
    ]


def test_the_database_keeps_the_outside_flag_in_the_order_of_flags(visitor, neighborhood):
    """Migration 0008's trigger against geo.quality.with_flag, over every set of flags."""
    assert flags_of(visitor) == []
    visit = Visit.objects.get()
    for size in range(len(quality.FLAGS) + 1):
        for flags in itertools.combinations(quality.FLAGS, size):
            for place in (neighborhood.pk, None):
                Visit.objects.filter(pk=visit.pk).update(neighborhood=place, quality_flags=list(flags))
                expected = quality.with_flag(list(flags), quality.OUTSIDE_NEIGHBORHOOD, place is None)
                assert Visit.objects.get(pk=visit.pk).quality_flags == expected, (flags, place)


def test_a_visit_written_by_sql_is_flagged_outside_too(visitor, neighborhood):
    assert flags_of(visitor, gps_accuracy_m=None) == ["no_gps_accuracy"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE surveys_visit SET point = 'SRID=4326;POINT (50.5 36.5)'")
    visit = Visit.objects.get()
    assert visit.neighborhood_id is None
    assert visit.quality_flags == ["no_gps_accuracy", "outside_neighborhood"]
