"""/dashboard/: the figures, the charts, the period form, for the office's roles only."""

import threading

import pytest
from django.test import Client

from backend.accounts.models import Role
from backend.demo.services import DEMO_USERS, demo_load
from tests.browser import browser_page, open_signed_in, screenshot
from tests.factories import UserFactory, default_profile
from tests.jobs import clear_queue, run_worker


@pytest.fixture
def signed_in(db):
    def sign_in(role: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="fa")
        client.force_login(UserFactory(role=role))
        return client

    return sign_in


def test_the_page_shows_the_periods_figures_in_persian(signed_in):
    default_profile()
    demo_load()
    page = signed_in(Role.PLANNER).get("/dashboard/?period=۱۴۰۵")
    html = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in html
    assert "۱۴۰۵" in html and "۱۴۰۴" in html  # the period and the one before, in Persian digits
    assert html.count('<figure class="hbars"') >= 3 and "/interventions/?status=" in html  # charts link on
    assert 'class="need-map"' in html and "<path d=" in html  # the choropleth of need
    assert "/api/v1/reports/monthly.pdf" not in html  # a year is no month: no monthly PDF
    assert "/maps/neighborhoods/" in html  # the neighbourhoods of highest need, each a link


def test_a_month_links_its_printable_report(signed_in):
    html = signed_in(Role.COORDINATOR).get("/dashboard/?period=1405-09").content.decode()
    assert 'data-export-url="/api/v1/reports/monthly.pdf" data-query="year=1405&amp;month=9"' in html


def test_a_bad_period_says_how_to_write_one(signed_in):
    page = signed_in(Role.SUPERVISOR).get("/dashboard/?period=1405-13")
    assert page.status_code == 400 and 'role="alert"' in page.content.decode()


def test_visitors_do_not_get_the_dashboard(signed_in):
    assert signed_in(Role.VISITOR).get("/dashboard/").status_code == 403


@pytest.fixture
def demo_in_browser(transactional_db, live_server, monkeypatch):
    """The demo data behind a live server, for a browser to open (the worker's queue empty)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    clear_queue()
    default_profile()
    demo_load()
    return live_server


@pytest.mark.browser
def test_the_dashboard_in_a_browser_draws_its_charts(demo_in_browser):
    live_server = demo_in_browser
    with browser_page() as (page, log):
        open_signed_in(page, live_server.url, "/dashboard/?period=1405", *DEMO_USERS["planner"])
        assert page.locator("figure.hbars .bar").count() >= 5
        bar = page.locator("figure.hbars .bar").first.bounding_box()
        assert bar and bar["width"] > 0  # drawn, not only in the markup
        assert page.locator("figure.columns .column").count() == 24  # two twelve-month series
        assert page.locator("#chart-need-map path").count() >= 5
        page.fill("input[name=period]", "1405-Q3")
        page.click("form.filters button")
        page.wait_for_url("**period=1405-Q3**")
        assert "1405-Q3" in page.locator("input[name=period]").input_value()
        screenshot(page, "dashboard")
    assert log.external_requests == [] and log.console_errors == []


@pytest.mark.browser
def test_the_monthly_report_is_made_by_the_worker_and_offered_for_download(demo_in_browser):
    live_server = demo_in_browser
    with browser_page() as (page, log):
        open_signed_in(page, live_server.url, "/dashboard/?period=1405-09", *DEMO_USERS["planner"])
        queued = lambda r: "monthly.pdf" in r.url and r.request.method == "POST"  # noqa: E731
        with page.expect_response(queued) as answer:  # the job is stored before the worker looks
            page.get_by_role("button", name="گزارش ماهانه (PDF)").click()
        assert answer.value.status == 202
        worker = threading.Thread(target=run_worker)  # as the worker beside the web server would;
        worker.start()  # a thread of its own: Playwright holds this one's event loop
        worker.join()
        link = page.locator("form.pdf-job .export-status a")
        link.wait_for(timeout=15_000)
        assert "mahalleh-1405-09.pdf" in link.inner_text()
        download = page.request.get(link.get_attribute("href"))
        assert download.ok and download.body().startswith(b"%PDF")
        screenshot(page, "dashboard-monthly-report")
    assert log.external_requests == [] and log.console_errors == []
