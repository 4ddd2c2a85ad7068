"""Token and Basic authentication that honour the same account rules as sign-in."""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
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


# Basic authentication sends the password with every request, and checking it (a deliberately slow
# hash) costs ~0.2 s: a GIS client paging through a layer would pay that per page. A correct pair
# is remembered this long, under a keyed hash of it; a changed password or a deactivated account
# stops matching at once, and a wrong password is always checked (and counted by the lockout).
VERIFIED_SECONDS = 120


class BasicAuthentication(authentication.BasicAuthentication):
    """Username and password on every request, for ODK clients (OpenRosa) and GIS clients (the OGC
    API); the same account rules."""

    www_authenticate_realm = "Mahalleh"

    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> tuple[Any, Any]:
        key = (
            "basic-auth:"
            + hmac.new(
                settings.SECRET_KEY.encode(), f"{userid}\x00{password}".encode(), hashlib.sha256
            ).hexdigest()
        )
        user, auth = _recently_verified(cache.get(key)), None
        if user is None:
            user, auth = super().authenticate_credentials(userid, password, request)
            cache.set(key, (user.pk, user.password), VERIFIED_SECONDS)
        if demo_account_blocked(user):
            raise exceptions.AuthenticationFailed("Demo accounts are disabled here.")
        name_actor(user)
        return user, auth


def _recently_verified(remembered: tuple[int, str] | None) -> Any:
    """The user a remembered pair names, if it is still active with the same password."""
    if remembered is None:
        return None
    pk, password_hash = remembered
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    return user if user is not None and user.password == password_hash else None
