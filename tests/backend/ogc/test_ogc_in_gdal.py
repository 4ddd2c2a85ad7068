"""GDAL's OGC API – Features driver (through pyogrio) reads every collection from a live server."""

import math

import pyogrio
import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from backend.demo.services import DEMO_USERS

COLLECTIONS = ["neighborhoods", "partners", "visits", "interventions", "assignments"]


@pytest.fixture
def as_user():
    """Point GDAL at a demo account (HTTP Basic, as QGIS sends it); forget it afterwards."""

    def sign_in(role: str) -> None:
        username, password = DEMO_USERS[role]
        pyogrio.set_gdal_config_options({"GDAL_HTTP_USERPWD": f"{username}:{password}"})

    yield sign_in
    pyogrio.set_gdal_config_options({"GDAL_HTTP_USERPWD": None})


def rest(role: str, path: str) -> dict:
    client = APIClient()
    client.force_login(get_user_model().objects.get(username=DEMO_USERS[role][0]))
    answer = client.get(path)
    assert answer.status_code == 200, answer.content[:300]
    return answer.json()


def same(value, expected) -> bool:
    """GDAL's value is the REST API's: a missing number comes out of GDAL as NaN."""
    if expected is None:
        return value is None or (isinstance(value, float) and math.isnan(value))
    return value == expected


def read(source: str, layer: str, **options) -> dict:
    meta, fids, geometries, fields = pyogrio.raw.read(source, layer=layer, return_fids=True, **options)
    return {
        "fids": list(fids),
        "fields": dict(zip(meta["fields"], fields, strict=True)),
        "geometries": geometries,
    }


def test_gdal_lists_every_collection_and_reads_what_the_rest_api_shows(demo_server, as_user):
    as_user("planner")
    source = f"OAPIF:{demo_server.url}/ogc/"
    layers = {name: kind for name, kind in pyogrio.list_layers(source)}
    assert layers == {
        "neighborhoods": "MultiPolygon",
        "partners": "Point",
        "visits": "Point",
        "interventions": "MultiPolygon",
        "assignments": "MultiPolygon",
    }

    # Neighbourhoods: the ranking under the default profile, page after page (GDAL follows next).
    ranked = {row["neighborhood"]: row for row in rest("planner", "/api/v1/priorities/")["results"]}
    got = read(source, "neighborhoods", PAGE_SIZE="7")  # several pages for 24 neighbourhoods
    assert sorted(got["fids"]) == sorted(ranked)
    for fid, code, rank, score in zip(
        got["fids"], got["fields"]["code"], got["fields"]["rank"], got["fields"]["score"], strict=True
    ):
        assert code == ranked[fid]["code"]
        assert same(rank, ranked[fid]["rank"]) and same(score, ranked[fid]["score"])
    assert any(row["score"] is not None for row in ranked.values())

    # Partners: same ids, names and kinds as the REST API.
    partners = {
        f["id"]: f["properties"] for f in rest("planner", "/api/v1/partners/?page_size=1000")["features"]
    }
    got = read(source, "partners")
    assert sorted(got["fids"]) == sorted(partners)
    for fid, name, kind in zip(got["fids"], got["fields"]["name"], got["fields"]["kind"], strict=True):
        assert (name, kind) == (partners[fid]["name"], partners[fid]["kind"])

    # Visits: the counted ones, with their neighbourhood and visit time.
    states = "received,approved,edited"
    visits = rest("planner", f"/api/v1/visits/?review_state={states}&page_size=1000")
    by_id = {f["id"]: f["properties"] for f in visits["features"]}
    got = read(source, "visits", PAGE_SIZE="50")
    assert sorted(got["fids"]) == sorted(by_id) and len(by_id) == visits["count"]
    for fid, uuid in zip(got["fids"], got["fields"]["uuid"], strict=True):
        assert uuid == by_id[fid]["client_uuid"]

    # Interventions and assignments: the same rows and statuses.
    interventions = {
        row["id"]: row for row in rest("planner", "/api/v1/interventions/?page_size=1000")["results"]
    }
    got = read(source, "interventions")
    assert dict(zip(got["fids"], got["fields"]["status"], strict=True)) == {
        pk: row["status"] for pk, row in interventions.items()
    }
    assignments = {
        row["id"]: row for row in rest("planner", "/api/v1/assignments/?page_size=1000")["results"]
    }
    got = read(source, "assignments")
    assert dict(zip(got["fids"], got["fields"]["done"], strict=True)) == {
        pk: row["visits_done"] for pk, row in assignments.items()
    }

    # A bbox reaches the server as ?bbox= and keeps what intersects it.
    box = (49.95, 36.25, 50.0, 36.3)
    inside = rest("planner", "/api/v1/partners/?page_size=1000&bbox=" + ",".join(map(str, box)))
    assert sorted(read(source, "partners", bbox=box)["fids"]) == sorted(f["id"] for f in inside["features"])
    assert 0 < len(inside["features"]) < len(partners)


def test_a_planner_gets_no_phone_numbers_through_gdal_and_a_coordinator_does(demo_server, as_user):
    source = f"OAPIF:{demo_server.url}/ogc/"
    as_user("planner")
    planner_fields = pyogrio.read_info(source, layer="partners")["fields"]
    assert "phone" not in planner_fields and "contact" not in planner_fields
    as_user("coordinator")
    phones = read(source, "partners")["fields"]["phone"]
    assert any(phone for phone in phones)
    as_user("visitor")
    assert {name for name, _kind in pyogrio.list_layers(source)} == {"partners", "assignments"}
