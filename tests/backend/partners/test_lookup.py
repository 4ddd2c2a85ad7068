"""Nearest-first, radius and neighbourhood look-ups, checked against brute-force geodesics."""

import random

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.partners import selectors
from backend.partners.models import Partner, PartnerKind, Service
from tests.factories import LiaisonFactory, NeighborhoodFactory, PartnerFactory, square
from tests.geodesic import geodesic_m, moved

NEAREST = "/api/v1/partners/nearest/"
WITHIN = "/api/v1/partners/within/"


@pytest.fixture
def scattered(db):
    """300 partners of every kind in a 30 km box around Qazvin; a tenth inactive."""
    rng = random.Random(1405)
    partners = []
    for i in range(300):
        kind = rng.choice(PartnerKind.values)
        partners.append(
            Partner(
                kind=kind,
                name=f"{kind} {i}",
                name_search=f"{kind} {i}",
                point=Point(rng.uniform(49.85, 50.15), rng.uniform(36.15, 36.40), srid=4326),
                services=rng.sample(Service.values, 2),
                is_active=rng.random() > 0.1,
            )
        )
    return Partner.objects.bulk_create(partners)


def brute_force(partners, lon, lat, *, kind=None, service=None, max_m=None):
    """Every matching active partner with its geodesic distance, nearest first."""
    found = []
    for p in partners:
        if not p.is_active or (kind and p.kind != kind) or (service and service not in p.services):
            continue
        d = geodesic_m(lon, lat, p.point.x, p.point.y)
        if max_m is None or d <= max_m:
            found.append((d, p.pk))
    return sorted(found)


@pytest.mark.parametrize(
    "query",
    [{}, {"kind": "mosque"}, {"service": "food"}, {"kind": "ngo", "max_distance_m": "6000"}],
)
def test_nearest_matches_brute_force_geodesics(scattered, visitor, query):
    rng = random.Random(7)
    for _ in range(8):
        lon, lat = rng.uniform(49.9, 50.1), rng.uniform(36.2, 36.35)
        response = visitor.get(NEAREST, {"lat": lat, "lon": lon, "limit": 12, **query})
        assert response.status_code == 200, response.json()
        got = [(f["properties"]["distance_m"], f["id"]) for f in response.json()["features"]]
        max_m = float(query["max_distance_m"]) if "max_distance_m" in query else None
        expected = brute_force(
            scattered, lon, lat, kind=query.get("kind"), service=query.get("service"), max_m=max_m
        )[:12]
        assert [pk for _, pk in got] == [pk for _, pk in expected]
        for (got_m, _), (want_m, _) in zip(got, expected, strict=True):
            assert got_m == pytest.approx(want_m, abs=0.06)


def test_order_is_true_distance_not_sphere_distance(visitor):
    # At 36°N one metre north is longer on a sphere than one metre east, so a
    # sphere-only KNN would rank the partner 1,003 m east before the one 1,000 m north.
    here = (50.0, 36.0)
    north = PartnerFactory(point=Point(*moved(*here, 0, 1000.0), srid=4326))
    east = PartnerFactory(point=Point(*moved(*here, 90, 1003.0), srid=4326))
    response = visitor.get(NEAREST, {"lon": here[0], "lat": here[1], "limit": 1})
    assert [f["id"] for f in response.json()["features"]] == [north.pk]
    response = visitor.get(NEAREST, {"lon": here[0], "lat": here[1], "limit": 2})
    distances = [f["properties"]["distance_m"] for f in response.json()["features"]]
    assert [f["id"] for f in response.json()["features"]] == [north.pk, east.pk]
    assert distances == [pytest.approx(1000.0, abs=0.06), pytest.approx(1003.0, abs=0.06)]


def test_nearest_uses_the_spatial_index(scattered):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_partner")
    with CaptureQueriesContext(connection) as queries:
        selectors.partner_nearest(lon=50.0, lat=36.27, limit=5, filters={"kind": "mosque"})
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # as on a large table; this one is small
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "partner_point_geog" in plan
    assert "Seq Scan on partners_partner" not in plan


def test_nearest_accepts_persian_digits_and_says_how_far(visitor):
    partner = PartnerFactory(point=Point(50.0, 36.27, srid=4326))
    response = visitor.get(NEAREST, {"lat": "۳۶٫۲۷", "lon": "٥٠", "limit": "۳"})
    assert response.status_code == 200, response.json()
    (feature,) = response.json()["features"]
    assert feature["id"] == partner.pk
    assert feature["properties"]["distance_m"] == 0.0


