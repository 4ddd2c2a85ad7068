"""Authentication backend that keeps demo accounts out where demo data is disabled."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_account_blocked(user: Any) -> bool:
    """Return True when user is a demo account and this deployment has no demo data."""
    return bool(getattr(user, "is_demo", False)) and not settings.DEMO_ENABLED


class RoleAwareBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not demo_account_blocked(user)
