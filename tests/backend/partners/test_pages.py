"""The /partners/ directory and the coordinators' registry pages."""

import re

import pytest
from django.contrib.gis.geos import Point

from backend.accounts.models import Role
from backend.partners.models import Liaison, Partner
from tests.factories import PASSWORD, LiaisonFactory, NeighborhoodFactory, PartnerFactory, UserFactory

DIRECTORY = "/partners/"
REGISTRY = "/partners/registry/"
SECRETS = ("+989121234567", "+989351112233", "آقای نمونه")


@pytest.fixture
def page_client(client):
    def _sign_in(role):
        user = UserFactory(role=role)
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def registry_data(db):
    NeighborhoodFactory()
    liaison = LiaisonFactory(phone="+989351112233")  # mosque: +989121234567, "آقای نمونه"
    PartnerFactory(kind="ngo", name="خیریه امید", point=Point(50.02, 36.26, srid=4326))
    return liaison


def test_pages_ask_to_sign_in_first(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/partners/")


def test_login_page_signs_in_and_returns(client, db):
    UserFactory(username="nasrin", role=Role.PLANNER)
    assert 'dir="rtl"' in client.get("/accounts/login/").content.decode()
    bad = client.post("/accounts/login/", {"username": "nasrin", "password": "wrong"})
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    response = client.post("/accounts/login/?next=/partners/", {"username": "nasrin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(DIRECTORY).status_code == 200


@pytest.mark.parametrize(
    ("role", "sees_contacts"),
    [(Role.VISITOR, False), (Role.PLANNER, False), (Role.COORDINATOR, True), (Role.ADMIN, True)],
)
@pytest.mark.parametrize("query", ["", "?q=مسجد", "?lat=36.255&lon=50.005"])
def test_directory_privacy(page_client, registry_data, role, sees_contacts, query):
    response = page_client(role).get(DIRECTORY + query)
    assert response.status_code == 200
    html = response.content.decode()  # the map's popups are in here too (iframe srcdoc)
    for secret in SECRETS:
        assert (secret in html) is sees_contacts, secret


def test_directory_searches_and_lists_nearest_first(page_client, registry_data):
    client = page_client(Role.VISITOR)
    html = client.get(DIRECTORY, {"q": "خيريه"}).content.decode()  # Arabic yeh
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["خیریه امید"]
    html = client.get(DIRECTORY, {"lat": "36.26", "lon": "50.02"}).content.decode()
    cards = re.findall(r'<li class="card partner" data-id="(\d+)"', html)
    assert [int(pk) for pk in cards] == [
        Partner.objects.get(name="خیریه امید").pk,
        registry_data.mosque.pk,
    ]
    assert "۰ متر" in html  # the NGO is right here, in Persian digits


@pytest.mark.parametrize("query", [{"q": "ـــ"}, {"kind": "bank"}, {"lat": "95", "lon": "50"}])
def test_directory_bad_query_is_400_with_a_message(page_client, registry_data, query):
    response = page_client(Role.VISITOR).get(DIRECTORY, query)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_directory_loads_nothing_from_the_internet(page_client, registry_data):
    html = page_client(Role.COORDINATOR).get(DIRECTORY).content.decode()
    assert not re.search(r"(src|href)=(&quot;|\")https?://", html)
    assert "cdn" not in html.lower()
    assert "/static/vendor/leaflet/leaflet.js" in html


@pytest.mark.parametrize("role", [Role.VISITOR, Role.PLANNER])
@pytest.mark.parametrize("url", [REGISTRY, f"{REGISTRY}new/", f"{REGISTRY}liaisons/new/"])
def test_only_registry_roles_open_the_registry(page_client, registry_data, role, url):
    client = page_client(role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403
    assert Partner.objects.count() == 2 and Liaison.objects.count() == 1


def partner_form(**overrides):
    data = {
        "kind": "jihadi_group",
        "name": "گروه جهادي اميد",
        "lat": "۳۶٫۲۶",
        "lon": "۵۰٫۰۱",
        "services": ["food", "health"],
        "capacity": "۲۰",
        "phone": "۰۹۱۲ ۱۱۱ ۲۲۳۳",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_registers_edits_and_deactivates_a_partner(page_client, registry_data):
    client = page_client(Role.COORDINATOR)
    assert client.get(f"{REGISTRY}new/").status_code == 200
    response = client.post(f"{REGISTRY}new/", partner_form())
    assert response.status_code == 302
    partner = Partner.objects.get(name="گروه جهادي اميد")
    assert (partner.point.x, partner.point.y) == pytest.approx((50.01, 36.26))
    assert partner.phone == "+989121112233" and partner.capacity == 20
    assert partner.services == ["food", "health"] and partner.name_search == "گروه جهادی امید"
    edit = f"{REGISTRY}{partner.pk}/"
    assert "۰۹۱۲" not in client.get(edit).content.decode()  # stored form shown: +98…
    unticked = {k: v for k, v in partner_form(name="گروه امید").items() if k != "is_active"}
    response = client.post(edit, unticked)
    partner.refresh_from_db()
    assert response.status_code == 302
    assert (partner.name, partner.is_active) == ("گروه امید", False)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"lat": "north"}, "point"),
        ({"lat": "95"}, "point"),
        ({"kind": "bank"}, "kind"),
        ({"name": ""}, "name"),
        ({"capacity": "-3"}, "capacity"),
        ({"services": ["weapons"]}, "services"),
    ],
)
def test_bad_registry_input_is_shown_and_saves_nothing(page_client, registry_data, override, field):
    client = page_client(Role.COORDINATOR)
    response = client.post(f"{REGISTRY}new/", partner_form(**override))
    assert response.status_code == 400
    assert response.context["errors"][field]
    assert 'class="error"' in response.content.decode()
    assert Partner.objects.count() == 2


def test_coordinator_assigns_a_liaison_to_neighbourhoods(page_client, registry_data):
    client = page_client(Role.COORDINATOR)
    a, b = NeighborhoodFactory(), NeighborhoodFactory()
    response = client.post(
        f"{REGISTRY}liaisons/new/",
        {
            "name": "حجت‌الاسلام رضایی",
            "mosque": registry_data.mosque.pk,
            "phone": "+98 935 444 5566",
            "neighborhoods": [a.pk, b.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    liaison = Liaison.objects.get(name="حجت‌الاسلام رضایی")
    assert liaison.phone == "+989354445566"
    assert set(liaison.neighborhoods.all()) == {a, b}
    ngo = Partner.objects.get(kind="ngo")
    response = client.post(f"{REGISTRY}liaisons/{liaison.pk}/", {"name": "x", "mosque": ngo.pk})
    assert response.status_code == 400 and response.context["errors"]["mosque"]
    assert Liaison.objects.get(pk=liaison.pk).mosque == registry_data.mosque
    registry_html = client.get(REGISTRY).content.decode()
    assert "حجت‌الاسلام رضایی" in registry_html and "+989354445566" in registry_html
