"""OGC API – Features at /ogc/: the standard's resources, shapes, parameters and errors, per role."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from tests.factories import PASSWORD, NeighborhoodFactory, PartnerFactory, UserFactory, VisitFactory, square

pytestmark = pytest.mark.django_db
CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"


def get(client, path: str, **headers):
    return client.get(path, HTTP_ACCEPT=headers.pop("accept", "application/json"), **headers)


def rels(document: dict) -> dict[str, dict]:
    return {link["rel"]: link for link in document["links"]}


def test_landing_page_links_the_definition_conformance_and_data(planner):
    landing = get(planner, "/ogc/")
    assert landing.status_code == 200 and landing["Content-Type"] == "application/json"
    links = rels(landing.json())
    for rel in ("self", "alternate", "service-desc", "service-doc", "conformance", "data"):
        assert rel in links, rel
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    definition = get(planner, "/ogc/api")
    assert definition["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    paths = definition.json()["paths"]
    assert "/collections/partners/items" in paths
    limit = next(p for p in paths["/collections/partners/items"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 10_000
    assert CORE in get(planner, "/ogc/conformance").json()["conformsTo"]


def test_each_role_lists_only_the_collections_it_may_read(make_client):
    expected = {
        Role.VISITOR: {"partners", "assignments"},
        Role.SUPERVISOR: {"partners", "visits", "interventions", "assignments"},
        Role.PLANNER: {"neighborhoods", "partners", "visits", "interventions", "assignments"},
        Role.COORDINATOR: {"neighborhoods", "partners", "visits", "interventions", "assignments"},
    }
    for role, ids in expected.items():
        client = make_client(role)
        listed = {c["id"] for c in get(client, "/ogc/collections").json()["collections"]}
        assert listed == ids, role
        hidden = {"neighborhoods", "partners", "visits", "interventions", "assignments"} - ids
        for collection in hidden:
            answer = get(client, f"/ogc/collections/{collection}/items")
            assert answer.status_code == 404 and answer.json()["code"] == "NotFound", (role, collection)


def test_a_collection_describes_its_extent_and_where_its_items_are(planner):
    PartnerFactory(point="SRID=4326;POINT(50.01 36.26)")
    PartnerFactory(point="SRID=4326;POINT(50.03 36.28)")
    collection = get(planner, "/ogc/collections/partners").json()
    assert collection["extent"]["spatial"]["bbox"] == [[50.01, 36.26, 50.03, 36.28]]
    links = {(link["rel"], link["type"]) for link in collection["links"]}
    assert ("items", "application/geo+json") in links and ("describedby", "application/schema+json") in links
    schema = get(planner, "/ogc/collections/partners/schema").json()
    properties = schema["properties"]["properties"]["properties"]
    assert properties["capacity"]["type"] == "integer" and properties["kind"]["enum"][0] == "mosque"


def test_items_page_with_next_links_to_the_last_page(planner):
    for i in range(5):
        PartnerFactory(name=f"مسجد {i}", point=f"SRID=4326;POINT({50.0 + i / 100} 36.26)")
    seen, url, pages = [], "/ogc/collections/partners/items?limit=2", 0
    while url:
        page = get(planner, url)
        assert page.status_code == 200 and page["Content-Type"] == "application/geo+json"
        body = page.json()
        assert body["type"] == "FeatureCollection" and body["numberMatched"] == 5
        assert body["numberReturned"] == len(body["features"]) <= 2
        seen += [feature["id"] for feature in body["features"]]
        url = rels(body).get("next", {}).get("href")
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 5
    one = get(planner, f"/ogc/collections/partners/items/{seen[0]}").json()
    assert one["type"] == "Feature" and one["id"] == seen[0] and rels(one)["collection"]


def test_bbox_datetime_and_property_filters(planner):
    NeighborhoodFactory(boundary=square(50.0, 36.25))
    PartnerFactory(kind="mosque", point="SRID=4326;POINT(50.005 36.255)")
    PartnerFactory(kind="ngo", point="SRID=4326;POINT(50.5 36.5)")
    now = timezone.now()
    noon = (now - timedelta(days=2)).replace(hour=12, minute=0, second=0, microsecond=0)
    VisitFactory(visited_at=now - timedelta(days=40))
    VisitFactory(visited_at=noon)

    def matched(path: str) -> int:
        answer = get(planner, path)
        assert answer.status_code == 200, answer.content
        return answer.json()["numberMatched"]

    assert matched("/ogc/collections/partners/items?bbox=49.9,36.2,50.1,36.3") == 1
    assert matched("/ogc/collections/partners/items?bbox=49.9,36.2,0,50.1,36.3,100") == 1  # a 3D box
    assert matched("/ogc/collections/partners/items?kind=ngo") == 1
    week_ago = (now - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert matched(f"/ogc/collections/visits/items?datetime={week_ago}/..") == 1
    assert matched(f"/ogc/collections/visits/items?datetime=../{week_ago}") == 1
    assert matched(f"/ogc/collections/visits/items?datetime={noon.date().isoformat()}") == 1  # a UTC day
    assert matched(f"/ogc/collections/visits/items?datetime={noon.strftime('%Y-%m-%dT%H:%M:%SZ')}") == 1
    assert matched("/ogc/collections/visits/items?datetime=2001-01-01/2002-01-01") == 0


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/ogc/collections/partners/items?limit=0", 400, "limit"),
        ("/ogc/collections/partners/items?limit=10001", 400, "10,000"),
        ("/ogc/collections/partners/items?limit=ten", 400, "limit"),
        ("/ogc/collections/partners/items?bbox=1,2,3", 400, "bbox"),
        ("/ogc/collections/partners/items?bbox=50,36,49,37", 400, "bbox"),
        ("/ogc/collections/partners/items?bbox=0,0,200,10", 400, "bbox"),
        ("/ogc/collections/visits/items?datetime=yesterday", 400, "RFC 3339"),
        ("/ogc/collections/visits/items?datetime=2026-05-01/2026-04-01", 400, "before it starts"),
        ("/ogc/collections/visits/items?datetime=2026-05-01T10:00:00", 400, "time zone"),
        ("/ogc/collections/partners/items?datetime=2026-05-01", 400, "no time"),
        ("/ogc/collections/partners/items?kind=palace", 400, "kind"),
        ("/ogc/collections/partners/items?is_active=perhaps", 400, "true or false"),
        ("/ogc/collections/partners/items?colour=red", 400, "Unknown parameter colour"),
        ("/ogc/collections/partners/items?f=xml", 400, "f must be"),
        ("/ogc/collections/roads/items", 404, "roads"),
        ("/ogc/collections/partners/items/999999", 404, "999999"),
        ("/ogc/collections/partners/items/abc", 404, "whole numbers"),
    ],
)
def test_bad_requests_get_the_standards_status_and_a_message(planner, path, status, says):
    answer = get(planner, path)
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert body["code"] in ("InvalidParameterValue", "NotFound") and says in body["description"]


def test_contacts_only_for_the_roles_that_may_read_them(make_client):
    PartnerFactory(phone="+989121112233", contact_name="آقای تماس")
    for role, shown in [(Role.PLANNER, False), (Role.SUPERVISOR, False), (Role.COORDINATOR, True)]:
        client = make_client(role)
        feature = get(client, "/ogc/collections/partners/items").json()["features"][0]
        assert ("phone" in feature["properties"]) is shown, role
        assert ("+989121112233" in str(get(client, "/ogc/collections/partners/items").content)) is shown
        schema = get(client, "/ogc/collections/partners/schema").json()["properties"]["properties"]
        assert ("phone" in schema["properties"]) is shown


def test_basic_authentication_as_qgis_sends_it_and_a_401_that_asks_for_it(client, db):
    user = UserFactory(role=Role.PLANNER)
    anonymous = client.get("/ogc/collections", HTTP_ACCEPT="application/json")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Basic")
    assert anonymous.json()["code"] == "NotAuthenticated"
    good = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    for _ in range(2):  # the second time from the short memory of verified pairs
        assert client.get("/ogc/collections", HTTP_AUTHORIZATION=f"Basic {good}").status_code == 200
    wrong = base64.b64encode(f"{user.username}:not-it".encode()).decode()
    assert client.get("/ogc/collections", HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 401
    user.set_password("a-new-password-1405-x")
    user.save()
    assert client.get("/ogc/collections", HTTP_AUTHORIZATION=f"Basic {good}").status_code == 401
    user.set_password(PASSWORD)
    user.is_active = False
    user.save()
    assert client.get("/ogc/collections", HTTP_AUTHORIZATION=f"Basic {good}").status_code == 401


def test_a_browser_gets_html_pages(planner):
    PartnerFactory(name="مسجد جامع")
    for path in ("/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/partners"):
        page = get(planner, path, accept="text/html,application/xhtml+xml")
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html"), path
    items = get(planner, "/ogc/collections/partners/items?f=html")
    assert items["Content-Type"].startswith("text/html") and "مسجد جامع" in items.content.decode()
    error = get(planner, "/ogc/collections/partners/items?limit=0&f=html")
    assert error.status_code == 400 and "limit" in error.content.decode()
