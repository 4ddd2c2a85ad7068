"""Teams, their areas, and assignments that send visitors to neighbourhoods.

An assignment's progress is not stored: it follows from the counted visits (surveys'
counted_visits) in its neighbourhood, by its assignee (or any member of a team-wide one),
made after it was created — so late syncs and later reviews move it by themselves. Only
the states a person chooses are stored: declined (with a reason) and cancelled.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TARGET_VISITS = 50


class Team(models.Model):
    """Visitors who work an area together, and the supervisors who review their visits."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisors"), related_name="supervised_teams", blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="teams", blank=True
    )
    neighborhoods = models.ManyToManyField(
        "surveys.Neighborhood", verbose_name=_("area"), related_name="teams", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED = (AssignmentStatus.DECLINED, AssignmentStatus.CANCELLED)


class Assignment(models.Model):
    """Visit a neighbourhood target_visits times by due_date: one visitor, or anyone in the team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="assignments"
    )
    neighborhood = models.ForeignKey(
        "surveys.Neighborhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Empty: anyone in the team."),
    )
    due_date = models.DateField(_("due date"))
    target_visits = models.PositiveSmallIntegerField(_("target visits"), default=1)
    # The neighbourhood's rank under the default weight profile when the assignment was made.
    priority = models.PositiveIntegerField(_("priority"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Only the states a person chooses; assigned / in progress / done follow from visits.
    closed = models.CharField(
        _("closed"), max_length=16, blank=True, choices=[(s.value, s.label) for s in CLOSED]
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=2000)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_visits__gte=1, target_visits__lte=MAX_TARGET_VISITS),
                name="assignment_target_range",
            ),
            models.CheckConstraint(
                condition=Q(closed__in=["", *[s.value for s in CLOSED]]), name="assignment_closed_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "due_date"], name="assignment_assignee_due"),
            models.Index(fields=["team", "due_date"], name="assignment_team_due"),
            models.Index(fields=["neighborhood", "created_at"], name="assignment_place_time"),
        ]

    def __str__(self) -> str:
        return f"{self.neighborhood_id} by {self.due_date} ({self.assignee_id or 'team'})"


auditlog.register(Team, m2m_fields={"supervisors", "members", "neighborhoods"})
auditlog.register(Assignment)
