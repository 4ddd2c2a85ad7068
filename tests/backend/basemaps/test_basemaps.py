"""Base maps: added from MBTiles or PMTiles files (by command or in the admin), their tiles served
from the file, and every file that is not one refused with a reason."""

import gzip
import math
import sqlite3
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from pmtiles.tile import TileType

from backend.accounts.models import Role
from backend.basemaps.models import Basemap
from backend.basemaps.services import basemap_add
from geo.basemaps import archive_info
from tests.basemaps import QAZVIN, mbtiles, pmtiles, png
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_mbtiles_file_is_read_and_its_tiles_served_as_web_maps_ask(client, tmp_path):
    out = StringIO()
    call_command("basemap_add", "qazvin", str(mbtiles(tmp_path / "q.mbtiles")), "--default", stdout=out)
    assert "zoom 10–11" in out.getvalue() and "(the default)" in out.getvalue()
    basemap = Basemap.objects.get(name="qazvin")
    assert (basemap.kind, basemap.tile_format, basemap.min_zoom, basemap.max_zoom) == (
        "mbtiles",
        "png",
        10,
        11,
    )
    assert basemap.bounds == QAZVIN and basemap.attribution == "© test" and basemap.is_default
    tile = client.get("/basemaps/qazvin/11/1309/800.png")
    assert tile.status_code == 200 and tile["Content-Type"] == "image/png"
    assert tile.content == png((0, 0, 200))  # the row counted from the north, not MBTiles' south
    assert "max-age" in tile["Cache-Control"] and tile["ETag"]
    again = client.get("/basemaps/qazvin/11/1309/800.png", HTTP_IF_NONE_MATCH=tile["ETag"])
    assert again.status_code == 304
    assert client.get("/basemaps/default/11/1309/801").content == png((0, 200, 0))


@pytest.mark.parametrize(
    "path",
    [
        "/basemaps/qazvin/9/327/200.png",  # below the file's zooms
        "/basemaps/qazvin/12/2618/1602.png",  # above them
        "/basemaps/qazvin/11/1300/800.png",  # a tile the file does not have
        "/basemaps/qazvin/11/1309/800.jpg",  # another format
        "/basemaps/qazvin/11/999999/800.png",  # outside the world at that zoom
        "/basemaps/elsewhere/11/1309/800.png",  # no such base map
        "/basemaps/qazvin/99999999/1/1.png",  # an absurd zoom
    ],
)
def test_what_the_file_does_not_hold_is_a_404(client, tmp_path, path):
    basemap_add(name="qazvin", source=mbtiles(tmp_path / "q.mbtiles"))
    assert client.get(path).status_code == 404


def test_an_mbtiles_without_metadata_gets_its_zooms_and_bounds_from_its_tiles(tmp_path):
    info = archive_info(mbtiles(tmp_path / "bare.mbtiles", metadata=False))
    assert (info.tile_format, info.min_zoom, info.max_zoom) == ("png", 10, 11)
    # The zoom-11 tiles are x 1309, y 800 and 801 (from the north): their edges, in degrees.

    def lat(y: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**11))))

    expected = (1309 / 2**11 * 360 - 180, lat(802), 1310 / 2**11 * 360 - 180, lat(800))
    assert info.bounds == pytest.approx(expected)


def test_a_vector_pmtiles_is_served_gzipped_or_plain_as_the_client_takes_it(client, tmp_path):
    basemap = basemap_add(name="streets", source=pmtiles(tmp_path / "s.pmtiles"))
    assert (basemap.kind, basemap.tile_format, basemap.min_zoom, basemap.max_zoom) == (
        "pmtiles",
        "pbf",
        12,
        12,
    )
    assert basemap.attribution == "© vector test" and basemap.bounds == pytest.approx(QAZVIN)
    zipped = client.get("/basemaps/streets/12/2616/1603.pbf", HTTP_ACCEPT_ENCODING="gzip")
    assert (
        zipped["Content-Encoding"] == "gzip"
        and gzip.decompress(zipped.content) == b"\x1a\x00vector tile bytes"
    )
    plain = client.get("/basemaps/streets/12/2616/1603.pbf")
    assert "Content-Encoding" not in plain and plain.content == b"\x1a\x00vector tile bytes"
    assert client.get("/basemaps/streets/12/2616/1604.pbf").status_code == 404


def _sqlite_without_tiles(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.close()
    return path


def _pmtiles_v2(path):
    good = pmtiles(path).read_bytes()
    path.write_bytes(good[:7] + b"\x02" + good[8:])
    return path


def _pmtiles_cut(path):
    good = pmtiles(path).read_bytes()
    path.write_bytes(good[:200])
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: (p.write_bytes(b"<html>not a map</html>"), p)[1], "neither an MBTiles nor a PMTiles"),
        (lambda p: (p.write_bytes(b""), p)[1], "neither"),
        (_sqlite_without_tiles, "no tiles table"),
        (_pmtiles_v2, "header is bad"),
        (_pmtiles_cut, "past the end"),
        (lambda p: pmtiles(p, tile_type=TileType.AVIF, data=b"avif"), "AVIF"),
    ],
)
def test_a_file_that_is_not_a_base_map_is_refused_and_nothing_kept(tmp_path, settings, make, says):
    settings.BASEMAP_ROOT = tmp_path / "root"
    source = make(tmp_path / "upload.mbtiles")
    with pytest.raises(ValidationError) as refused:
        basemap_add(name="bad", source=source)
    assert says in str(refused.value)
    with pytest.raises(CommandError, match=says):
        call_command("basemap_add", "bad", str(source))
    assert not Basemap.objects.exists() and not (tmp_path / "root").exists()


