"""Weight profiles, recomputing, and the ranked list as JSON, GeoJSON, CSV and XLSX."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.accounts.models import Role
from backend.planning.models import NeighborhoodScore, WeightProfile
from tests.factories import NeighborhoodFactory, VisitFactory, square

PROFILES = "/api/v1/weight-profiles/"
PRIORITIES = "/api/v1/priorities/"


@pytest.fixture
def town(db):
    """Needy (all deprived), better (none) and never visited."""
    needy = NeighborhoodFactory(code="NEEDY", boundary=square(50.0, 36.25), population=5000)
    better = NeighborhoodFactory(code="BETTER", boundary=square(50.02, 36.25), population=5000)
    NeighborhoodFactory(code="UNSEEN", boundary=square(50.04, 36.25), population=5000)
    for _ in range(4):
        VisitFactory(
            point=Point(50.005, 36.255, srid=4326),
            water="none",
            sanitation="open_defecation",
            housing="non_durable",
            tenure="none",
            persons_per_room=6,
        )
        VisitFactory(
            point=Point(50.025, 36.255, srid=4326),
            water="improved",
            sanitation="improved",
            housing="durable",
            tenure="formal_deed",
            persons_per_room=1,
        )
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    return needy, better


def test_recompute_ranks_need_and_leaves_the_unvisited_unknown(town, planner):
    body = planner.get(PRIORITIES).json()
    assert body["profile"]["is_default"] is True
    codes = [row["code"] for row in body["results"]]
    assert codes == ["NEEDY", "BETTER", "UNSEEN"]
    needy, better, unseen = body["results"]
    assert (needy["rank"], better["rank"], unseen["rank"]) == (1, 2, None)
    assert unseen["score"] is None and unseen["visit_count"] == 0
    assert needy["score"] > better["score"]
    assert needy["components"]["water"] == 1.0 and better["components"]["water"] == 0.0
    assert sum(needy["contributions"].values()) == pytest.approx(needy["score"], abs=0.1)
    assert needy["reasons"][0] in {"water", "sanitation", "living_area", "durable_housing", "tenure"}
    assert needy["last_visit_jalali"].startswith("14")


def test_recompute_action_queues_one_job_and_the_command_is_idempotent(town, planner):
    first = NeighborhoodScore.objects.count()
    response = planner.post(f"{PRIORITIES}recompute/")
    assert response.status_code == 202 and response.json()["state"] == "queued"
    again = planner.post(f"{PRIORITIES}recompute/")
    assert again.json()["job"] == response.json()["job"]  # many asks while it waits: one run
    assert planner.get(response.json()["job"]).json()["kind"] == "recompute"
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    assert NeighborhoodScore.objects.count() == first == 3


def test_planner_creates_a_profile_scored_by_the_next_recompute(town, planner):
    response = planner.post(PROFILES, {"name": "فقط آب", "weights": {"water": 1}}, format="json")
    assert response.status_code == 201, response.json()
    profile = WeightProfile.objects.get(name="فقط آب")
    assert planner.get(PRIORITIES, {"profile": "فقط آب"}).json()["results"] == []  # not yet scored
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())  # as the queued job does
    assert profile.weights["water"] == 1.0 and profile.weights["tenure"] == 0.0
    rows = planner.get(PRIORITIES, {"profile": "فقط آب"}).json()["results"]
    assert [(r["code"], r["score"]) for r in rows[:2]] == [("NEEDY", 100.0), ("BETTER", 0.0)]
    by_id = planner.get(PRIORITIES, {"profile": profile.pk}).json()["results"]
    assert by_id == rows
    response = planner.patch(f"{PROFILES}{profile.pk}/", {"weights": {"tenure": 2}}, format="json")
    assert response.status_code == 200
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    assert planner.get(PRIORITIES, {"profile": profile.pk}).json()["results"][0]["reasons"] == ["tenure"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "weights": {"water": -1}},
        {"name": "x", "weights": {"water": 0}},
        {"name": "x", "weights": {"wealth": 1}},
        {"name": "x", "weights": {"water": "a lot"}},
        {"name": "x", "weights": [1, 2]},
        {"name": "x"},
        {"name": "پیش‌فرض", "weights": {"water": 1}},
        {"name": "x", "weights": {"water": 1}, "owner": "me"},
    ],
)
def test_invalid_profiles_are_400_and_store_nothing(town, planner, body):
    response = planner.post(PROFILES, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]
    assert WeightProfile.objects.count() == 1


def test_unknown_profile_is_a_400_naming_the_choices(town, planner):
    response = planner.get(PRIORITIES, {"profile": "nonexistent"})
    assert response.status_code == 400
    assert "پیش‌فرض" in response.json()["errors"]["profile"][0]
    assert planner.get("/api/v1/priorities.csv", {"profile": "nope"}).status_code == 400


def test_a_new_default_profile_takes_over_from_the_old_one(town, planner):
    old = WeightProfile.objects.get(is_default=True)
    body = {"name": "آب اول", "weights": {"water": 1}, "is_default": True}
    response = planner.post(PROFILES, body, format="json")
    assert response.status_code == 201, response.json()
    assert list(WeightProfile.objects.filter(is_default=True).values_list("name", flat=True)) == ["آب اول"]
    assert planner.delete(f"{PROFILES}{old.pk}/").status_code == 204  # no longer the default


def test_default_profile_cannot_be_deleted(town, planner):
    default = WeightProfile.objects.get(is_default=True)
    assert planner.delete(f"{PROFILES}{default.pk}/").status_code == 400
    assert WeightProfile.objects.filter(pk=default.pk).exists()


def test_geojson_simplifies_to_the_zoom(town, planner):
    bumpy = NeighborhoodFactory(code="BUMPY")
    ring = [(50.1 + 0.01 * i / 200, 36.25 + 0.00001 * (i % 2)) for i in range(201)]
    ring += [(50.11, 36.26), (50.1, 36.26), ring[0]]
    from django.contrib.gis.geos import MultiPolygon, Polygon

    bumpy.boundary = MultiPolygon(Polygon(ring), srid=4326)
    bumpy.save()
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())

    def vertices(zoom):
        body = planner.get("/api/v1/priorities.geojson", {"zoom": zoom}).json()
        (feature,) = [f for f in body["features"] if f["properties"]["code"] == "BUMPY"]
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        return len(re.findall(r"\[-?[\d.]+, -?[\d.]+\]", json.dumps(feature["geometry"])))

    assert vertices(8) == 5  # a rectangle is left: the 1 m zigzag is far below a pixel
    assert vertices(22) == 204
    assert planner.get("/api/v1/priorities.geojson", {"zoom": 40}).status_code == 400


def test_csv_has_persian_headers_and_jalali_beside_iso(town, planner):
    response = planner.get("/api/v1/priorities.csv", HTTP_ACCEPT_LANGUAGE="fa")
    text = b"".join(response.streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["رتبه", "کد", "محله"]
    iso, jalali = header.index("آخرین بازدید (ISO، UTC)"), header.index("آخرین بازدید (شمسی)")
    assert re.match(r"\d{4}-\d\d-\d\dT", rows[0][iso])
    assert re.match(r"14\d\d/\d\d/\d\d \d\d:\d\d", rows[0][jalali])
    assert [row[1] for row in rows] == ["NEEDY", "BETTER", "UNSEEN"]


def test_xlsx_is_a_right_to_left_workbook(town, planner):
    response = planner.get("/api/v1/priorities.xlsx", HTTP_ACCEPT_LANGUAGE="fa")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # streamed from a file
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'rightToLeft="1"' in sheet
    strings = (
        sheet + book.read("xl/sharedStrings.xml").decode()
        if "xl/sharedStrings.xml" in book.namelist()
        else sheet
    )
    assert "رتبه" in strings and "NEEDY" in strings


@pytest.mark.parametrize(
    "url",
    [PRIORITIES, "/api/v1/priorities.csv", "/api/v1/priorities.xlsx", "/api/v1/priorities.geojson", PROFILES],
)
def test_visitors_cannot_read_priorities_or_exports(town, visitor, url):
    assert visitor.get(url).status_code == 403


def test_only_planners_and_admins_write_profiles(town, make_client):
    for role in (Role.VISITOR, Role.COORDINATOR):
        response = make_client(role).post(PROFILES, {"name": "y", "weights": {"water": 1}}, format="json")
        assert response.status_code == 403
    assert make_client(Role.VISITOR).post(f"{PRIORITIES}recompute/").status_code == 403
