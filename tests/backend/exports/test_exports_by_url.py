"""A finished export opens straight from its link: its length, byte ranges, and GDAL's /vsicurl/."""

import pyogrio
import pytest
import requests
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from backend.demo.services import DEMO_USERS
from backend.surveys.models import Visit
from tests.jobs import clear_queue, run_worker


@pytest.fixture
def finished_export(demo_server):
    """A planner's GeoPackage of the counted visits, made by the job worker: (download URL, token)."""
    clear_queue()
    planner = get_user_model().objects.get(username=DEMO_USERS["planner"][0])
    token = Token.objects.get_or_create(user=planner)[0].key
    headers = {"Authorization": f"Token {token}"}
    queued = requests.post(f"{demo_server.url}/api/v1/exports/visits.gpkg", headers=headers, timeout=30)
    assert queued.status_code == 202, queued.text
    run_worker()
    job = requests.get(queued.json()["job"], headers=headers, timeout=30).json()
    assert job["state"] == "done" and job["download"].endswith("/visits.gpkg"), job
    return job["download"], token


def test_the_file_has_its_length_and_answers_byte_ranges(finished_export):
    url, token = finished_export
    headers = {"Authorization": f"Token {token}"}
    whole = requests.get(url, headers=headers, timeout=30)
    size = len(whole.content)
    assert whole.status_code == 200 and int(whole.headers["Content-Length"]) == size > 1000
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.content[:16] == b"SQLite format 3\x00"
    head = requests.head(url, headers=headers, timeout=30)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == size
    for asked, start, end in [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, size - 1),
        ("bytes=-10", size - 10, size - 1),
    ]:
        part = requests.get(url, headers={**headers, "Range": asked}, timeout=30)
        assert part.status_code == 206, asked
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert part.content == whole.content[start : end + 1]
    past = requests.get(url, headers={**headers, "Range": f"bytes={size}-"}, timeout=30)
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{size}"
    several = requests.get(url, headers={**headers, "Range": "bytes=0-1,5-6"}, timeout=30)
    assert several.status_code == 200 and several.content == whole.content
    other = requests.get(
        url, headers={**headers, "Range": "bytes=0-9"} | {"Authorization": "Token nope"}, timeout=30
    )
    assert other.status_code == 401


def test_gdal_opens_the_geopackage_by_its_url(finished_export):
    url, token = finished_export
    pyogrio.set_gdal_config_options({"GDAL_HTTP_HEADERS": f"Authorization: Token {token}"})
    try:
        info = pyogrio.read_info(f"/vsicurl/{url}", force_feature_count=True)
        _meta, _fids, geometries, fields = pyogrio.raw.read(f"/vsicurl/{url}", columns=["uuid"])
    finally:
        pyogrio.set_gdal_config_options({"GDAL_HTTP_HEADERS": None})
    counted = Visit.objects.counted()
    assert info["features"] == counted.count() == len(geometries) > 0
    assert sorted(fields[0]) == sorted(str(u) for u in counted.values_list("client_uuid", flat=True))
