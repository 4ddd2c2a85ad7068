"""Writes for user accounts."""

from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q

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
    user.user_permissions.set(_admin_permissions(role))
    return user


# What each role may do in the Django admin, besides the API (admins are superusers).
ADMIN_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: [
        "partners.view_partner",
        "partners.add_partner",
        "partners.change_partner",
        "partners.view_liaison",
        "partners.add_liaison",
        "partners.change_liaison",
        "surveys.view_neighborhood",
    ],
}


def _admin_permissions(role: str) -> list[Permission]:
    codes = ADMIN_PERMISSIONS.get(role, [])
    if not codes:
        return []
    query = Q()
    for code in codes:
        app_label, codename = code.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    if len(found) != len(codes):
        raise ImproperlyConfigured(f"Missing permissions for {role}; run migrate first.")
    return found


def _apply_role_flags(user: User) -> None:
    # Coordinators use the admin for the partner registry; admins for everything.
    user.is_staff = user.role in {Role.COORDINATOR, Role.ADMIN}
    user.is_superuser = user.role == Role.ADMIN
