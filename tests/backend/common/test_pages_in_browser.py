"""/api/docs/ and the admin's map widget, in a real headless Chromium, offline."""

import pytest

from backend.accounts.models import Role
from tests.browser import browser_page, screenshot
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; our DB calls here are plain sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_swagger_ui_renders_from_local_files(live_server):
    with browser_page() as (page, log):
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector("text=Mahalleh API", timeout=20_000)
        page.wait_for_selector("text=/api/v1/visits/", timeout=20_000)
        shot = screenshot(page, "api-docs")
    assert log.external_requests == []
    assert log.console_errors == []
    assert log.failed_requests == []
    assert any("/static/drf_spectacular_sidecar/" in url for url in log.local_requests)
    assert shot.stat().st_size > 10_000


def test_admin_map_widget_works_offline(live_server):
    UserFactory(username="boss", role=Role.ADMIN, is_staff=True, is_superuser=True)
    neighborhood = NeighborhoodFactory()
    with browser_page() as (page, log):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "boss")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/surveys/neighborhood/{neighborhood.pk}/change/")
        page.wait_for_selector(".leaflet-container path.leaflet-interactive", timeout=20_000)
        assert page.locator("html").get_attribute("dir") == "rtl"
        screenshot(page, "admin-neighborhood-map")
    assert log.external_requests == []
    assert log.console_errors == []
