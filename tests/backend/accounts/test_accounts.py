"""Token and session sign-in, the create_user command, demo accounts."""

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest  # django-axes wants the request with every sign-in
from rest_framework.test import APIClient

from backend.accounts.models import Role, User
from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def test_token_sign_in_and_use(api, db):
    user = UserFactory(role=Role.PLANNER)
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    # The field app checks the role before it offers the visit form.
    assert response.json() == {"token": token, "username": user.username, "role": "planner"}
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/neighborhoods/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "nobody", "password": "x"},
        {"username": "u"},
        {"username": "u", "password": "x", "otp": 1},
    ],
)
def test_bad_sign_in(api, db, body):
    response = api.post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_wrong_token_is_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get("/api/v1/visits/").status_code == 401


def test_session_auth(api, db):
    user = UserFactory(role=Role.PLANNER)
    api.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    assert api.get("/api/v1/neighborhoods/").status_code == 200


def test_inactive_user_cannot_sign_in(api, db):
    user = UserFactory(is_active=False)
    response = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_demo_accounts_are_refused_where_demo_is_disabled(api, db, settings):
    user = UserFactory(is_demo=True)
    token = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    assert token.status_code == 200
    settings.DEMO_ENABLED = False
    again = api.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")
    assert again.status_code == 400
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/v1/visits/").status_code == 401


def test_create_user_command(db):
    call_command("create_user", "field1", "--role", "visitor", "--password", "kooche-baghi-1405")
    user = User.objects.get(username="field1")
    assert (user.role, user.is_staff, user.check_password("kooche-baghi-1405")) == ("visitor", False, True)
    call_command("create_user", "boss", "--role", "admin", "--password", "kooche-baghi-1405")
    assert User.objects.get(username="boss").is_superuser


def test_create_user_asks_for_the_password(db, monkeypatch):
    answers = iter(["kooche-baghi-1405", "kooche-baghi-1405"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_user", "field2", "--role", "planner")
    assert User.objects.get(username="field2").check_password("kooche-baghi-1405")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weak", "--role", "visitor", "--password", "123"], "too short"),
        (["dup", "--role", "visitor", "--password", "kooche-baghi-1405"], "already exists"),
    ],
)
def test_create_user_refuses(db, args, message):
    UserFactory(username="dup")
    with pytest.raises(CommandError, match=message):
        call_command("create_user", *args)


def test_create_user_refuses_unknown_role(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_user", "x", "--role", "emperor", "--password", "kooche-baghi-1405")


def test_labels_are_persian_by_default_and_english_on_request():
    from django.utils import translation

    from backend.surveys.models import CHOICE_INDICATORS, Visit

    with translation.override("fa"):
        assert str(Visit._meta.verbose_name) == "بازدید"
        assert str(CHOICE_INDICATORS["tenure"].INFORMAL_DEED.label) == "قولنامه‌ای"
    with translation.override("en"):
        assert str(Visit._meta.verbose_name) == "visit"


def test_coordinators_keep_the_registry_in_the_django_admin(client, db):
    from backend.accounts.services import user_create

    user_create(username="coord", role="coordinator", password="kooche-baghi-1405")
    client.login(request=HttpRequest(), username="coord", password="kooche-baghi-1405")
    assert client.get("/admin/partners/partner/add/").status_code == 200
    assert client.get("/admin/partners/liaison/").status_code == 200
    assert client.get("/admin/surveys/neighborhood/").status_code == 200
    assert client.get("/admin/surveys/neighborhood/add/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403


def test_visitors_and_planners_have_no_django_admin(client, db):
    from backend.accounts.services import user_create

    user_create(username="walker", role="visitor", password="kooche-baghi-1405")
    client.login(request=HttpRequest(), username="walker", password="kooche-baghi-1405")
    assert client.get("/admin/partners/partner/").status_code == 302  # to the admin login
