"""Writes for field work: teams and their areas, assignments, declining and cancelling them."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.accounts.permissions import SUPERVISING_ROLES, VISITING_ROLES
from backend.fieldwork.models import MAX_TARGET_VISITS, Assignment, AssignmentStatus, Team
from backend.planning.models import NeighborhoodScore
from backend.planning.selectors import profile_default
from backend.surveys.models import Neighborhood


@dataclass(frozen=True)
class Area:
    """A team's area, given one of three ways; what is given replaces the area."""

    neighborhoods: list[int] | None = None
    counties: list[str] | None = None
    shape: GEOSGeometry | None = None

    def resolve(self) -> list[Neighborhood]:
        if self.shape is not None:
            return list(Neighborhood.objects.filter(boundary__intersects=self.shape))
        if self.counties is not None:
            return list(Neighborhood.objects.filter(county__in=self.counties))
        wanted = set(self.neighborhoods or [])
        found = list(Neighborhood.objects.filter(pk__in=wanted))
        missing = sorted(wanted - {n.pk for n in found})
        if missing:
            raise ValidationError({"neighborhoods": [f"No neighbourhood {', '.join(map(str, missing))}."]})
        return found


def _users(usernames: list[str], *, field: str, allowed: Collection[str], what: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    missing = sorted(set(usernames) - set(found))
    if missing:
        raise ValidationError({field: [f"No active user {', '.join(missing)}."]})
    wrong = sorted(u.username for u in found.values() if u.role not in allowed)
    if wrong:
        raise ValidationError({field: [f"{', '.join(wrong)} cannot be {what}."]})
    return list(found.values())


@transaction.atomic
def team_save(
    *,
    team: Team | None = None,
    name: str | None = None,
    supervisors: list[str] | None = None,
    members: list[str] | None = None,
    area: Area | None = None,
) -> Team:
    """Create a team, or change what is given of one (None leaves a part as it is)."""
    team = team or Team()
    if name is not None:
        team.name = name
    team.full_clean()
    team.save()
    if supervisors is not None:
        team.supervisors.set(
            _users(supervisors, field="supervisors", allowed=SUPERVISING_ROLES, what="a team's supervisor")
        )
    if members is not None:
        team.members.set(
            _users(
                members, field="members", allowed=VISITING_ROLES, what="a team member (they record no visits)"
            )
        )
    if area is not None:
        team.neighborhoods.set(area.resolve())
    return team


def _check(assignment: Assignment) -> None:
    """The rules an assignment keeps, whoever makes or changes it."""
    errors: dict[str, list[str]] = {}
    team = assignment.team
    if not team.neighborhoods.filter(pk=assignment.neighborhood_id).exists():
        errors["neighborhood"] = [f"The neighbourhood is outside team {team.name}'s area."]
    if assignment.assignee_id and not team.members.filter(pk=assignment.assignee_id).exists():
        errors["assignee"] = [f"The assignee is not a member of team {team.name}."]
    if not 1 <= assignment.target_visits <= MAX_TARGET_VISITS:
        errors["target_visits"] = [f"The target is from 1 to {MAX_TARGET_VISITS} visits."]
    if errors:
        raise ValidationError(errors)


def _check_due(due: date) -> None:
    if due < timezone.localdate():
        raise ValidationError({"due_date": ["The due date has passed; choose today or later."]})


def _rank(neighborhood: Neighborhood) -> int | None:
    profile = profile_default()
    if profile is None:
        return None
    row = NeighborhoodScore.objects.filter(profile=profile, neighborhood=neighborhood).first()
    return row.rank if row else None


@transaction.atomic
def assignment_create(
    *,
    team: Team,
    neighborhood: Neighborhood,
    assignee: User | None,
    due_date: date,
    target_visits: int = 1,
    note: str = "",
    created_by: User,
) -> Assignment:
    """Send a visitor (or the whole team) to a neighbourhood, with its rank as the priority."""
    _check_due(due_date)
    assignment = Assignment(
        team=team,
        neighborhood=neighborhood,
        assignee=assignee,
        due_date=due_date,
        target_visits=target_visits,
        note=note,
        created_by=created_by,
        priority=_rank(neighborhood),
    )
    _check(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, data: dict[str, Any]) -> Assignment:
    """Change an open assignment's assignee, due date, target or note."""
    if assignment.closed:
        raise ValidationError(
            {"non_field_errors": [f"The assignment is {assignment.closed}; it cannot change."]}
        )
    if "due_date" in data:
        _check_due(data["due_date"])
    for field in ("assignee", "due_date", "target_visits", "note"):
        if field in data:
            setattr(assignment, field, data[field])
    _check(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


def _close(assignment: Assignment, state: str, reason: str = "") -> Assignment:
    if assignment.closed:
        raise ValidationError({"non_field_errors": [f"The assignment is already {assignment.closed}."]})
    assignment.closed = state
    assignment.closed_at = timezone.now()
    assignment.decline_reason = reason
    assignment.save(update_fields=["closed", "closed_at", "decline_reason"])
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: Assignment) -> Assignment:
    """Take an assignment back; its visits stay."""
    return _close(Assignment.objects.select_for_update().get(pk=assignment.pk), AssignmentStatus.CANCELLED)


@transaction.atomic
def assignment_decline(*, assignment: Assignment, reason: str) -> Assignment:
    """The visitor cannot do it, and says why."""
    if not reason.strip():
        raise ValidationError({"reason": ["Say why you cannot do it."]})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    return _close(locked, AssignmentStatus.DECLINED, reason.strip())
