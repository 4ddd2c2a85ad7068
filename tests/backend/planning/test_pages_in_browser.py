"""The priority map and a neighbourhood page in a real headless Chromium, offline."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.accounts.models import Role
from tests.browser import browser_page, screenshot
from tests.factories import (
    PASSWORD,
    NeighborhoodFactory,
    PartnerFactory,
    UserFactory,
    VisitFactory,
    default_profile,
    square,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def town():
    """Four neighbourhoods of rising need (one never visited), partners, 30 visits."""
    default_profile()  # these tests flush the database, and with it the seeded profile
    areas = [
        NeighborhoodFactory(
            code=f"N{i}", name=name, boundary=square(50.0 + 0.012 * i, 36.25), population=2000
        )
        for i, name in enumerate(["کوی لاله", "کوی نرگس", "کوی یاس", "کوی سوسن"])
    ]
    answers = [
        {"water": "improved", "tenure": "formal_deed", "housing": "durable"},
        {"water": "unimproved", "tenure": "formal_deed", "housing": "durable"},
        {"water": "none", "tenure": "none", "housing": "non_durable", "child_labour": True},
    ]
    for i, given in enumerate(answers):
        for k in range(10):
            lon = 50.002 + 0.012 * i + 0.0006 * k
            VisitFactory(point=Point(lon, 36.255, srid=4326), **given)
    PartnerFactory(kind="mosque", name="مسجد جامع", point=Point(50.005, 36.256, srid=4326))
    PartnerFactory(kind="charity", name="خیریه رحمت", point=Point(50.03, 36.262, srid=4326))
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    return areas


def sign_in(page, base_url):
    UserFactory(username="planner1", role=Role.PLANNER)
    page.goto(f"{base_url}/maps/priority/")
    page.fill("input[name=username]", "planner1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/maps/priority/")


@pytest.mark.parametrize("inline_visits", [True, False], ids=["visits-inline", "visits-as-tiles"])
def test_priority_map_draws_offline(live_server, town, settings, inline_visits):
    settings.MAP_INLINE_VISITS_MAX = 1000 if inline_visits else 5
    settings.MAP_INLINE_PARTNERS_MAX = 1000 if inline_visits else 0  # partners from tiles too
    with browser_page() as (page, log):
        sign_in(page, live_server.url)
        ranked = page.locator("table.ranking tbody tr td:nth-child(2)").all_inner_texts()
        assert ranked == ["کوی یاس", "کوی نرگس", "کوی لاله", "کوی سوسن"]
        frame = page.frame_locator("iframe.map")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
        # The choropleth comes from the neighbourhood tiles: a polygon may span two tiles.
        assert any("/tiles/neighborhoods/" in url and "profile=" in url for url in log.local_requests)
        never_visited = frame.locator("path.leaflet-interactive[fill='#bdbdbd']")
        never_visited.first.wait_for(timeout=20_000)
        legends = frame.locator(".map-legend").all_inner_texts()
        assert any(text.startswith("امتیاز نیاز") for text in legends)
        assert any("م مسجد" in text for text in legends)  # partner kinds, each with its letter
        if inline_visits:
            assert frame.locator(".pin", has_text="م").count() == 1
        else:  # pins from the partner tiles, drawn as images in the tiles
            frame.locator(".leaflet-tile-container image").nth(1).wait_for(timeout=20_000)  # both partners
        if inline_visits:
            assert frame.locator(".marker-cluster").count() >= 1
        else:
            frame.locator(".leaflet-tile-container svg path").first.wait_for(timeout=20_000)
            assert any("/tiles/visits/" in url for url in log.local_requests)
            assert any("/tiles/partners/" in url for url in log.local_requests)
        frame.locator("path.leaflet-interactive[fill='#bdbdbd']").first.hover()
        tooltip = frame.locator(".leaflet-tooltip").inner_text()
        assert "کوی سوسن" in tooltip and "رتبه: —" in tooltip and "بازدیدها: ۰" in tooltip
        screenshot(page, f"priority-map-{'inline' if inline_visits else 'tiles'}")
        frame.locator("path.leaflet-interactive[fill='#bdbdbd']").first.click()
        page.wait_for_url("**/maps/neighborhoods/**")  # the whole window, not the frame
        assert page.locator("h1").inner_text().startswith("کوی سوسن")
    assert log.external_requests == []
    assert log.console_errors == []


def test_neighbourhood_page_from_the_map(live_server, town):
    with browser_page(width=390, height=844, is_mobile=True, has_touch=True) as (page, log):
        sign_in(page, live_server.url)
        page.click("table.ranking a >> text=کوی یاس")
        page.wait_for_url("**/maps/neighborhoods/**")
        assert page.locator("h1").inner_text().startswith("کوی یاس")
        rows = page.locator("table.breakdown tbody tr")
        assert rows.count() == 13
        assert page.locator("table.breakdown", has_text="نبود آب سالم").count() == 1
        assert page.locator("#chart-visits-by-month .column").count() == 24  # two years by month
        frame = page.frame_locator("iframe.map")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
        screenshot(page, "neighborhood-page")
    assert log.external_requests == []
    assert log.console_errors == []
