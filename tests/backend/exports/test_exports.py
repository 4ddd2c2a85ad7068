"""Exports of visits, neighbourhoods with scores and partners, read back with GDAL."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from openpyxl import load_workbook

from backend.accounts.models import Role
from tests.factories import NeighborhoodFactory, PartnerFactory, VisitFactory, square
from tests.gisfiles import read_layer

FORMATS = ["csv", "xlsx", "geojson", "gpkg", "shp.zip", "kml"]


@pytest.fixture
def town(db):
    home = NeighborhoodFactory(code="H1", name="کوی لاله", boundary=square(50.0, 36.25), population=1200)
    NeighborhoodFactory(code="H2", name="کوی نرگس", boundary=square(50.1, 36.25))
    for minute in range(3):
        VisitFactory(
            point=Point(50.005, 36.255, srid=4326),
            visited_at=datetime(2026, 11, 28, 10, minute, tzinfo=UTC),
            water="unimproved",
            child_labour=True,
            notes='=HYPERLINK("http://x")',
        )
    VisitFactory(point=Point(50.105, 36.255, srid=4326), visited_at=datetime(2026, 3, 20, 21, 0, tzinfo=UTC))
    PartnerFactory(
        kind="mosque", name="مسجد جامع", phone="+989121234567", contact_name="حاج آقا", services=["food"]
    )
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    return home


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def features_of(tmp_path, fmt, body):
    """Write a downloaded body to disk and read it with GDAL: (meta, geometries, rows)."""
    name = {"shp.zip": "x.shp.zip"}.get(fmt, f"x.{fmt}")
    path = tmp_path / name
    path.write_bytes(body)
    # GDAL would turn ISO text into dates when reading GeoJSON; we check the text we wrote.
    options = {"DATE_AS_STRING": "YES"} if fmt == "geojson" else {}
    return read_layer(f"/vsizip/{path}" if fmt == "shp.zip" else path, **options)


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp.zip", "kml"])
def test_visits_round_trip_through_gdal(planner, town, tmp_path, fmt):
    body = download(planner, f"/api/v1/exports/visits.{fmt}")
    meta, geometries, rows = features_of(tmp_path, fmt, body)
    assert len(rows) == 4
    first = rows[0]  # oldest first
    assert first["visited_at"] == "2026-03-20T21:00:00Z"
    assert first["visited_fa"] == "1405/01/01 00:30"  # Nowruz, Tehran time
    assert (geometries[0].x, geometries[0].y) == pytest.approx((50.105, 36.255))
    later = rows[1]
    assert later["nbhd_code"] == "H1" and later["nbhd_name"] == "کوی لاله"
    assert later["water"] == "unimproved"
    assert float(later["child_lab"]) == 1  # KML holds text; GDAL reads integers with nulls as floats
    if fmt in ("gpkg", "geojson"):
        assert meta["crs"] == "EPSG:4326"


def test_geojson_is_rfc_7946(planner, town):
    collection = json.loads(download(planner, "/api/v1/exports/visits.geojson"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [50.105, 36.255]}
    assert feature["properties"]["visited_fa"] == "1405/01/01 00:30"


def test_csv_and_excel_tables_in_persian_with_safe_cells(planner, town):
    body = download(planner, "/api/v1/exports/visits.csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    header, rows = table[0], table[1:]
    assert [h for h in header if h in ("water", "lon", "lat")] == ["water", "lon", "lat"] and len(rows) == 4
    assert rows[1][header.index("water")] == "Unimproved source"  # the label, not the code
    persian = planner.get("/api/v1/exports/visits.csv", HTTP_ACCEPT_LANGUAGE="fa")
    assert "آب" in b"".join(persian.streaming_content).decode("utf-8-sig").splitlines()[0].split(",")
    assert any(cell.startswith("'=HYPERLINK") for cell in rows[1])  # never a live formula
    excel = planner.get("/api/v1/exports/visits.xlsx", HTTP_ACCEPT_LANGUAGE="fa")
    sheet = load_workbook(io.BytesIO(b"".join(excel.streaming_content))).active
    assert sheet.sheet_view.rightToLeft and "آب" in [cell.value for cell in sheet[1]]
    assert sum(1 for _ in sheet.iter_rows()) == 5


def test_neighbourhoods_with_scores_as_geopackage(planner, town, tmp_path):
    body = download(planner, "/api/v1/exports/neighborhoods.gpkg")
    meta, geometries, rows = features_of(tmp_path, "gpkg", body)
    by_code = {row["code"]: (row, geometry) for row, geometry in zip(rows, geometries, strict=True)}
    ranked = {r["code"]: r for r in planner.get("/api/v1/priorities/").json()["results"]}
    for code, (row, _geometry) in by_code.items():  # the same scores and ranks as the API's list
        assert (row["rank"], row["score"]) == (ranked[code]["rank"], pytest.approx(ranked[code]["score"]))
    row, geometry = by_code["H1"]
    assert row["visits"] == 3 and row["population"] == 1200
    assert row["last_visit"] == "2026-11-28T10:02:00Z" and row["lastvis_fa"] == "1405/09/07 13:32"
    assert geometry.geom_type == "MultiPolygon" and geometry.bounds == pytest.approx(
        (50.0, 36.25, 50.01, 36.26)
    )
    assert meta["geometry_type"] == "MultiPolygon"


def test_filters_follow_the_api(planner, visitor, town, tmp_path):
    only_h1 = json.loads(download(planner, f"/api/v1/exports/visits.geojson?neighborhood={town.pk}"))
    assert len(only_h1["features"]) == 3
    boxed = json.loads(download(planner, "/api/v1/exports/visits.geojson?bbox=50.1,36.2,50.2,36.3"))
    assert len(boxed["features"]) == 1
    later = json.loads(download(planner, "/api/v1/exports/visits.geojson?visited_after=2026-11-28T10:01:00Z"))
    assert len(later["features"]) == 2
    # A visitor exports only their own visits: none here.
    assert json.loads(download(visitor, "/api/v1/exports/visits.geojson"))["features"] == []


@pytest.mark.parametrize(
    ("role", "sees_contacts"), [("visitor", False), ("planner", False), ("coordinator", True)]
)
def test_partner_contacts_only_for_the_roles_allowed(make_client, town, tmp_path, role, sees_contacts):
    client = make_client(Role(role))
    for fmt in FORMATS:
        body = download(client, f"/api/v1/exports/partners.{fmt}")
        if fmt == "xlsx":
            text = " ".join(
                str(c)
                for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
                for c in row
            )
        elif fmt == "shp.zip":
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                text = archive.read("partners.dbf").decode("utf-8", "replace")
        elif fmt == "gpkg":
            text = str(features_of(tmp_path, fmt, body)[2])
        else:
            text = body.decode("utf-8-sig")
        assert ("+989121234567" in text) is sees_contacts, fmt
        assert ("حاج آقا" in text) is sees_contacts, fmt
        assert "مسجد جامع" in text, fmt


def test_who_may_export_what(visitor, outsider, town):
    assert visitor.get("/api/v1/exports/neighborhoods.csv").status_code == 403
    assert outsider.get("/api/v1/exports/visits.csv").status_code == 401


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/exports/visits.csv?bbox=1,2,3", "bbox"),
        ("/api/v1/exports/visits.csv?visited_after=yesterday", "visited_after"),
        ("/api/v1/exports/visits.csv?colour=red", "colour"),
        ("/api/v1/exports/partners.gpkg?kind=castle", "kind"),
        ("/api/v1/exports/neighborhoods.kml?profile=nope", "profile"),
    ],
)
def test_bad_filters_are_400(planner, town, url, field):
    response = planner.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(field)


def test_unknown_format_is_404(planner, town):
    assert planner.get("/api/v1/exports/visits.exe").status_code == 404
    assert planner.get("/api/v1/exports/people.csv").status_code == 404


def test_empty_exports_are_files_with_their_fields(planner, db, tmp_path):
    meta, _geometries, rows = features_of(tmp_path, "gpkg", download(planner, "/api/v1/exports/visits.gpkg"))
    assert rows == [] and "visited_fa" in list(meta["fields"])


def test_a_geopackage_export_imports_back_as_the_same_partners(coordinator, db, tmp_path):
    from backend.imports.services import import_file
    from backend.partners.models import Partner

    PartnerFactory(ref="P-1", kind="ngo", name="سمن امید", phone="+989121234567", services=["food", "health"])
    PartnerFactory(
        ref="P-2", kind="charity", name="خیریه نور", point=Point(50.0123456, 36.2654321, srid=4326)
    )
    fields = ("ref", "kind", "name", "phone", "services", "is_active")
    before = {p.ref: ([getattr(p, f) for f in fields], p.point.coords) for p in Partner.objects.all()}
    path = tmp_path / "partners.gpkg"
    path.write_bytes(download(coordinator, "/api/v1/exports/partners.gpkg"))
    Partner.objects.all().delete()
    report = import_file("partners", path, dry_run=False)
    assert report.committed and report.created == 2, report.errors
    after = {p.ref: ([getattr(p, f) for f in fields], p.point.coords) for p in Partner.objects.all()}
    assert {ref: values for ref, (values, _) in after.items()} == {
        ref: values for ref, (values, _) in before.items()
    }
    for ref, (_values, coords) in before.items():
        assert after[ref][1] == pytest.approx(coords, abs=1e-9)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_csv_made_by_postgresql_has_the_cells_the_python_writer_makes(town, planner, language):
    """The COPY path (exports.copy) against the row-by-row writer, cell by cell, on the same rows:
    labels, ISO beside Jalali (a visit at the Nowruz midnight included), 1/0, formula-safe notes."""
    from django.utils import translation

    from backend.common.exports import csv_response
    from backend.exports import datasets
    from backend.exports.copy import copyable
    from backend.exports.formats import _table_columns, render_csv

    VisitFactory(point=Point(50.005, 36.255, srid=4326), notes="", persons_per_room=3, addiction=None)
    with translation.override(language):
        for dataset in (
            datasets.visits(user=planner.user, filters={}),
            datasets.partners(filters={}, contacts=True),
        ):
            assert copyable(dataset)
            copied = b"".join(render_csv(dataset).streaming_content).decode("utf-8-sig")
            columns, rows = _table_columns(dataset)
            written = b"".join(
                csv_response(filename="x.csv", columns=columns, rows=rows).streaming_content
            ).decode("utf-8-sig")
            ours, theirs = list(csv.reader(io.StringIO(copied))), list(csv.reader(io.StringIO(written)))
            assert len(ours) == len(theirs) > 1
            for mine, reference in zip(ours, theirs, strict=True):
                assert len(mine) == len(reference)
                for a, b in zip(mine, reference, strict=True):
                    if a != b:  # a whole float is 3 from PostgreSQL, 3.0 from Python
                        assert float(a) == float(b), (a, b)
