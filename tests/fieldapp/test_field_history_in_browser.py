"""The field app's "My visits" from the server, with review states; and its storage settings."""

import pytest

from backend.surveys.models import ReviewState, Visit, VisitEvent
from backend.surveys.review_services import visit_comment_add, visit_review
from tests.browser import browser_page, screenshot
from tests.factories import UserFactory, VisitFactory
from tests.fieldapp.test_field_app_in_browser import (
    PHONE,
    WAIT,
    Network,
    record_visit,
    sign_in_on_phone,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fresh_phone_shows_the_visitors_reviewed_visits_and_records_form_times(live_server, demo):
    visitor, _neighborhood, inside = demo
    supervisor = UserFactory(role="supervisor")
    flagged, approved = (VisitFactory(visitor=visitor, point=inside) for _ in range(2))
    note = "عکس کوچه را هم بفرستید"
    visit_review(visit_id=flagged.pk, reviewer=supervisor, state=ReviewState.HAS_ISSUES, note=note, version=1)
    visit_review(visit_id=approved.pk, reviewer=supervisor, state=ReviewState.APPROVED, note="", version=1)
    geolocation = {"latitude": inside.y, "longitude": inside.x, "accuracy": 12}
    with browser_page(**PHONE, geolocation=geolocation, permissions=["geolocation"]) as (page, log):
        sign_in_on_phone(
            page, live_server.url, wait_for=f"li[data-uuid='{flagged.client_uuid}'] [data-review]"
        )
        item = page.locator(f"li[data-uuid='{flagged.client_uuid}']")
        assert note in item.inner_text()
        assert page.locator(f"li[data-uuid='{approved.client_uuid}'] [data-review=approved]").count() == 1
        screenshot(page, "field-reviewed-visits")

        record_visit(page, photo=False)  # saved to the outbox, then sent
        page.wait_for_selector("#outbox-summary.ok", timeout=WAIT)
        page.wait_for_selector("li.visit [data-review=received]", timeout=WAIT)

        page.click("a[data-tab=settings]")
        page.wait_for_selector("#storage-persisted", timeout=WAIT)
        assert page.locator("#storage-usage").count() == 1
        screenshot(page, "field-settings-storage")
    new = Visit.objects.exclude(pk__in=[flagged.pk, approved.pk]).get(visitor=visitor)
    assert new.form_opened_at is not None and new.form_saved_at >= new.form_opened_at
    assert log.external_requests == []
    assert log.console_errors == []


def test_an_offline_correction_reaches_the_server_once(live_server, demo):
    visitor, _neighborhood, inside = demo
    supervisor = UserFactory(role="supervisor")
    visit = VisitFactory(visitor=visitor, point=inside, water="none")
    visit_review(
        visit_id=visit.pk, reviewer=supervisor, state=ReviewState.HAS_ISSUES, note="آب را بپرسید", version=1
    )
    visit_comment_add(visit=visit, author=supervisor, text="شیر آب کوچه را هم ببینید")
    with browser_page(**PHONE) as (page, log):
        network = Network(page.context)
        sign_in_on_phone(page, live_server.url, wait_for=f"#fix-{visit.client_uuid}")

        network.set_offline(True)
        page.wait_for_selector(".net.off", timeout=WAIT)
        page.click(f"#fix-{visit.client_uuid}")
        page.wait_for_selector("#thread", timeout=WAIT)
        assert "شیر آب کوچه" in page.locator("#thread").inner_text()  # the thread, read offline
        page.click("#q-water label.pill:first-of-type")  # improved
        page.fill("#reply", "دوباره پرسیدم؛ آب لوله‌کشی است")
        screenshot(page, "field-correction")
        page.click("#send-correction")
        page.wait_for_selector("[data-change=waiting]", timeout=WAIT)
        page.reload()  # still offline: the correction waits in the outbox
        page.wait_for_selector("[data-change=waiting]", timeout=WAIT)

        network.set_offline(False)
        page.wait_for_selector(f"li[data-uuid='{visit.client_uuid}'] [data-review=received]", timeout=WAIT)
        page.click("#sync-now")  # a second pass must not send it again
        page.wait_for_selector("#sync-now:not([disabled])", timeout=WAIT)
        screenshot(page, "field-correction-sent")
    stored = Visit.objects.get(pk=visit.pk)
    assert Visit.objects.filter(visitor=visitor).count() == 1
    assert (stored.review_state, stored.water, stored.version) == ("received", "improved", 3)
    kinds = list(VisitEvent.objects.filter(visit=visit).values_list("kind", flat=True))
    assert kinds == ["review", "comment", "comment", "correction"]
    correction = VisitEvent.objects.get(visit=visit, kind="correction")
    assert correction.changes == {"water": ["none", "improved"]}
    assert log.console_errors == []
    assert log.external_requests == []
