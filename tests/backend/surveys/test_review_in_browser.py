"""The review queue in a real headless Chromium: filter, approve with a key, reject in bulk."""

import pytest
from django.contrib.gis.geos import Point

from backend.accounts.models import Role
from backend.surveys.models import Visit
from tests.browser import browser_page, screenshot
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory, VisitFactory, square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def queue():
    NeighborhoodFactory(code="R1", name="کوی لاله", boundary=square(50.0, 36.25))
    visitor = UserFactory(username="visitor1", role=Role.VISITOR)
    plain = [
        VisitFactory(visitor=visitor, point=Point(50.001 + 0.001 * i, 36.255, srid=4326), water="none")
        for i in range(4)
    ]
    flagged = [
        VisitFactory(visitor=visitor, point=Point(50.006, 36.252 + 0.001 * i, srid=4326), gps_accuracy_m=300)
        for i in range(2)
    ]
    Visit.objects.filter(pk__in=[v.pk for v in flagged]).update(quality_flags=["poor_gps"])
    return plain, flagged


def sign_in(page, url: str, username: str) -> None:
    UserFactory(username=username, role=Role.SUPERVISOR)
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")


def test_filter_approve_with_a_key_and_reject_in_bulk(live_server, queue):
    plain, flagged = queue
    with browser_page(width=1400, height=1000) as (page, log):
        sign_in(page, f"{live_server.url}/review/", "supervisor1")
        page.wait_for_url("**/review/")
        rows = page.locator("#queue tbody tr[data-id]")
        assert rows.count() == 6
        first_two = [int(rows.nth(i).get_attribute("data-id")) for i in range(2)]
        assert sorted(first_two) == sorted(v.pk for v in flagged)  # flagged first
        screenshot(page, "review-queue")

        page.select_option("select[name=flag]", "poor_gps")
        page.click("#queue-filters button")
        page.wait_for_load_state()
        assert page.locator("#queue tbody tr[data-id]").count() == 2
        opened = int(page.locator("#queue tr.open").get_attribute("data-id"))
        page.locator("body").press("a")  # approve the open visit with the keyboard
        page.wait_for_selector(".messages")
        assert Visit.objects.get(pk=opened).review_state == "approved"
        following = int(page.locator("#queue tr.open").get_attribute("data-id"))
        assert following != opened and following in {v.pk for v in flagged}  # the next one opened

        page.select_option("select[name=flag]", "")
        page.click("#queue-filters button")
        page.wait_for_load_state()
        for visit in plain[:2]:
            page.check(f"#queue input[name=ids][value='{visit.pk}']")
        page.select_option("#bulk-state", "rejected")
        page.click("#bulk-apply")
        page.wait_for_selector(".messages")
        states = dict(Visit.objects.values_list("pk", "review_state"))
        assert [states[v.pk] for v in plain] == ["rejected", "rejected", "received", "received"]
        assert page.locator("#queue tbody tr[data-id]").count() == 3  # what is left to review
        screenshot(page, "review-queue-after")
    assert log.external_requests == []
    assert log.console_errors == []


def test_has_issues_needs_a_note_and_reaches_the_history(live_server, queue):
    plain, _flagged = queue
    visit = plain[0]
    with browser_page(width=1400, height=1000) as (page, log):
        sign_in(page, f"{live_server.url}/review/?visit={visit.pk}", "supervisor2")
        page.wait_for_selector("#decide")
        page.locator("body").press("i")  # no note yet: the note field takes the focus
        assert page.evaluate("document.activeElement.id") == "decide-note"
        page.fill("#decide-note", "آب را دوباره بپرسید")
        page.click("#has-issues")
        page.wait_for_selector(".messages")
        assert Visit.objects.get(pk=visit.pk).review_state == "has_issues"
        page.goto(f"{live_server.url}/review/?state=has_issues&visit={visit.pk}")
        assert "آب را دوباره بپرسید" in page.locator("#history").inner_text()
        screenshot(page, "review-visit-open")
    assert log.external_requests == []
    assert log.console_errors == []
