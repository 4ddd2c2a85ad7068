"""POST/GET /api/v1/visits/: shapes, idempotency, scoping and bad input."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.surveys.models import Visit
from tests.concurrency import concurrently
from tests.factories import PartnerFactory, VisitFactory, visit_payload

URL = "/api/v1/visits/"


def test_create_returns_a_geojson_feature_placed_in_its_neighbourhood(visitor, neighborhood):
    response = visitor.post(URL, visit_payload(), format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["type"] == "Feature"
    assert body["geometry"] == {"type": "Point", "coordinates": [50.005, 36.255]}
    props = body["properties"]
    assert props["neighborhood"] == neighborhood.pk
    assert props["outside_neighborhood"] is False
    assert props["visitor"] == visitor.user.username
    assert props["persons_per_room"] == "2.5"
    assert props["visited_at_jalali"].startswith("14")
    assert Visit.objects.count() == 1


def test_point_outside_every_neighbourhood_is_stored_and_flagged(visitor, neighborhood):
    payload = visit_payload(point={"type": "Point", "coordinates": [51.4, 35.7]})
    response = visitor.post(URL, payload, format="json")
    assert response.status_code == 201
    assert response.json()["properties"]["outside_neighborhood"] is True
    assert Visit.objects.get().neighborhood is None


def test_identical_resend_answers_200_and_stores_one(visitor, neighborhood):
    payload = visit_payload()
    first = visitor.post(URL, payload, format="json")
    again = visitor.post(URL, payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Visit.objects.count() == 1


def test_other_content_under_a_stored_uuid_is_a_conflict(visitor, neighborhood):
    payload = visit_payload()
    visitor.post(URL, payload, format="json")
    changed = {**payload, "notes": "something else"}
    response = visitor.post(URL, changed, format="json")
    assert response.status_code == 409
    assert "client_uuid" in response.json()["detail"]
    assert Visit.objects.get().notes == payload["notes"]


def test_same_uuid_from_another_visitor_is_a_conflict_and_leaks_nothing(make_client, neighborhood):
    a, b = make_client(Role.VISITOR), make_client(Role.VISITOR)
    payload = visit_payload()
    a.post(URL, payload, format="json")
    response = b.post(URL, payload, format="json")
    assert response.status_code == 409
    assert response.json()["id"] is None


def test_persian_digits_in_number_fields(visitor, neighborhood):
    payload = visit_payload(gps_accuracy_m="۱۲٫۵", persons_per_room="٣.٢")
    response = visitor.post(URL, payload, format="json")
    assert response.status_code == 201, response.data
    visit = Visit.objects.get()
    assert visit.gps_accuracy_m == 12.5
    assert str(visit.persons_per_room) == "3.2"


def test_partners_met_are_linked(visitor, neighborhood):
    partner = PartnerFactory()
    response = visitor.post(URL, visit_payload(partners_met=[partner.pk]), format="json")
    assert response.status_code == 201
    assert response.json()["properties"]["partners_met"] == [partner.pk]


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"gps_accuracy_m": -3}, "gps_accuracy_m", "greater than or equal to 0"),
        ({"water": "spring"}, "water", "not a valid choice"),
        ({"point": {"type": "Point", "coordinates": [50.0, 136.0]}}, "point", "Latitude"),
        ({"point": {"type": "LineString", "coordinates": [[50, 36], [50.1, 36]]}}, "point", "Point"),
        ({"point": "POINT(50 36)"}, "point", "GeoJSON geometry object"),
        ({"visited_at": (timezone.now() + timedelta(days=2)).isoformat()}, "visited_at", "future"),
        ({"visited_at": (timezone.now() - timedelta(days=3000)).isoformat()}, "visited_at", "days ago"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid", "UUID"),
        ({"persons_per_room": 80}, "persons_per_room", "less than or equal to 50"),
        ({"partners_met": [999999]}, "partners_met", "does not exist"),
        ({"extra": ["a"]}, "extra", "JSON object"),
        ({"extra": {"x": "y" * 20000}}, "extra", "larger than"),
        ({"resident_name": "x"}, "resident_name", "Unknown field"),
    ],
)
def test_bad_visits_get_400_and_store_nothing(visitor, neighborhood, override, field, message):
    response = visitor.post(URL, visit_payload(**override), format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert message.lower() in json.dumps(body["errors"][field], ensure_ascii=False).lower()
    assert body["detail"].startswith(field)
    assert Visit.objects.count() == 0


@pytest.mark.parametrize("missing", ["client_uuid", "point", "visited_at"])
def test_missing_required_fields(visitor, missing):
    payload = visit_payload()
    del payload[missing]
    response = visitor.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][missing] == ["This field is required."]


def test_visitor_lists_only_their_own_visits(make_client, neighborhood):
    mine = make_client(Role.VISITOR)
    other = VisitFactory()
    own = VisitFactory(visitor=mine.user)
    body = mine.get(URL).json()
    assert body["type"] == "FeatureCollection"
    assert [f["id"] for f in body["features"]] == [own.pk]
    assert mine.get(f"{URL}{other.pk}/").status_code == 404
    assert mine.get(f"{URL}{own.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.PLANNER, Role.COORDINATOR, Role.ADMIN])
def test_office_roles_read_every_visit(make_client, role, neighborhood):
    VisitFactory.create_batch(3)
    assert make_client(role).get(URL).json()["count"] == 3


def test_filters_bbox_and_neighbourhood(planner, neighborhood):
    from django.contrib.gis.geos import Point

    inside = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    outside = VisitFactory(point=Point(51.4, 35.7, srid=4326))

    def ids(query: str) -> list[int]:
        response = planner.get(f"{URL}?{query}")
        assert response.status_code == 200, response.data
        return [f["id"] for f in response.json()["features"]]

    assert ids("bbox=49.9,36.2,50.1,36.3") == [inside.pk]
    assert ids(f"neighborhood={neighborhood.pk}") == [inside.pk]
    assert ids("neighborhood=none") == [outside.pk]
    assert planner.get(f"{URL}?bbox=50,36").status_code == 400
    assert planner.get(f"{URL}?neighborhood=abc").status_code == 400


def test_pagination(planner):
    VisitFactory.create_batch(5)
    body = planner.get(f"{URL}?page_size=2").json()
    assert (body["count"], len(body["features"])) == (5, 2)
    assert "page=2" in body["next"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_one_visit_store_it_once(make_client, neighborhood):
    token = make_client(Role.VISITOR)._credentials["HTTP_AUTHORIZATION"]
    payload = visit_payload()
    statuses = concurrently(token, 6, lambda c: c.post(URL, payload, format="json").status_code)
    assert sorted(statuses) == [200] * 5 + [201]
    assert Visit.objects.filter(client_uuid=uuid.UUID(payload["client_uuid"])).count() == 1


def test_errors_are_in_persian_by_default(neighborhood, visitor):
    response = visitor.post(URL, visit_payload(water="spring"), format="json", HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 400
    assert "معتبر" in response.json()["errors"]["water"][0]  # «... یک گزینهٔ معتبر نیست»
