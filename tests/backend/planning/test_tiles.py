"""/tiles/{layer}/{z}/{x}/{y}.pbf: Mapbox vector tiles, decoded and checked."""

import io
import math

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.planning.models import WeightProfile
from tests.factories import NeighborhoodFactory, VisitFactory, default_profile, square


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Return the (x, y) of the Web Mercator tile holding a point at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


@pytest.fixture
def visited(db):
    area = NeighborhoodFactory(code="T-1", boundary=square(50.0, 36.25))
    for i in range(30):
        VisitFactory(point=Point(50.001 + 0.0002 * i, 36.255, srid=4326))
    return area


def get_tile(client, layer, z, lon=50.005, lat=36.255):
    x, y = tile_of(lon, lat, z)
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")


def test_neighbourhood_tile_carries_outlines_and_scores(visited, planner):
    response = get_tile(planner, "neighborhoods", 14)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert "max-age" in response["Cache-Control"] and "private" in response["Cache-Control"]
    layer = mapbox_vector_tile.decode(response.content)["neighborhoods"]
    (feature,) = layer["features"]
    assert feature["properties"]["code"] == "T-1"
    assert feature["properties"]["has_liaison"] is False
    assert feature["geometry"]["type"] == "Polygon"


def test_neighbourhood_tiles_are_scored_under_the_profile_asked_for(visited, planner):
    water_only = WeightProfile.objects.create(name="آب", weights={**default_profile().weights, "water": 1})
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    x, y = tile_of(50.005, 36.255, 14)
    by_profile = {}
    for reference in (None, str(water_only.pk), "آب"):
        query = f"?profile={reference}" if reference else ""
        response = planner.get(f"/tiles/neighborhoods/14/{x}/{y}.pbf{query}")
        (feature,) = mapbox_vector_tile.decode(response.content)["neighborhoods"]["features"]
        by_profile[reference] = feature["properties"]
    assert by_profile[str(water_only.pk)] == by_profile["آب"]
    props = by_profile[None]
    assert props["visits"] == 30 and props["rank"] == 1 and 0 <= props["confidence"] <= 1
    assert set(props["reasons"].split(",")) <= set(default_profile().weights)
    missing = planner.get(f"/tiles/neighborhoods/14/{x}/{y}.pbf?profile=nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_partner_tiles_hold_active_partners_by_kind_and_never_a_contact(visited, visitor):
    from tests.factories import PartnerFactory

    PartnerFactory(
        kind="mosque", name="مسجد جامع", point=Point(50.005, 36.255, srid=4326), phone="+989121234567"
    )
    PartnerFactory(kind="ngo", name="بسته", point=Point(50.006, 36.255, srid=4326), is_active=False)
    response = get_tile(visitor, "partners", 15)  # every role reads partners
    (feature,) = mapbox_vector_tile.decode(response.content)["partners"]["features"]
    assert feature["properties"]["kind"] == "mosque" and feature["properties"]["name"] == "مسجد جامع"
    assert set(feature["properties"]) == {"id", "kind", "name"}


def test_visit_tiles_are_points_up_close_and_counts_further_out(visited, planner):
    close = mapbox_vector_tile.decode(get_tile(planner, "visits", 15).content)["visits"]["features"]
    assert len(close) == 30 and all(f["geometry"]["type"] == "Point" for f in close)
    far = mapbox_vector_tile.decode(get_tile(planner, "visits", 10).content)["visits"]["features"]
    assert 1 <= len(far) < 30
    assert sum(f["properties"]["count"] for f in far) == 30


def test_tiles_come_gzipped_to_clients_that_take_it(visited, planner):
    import gzip

    plain = get_tile(planner, "visits", 15)
    x, y = tile_of(50.005, 36.255, 15)
    zipped = planner.get(f"/tiles/visits/15/{x}/{y}.pbf", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) < len(plain.content) and gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]


def test_a_tile_with_nothing_in_it_is_empty(visited, planner):
    response = get_tile(planner, "visits", 16, lon=-70, lat=-30)
    assert response.status_code == 200
    assert mapbox_vector_tile.decode(response.content) == {}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/tiles/visits/23/0/0.pbf", 400),
        ("/tiles/visits/2/4/0.pbf", 400),
        ("/tiles/visits/2/0/4.pbf", 400),
        ("/tiles/visits/0/1/0.pbf", 400),
        ("/tiles/roads/1/0/0.pbf", 404),
        ("/tiles/visits/-1/0/0.pbf", 404),
    ],
)
def test_bad_tiles_are_refused_with_a_message(visited, planner, url, status):
    response = planner.get(url)
    assert response.status_code == status
    if status == 400:
        assert response.json()["detail"]
    elif "roads" in url:
        assert "layers are: visits, neighborhoods" in response.json()["detail"]


def test_visit_tiles_need_a_planning_role(visited, visitor, outsider):
    assert get_tile(visitor, "visits", 14).status_code == 403
    assert get_tile(visitor, "neighborhoods", 14).status_code == 200
    assert get_tile(outsider, "neighborhoods", 14).status_code in (401, 403)
