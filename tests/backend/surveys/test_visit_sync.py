"""POST /api/v1/visits/sync/: one result per item, exactly one stored visit per UUID."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.common.geometry import LonLat
from backend.surveys.models import Visit
from backend.surveys.services import visit_fingerprint, visits_submit
from tests.concurrency import concurrently
from tests.factories import PartnerFactory, visit_payload

URL = "/api/v1/visits/sync/"


def sync(client, visits, **extra):
    return client.post(URL, {"visits": visits}, format="json", **extra)


def test_new_visits_are_created_in_order_with_their_neighbourhood(visitor, neighborhood):
    inside = visit_payload()
    outside = visit_payload(point={"type": "Point", "coordinates": [51.4, 35.7]})
    response = sync(visitor, [inside, outside])
    assert response.status_code == 200, response.data
    first, second = response.json()["results"]
    assert (first["client_uuid"], first["status"]) == (inside["client_uuid"], "created")
    assert first["neighborhood"] == neighborhood.pk and first["outside_neighborhood"] is False
    assert (second["client_uuid"], second["status"]) == (outside["client_uuid"], "created")
    assert second["neighborhood"] is None and second["outside_neighborhood"] is True
    stored = Visit.objects.get(client_uuid=inside["client_uuid"])
    assert first["id"] == stored.pk and stored.visitor == visitor.user


def test_identical_resend_is_a_duplicate_with_the_stored_id_and_changes_nothing(visitor, neighborhood):
    batch = [visit_payload(), visit_payload()]
    first = sync(visitor, batch).json()["results"]
    before = list(Visit.objects.order_by("pk").values())
    again = sync(visitor, batch).json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["id"] for r in again] == [r["id"] for r in first]
    assert list(Visit.objects.order_by("pk").values()) == before


def test_conflicting_resend_leaves_the_stored_visit_untouched(visitor, neighborhood):
    payload = visit_payload()
    sync(visitor, [payload])
    changed = {**payload, "notes": "متن دیگری"}
    (result,) = sync(visitor, [changed]).json()["results"]
    assert result["status"] == "conflict"
    assert "client_uuid" in result["detail"]
    assert Visit.objects.get().notes == payload["notes"]


def test_another_visitors_uuid_is_a_conflict_that_reveals_no_id(make_client, neighborhood):
    payload = visit_payload()
    sync(make_client(Role.VISITOR), [payload])
    (result,) = sync(make_client(Role.VISITOR), [payload]).json()["results"]
    assert result["status"] == "conflict" and result["id"] is None
    assert Visit.objects.count() == 1


def test_an_invalid_item_does_not_sink_the_batch(visitor, neighborhood):
    good = visit_payload()
    future = visit_payload(visited_at=(timezone.now() + timedelta(days=2)).isoformat())
    ancient = visit_payload(visited_at=(timezone.now() - timedelta(days=365 * 5)).isoformat())
    negative = visit_payload(gps_accuracy_m=-3)
    unknown = visit_payload(colour="blue")
    no_partner = visit_payload(partners_met=[999_999])
    not_an_object = ["not", "a", "visit"]
    batch = [good, future, ancient, negative, unknown, no_partner, not_an_object]
    results = sync(visitor, batch).json()["results"]
    assert [r["status"] for r in results] == ["created"] + ["invalid"] * 6
    assert results[1]["errors"]["visited_at"][0].startswith("The visit time is in the future")
    assert "days ago" in results[2]["errors"]["visited_at"][0]
    assert "greater than or equal to 0" in results[3]["errors"]["gps_accuracy_m"][0]
    assert results[4]["errors"] == {"colour": ["Unknown field."]}
    assert results[5]["errors"]["partners_met"] == ["Partner 999999 does not exist."]
    assert results[5]["client_uuid"] == no_partner["client_uuid"]
    assert results[6]["client_uuid"] is None and results[6]["detail"]
    assert list(Visit.objects.values_list("client_uuid", flat=True)) == [uuid.UUID(good["client_uuid"])]


def test_the_same_uuid_twice_in_one_batch_is_stored_once(visitor, neighborhood):
    payload = visit_payload()
    results = sync(visitor, [payload, payload, {**payload, "notes": "x"}]).json()["results"]
    assert [r["status"] for r in results] == ["created", "duplicate", "conflict"]
    assert Visit.objects.count() == 1


def test_partners_met_are_linked(visitor, neighborhood):
    partners = PartnerFactory.create_batch(2)
    payload = visit_payload(partners_met=[partners[1].pk, partners[0].pk, partners[1].pk])
    (result,) = sync(visitor, [payload]).json()["results"]
    assert result["status"] == "created"
    assert set(Visit.objects.get().partners_met.all()) == set(partners)
    (again,) = sync(visitor, [payload]).json()["results"]
    assert again["status"] == "duplicate"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"visits": []}, "visits: This list may not be empty."),
        ({}, "visits: This field is required."),
        ({"visits": {}}, "visits: Expected a list"),
        ({"visits": [], "extra": 1}, "extra: Unknown field."),
        ([], "Expected a JSON object."),
    ],
)
def test_malformed_batches_are_refused_whole(visitor, neighborhood, body, message):
    response = visitor.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert Visit.objects.count() == 0


def test_a_batch_over_the_limit_is_refused_whole(visitor, neighborhood, settings):
    settings.SYNC_MAX_BATCH = 3
    response = sync(visitor, [visit_payload() for _ in range(4)])
    assert response.status_code == 400
    assert "At most 3 visits per batch; this one has 4" in response.json()["detail"]
    assert Visit.objects.count() == 0


def test_a_body_over_the_size_limit_is_413(visitor, neighborhood, settings):
    settings.MAX_SYNC_BODY_BYTES = 2000
    response = sync(visitor, [visit_payload(notes="ب" * 1500)])
    assert response.status_code == 413
    assert "larger than 2000 bytes" in response.json()["detail"]


def test_the_default_limits_take_a_full_batch_of_200(visitor, neighborhood):
    response = sync(visitor, [visit_payload() for _ in range(200)])
    assert Counter(r["status"] for r in response.json()["results"]) == {"created": 200}
    assert Visit.objects.count() == 200


def test_persian_digits_are_accepted(visitor, neighborhood):
    payload = visit_payload(gps_accuracy_m="۱۲٫۵", persons_per_room="٣")
    (result,) = sync(visitor, [payload]).json()["results"]
    assert result["status"] == "created", result
    visit = Visit.objects.get()
    assert (visit.gps_accuracy_m, str(visit.persons_per_room)) == (12.5, "3.0")


@pytest.mark.parametrize(("role", "code"), [(None, 401), (Role.PLANNER, 403)])
def test_only_roles_that_record_visits_may_sync(make_client, neighborhood, role, code):
    assert sync(make_client(role), [visit_payload()]).status_code == code
    assert Visit.objects.count() == 0


def test_a_row_the_table_refuses_is_invalid_and_the_rest_are_stored(make_client, neighborhood):
    """The input checks mirror the table's rules; should one slip through, only its item fails."""
    visitor = make_client(Role.VISITOR).user
    good = {
        "client_uuid": uuid.uuid4(),
        "point": Point(50.005, 36.255, srid=4326),
        "visited_at": timezone.now(),
    }
    bad = {**good, "client_uuid": uuid.uuid4(), "gps_accuracy_m": -1.0}  # CHECK constraint
    results = visits_submit(visitor=visitor, batch=[good, bad])
    assert [r.status for r in results] == ["created", "invalid"]
    assert "visit_gps_accuracy_non_negative" in results[1].errors["non_field_errors"][0]
    assert list(Visit.objects.values_list("client_uuid", flat=True)) == [good["client_uuid"]]
    assert results[0].visit.neighborhood_id == neighborhood.pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_the_same_batch_store_each_visit_once(make_client, neighborhood):
    token = make_client(Role.VISITOR)._credentials["HTTP_AUTHORIZATION"]
    batch = [visit_payload() for _ in range(40)]
    answers = concurrently(token, 4, lambda client: sync(client, batch).json()["results"])

    assert len(answers) == 4
    for index in range(len(batch)):
        statuses = Counter(answer[index]["status"] for answer in answers)
        assert statuses == {"created": 1, "duplicate": 3}, (index, statuses)
        assert len({answer[index]["id"] for answer in answers}) == 1
    assert Visit.objects.count() == 40


@pytest.mark.parametrize("point", [Point(50.065093, 36.007244, srid=4326), LonLat(50.065093, 36.007244)])
def test_the_fingerprint_is_the_one_stored_by_earlier_versions(point):
    """Stored visits keep the fingerprint they were stored with: if its making changed, an old
    visit's resend would become a conflict. This one was computed by the code of December 2026."""
    data = {
        "client_uuid": uuid.UUID("6513270e-269e-4d37-b2a7-4de452e6b438"),
        "point": point,
        "gps_accuracy_m": 9.5,
        "visited_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
        "form_version": "1",
        "water": "unimproved",
        "persons_per_room": Decimal("2.50"),
        "notes": "بازدید",
        "extra": {"b": 1, "a": [2]},
        "partners_met": [3, 1, 3],
        "interventions_seen": [5, 2],
    }
    expected = "da11a169509c1399ab7be40ee65e6766d28b565ca4779005af9e6c6af8123499"
    assert visit_fingerprint(visitor=User(pk=7), data=data) == expected
