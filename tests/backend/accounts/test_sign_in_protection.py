"""Sign-in protection: lockout after repeated failures (django-axes), and revocable tokens."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from backend.accounts.models import Role
from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def user(db):
    return UserFactory(username="maryam", role=Role.VISITOR)


def token(api, password):
    return api.post(TOKEN_URL, {"username": "maryam", "password": password}, format="json")


def test_token_api_locks_after_five_failures(api, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token(api, "wrong").status_code == 400
    assert token(api, "wrong").status_code == 429  # the fifth failure locks
    locked = token(api, PASSWORD)  # even the right password, while locked
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.json()["detail"]
    UserFactory(username="ali")
    other = api.post(TOKEN_URL, {"username": "ali", "password": PASSWORD}, format="json")
    assert other.status_code == 200  # only that username is locked
    call_command("axes_reset_username", "maryam")
    assert token(api, PASSWORD).status_code == 200


def test_a_success_clears_earlier_failures(api, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        token(api, "wrong")
    assert token(api, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        token(api, "wrong")
    assert token(api, PASSWORD).status_code == 200


def test_sign_in_page_shows_a_persian_lockout(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "maryam", "password": "wrong"})
    page = client.post("/accounts/login/", {"username": "maryam", "password": PASSWORD})
    assert page.status_code == 429
    assert "۱۵ دقیقهٔ دیگر" in page.content.decode() or "15 minutes" in page.content.decode()
    assert not client.session.get("_auth_user_id")


def test_a_token_can_be_revoked(api, user):
    key = token(api, PASSWORD).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/neighborhoods/").status_code == 200
    assert api.post("/api/v1/auth/token/revoke/").status_code == 204
    assert api.get("/api/v1/neighborhoods/").status_code == 401
    api.credentials()
    assert api.post("/api/v1/auth/token/revoke/").status_code == 401
    assert token(api, PASSWORD).json()["token"] != key  # signing in again gives a new one
