"""The field app in a real headless Chromium: offline capture, outbox, sync, retry.

Phone viewport, geolocation granted at a fixed point inside a demo neighbourhood.
Screenshots of the main screens go to test-artifacts/field-*.png.
"""

import io
import re

import pytest
from PIL import Image

from backend.demo.services import DEMO_USERS
from backend.partners.models import Partner
from backend.surveys.models import Visit, VisitPhoto
from tests.browser import browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
WAIT = 20_000


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def camera_jpeg() -> dict:
    """A 3000×2000 photo, as a phone camera would hand it over."""
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (90, 140, 60)).save(out, "JPEG", quality=80)
    return {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


class Network:
    """Cut the phone off: the browser's offline mode, and every request refused, the service worker's too."""

    def __init__(self, context):
        self.context = context
        self.offline = False
        self.refused: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route, request):
        if self.offline:
            self.refused.append(request.url)
            route.abort("internetdisconnected")
        else:
            route.fallback()

    def set_offline(self, offline: bool) -> None:
        self.offline = offline
        self.context.set_offline(offline)


FIRST_SCREEN = "#assignments, #no-assignments"  # My assignments, with or without any


def sign_in_on_phone(
    page, base_url: str, *, tab: str | None = "visits", wait_for: str = "#outbox-summary"
) -> None:
    """Open the field app, let its service worker take over, sign in as the demo visitor, open a tab."""
    username, password = DEMO_USERS["visitor"]
    page.goto(f"{base_url}/field/")
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=WAIT
    )
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_selector(FIRST_SCREEN, timeout=WAIT)
    if tab:
        page.click(f"a[data-tab={tab}]")
    page.wait_for_selector(wait_for, timeout=WAIT)


def record_visit(page, *, photo: bool, partner_name: str | None = None) -> None:
    page.click("a[data-tab=new]")
    page.wait_for_selector("#accuracy", timeout=WAIT)
    page.click("#q-water label.pill:first-of-type")
    page.click("#q-tenure label.pill:nth-of-type(2)")
    page.click("#q-child_labour label.pill:first-of-type")
    page.fill("#persons_per_room", "۲٫۵")  # Persian digits and decimal separator
    if partner_name:
        page.fill("#partner-filter", partner_name)
        page.click(f"#partners label.check:has-text('{partner_name}')")
    if photo:
        page.set_input_files("#photo-input", files=[camera_jpeg()])
        page.wait_for_selector("#thumbs img", timeout=WAIT)
    page.fill("#notes", "کوچه خاکی، بدون روشنایی")
    page.click("#save")
    page.wait_for_selector("#outbox-summary", timeout=WAIT)


def test_offline_capture_then_sync_and_a_lost_answer_store_exactly_one(live_server, demo):
    visitor, neighborhood, inside = demo
    username, password = DEMO_USERS["visitor"]
    partner = Partner.objects.filter(is_active=True).order_by("name").first()
    geolocation = {"latitude": inside.y, "longitude": inside.x, "accuracy": 12}
    with browser_page(
        **PHONE, geolocation=geolocation, permissions=["geolocation"], has_touch=True, is_mobile=True
    ) as (page, log):
        context = page.context
        network = Network(context)
        page.on("console", lambda m: print("CONSOLE", m.type, m.text))

        page.goto(f"{live_server.url}/field/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.wait_for_function(
            "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=WAIT
        )
        screenshot(page, "field-sign-in")
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_selector(FIRST_SCREEN, timeout=WAIT)
        page.click("a[data-tab=visits]")
        page.wait_for_selector("#outbox-summary", timeout=WAIT)

        # --- offline: record a visit with a photo; it waits in the outbox ---
        network.set_offline(True)
        page.wait_for_selector(".net.off", timeout=WAIT)
        page.click("a[data-tab=new]")
        page.wait_for_selector("#hint", timeout=WAIT)
        assert neighborhood.name in page.inner_text("#hint")
        assert page.inner_text("#accuracy").startswith("دقت")
        assert re.search(r"[۰-۹]{4}", page.inner_text("#visit-time"))  # Jalali, Persian digits
        screenshot(page, "field-new-visit")
        record_visit(page, photo=True, partner_name=partner.name)
        page.wait_for_selector("li.visit[data-state=waiting]", timeout=WAIT)
        screenshot(page, "field-outbox-offline")

        page.reload()  # still offline: the service worker serves the app
        page.wait_for_selector("li.visit[data-state=waiting]", timeout=WAIT)
        assert "۱ بازدید در صف ارسال" in page.inner_text("#outbox-summary")
        assert Visit.objects.count() == 0
        assert network.refused, "the app did try the network while offline"

        # --- online again: it is sent, photo and all ---
        network.set_offline(False)
        page.wait_for_selector("li.visit[data-state=sent]", timeout=WAIT)
        screenshot(page, "field-sent")
        visit = Visit.objects.get()
        assert visit.visitor == visitor
        assert visit.neighborhood == neighborhood
        assert list(visit.partners_met.all()) == [partner]
        assert str(visit.persons_per_room) == "2.5"
        photo = VisitPhoto.objects.get(visit=visit)
        assert (photo.width, photo.height) == (1600, 1067)  # downscaled in the browser

        # --- a poor fix is flagged, then accepted ---
        context.set_geolocation({**geolocation, "accuracy": 120})
        page.click("a[data-tab=new]")
        page.wait_for_selector("#gps-warning", timeout=WAIT)
        assert "۱۲۰" in page.inner_text("#gps-warning")
        screenshot(page, "field-gps-warning")
        page.click("#accept-gps")

        # --- the answer to a sync is lost after the server stored the visit: the app retries ---
        attempts: list[int] = []

        def lose_first_answer(route, request):
            attempts.append(route.fetch().status)  # the server receives and stores it...
            if len(attempts) == 1:
                route.abort("connectionreset")  # ...but the phone never hears back
            else:
                route.fallback()

        context.route("**/api/v1/visits/sync/", lose_first_answer)
        record_visit(page, photo=False)
        # Functions, not expression strings: Playwright evaluates strings with eval(), which our
        # Content-Security-Policy forbids on the page.
        page.wait_for_function(
            "() => document.querySelectorAll('li.visit[data-state=sent]').length === 2", timeout=60_000
        )
        assert len(attempts) >= 2 and attempts[0] == 200
        assert Visit.objects.count() == 2
        assert Visit.objects.filter(gps_accuracy_m=120).count() == 1

        page.click("a[data-tab=settings]")
        page.wait_for_selector("#sign-out")
        screenshot(page, "field-settings")
        page.click("#q-language label.pill:nth-of-type(2)")
        assert page.locator("html").get_attribute("dir") == "ltr"
        page.click("a[data-tab=visits]")
        page.wait_for_selector("text=Everything has been sent.", timeout=WAIT)
        screenshot(page, "field-visits-english")

    assert log.external_requests == []
    # Requests we cut on purpose are logged by Chromium; anything else is a fault.
    cut = re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_FAILED")
    assert [m for m in log.console_errors if not cut.search(m)] == [], log.console_errors
