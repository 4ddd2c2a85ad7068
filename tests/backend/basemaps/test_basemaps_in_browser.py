"""The demo base map drawn under a planner's map and the phone's, and the phone's offline."""

import pytest

from backend.demo.services import DEMO_USERS, demo_load
from tests.browser import browser_page, open_signed_in, screenshot
from tests.factories import default_profile
from tests.fieldapp.test_field_app_in_browser import PHONE, WAIT, Network, sign_in_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TILE = "img.leaflet-tile-loaded[src*='/basemaps/demo/']"


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_area():
    default_profile()
    demo_load()
    from backend.surveys.models import Neighborhood

    return Neighborhood.objects.order_by("code").first().boundary.point_on_surface


def test_the_priority_map_is_drawn_on_the_base_map(live_server, demo_area):
    with browser_page() as (page, log):
        open_signed_in(page, live_server.url, "/maps/priority/", *DEMO_USERS["planner"])
        frame = page.frame_locator("iframe.map")
        frame.locator(TILE).first.wait_for(timeout=WAIT)
        assert frame.locator(TILE).count() >= 4
        frame.locator(".leaflet-tile-container svg path").first.wait_for(timeout=WAIT, state="attached")
        assert "demo data" in frame.locator(".leaflet-control-attribution").inner_text()
        screenshot(page, "priority-map-on-the-base-map")
    assert log.external_requests == [] and log.console_errors == []


def drawn_tiles(page) -> set[str]:
    """The base map tiles of the phone's map, once every one of them is drawn."""
    page.wait_for_function(
        """() => {
            const tiles = document.querySelectorAll("#map img.leaflet-tile");
            return tiles.length >= 2 && [...tiles].every((t) => t.classList.contains("leaflet-tile-loaded"));
        }""",
        timeout=WAIT,
    )
    return set(page.eval_on_selector_all("#map img.leaflet-tile", "tiles => tiles.map(t => t.src)"))


def test_the_phone_map_draws_the_base_map_and_again_with_no_signal(live_server, demo_area):
    geolocation = {"latitude": demo_area.y, "longitude": demo_area.x, "accuracy": 12}
    with browser_page(**PHONE, geolocation=geolocation, permissions=["geolocation"]) as (page, log):
        network = Network(page.context)
        sign_in_on_phone(page, live_server.url, tab="new", wait_for="#map")
        online = drawn_tiles(page)
        assert online and all("/basemaps/demo/" in src for src in online)
        screenshot(page, "field-map-on-the-base-map")
        network.set_offline(True)
        page.reload()
        page.click("a[data-tab=new]")
        page.wait_for_selector("#map", timeout=WAIT)
        assert drawn_tiles(page) == online
        # Every tile came from the phone's own cache: none was asked of the (cut) network.
        assert not [url for url in network.refused if "/basemaps/" in url]
        screenshot(page, "field-map-offline")
    assert log.external_requests == [] and log.console_errors == []


def test_the_phone_downloads_its_area_for_offline_use_within_the_cap_and_frees_it(live_server, demo_area):
    from django.contrib.auth import get_user_model

    from backend.fieldwork.selectors import assignments_mine

    # Standing in one of the visitor's assigned neighbourhoods: the area the phone keeps.
    visitor = get_user_model().objects.get(username=DEMO_USERS["visitor"][0])
    there = assignments_mine(user=visitor).first().neighborhood.boundary.point_on_surface
    geolocation = {"latitude": there.y, "longitude": there.x, "accuracy": 12}
    kept = "() => caches.open('mahalleh-basemap').then((c) => c.keys()).then((k) => k.length)"
    with browser_page(**PHONE, geolocation=geolocation, permissions=["geolocation"]) as (page, log):
        network = Network(page.context)
        sign_in_on_phone(page, live_server.url, tab="settings", wait_for="#offline-map-estimate:not(:empty)")
        assert "محله" in page.inner_text("#offline-map")  # the area: the visitor's assignments
        page.select_option("#offline-map-from", "11")
        page.select_option("#offline-map-to", "15")
        estimate = page.inner_text("#offline-map-estimate")
        assert "کاشی" in estimate and "مگابایت" in estimate and "null" not in estimate
        page.click("#offline-map-download")
        page.wait_for_selector("#offline-map-status:has-text('بارگیری شد')", timeout=60_000)
        assert page.inner_text("#offline-map-status") == "بارگیری شد."  # every tile arrived
        screenshot(page, "field-offline-map-downloaded")
        downloaded = page.evaluate(kept)
        assert downloaded > 10
        assert page.get_attribute("#offline-map-file", "href") == "/basemaps/demo.mbtiles"  # for ODK Collect
        network.set_offline(True)
        page.click("a[data-tab=new]")
        tiles = drawn_tiles(page)
        # Every tile the map shows came from the phone (a tile asked while the map first opens on
        # the default view may be refused: it is not shown).
        assert tiles and not tiles & set(network.refused)
        network.set_offline(False)
        page.click("a[data-tab=settings]")
        page.click("#offline-map-forget")
        page.wait_for_function(f"() => ({kept})().then((n) => n === 0)", timeout=WAIT)
    assert log.external_requests == [] and log.console_errors == []


def test_the_estimate_refuses_more_than_the_cap(live_server, demo_area, settings):
    settings.FIELD_BASEMAP_MAX_MB = 0
    from fieldapp.views import _fixed_config

    _fixed_config.cache_clear()
    try:
        with browser_page(**PHONE) as (page, _log):
            sign_in_on_phone(
                page, live_server.url, tab="settings", wait_for="#offline-map-estimate:not(:empty)"
            )
            assert page.locator("#offline-map-estimate.warn").count() == 1
            assert page.is_disabled("#offline-map-download")
    finally:
        _fixed_config.cache_clear()
