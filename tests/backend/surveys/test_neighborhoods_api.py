"""/api/v1/neighborhoods/: GeoJSON out, admin writes, polygon policy."""

import pytest

from backend.accounts.models import Role
from backend.surveys.models import Neighborhood
from tests.factories import NeighborhoodFactory, square

URL = "/api/v1/neighborhoods/"
SQUARE = [[[50.0, 36.0], [50.01, 36.0], [50.01, 36.01], [50.0, 36.01], [50.0, 36.0]]]
BOWTIE = [[[50.0, 36.0], [50.02, 36.02], [50.02, 36.0], [50.0, 36.02], [50.0, 36.0]]]


def body(**overrides):
    data = {
        "code": "QZ-01",
        "name": "كوي نمونه",
        "name_en": "Sample",
        "boundary": {"type": "Polygon", "coordinates": SQUARE},
        "population": "۱۲۰۰",
        "settlement_type": "informal_settlement",
    }
    data.update(overrides)
    return data


def test_planner_gets_a_feature_collection(planner):
    NeighborhoodFactory.create_batch(3)
    response = planner.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["count"] == 3
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert {"code", "name", "population", "settlement_type"} <= set(feature["properties"])


def test_admin_creates_with_polygon_made_multi_and_names_normalised(admin):
    response = admin.post(URL, body(), format="json")
    assert response.status_code == 201, response.data
    n = Neighborhood.objects.get()
    assert n.boundary.geom_type == "MultiPolygon"
    assert n.population == 1200
    assert n.name_search == "کوی نمونه"


def test_self_intersecting_polygon_is_repaired(admin):
    response = admin.post(URL, body(boundary={"type": "Polygon", "coordinates": BOWTIE}), format="json")
    assert response.status_code == 201, response.data
    n = Neighborhood.objects.get()
    assert n.boundary.valid
    assert n.boundary.num_geom == 2


@pytest.mark.parametrize(
    ("boundary", "message"),
    [
        ({"type": "Point", "coordinates": [50, 36]}, "Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[[50, 36], [50, 95], [51, 36], [50, 36]]]}, "Latitude"),
        ({"type": "Polygon", "coordinates": [[[50, 36], [51, 36], [52, 36], [50, 36]]]}, "no area"),
        ({"type": "Polygon", "coordinates": "abc"}, "nested"),
        ({"type": "Feature", "geometry": None}, "Polygon or MultiPolygon"),
    ],
)
def test_bad_boundaries_are_refused(admin, boundary, message):
    response = admin.post(URL, body(boundary=boundary), format="json")
    assert response.status_code == 400
    assert message in response.json()["errors"]["boundary"][0]
    assert not Neighborhood.objects.exists()


def test_huge_polygon_is_refused(admin, settings):
    settings.MAX_GEOMETRY_VERTICES = 1000
    ring = [[50 + i * 1e-5, 36.0] for i in range(1500)] + [[50.0, 36.1], [50.0, 36.0]]
    response = admin.post(URL, body(boundary={"type": "Polygon", "coordinates": [ring]}), format="json")
    assert response.status_code == 400
    assert "more than 1000 vertices" in response.json()["errors"]["boundary"][0]


def test_duplicate_code_is_refused(admin):
    NeighborhoodFactory(code="QZ-01")
    response = admin.post(URL, body(), format="json")
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


def test_unknown_settlement_type(admin):
    response = admin.post(URL, body(settlement_type="palace"), format="json")
    assert response.status_code == 400
    assert "settlement_type" in response.json()["errors"]


def test_admin_updates_and_deletes(admin):
    n = NeighborhoodFactory(boundary=square(50.0, 36.25))
    response = admin.patch(f"{URL}{n.pk}/", {"name": "جدید"}, format="json")
    assert response.status_code == 200
    assert response.json()["properties"]["name"] == "جدید"
    assert admin.delete(f"{URL}{n.pk}/").status_code == 204
    assert not Neighborhood.objects.exists()


@pytest.mark.parametrize("role", [Role.VISITOR, Role.PLANNER, Role.COORDINATOR])
def test_only_admins_write(make_client, role):
    n = NeighborhoodFactory()
    client = make_client(role)
    assert client.post(URL, body(), format="json").status_code == 403
    assert client.patch(f"{URL}{n.pk}/", {"name": "x"}, format="json").status_code == 403
    assert client.delete(f"{URL}{n.pk}/").status_code == 403
    assert Neighborhood.objects.count() == 1


def test_bbox_filter(planner):
    near = NeighborhoodFactory(boundary=square(50.0, 36.25))
    NeighborhoodFactory(boundary=square(48.0, 34.0))
    response = planner.get(f"{URL}?bbox=49.99,36.24,50.02,36.27")
    assert [f["id"] for f in response.json()["features"]] == [near.pk]
