"""Coverage: who reaches each neighbourhood, on a small layout with known answers."""

import csv
import io

import pytest
from django.contrib.gis.geos import Point

from backend.accounts.models import Role
from backend.partners.models import PartnerKind
from tests.factories import LiaisonFactory, NeighborhoodFactory, PartnerFactory, square
from tests.geodesic import geodesic_m, moved

COVERAGE = "/api/v1/coverage/"
EXPORT = "/api/v1/coverage.csv"


@pytest.fixture
def layout(db):
    """Three 0.01° squares in a row along 36.25°N, about 9 km apart.

    A: a mosque inside with an active liaison assigned to A.
    B: an NGO 500 m east of its east edge; a liaison assigned to B, but inactive.
    C: only an inactive mosque inside.
    """
    a = NeighborhoodFactory(code="A", boundary=square(50.0, 36.25))
    b = NeighborhoodFactory(code="B", boundary=square(50.1, 36.25))
    c = NeighborhoodFactory(code="C", boundary=square(50.2, 36.25))
    mosque = PartnerFactory(kind="mosque", point=Point(50.005, 36.255, srid=4326))
    LiaisonFactory(mosque=mosque).neighborhoods.add(a)
    ngo = PartnerFactory(kind="ngo", point=Point(*moved(50.11, 36.255, 90, 500), srid=4326))
    LiaisonFactory(mosque=mosque, is_active=False).neighborhoods.add(b)
    PartnerFactory(kind="mosque", is_active=False, point=Point(50.205, 36.255, srid=4326))
    return {"A": a, "B": b, "C": c, "mosque": mosque, "ngo": ngo}


def rows(client, **params):
    response = client.get(COVERAGE, params)
    assert response.status_code == 200, response.json()
    return {row["code"]: row for row in response.json()["results"]}


def test_known_distances_and_gaps(layout, planner):
    got = rows(planner)
    a, b, c = got["A"], got["B"], got["C"]
    assert (a["liaisons"], b["liaisons"], c["liaisons"]) == (1, 0, 0)  # B's liaison is inactive
    assert a["nearest_m"]["mosque"] == 0 and a["liaison_mosque_m"] == 0
    assert b["nearest_m"]["ngo"] == pytest.approx(500, abs=1)
    # A's mosque is the nearest active one for C too: C's own mosque is inactive.
    mosque_to_c_west_edge = geodesic_m(50.005, 36.255, 50.2, 36.255)
    assert c["nearest_m"]["mosque"] == pytest.approx(mosque_to_c_west_edge, abs=1)
    assert a["nearest_m"]["school"] is None  # no school anywhere
    assert [a["partners_within_walk"], b["partners_within_walk"], c["partners_within_walk"]] == [1, 1, 0]
    assert (a["no_liaison"], b["no_liaison"], c["no_liaison"]) == (False, True, True)
    assert (a["no_partner_within_walk"], c["no_partner_within_walk"]) == (False, True)
    assert set(a["nearest_m"]) == set(PartnerKind.values)


def test_gap_filters_and_walking_distance(layout, planner):
    assert set(rows(planner, gap="no_liaison")) == {"B", "C"}
    assert set(rows(planner, gap="no_partner_within_walk")) == {"C"}
    assert set(rows(planner, gap="any")) == {"B", "C"}
    # With a 400 m walk the NGO 500 m from B no longer counts.
    assert set(rows(planner, gap="no_partner_within_walk", walk_m="۴۰۰")) == {"B", "C"}
    assert planner.get(COVERAGE).json()["walking_distance_m"] == 800


@pytest.mark.parametrize(
    "params", [{"gap": "nothing"}, {"walk_m": "-1"}, {"walk_m": "1e12"}, {"radius": "5"}]
)
def test_bad_coverage_parameters(layout, planner, params):
    response = planner.get(COVERAGE, params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_csv_export_with_persian_headers(layout, planner):
    response = planner.get(EXPORT, {"gap": "no_liaison"}, HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = table[0], table[1:]
    assert header[:4] == ["کد", "محله", "رابط‌ها", "بدون رابط"]
    assert "مسجد (متر)" in header
    assert [row[0] for row in body] == ["B", "C"]
    ngo_column = header.index("سازمان مردم‌نهاد (سمن) (متر)")
    assert float(body[0][ngo_column]) == pytest.approx(500, abs=1)


def test_csv_export_in_english_on_request(layout, planner):
    response = planner.get(EXPORT, HTTP_ACCEPT_LANGUAGE="en")
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert header[:2] == ["code", "neighbourhood"]


@pytest.mark.parametrize("role", [Role.VISITOR, None])
def test_coverage_is_for_planning_roles(make_client, layout, role):
    client = make_client(role)
    assert client.get(COVERAGE).status_code in (401, 403)
    assert client.get(EXPORT).status_code in (401, 403)
