"""The review queue page without a browser: who may open it, its filters, and its forms."""

from datetime import UTC, datetime

import pytest

from backend.accounts.models import Role
from backend.surveys.models import Visit, VisitEvent
from tests.factories import UserFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_client(client):
    def sign_in(role):
        client.force_login(UserFactory(role=role))
        return client

    return sign_in


@pytest.mark.parametrize("role", [Role.VISITOR, Role.PLANNER])
def test_only_reviewers_open_the_queue(page_client, role):
    assert page_client(role).get("/review/").status_code == 403


def test_signed_out_goes_to_sign_in(client):
    assert client.get("/review/")["Location"].startswith("/accounts/login/")


def test_jalali_dates_with_persian_digits_filter_the_queue(page_client, neighborhood):
    early = VisitFactory(visited_at=datetime(2026, 11, 1, 8, tzinfo=UTC))  # 1405/08/10
    late = VisitFactory(visited_at=datetime(2026, 11, 25, 8, tzinfo=UTC))  # 1405/09/04
    client = page_client(Role.SUPERVISOR)
    html = client.get("/review/", {"after": "۱۴۰۵/۰۹/۰۱", "before": "1405/09/04"}).content.decode()
    assert f'data-id="{late.pk}"' in html and f'data-id="{early.pk}"' not in html
    response = client.get("/review/", {"after": "1405-09-01"})
    assert response.status_code == 400
    assert "۱۴۰۵/۰۹/۰۱" in response.content.decode()


def test_a_decision_without_a_note_for_has_issues_changes_nothing(page_client, neighborhood):
    visit = VisitFactory()
    client = page_client(Role.SUPERVISOR)
    response = client.post(f"/review/{visit.pk}/decide/", {"state": "has_issues", "note": "", "version": 1})
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).review_state == "received"
    assert not VisitEvent.objects.exists()


def test_a_stale_page_cannot_overwrite_a_newer_review(page_client, neighborhood):
    visit = VisitFactory()
    client = page_client(Role.COORDINATOR)
    client.post(f"/review/{visit.pk}/decide/", {"state": "approved", "note": "", "version": 1})
    client.post(f"/review/{visit.pk}/decide/", {"state": "rejected", "note": "", "version": 1})
    assert Visit.objects.get(pk=visit.pk).review_state == "approved"


def test_the_page_corrects_answers_and_writes_to_the_visitor(page_client, neighborhood):
    visit = VisitFactory()
    client = page_client(Role.SUPERVISOR)
    client.post(f"/review/{visit.pk}/edit/", {"version": 1, "water": "none", "notes": "کوچه خاکی"})
    client.post(f"/review/{visit.pk}/comment/", {"text": "لطفاً عکس بفرستید"})
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.water, stored.notes, stored.review_state) == ("none", "کوچه خاکی", "edited")
    assert list(VisitEvent.objects.values_list("kind", flat=True)) == ["edit", "comment"]
    html = client.get(f"/review/?state=edited&visit={visit.pk}").content.decode()
    assert "لطفاً عکس بفرستید" in html
