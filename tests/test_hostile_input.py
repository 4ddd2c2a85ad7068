"""Hostile input, endpoint by endpoint: always a 4xx or an empty answer, never a 500, nothing written.

More cases live beside their features (geometry limits, photos, sync batches, the
registry forms); this file throws the same nasty strings at every query parameter.
"""

import pytest
from django.db import connection

from backend.accounts.models import Role
from tests.factories import NeighborhoodFactory, PartnerFactory, VisitFactory, visit_payload

NASTY = [
    "'; DROP TABLE partners_partner; --",
    '" OR "1"="1',
    "1) OR (1=1",
    "%' OR '%'='",
    "\\x00\\x27",
    "\x00",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "٫٫٫",
    "9" * 400,
    "ـ" * 5000,
    "NaN",
    "-Infinity",
    "1e309",
]
PARAMETERS = {
    "/api/v1/partners/": ["q", "kind", "service", "is_active", "bbox", "page", "page_size"],
    "/api/v1/partners/nearest/": ["lat", "lon", "kind", "limit", "max_distance_m"],
    "/api/v1/partners/within/": ["lat", "lon", "radius_m"],
    "/api/v1/neighborhoods/": ["bbox", "page"],
    "/api/v1/visits/": ["neighborhood", "visited_after", "visited_before", "bbox"],
    "/api/v1/liaisons/": ["neighborhood", "mosque"],
    "/api/v1/coverage/": ["walk_m", "gap"],
    "/api/v1/priorities/": ["profile", "zoom"],
    "/api/v1/priorities.geojson": ["profile", "zoom"],
    "/api/v1/priorities.csv": ["profile"],
    "/partners/": ["q", "kind", "service", "lat", "lon"],
    "/partners/registry/": ["q"],
    "/maps/priority/": ["profile"],
}
POINT = {"type": "Point", "coordinates": [50, 36]}
VALID = {"lat": "36.25", "lon": "50.0", "radius_m": "500"}
TABLES = ["partners_partner", "surveys_neighborhood", "surveys_visit", "partners_liaison"]


def counts() -> list[int]:
    with connection.cursor() as cursor:
        return [cursor.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES]


@pytest.fixture
def signed_in(make_client, client, db):
    NeighborhoodFactory()
    PartnerFactory()
    VisitFactory()
    api = make_client(Role.ADMIN)
    client.force_login(api.user)
    return api, client


@pytest.mark.parametrize("path", list(PARAMETERS))
def test_nasty_query_parameters_never_break_anything(signed_in, path):
    api, pages = signed_in
    before = counts()
    caller = api if path.startswith("/api/") else pages
    for name in PARAMETERS[path]:
        for value in NASTY:
            params = {**{k: v for k, v in VALID.items() if k in PARAMETERS[path]}, name: value}
            response = caller.get(path, params)
            assert response.status_code < 500, (path, name, value, response.status_code)
            if response.status_code == 400 and path.startswith("/api/"):
                assert response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/visits/", visit_payload(extra={"note": "a\x00b"})),
        ("/api/v1/visits/", visit_payload(extra={"k\x00": 1})),
        ("/api/v1/visits/", visit_payload(extra={"list": [{"deep": "\x00"}]})),
        ("/api/v1/visits/", visit_payload(notes="before\x00after")),
        (
            "/api/v1/partners/",
            {"kind": "ngo", "name": "a\x00b", "point": {"type": "Point", "coordinates": [50, 36]}},
        ),
    ],
)
def test_nul_characters_in_bodies_are_400_not_500(signed_in, path, body):
    api, _pages = signed_in
    before = counts()
    response = api.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert counts() == before


def test_nul_in_a_sync_batch_refuses_only_that_visit(signed_in):
    api, _pages = signed_in
    good, bad = visit_payload(), visit_payload(extra={"note": "\x00"})
    results = api.post("/api/v1/visits/sync/", {"visits": [good, bad]}, format="json").json()["results"]
    assert [r["status"] for r in results] == ["created", "invalid"]
    assert "extra" in results[1]["errors"]


@pytest.mark.parametrize("profile", ["¹", "2²", "99999999999999999999", "٩٩٩٩٩٩٩٩٩٩٩٩"])
def test_profile_references_that_look_like_numbers_are_400_not_500(planner, profile):
    """ "¹" passes str.isdigit() but not int(); a long number would overflow the id column."""
    for url in ("/api/v1/priorities/", "/api/v1/exports/neighborhoods.csv"):
        response = planner.get(url, {"profile": profile})
        assert response.status_code == 400, (url, profile)
        assert response.json()["detail"].startswith("profile")


def test_profile_ids_and_page_numbers_may_be_written_in_persian_digits(planner):
    from backend.planning.selectors import profile_default

    persian_id = str(profile_default().pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert planner.get("/api/v1/priorities/", {"profile": persian_id}).json()["profile"]["is_default"]
    assert planner.get("/api/v1/partners/", {"page": "۱", "page_size": "۲"}).status_code == 200


@pytest.mark.parametrize("page", ["¹", "½", "1e3"])
def test_page_numbers_that_are_not_whole_numbers_are_400(planner, page):
    assert planner.get("/api/v1/partners/", {"page": page}).status_code == 400
