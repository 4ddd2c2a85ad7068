"""Help delivered on the phone: a visit reports an intervention seen working; a visit's finding referred."""

import pytest

from backend.interventions.models import NEED_SERVICES, Intervention, Referral
from backend.interventions.selectors import referral_partners, with_status
from backend.surveys.models import Visit
from tests.browser import browser_page, screenshot
from tests.factories import VisitFactory
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


def test_a_visitor_refers_a_sent_visit_from_the_phone_once(live_server, demo):
    visitor, _neighborhood, inside = demo
    visit = VisitFactory(visitor=visitor, point=inside, child_labour=True)
    services = NEED_SERVICES["child_labour"]  # child support or schooling
    nearest = referral_partners(services=services, lon=inside.x, lat=inside.y, limit=1)[0]
    with browser_page(**PHONE) as (page, log):
        sign_in_on_phone(page, live_server.url, tab="visits", wait_for=f"#refer-{visit.client_uuid}")
        page.click(f"#refer-{visit.client_uuid}")
        page.click("#q-need label.pill:has(input[value=child_labour])")
        page.wait_for_selector("#refer-partners input[type=radio]", timeout=WAIT)
        first = page.locator("#refer-partners input[type=radio]").first
        assert first.get_attribute("value") == str(nearest.pk)  # nearest first
        first.check()
        page.fill("#refer-note", "کودکان در کارگاه")
        screenshot(page, "field-refer")
        page.click("#send-referral")
        page.wait_for_selector("#outbox-summary", timeout=WAIT)
        page.wait_for_function("() => !document.querySelector('[data-change=waiting]')", timeout=WAIT)
    referral = Referral.objects.get(visit=visit)
    assert referral.partner_id == nearest.pk and referral.need == "child_labour"
    assert referral.client_uuid is not None and referral.created_by == visitor
    assert log.console_errors == []
    assert log.external_requests == []
