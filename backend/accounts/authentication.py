"""Token authentication that honours the same account rules as sign-in."""

from typing import Any

from rest_framework import authentication, exceptions

from backend.accounts.backends import demo_account_blocked
from backend.common.audit import name_actor


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if demo_account_blocked(user):
            raise exceptions.AuthenticationFailed("Demo accounts are disabled here.")
        name_actor(user)
        return user, token


class BasicAuthentication(authentication.BasicAuthentication):
    """Username and password on every request, for ODK clients (OpenRosa); the same account rules."""

    www_authenticate_realm = "Mahalleh"

    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> tuple[Any, Any]:
        user, auth = super().authenticate_credentials(userid, password, request)
        if demo_account_blocked(user):
            raise exceptions.AuthenticationFailed("Demo accounts are disabled here.")
        name_actor(user)
        return user, auth
