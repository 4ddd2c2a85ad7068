"""Importing neighbourhoods and partners from files written with GDAL: every format, CRS and mishap."""

import io
import zipfile
from pathlib import Path

import pyogrio
import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation
from shapely.geometry import MultiPolygon, Point, Polygon, box

from backend.imports.report import report_lines
from backend.imports.services import import_file
from backend.imports.sources import ImportFileError
from backend.jobs.models import Job
from backend.partners.models import Partner
from backend.surveys.models import Neighborhood
from tests.factories import NeighborhoodFactory, square
from tests.gisfiles import write_layer
from tests.jobs import clear_queue, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Reports in English here (the command speaks the site's language, Persian by default)."""
    with translation.override("en"):
        yield


# Qazvin in UTM zone 39N (EPSG:32639), metres.
QAZVIN_E, QAZVIN_N = 409_870.0, 4_013_000.0


def utm_square(dx: float, size: float = 500.0) -> Polygon:
    return box(QAZVIN_E + dx, QAZVIN_N, QAZVIN_E + dx + size, QAZVIN_N + size)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_file", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_geopackage_in_utm_39n_is_reprojected_to_wgs84(tmp_path):
    path = write_layer(
        tmp_path / "mahalleh.gpkg",
        [
            {"code": "Q1", "name": "اسلام‌آباد", "population": 12000},
            {"code": "Q2", "name": "منصور", "population": 800},
        ],
        [utm_square(0), utm_square(1000)],
        crs="EPSG:32639",
    )
    output = run("neighborhoods", str(path))
    assert "Imported: 2 new, 0 updated." in output and "Reprojected from WGS 84 / UTM zone 39N" in output
    stored = Neighborhood.objects.get(code="Q1")
    expected = GEOSGeometry(utm_square(0).wkt, srid=32639).transform(4326, clone=True)
    assert stored.boundary.srid == 4326
    assert abs(stored.boundary.centroid.x - expected.centroid.x) < 1e-7
    assert abs(stored.boundary.centroid.y - expected.centroid.y) < 1e-7
    assert 49.9 < stored.boundary.centroid.x < 50.1 and 36.2 < stored.boundary.centroid.y < 36.3
    assert (stored.name, stored.population) == ("اسلام‌آباد", 12000)


def test_bow_tie_is_repaired_and_reported_multipolygons_kept(tmp_path):
    bow_tie = Polygon([(50.0, 36.25), (50.01, 36.26), (50.01, 36.25), (50.0, 36.26), (50.0, 36.25)])
    two_parts = MultiPolygon([box(50.1, 36.25, 50.11, 36.26), box(50.12, 36.25, 50.13, 36.26)])
    path = write_layer(
        tmp_path / "n.geojson",
        [{"code": "B", "name": "پاپیون"}, {"code": "M", "name": "دوتکه"}],
        [bow_tie, two_parts],
    )
    report = import_file("neighborhoods", path, dry_run=False)
    assert report.committed and report.repaired == [1]
    assert Neighborhood.objects.get(code="B").boundary.valid
    assert len(Neighborhood.objects.get(code="M").boundary) == 2


def test_z_values_are_dropped(tmp_path):
    cube_face = Polygon(
        [(50.0, 36.25, 1200), (50.01, 36.25, 1210), (50.01, 36.26, 1220), (50.0, 36.25, 1200)]
    )
    path = write_layer(tmp_path / "z.geojson", [{"code": "Z", "name": "کوه"}], [cube_face])
    report = import_file("neighborhoods", path, dry_run=False)
    assert "Z and M values were dropped." in report.notes
    assert not Neighborhood.objects.get(code="Z").boundary.hasz


def test_missing_attribute_names_the_columns_and_mapping_fixes_it(tmp_path):
    path = write_layer(tmp_path / "n.gpkg", [{"code": "T", "ESM": "تپه"}], [box(50.0, 36.25, 50.01, 36.26)])
    with pytest.raises(CommandError, match="No column gives the name; the file's columns are: code, ESM"):
        run("neighborhoods", str(path))
    assert "Imported: 1 new" in run("neighborhoods", str(path), "--map", "name=ESM")
    assert Neighborhood.objects.get(code="T").name == "تپه"


def test_shapefile_in_windows_1256_is_read_from_its_cpg_or_with_encoding(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    write_layer(
        folder / "mahalleh.shp",
        [{"code": "W", "name": "کوچه باغ"}],
        [box(50.0, 36.25, 50.01, 36.26)],
        encoding="cp1256",
    )
    assert (folder / "mahalleh.dbf").read_bytes().find("کوچه باغ".encode("cp1256")) > 0
    archive = tmp_path / "with-cpg.zip"
    _zip(archive, folder)
    report = import_file("neighborhoods", archive, dry_run=False)
    assert Neighborhood.objects.get(code="W").name == "کوچه باغ", report.notes
    # Without the .cpg GDAL cannot know; the user says which encoding.
    (folder / "mahalleh.cpg").unlink()
    _zip(tmp_path / "no-cpg.zip", folder)
    import_file("neighborhoods", tmp_path / "no-cpg.zip", encoding="cp1256", overrides={}, dry_run=False)
    assert Neighborhood.objects.get(code="W").name == "کوچه باغ"


def test_partners_from_csv_with_persian_labels_and_lon_lat(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(
        "ref,name,kind,services,lat,lon,phone,active\n"
        'P1,مسجد جامع,مسجد,"کمک غذایی، آموزش",36.255,50.005,09121234567,بله\n'
        "P2,Hope NGO,ngo,health,36.26,50.01,,no\n",
        encoding="utf-8",
    )
    report = import_file("partners", path, overrides={"is_active": "active"}, dry_run=False)
    assert report.committed, report.errors
    mosque = Partner.objects.get(ref="P1")
    assert (mosque.kind, mosque.services, mosque.phone, mosque.is_active) == (
        "mosque",
        ["education", "food"],
        "+989121234567",
        True,
    )
    assert (mosque.point.x, mosque.point.y) == (50.005, 36.255)
    assert Partner.objects.get(ref="P2").is_active is False


def test_partners_from_csv_with_wkt_and_from_kml(tmp_path):
    csv_path = tmp_path / "wkt.csv"
    csv_path.write_text('name,kind,WKT\nخیریه نور,charity,"POINT (50.02 36.27)"\n', encoding="utf-8")
    assert import_file("partners", csv_path, dry_run=False).committed
    assert Partner.objects.get(name="خیریه نور").point.coords == (50.02, 36.27)
    kml = write_layer(
        tmp_path / "p.kml", [{"name": "حسینیه", "kind": "hosseiniyeh"}], [Point(50.03, 36.28)], driver="KML"
    )
    report = import_file("partners", kml, dry_run=False)
    assert report.committed, report.errors
    assert Partner.objects.get(name="حسینیه").kind == "hosseiniyeh"


def test_dry_run_reports_and_writes_nothing_reimport_updates(tmp_path):
    NeighborhoodFactory(code="OLD", name="قدیم", boundary=square(50.0, 36.25))
    path = write_layer(
        tmp_path / "n.geojson",
        [{"code": "OLD", "name": "جدید"}, {"code": "NEW", "name": "تازه"}],
        [box(50.0, 36.25, 50.01, 36.26), box(50.2, 36.25, 50.21, 36.26)],
    )
    output = run("neighborhoods", str(path), "--dry-run")
    assert "Dry run: 1 would be new, 1 updated; nothing was written." in output
    assert list(Neighborhood.objects.values_list("code", "name")) == [("OLD", "قدیم")]
    run("neighborhoods", str(path))
    assert dict(Neighborhood.objects.values_list("code", "name")) == {"OLD": "جدید", "NEW": "تازه"}


def test_one_bad_row_means_nothing_is_imported(tmp_path):
    path = write_layer(
        tmp_path / "n.geojson",
        [{"code": "A", "name": "خوب"}, {"code": "B", "name": "بد"}, {"code": "A", "name": "تکراری"}],
        [box(50.0, 36.25, 50.01, 36.26), box(250.0, 36.25, 250.01, 36.26), box(50.1, 36.25, 50.11, 36.26)],
    )
    report = import_file("neighborhoods", path, dry_run=False)
    assert not report.committed
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [
        (1, "code"),
        (2, "boundary"),
        (3, "code"),
    ]
    assert "appears more than once" in report.errors[0].message
    assert Neighborhood.objects.count() == 0
    with pytest.raises(CommandError, match="3 rows have errors; nothing was imported"):
        run("neighborhoods", str(path))


def _zip(archive, folder, extra: dict[str, bytes] | None = None):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in folder.iterdir():
            zf.write(file, file.name)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return archive


def _shapefile(tmp_path, *, prj: bool = True):
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    write_layer(folder / "m.shp", [{"code": "S", "name": "ش"}], [utm_square(0)], crs="EPSG:32639")
    if not prj:
        (folder / "m.prj").unlink()
    return folder


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "x.txt", "is not a file we read"),
        (
            lambda p: _bytes(p / "cut.gpkg", b"SQLite format 3\x00" + b"\x00" * 100),
            "GDAL cannot read the file",
        ),
        (
            lambda p: _bytes(p / "broken.geojson", b'{"type": "FeatureCollection", "features": [{"type": '),
            "GDAL",
        ),
        (lambda p: _bytes(p / "not.zip", b"PK\x03\x04 not really"), "The zip file is damaged"),
        (
            lambda p: _zip(p / "noshp.zip", _shapefile(p), {}) and _drop_from_zip(p / "noshp.zip", ".shp"),
            "holds: none",
        ),
        (lambda p: _zip(p / "evil.zip", _shapefile(p), {"../../etc/cron.d/x.shp": b"x"}), "unsafe path"),
        (lambda p: _zip(p / "abs.zip", _shapefile(p), {"/var/x.csv": b"x"}), "unsafe path"),
        (lambda p: _zip(p / "noprj.zip", _shapefile(p, prj=False)), "does not say which coordinate system"),
        (lambda p: _bytes(p / "nogeom.csv", b"name,kind\nx,mosque\n"), "has no geometry"),
    ],
)
@pytest.mark.filterwarnings("ignore:GPKG:RuntimeWarning")  # GDAL's own note on the damaged GeoPackage
def test_bad_files_are_refused_with_a_reason_and_nothing_written(tmp_path, make, message):
    path = make(tmp_path)
    if not path.exists():
        path.write_text("hello")
    with pytest.raises(ImportFileError, match=message):
        import_file("neighborhoods", path, dry_run=False)
    assert Neighborhood.objects.count() == 0