def test_inactive_partners_only_on_request(visitor):
    PartnerFactory(is_active=False)
    assert visitor.get(NEAREST, {"lat": 36.2, "lon": 50}).json()["features"] == []
    response = visitor.get(NEAREST, {"lat": 36.2, "lon": 50, "is_active": "false"})
    assert len(response.json()["features"]) == 1


def test_within_radius_is_nearest_first_and_says_when_truncated(scattered, visitor, settings):
    lon, lat = 50.0, 36.27
    expected = brute_force(scattered, lon, lat, max_m=5000)
    response = visitor.get(WITHIN, {"lat": lat, "lon": lon, "radius_m": 5000})
    body = response.json()
    assert [f["id"] for f in body["features"]] == [pk for _, pk in expected]
    assert body["truncated"] is False
    settings.PARTNER_NEAREST_MAX_LIMIT = 3
    body = visitor.get(WITHIN, {"lat": lat, "lon": lon, "radius_m": 5000}).json()
    assert [f["id"] for f in body["features"]] == [pk for _, pk in expected[:3]]
    assert body["truncated"] is True


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (NEAREST, {"lat": 91, "lon": 50}, "lat"),
        (NEAREST, {"lat": 36, "lon": -181}, "lon"),
        (NEAREST, {"lat": "north", "lon": 50}, "lat"),
        (NEAREST, {"lat": "NaN", "lon": 50}, "lat"),
        (NEAREST, {"lon": 50}, "lat"),
        (NEAREST, {"lat": 36, "lon": 50, "limit": 101}, "limit"),
        (NEAREST, {"lat": 36, "lon": 50, "limit": 0}, "limit"),
        (NEAREST, {"lat": 36, "lon": 50, "kind": "bank"}, "kind"),
        (NEAREST, {"lat": 36, "lon": 50, "service": "weapons"}, "service"),
        (NEAREST, {"lat": 36, "lon": 50, "max_distance_m": -5}, "max_distance_m"),
        (NEAREST, {"lat": 36, "lon": 50, "max_distance_m": 1e9}, "max_distance_m"),
        (NEAREST, {"lat": 36, "lng": 50}, "lng"),
        (WITHIN, {"lat": 36, "lon": 50}, "radius_m"),
        (WITHIN, {"lat": 36, "lon": 50, "radius_m": 0}, "radius_m"),
        (WITHIN, {"lat": 36, "lon": 50, "radius_m": "inf"}, "radius_m"),
    ],
)
def test_bad_lookups_are_400_with_the_field_named(visitor, url, params, field):
    response = visitor.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"]


def test_outsiders_cannot_look_up(outsider):
    assert outsider.get(NEAREST, {"lat": 36, "lon": 50}).status_code in (401, 403)


def test_partners_serving_a_neighbourhood(visitor):
    area = NeighborhoodFactory(boundary=square(50.0, 36.25))  # about 900 m × 1,100 m
    inside = PartnerFactory(kind="health_centre", point=Point(50.005, 36.255, srid=4326))
    near = PartnerFactory(kind="ngo", point=Point(*moved(50.01, 36.255, 90, 300), srid=4326))
    PartnerFactory(kind="ngo", point=Point(*moved(50.01, 36.255, 90, 2000), srid=4326))  # too far
    liaison = LiaisonFactory(mosque__point=Point(50.2, 36.4, srid=4326))  # far, but its liaison serves it
    liaison.neighborhoods.add(area)
    url = f"/api/v1/neighborhoods/{area.pk}/partners/"
    body = visitor.get(url).json()
    by_id = {f["id"]: f["properties"] for f in body["features"]}
    assert list(by_id) == [inside.pk, near.pk, liaison.mosque.pk]
    assert by_id[inside.pk]["inside"] is True and by_id[inside.pk]["distance_m"] == 0
    assert by_id[near.pk]["distance_m"] == pytest.approx(300, abs=1)
    assert by_id[near.pk]["inside"] is False
    assert by_id[liaison.mosque.pk]["liaison_mosque"] is True
    assert body["walking_distance_m"] == 800
    assert [f["id"] for f in visitor.get(url, {"walk_m": 100, "kind": "ngo"}).json()["features"]] == []
    assert visitor.get("/api/v1/neighborhoods/999999/partners/").status_code == 404
    assert visitor.get(url, {"walk_m": -1}).status_code == 400
