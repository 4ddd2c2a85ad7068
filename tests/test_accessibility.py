"""Every page passes axe-core (vendored in tests/vendor) with no critical or serious finding, in
Persian and in English: the planners' pages signed in as the role that uses each, and every
screen of the field app on a phone."""

import pytest

from backend.accounts.models import Role
from backend.demo.services import DEMO_USERS
from backend.surveys.models import Neighborhood
from tests.browser import accessibility_problems, browser_page

pytestmark = pytest.mark.browser

LANGUAGES = ("fa", "en")
PAGES = {  # who opens them
    Role.SUPERVISOR: ["/review/", "/assignments/"],
    Role.PLANNER: [
        "/dashboard/",
        "/maps/priority/",
        "/maps/neighborhoods/{pk}/",
        "/maps/profiles/",
    ],
    Role.COORDINATOR: [
        "/partners/",
        "/partners/registry/",
        "/partners/registry/new/",
        "/interventions/",
        "/interventions/new/",
        "/interventions/referrals/",
    ],
    Role.ADMIN: ["/jobs/"],
}
FIELD_SCREENS = ("assignments", "visits", "new", "settings")


@pytest.fixture(autouse=True)
def _sync_db_beside_playwright(monkeypatch):
    """Playwright's sync API runs in an event loop; the test's own queries are safe beside it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_pages_have_no_serious_accessibility_problem(demo_server):
    neighborhood = Neighborhood.objects.order_by("code").first()
    found = {}
    for language in LANGUAGES:
        with browser_page() as (page, log):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
            page.goto(f"{demo_server.url}/accounts/login/")
            found[language, "/accounts/login/"] = accessibility_problems(page)
            for role, paths in PAGES.items():
                page.context.clear_cookies()
                page.context.add_cookies(
                    [{"name": "django_language", "value": language, "url": demo_server.url}]
                )
                _sign_in(page, demo_server.url, role)
                for path in paths:
                    path = path.format(pk=neighborhood.pk)
                    page.goto(f"{demo_server.url}{path}")
                    page.wait_for_load_state("networkidle")
                    assert page.locator("html").get_attribute("lang") == language
                    found[language, path] = accessibility_problems(page)
            assert not log.external_requests
    assert len(found) == 2 * (1 + sum(len(paths) for paths in PAGES.values()))
    report = _report({f"{language} {path}": issues for (language, path), issues in found.items()})
    assert not report, report


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_field_app_has_no_serious_accessibility_problem(demo_server, language):
    geolocation = {"latitude": 36.27, "longitude": 50.0, "accuracy": 12}
    with browser_page(width=360, height=640, geolocation=geolocation, permissions=["geolocation"]) as (
        page,
        log,
    ):
        page.context.add_init_script(f"localStorage.setItem('mahalleh.lang', '{language}')")
        page.goto(f"{demo_server.url}/field/")
        page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
        found = {"sign-in": accessibility_problems(page)}
        username, password = DEMO_USERS[Role.VISITOR]
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_selector("#assignments, #no-assignments")
        for screen in FIELD_SCREENS:
            page.click(f"a[data-tab={screen}]")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == language
            found[screen] = accessibility_problems(page)
        assert not log.external_requests
    report = _report(found)
    assert not report, report


def _sign_in(page, base_url: str, role: str) -> None:
    username, password = DEMO_USERS[role]
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state("networkidle")


def _report(found: dict[str, list[str]]) -> str:
    """The findings, page by page (empty when there are none)."""
    return "\n".join(f"{where}:\n  " + "\n  ".join(issues) for where, issues in found.items() if issues)
