"""A visit on the phone reports a delivered intervention seen working, and so verifies it."""

import pytest

from backend.interventions.models import Intervention
from backend.interventions.selectors import with_status
from backend.surveys.models import Visit
from tests.browser import browser_page, screenshot
from tests.fieldapp.test_field_app_in_browser import PHONE, WAIT, sign_in_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_form_offers_the_neighbourhoods_delivered_interventions(live_server, demo):
    visitor, neighborhood, inside = demo
    # The demo's water works are in the first neighbourhood; without the visitor's visits (the demo
    # fixture removes them) they are delivered again, not yet verified.
    works = with_status(Intervention.objects.filter(neighborhoods=neighborhood)).get()
    assert works.current_status == "delivered"
    geolocation = {"latitude": inside.y, "longitude": inside.x, "accuracy": 12}
    with browser_page(**PHONE, geolocation=geolocation, permissions=["geolocation"]) as (page, log):
        sign_in_on_phone(page, live_server.url, tab="new", wait_for="#accuracy")
        page.wait_for_selector(f"#seen input[value='{works.pk}']", timeout=WAIT)
        assert page.locator("#seen input[type=checkbox]").count() == 1
        page.click("#q-water label.pill:first-of-type")
        page.check(f"#seen input[value='{works.pk}']")
        screenshot(page, "field-seen-working")
        page.click("#save")
        page.wait_for_selector("li.visit[data-state=sent]", timeout=WAIT)
    visit = Visit.objects.get(visitor=visitor)
    assert visit.interventions_seen == [works.pk]
    assert with_status(Intervention.objects.filter(pk=works.pk)).get().current_status == "verified"
    assert log.console_errors == []
    assert log.external_requests == []
