"""The interventions page and a neighbourhood's score over time, in headless Chromium."""

import io
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import Role
from backend.interventions.models import FundingSource, Intervention
from backend.interventions.services import intervention_create, intervention_transition
from backend.planning.services import scores_recompute
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


def test_interventions_page_and_the_neighbourhood_trend(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # our queries beside Playwright's loop
    default_profile()  # an earlier test's flush may have taken the seeded one
    place = NeighborhoodFactory(code="TR", name="کوی آزمون", county="قزوین", boundary=square(50.0, 36.25))
    coordinator = UserFactory(username="coordinator-page", role=Role.COORDINATOR)
    partner = PartnerFactory(kind="charity", name="خیریهٔ آب", services=["water_sanitation"])
    source = FundingSource.objects.create(name="اعتبارات استان")
    here = Point(50.005, 36.255, srid=4326)
    for days in (60, 50):
        VisitFactory(point=here, water="none", visited_at=timezone.now() - timedelta(days=days))
    scores_recompute(as_of=timezone.now() - timedelta(days=45))  # as if recomputed then
    works = intervention_create(
        created_by=coordinator,
        neighborhoods=[place],
        lead_partner=partner,
        kind="water_sanitation",
        title="لوله‌کشی آب",
        budget_planned=2_500_000_000,
        budget_spent=2_000_000_000,
        funding_source=source,
    )
    for step in ("agreed", "in_progress", "delivered"):
        intervention_transition(intervention=works, status=step, note="", actor=coordinator)
    Intervention.objects.filter(pk=works.pk).update(
        actual_start=timezone.localdate() - timedelta(days=40),
        actual_end=timezone.localdate() - timedelta(days=30),
    )
    for days in (20, 10):
        VisitFactory(point=here, water="improved", visited_at=timezone.now() - timedelta(days=days))
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())

    with browser_page(width=1400, height=1000) as (page, log):
        page.goto(f"{live_server.url}/interventions/")
        page.fill("input[name=username]", "coordinator-page")
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.wait_for_selector("#interventions tbody tr[data-id]")
        row = page.inner_text(f"#interventions tr[data-id='{works.pk}']")
        assert "لوله‌کشی آب" in row and "۲۰۰٬۰۰۰٬۰۰۰ تومان" in row
        page.wait_for_selector("iframe.map")
        screenshot(page, "interventions-page")
        page.select_option("select[name=status]", "proposed")
        page.click("#filters button")
        page.wait_for_selector("#interventions tbody tr:not([data-id])")  # none proposed

        page.goto(f"{live_server.url}/interventions/{works.pk}/")
        page.fill("#move textarea[name=note]", "آب در شیرها جاری است")
        page.click("#move button[value=verified]")
        page.wait_for_selector("#status.verified")
        screenshot(page, "intervention-form")

        page.goto(f"{live_server.url}/maps/neighborhoods/{place.pk}/")
        page.wait_for_selector(".trend svg polyline.score")
        assert page.locator(".trend svg circle.dot").count() == 2
        assert page.locator(".trend svg line.marker.delivery").count() == 1
        assert page.locator(".trend svg line.marker.start").count() == 1
        table = page.inner_text("table.before-after")
        assert "۱۰۰٪" in table and "۰٪" in table  # no improved water before, all of it after
        assert "لوله‌کشی آب" in page.inner_text("#neighborhood-interventions")
        screenshot(page, "neighborhood-trend")
    assert log.external_requests == []
    assert log.console_errors == []
