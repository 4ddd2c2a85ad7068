"""Writes for user accounts."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from backend.accounts.models import Role, User


@transaction.atomic
def user_create(
    *, username: str, role: str, password: str, is_demo: bool = False, check_password: bool = True
) -> User:
    """Create a user with a role. Admins also get the Django admin's staff flags."""
    user = User(username=username, role=role, is_demo=is_demo)
    _apply_role_flags(user)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _apply_role_flags(user: User) -> None:
    # Coordinators use the admin for the partner registry; admins for everything.
    user.is_staff = user.role in {Role.COORDINATOR, Role.ADMIN}
    user.is_superuser = user.role == Role.ADMIN
