"""My assignments on a phone: shown offline, a visit started from one, synced, the assignment done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.fieldwork.models import Assignment, Team
from backend.fieldwork.selectors import with_progress
from backend.fieldwork.services import assignment_create
from backend.surveys.models import Neighborhood, Visit
from tests.browser import browser_page, screenshot
from tests.factories import UserFactory
from tests.fieldapp.test_field_app_in_browser import (
    PHONE,
    WAIT,
    Network,
    record_visit,
    sign_in_on_phone,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_assignment_offline_then_visited_and_done_and_another_declined(live_server, demo):
    visitor, neighborhood, inside = demo
    Assignment.objects.all().delete()
    team = Team.objects.get(members=visitor)
    other_place = team.neighborhoods.exclude(pk=neighborhood.pk).order_by("code").first()
    planner = UserFactory(role="planner")
    due = timezone.localdate() + timedelta(days=3)
    go = assignment_create(
        team=team,
        neighborhood=neighborhood,
        assignee=visitor,
        due_date=due,
        target_visits=1,
        created_by=planner,
    )
    skip = assignment_create(
        team=team,
        neighborhood=other_place,
        assignee=visitor,
        due_date=due,
        target_visits=2,
        created_by=planner,
    )
    geolocation = {"latitude": inside.y, "longitude": inside.x, "accuracy": 12}
    with browser_page(**PHONE, geolocation=geolocation, permissions=["geolocation"]) as (page, log):
        network = Network(page.context)
        sign_in_on_phone(page, live_server.url, tab=None, wait_for=f"#assignments li[data-id='{go.pk}']")
        assert "۰ از ۱ بازدید" in page.inner_text(f"#assignments li[data-id='{go.pk}']")
        page.wait_for_selector("#assignments-map .leaflet-interactive", timeout=WAIT)
        screenshot(page, "field-assignments")

        network.set_offline(True)
        page.wait_for_selector(".net.off", timeout=WAIT)
        page.reload()  # offline: the list comes from the phone
        page.wait_for_selector(f"#assignments li[data-id='{skip.pk}']", timeout=WAIT)
        page.click(f"#assignments li[data-id='{skip.pk}'] button:not(.primary)")
        page.fill(f"#decline-reason-{skip.pk}", "کوچه را آب گرفته است")
        page.click(f"#decline-{skip.pk} button")
        page.wait_for_selector(f"li[data-id='{skip.pk}'] .change.waiting", timeout=WAIT)
        page.click(f"#start-{go.pk}")
        record_visit(page, photo=False)
        page.wait_for_selector("li.visit[data-state=waiting]", timeout=WAIT)

        network.set_offline(False)
        page.wait_for_selector("li.visit[data-state=sent]", timeout=WAIT)
        page.click("a[data-tab=assignments]")
        page.wait_for_selector(f"#assignments li[data-id='{go.pk}']", state="detached", timeout=WAIT)
    visit = Visit.objects.get(visitor=visitor)
    assert visit.assignment_id == go.pk
    statuses = dict(with_progress(Assignment.objects.all()).values_list("pk", "status"))
    assert statuses == {go.pk: "done", skip.pk: "declined"}
    assert Assignment.objects.get(pk=skip.pk).decline_reason == "کوچه را آب گرفته است"
    assert Neighborhood.objects.filter(pk=visit.neighborhood_id).exists()
    assert log.console_errors == []
    assert log.external_requests == []
