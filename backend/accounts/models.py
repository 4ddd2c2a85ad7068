"""User accounts and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VISITOR = "visitor", _("Field visitor")
    SUPERVISOR = "supervisor", _("Supervisor")
    PLANNER = "planner", _("Planner")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in. What they may do follows from their role."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VISITOR)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Created by load_demo; can never sign in where demo data is disabled."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.username} ({self.role})"