def test_the_name_default_is_kept_for_the_default(tmp_path):
    with pytest.raises(ValidationError, match="default"):
        basemap_add(name="default", source=mbtiles(tmp_path / "q.mbtiles"))


def test_one_default_at_a_time_and_a_second_add_replaces_the_file(client, tmp_path):
    basemap_add(name="first", source=mbtiles(tmp_path / "a.mbtiles"), is_default=True)
    basemap_add(name="second", source=pmtiles(tmp_path / "b.pmtiles"), is_default=True)
    assert list(Basemap.objects.filter(is_default=True).values_list("name", flat=True)) == ["second"]
    basemap_add(name="first", source=pmtiles(tmp_path / "c.pmtiles"))
    assert Basemap.objects.get(name="first").tile_format == "pbf"
    assert client.get("/basemaps/first/12/2616/1603.pbf").status_code == 200


def test_an_admin_adds_a_base_map_by_upload_and_a_bad_file_is_explained(client, tmp_path):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    with (tmp_path / "bad.mbtiles").open("wb") as bad:
        bad.write(b"GIF89a nothing")
    with (tmp_path / "bad.mbtiles").open("rb") as upload:
        answer = client.post("/admin/basemaps/basemap/add/", {"name": "bad", "upload": upload})
    assert answer.status_code == 200 and "neither an MBTiles nor a PMTiles" in answer.content.decode()
    with mbtiles(tmp_path / "q.mbtiles").open("rb") as upload:
        answer = client.post(
            "/admin/basemaps/basemap/add/",
            {"name": "qazvin", "title": "قزوین", "is_default": "on", "upload": upload},
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    basemap = Basemap.objects.get(name="qazvin")
    assert basemap.title == "قزوین" and basemap.is_default and basemap.max_zoom == 11
    assert client.get("/basemaps/qazvin/10/654/400.png").content == png((200, 0, 0))


def test_the_whole_file_downloads_for_odk_collect_with_byte_ranges(client, tmp_path):
    source = mbtiles(tmp_path / "q.mbtiles")
    basemap_add(name="qazvin", source=source)
    whole = client.get("/basemaps/qazvin.mbtiles")
    body = b"".join(whole.streaming_content)
    assert whole.status_code == 200 and body == source.read_bytes()
    assert int(whole["Content-Length"]) == len(body) and "qazvin.mbtiles" in whole["Content-Disposition"]
    part = client.get("/basemaps/qazvin.mbtiles", HTTP_RANGE="bytes=0-15")
    assert part.status_code == 206 and b"".join(part.streaming_content) == b"SQLite format 3\x00"
    assert client.get("/basemaps/qazvin.pmtiles").status_code == 404


def test_maps_draw_a_raster_base_map_as_images_and_a_vector_one_in_our_style(tmp_path):
    from django.templatetags.static import static

    from geo import maps

    def document(base: maps.BaseMap) -> str:
        fmap = maps.local_map(maps.MapSettings(static=static, base=base), center=(36.27, 50.0), zoom=12)
        return maps.finish(fmap)

    raster = document(maps.BaseMap(url="/basemaps/q/{z}/{x}/{y}.png?v=1", max_native_zoom=15, bounds=QAZVIN))
    assert "L.tileLayer" in raster and '"maxNativeZoom": 15' in raster and "36.2" in raster
    vector = document(maps.BaseMap(url="/basemaps/s/{z}/{x}/{y}.pbf?v=1", max_native_zoom=14, vector=True))
    assert "L.vectorGrid.protobuf" in vector and "MahallehVectorBase.styles" in vector
    assert "/static/mahalleh/vector-base.js" in vector and "https://" not in vector


def test_the_phone_is_told_of_a_vector_base_map(db, tmp_path):
    from fieldapp.views import app_config

    basemap_add(name="streets", source=pmtiles(tmp_path / "s.pmtiles"), is_default=True)
    config = app_config()
    assert config["tileVector"] is True and config["tileUrl"].startswith(
        "/basemaps/streets/{z}/{x}/{y}.pbf?v="
    )
    assert config["tileFile"] == "/basemaps/streets.pmtiles"


def test_the_admin_widgets_default_address_gives_images_only(client, tmp_path):
    from backend.basemaps.apis import CLEAR_PNG

    assert client.get("/basemaps/default/12/2616/1603").content == CLEAR_PNG  # no default yet
    basemap_add(name="streets", source=pmtiles(tmp_path / "s.pmtiles"), is_default=True)
    vector = client.get("/basemaps/default/12/2616/1603")  # a vector default: no image to give
    assert vector["Content-Type"] == "image/png" and vector.content == CLEAR_PNG
