"""The /assignments/ page: who may open it, making assignments by hand and from suggestions, cancelling."""

from datetime import timedelta

import jdatetime
import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.fieldwork.models import Assignment, Team
from tests.browser import browser_page, screenshot
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory, square

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def jalali_in(days: int) -> str:
    day = jdatetime.date.fromgregorian(date=timezone.localdate() + timedelta(days=days))
    return day.strftime("%Y/%m/%d").translate(PERSIAN)


@pytest.fixture
def team(db):
    team = Team.objects.create(name="تیم آزمون")
    team.neighborhoods.set(
        [
            NeighborhoodFactory(code=f"P{i}", name=f"کوی {i}", boundary=square(50 + 0.02 * i, 36.25))
            for i in range(4)
        ]
    )
    team.members.set(
        [UserFactory(username="visitor-a", role=Role.VISITOR), UserFactory(username="visitor-b")]
    )
    return team


@pytest.fixture
def planner_page(client):
    client.force_login(UserFactory(role=Role.PLANNER))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VISITOR])
def test_visitors_cannot_open_it(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/assignments/").status_code == 403


@pytest.mark.django_db
def test_make_one_by_hand_with_a_jalali_date(planner_page, team):
    place = team.neighborhoods.order_by("code").first()
    body = {
        "team": team.pk,
        "neighborhood": place.pk,
        "assignee": "visitor-a",
        "due_date": jalali_in(5),
        "target": "2",
    }
    planner_page.post("/assignments/new/", body)
    made = Assignment.objects.get()
    assert (made.neighborhood, made.assignee.username, made.target_visits) == (place, "visitor-a", 2)
    assert made.due_date == timezone.localdate() + timedelta(days=5)
    html = planner_page.get(f"/assignments/?team={team.pk}").content.decode()
    assert f'data-id="{made.pk}"' in html and "۰ از ۲" in html


@pytest.mark.django_db
@pytest.mark.parametrize("due", ["1405-09-01", "۱۳۹۹/۰۱/۰۱"])
def test_a_bad_or_past_date_makes_nothing(planner_page, team, due):
    place = team.neighborhoods.first()
    body = {"team": team.pk, "neighborhood": place.pk, "assignee": "", "due_date": due, "target": "1"}
    response = planner_page.post("/assignments/new/", body, follow=True)
    assert not Assignment.objects.exists()
    assert response.context["messages"]


@pytest.mark.django_db
def test_suggestions_ticked_become_assignments_and_cancel(planner_page, team):
    html = planner_page.get(f"/assignments/?team={team.pk}&suggest=3").content.decode()
    assert html.count('name="pick"') == 3
    picks = [str(n.pk) for n in team.neighborhoods.order_by("code")[:2]]
    body = {
        "team": team.pk,
        "pick": picks,
        f"who_{picks[0]}": "visitor-b",
        "due_date": jalali_in(7),
        "target": "1",
    }
    planner_page.post("/assignments/new/", body)
    assert sorted(str(a.neighborhood_id) for a in Assignment.objects.all()) == sorted(picks)
    first = Assignment.objects.get(neighborhood_id=picks[0])
    assert first.assignee.username == "visitor-b"
    planner_page.post(f"/assignments/{first.pk}/cancel/")
    assert Assignment.objects.get(pk=first.pk).closed == "cancelled"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_chromium(live_server, team, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    UserFactory(username="planner-page", role=Role.PLANNER)
    with browser_page(width=1400, height=1000) as (page, log):
        page.goto(f"{live_server.url}/assignments/?team={team.pk}")
        page.fill("input[name=username]", "planner-page")
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.wait_for_selector("#create")
        page.click("#suggest")
        page.wait_for_selector("#proposals")
        page.click("#create-selected")
        page.wait_for_selector("#assignments tbody tr[data-id]")
        assert page.locator("#assignments tbody tr[data-id]").count() == Assignment.objects.count() == 4
        assert page.locator("#per-visitor tbody tr").count() == 2
        screenshot(page, "assignments-page")
    assert log.external_requests == []
    assert log.console_errors == []