def test_zip_bomb_stops_at_the_unpacked_limit(tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.geojson", b" " * (20 * 1024 * 1024))  # 20 MB of spaces, ~20 KB zipped
    assert archive.stat().st_size < 100_000
    with pytest.raises(ImportFileError, match="unpacks to 20 MB; at most 1 MB"):
        import_file("neighborhoods", archive)


def test_oversized_file_and_unknown_epsg_are_refused(tmp_path, settings):
    path = write_layer(
        tmp_path / "n.geojson", [{"code": "A", "name": "الف"}], [box(50.0, 36.25, 50.01, 36.26)]
    )
    with pytest.raises(ImportFileError, match="at most 0 MB"):
        settings.IMPORT_MAX_BYTES = 10
        import_file("neighborhoods", path)
    settings.IMPORT_MAX_BYTES = 50 * 2**20
    with pytest.raises(ImportFileError, match="coordinate system 999999 is unknown"):
        import_file("neighborhoods", path, source_srid=999999)
    with pytest.raises(ImportFileError, match="no field colour"):
        import_file("neighborhoods", path, overrides={"colour": "code"})
    with pytest.raises(ImportFileError, match="no column NAME_FA"):
        import_file("neighborhoods", path, overrides={"name": "NAME_FA"})


def _bytes(path, content: bytes):
    path.write_bytes(content)
    return path


def _drop_from_zip(archive, suffix):
    with zipfile.ZipFile(archive) as zf:
        kept = {i.filename: zf.read(i) for i in zf.infolist() if not i.filename.endswith(suffix)}
    with zipfile.ZipFile(archive, "w") as zf:
        for name, content in kept.items():
            zf.writestr(name, content)
    return archive


def _admin_client(client, role):
    """Signed in as a user of role, made as accounts are made (admins and coordinators are staff)."""
    from backend.accounts.services import user_create

    user = user_create(
        username=f"u-{role}", role=role, password="a-long-pass-phrase-1405", check_password=False
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # English messages here; Persian checked below
    return client


def test_admin_upload_checks_first_then_imports_as_a_job(client, transactional_db, tmp_path):
    clear_queue()
    path = write_layer(
        tmp_path / "n.gpkg", [{"code": "U1", "ESM": "آبادی"}], [utm_square(0)], crs="EPSG:32639"
    )
    admin_client = _admin_client(client, "admin")
    page = admin_client.get("/admin/surveys/neighborhood/")
    assert "/admin/surveys/neighborhood/import/" in page.content.decode()
    form = {"mapping": "name=ESM", "encoding": "", "layer": "", "srid": ""}
    with path.open("rb") as upload:
        checked = admin_client.post("/admin/surveys/neighborhood/import/", {**form, "file": upload})
    assert checked.status_code == 200
    assert "nothing was written" in checked.content.decode() and Neighborhood.objects.count() == 0
    with path.open("rb") as upload:
        persian = admin_client.post(
            "/admin/surveys/neighborhood/import/", {**form, "file": upload}, HTTP_ACCEPT_LANGUAGE="fa"
        )
    assert "آزمایشی" in persian.content.decode() and 'dir="rtl"' in persian.content.decode()
    with path.open("rb") as upload:
        queued = admin_client.post(
            "/admin/surveys/neighborhood/import/", {**form, "file": upload, "commit": "on"}
        )
    assert "runs as job" in queued.content.decode() and Neighborhood.objects.count() == 0
    run_worker()
    job = Job.objects.get(kind="import")
    assert (job.state, job.target, job.owner.username) == ("done", "neighborhoods", "u-admin")
    assert any("Imported: 1 new" in line for line in job.result["lines"]) and not job.result["failed"]
    assert Neighborhood.objects.get(code="U1").name == "آبادی"
    assert not default_storage.exists(job.params["file"])  # the upload is gone once imported
    assert "Imported: 1 new" in admin_client.get("/jobs/?kind=import").content.decode()


def test_admin_upload_refuses_bad_files_big_files_and_other_roles(client, tmp_path, settings):
    admin_client = _admin_client(client, "admin")
    bad = _bytes(tmp_path / "x.geojson", b"{nope")
    with bad.open("rb") as upload:
        response = admin_client.post("/admin/surveys/neighborhood/import/", {"file": upload})
    assert response.status_code == 400 and "GDAL cannot read the file" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 3
    with bad.open("rb") as upload:
        response = admin_client.post("/admin/surveys/neighborhood/import/", {"file": upload, "commit": "on"})
    assert response.status_code == 400 and "larger than 0 MB" in response.content.decode()
    assert Neighborhood.objects.count() == 0
    client.logout()
    coordinator = _admin_client(client, "coordinator")
    assert coordinator.get("/admin/surveys/neighborhood/import/").status_code == 403
    assert coordinator.get("/admin/partners/partner/import/").status_code == 200


def test_the_report_speaks_persian(tmp_path):
    path = write_layer(
        tmp_path / "n.geojson", [{"code": "A", "name": "الف"}], [box(50.0, 36.25, 50.01, 36.26)]
    )
    with translation.override("fa"):
        output = run("neighborhoods", str(path), "--dry-run")
    assert "آزمایشی: ۱ تازه" in output and "۱ ردیف" in output  # Persian text, Persian digits


def test_an_unreadable_file_imported_as_a_job_reports_why(client, transactional_db, tmp_path):
    clear_queue()
    admin_client = _admin_client(client, "admin")
    bad = _bytes(tmp_path / "x.geojson", b"{nope")
    with bad.open("rb") as upload:
        admin_client.post("/admin/surveys/neighborhood/import/", {"file": upload, "commit": "on"})
    run_worker()
    job = Job.objects.get(kind="import")
    assert job.state == "done" and job.attempts == 1  # not retried: the file will not change
    assert job.result["failed"] and "GDAL cannot read the file" in job.result["lines"][0]
    assert Neighborhood.objects.count() == 0


NATURAL_EARTH = Path(pyogrio.__file__).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"


def test_natural_earths_countries_import_with_the_edge_of_the_map_clamped():
    """A real WGS 84 file: Fiji and Russia cross longitude 180, where reprojection round-off puts
    vertices at 180.00000000000006. That is the bound, not an error."""
    report = import_file("neighborhoods", NATURAL_EARTH, overrides={"code": "iso_a3"}, dry_run=True)
    assert report.rows == 177
    # What is left is the file's own: five countries without an ISO code share "-99".
    assert [e.row for e in report.errors] == [22, 44, 161, 168, 175]
    assert all(e.message.startswith("code: -99") for e in report.errors)


def test_a_persian_report_reads_in_persian_with_persian_digits(tmp_path):
    path = write_layer(tmp_path / "far.geojson", [{"code": "A", "name": "دور"}], [box(190, 36, 191, 37)])
    with translation.override("fa"):
        report = import_file("neighborhoods", path, dry_run=True)
        lines = report_lines(report)
    refused = next(line for line in lines if line.startswith("ردیف"))
    assert refused.startswith("ردیف ۱:") and "طول جغرافیایی ۱۹۱٫۰" in refused and "بیرون از بازه" in refused
    assert any("۱ ردیف" in line for line in lines)
