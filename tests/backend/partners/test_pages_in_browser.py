"""The partner directory and registry in a real headless Chromium, offline, on a phone and a desk."""

import pytest
from django.contrib.gis.geos import Point

from backend.accounts.models import Role
from backend.partners.models import Partner
from tests.browser import browser_page, screenshot
from tests.factories import PASSWORD, LiaisonFactory, NeighborhoodFactory, PartnerFactory, UserFactory, square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def town():
    """Two neighbourhoods (one served by an Imam Mahalleh) and partners of four kinds."""
    served = NeighborhoodFactory(name="کوی لاله", boundary=square(50.0, 36.25))
    NeighborhoodFactory(name="کوی نرگس", boundary=square(50.03, 36.25))
    mosque = PartnerFactory(kind="mosque", name="مسجد جامع لاله", point=Point(50.005, 36.255, srid=4326))
    LiaisonFactory(name="حجت‌الاسلام رضایی", mosque=mosque).neighborhoods.add(served)
    PartnerFactory(kind="jihadi_group", name="گروه جهادی امید", point=Point(50.012, 36.258, srid=4326))
    PartnerFactory(kind="charity", name="خیریه رحمت", point=Point(50.02, 36.262, srid=4326))
    PartnerFactory(kind="ngo", name="انجمن حامیان کودک", point=Point(50.045, 36.27, srid=4326))


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/partners/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/partners/")


def test_directory_on_a_phone_near_me(live_server, town):
    UserFactory(username="visitor1", role=Role.VISITOR)
    options = {"geolocation": {"latitude": 36.259, "longitude": 50.013}, "permissions": ["geolocation"]}
    with browser_page(width=390, height=844, is_mobile=True, has_touch=True, **options) as (page, log):
        sign_in(page, live_server.url, "visitor1")
        page.click("#near-me")
        page.wait_for_url("**/partners/?*lat=*")
        names = page.locator(".card.partner h2").all_inner_texts()
        assert names[0] == "گروه جهادی امید"  # about 120 m away
        assert page.locator(".card.partner .distance").first.inner_text().endswith("متر")
        frame = page.frame_locator("iframe.map")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)  # you
        assert frame.locator(".pin").all_inner_texts() == ["م", "ج", "س", "خ"]  # one marker per kind
        assert page.locator("text=+98").count() == 0  # no phone numbers for a visitor
        screenshot(page, "partners-directory-phone")
    assert log.external_requests == []
    assert log.console_errors == []


def test_directory_for_a_coordinator_with_coverage_and_registry(live_server, town):
    UserFactory(username="coord", role=Role.COORDINATOR)
    with browser_page() as (page, log):
        sign_in(page, live_server.url, "coord")
        page.fill("input[name=q]", "خيريه")  # Arabic yeh
        page.click("button.primary")
        assert page.locator(".card.partner h2").all_inner_texts() == ["خیریه رحمت"]
        page.goto(f"{live_server.url}/partners/")
        frame = page.frame_locator("iframe.map")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
        # Coverage layer: لاله has a liaison and partners close by; نرگس has neither.
        assert frame.locator("path.leaflet-interactive[fill='#66bb6a']").count() == 1
        assert frame.locator("path.leaflet-interactive[fill='#e53935']").count() == 1
        frame.locator(".leaflet-control-layers").hover()
        assert frame.locator(".leaflet-control-layers-overlays label").count() == 5
        assert page.locator(".liaison", has_text="حجت‌الاسلام رضایی").count() == 1
        screenshot(page, "partners-directory-coordinator")

        page.click("text=ثبت همکاران")
        page.click("text=همکار تازه")
        page.select_option("select[name=kind]", "ngo")
        page.fill("input[name=name]", "سمن نور")
        page.fill("input[name=lat]", "۳۶٫۲۶۵")
        page.fill("input[name=lon]", "۵۰٫۰۴")
        page.fill("input[name=phone]", "۰۹۱۲-۳۳۳-۴۴۵۵")
        page.check("input[value=food]")
        screenshot(page, "partners-registry-new")
        page.click("button.primary")
        page.wait_for_url("**/partners/registry/")
        assert page.locator("td", has_text="+989123334455").count() == 1
        screenshot(page, "partners-registry")
    assert Partner.objects.get(name="سمن نور").phone == "+989123334455"
    assert log.external_requests == []
    assert log.console_errors == []
