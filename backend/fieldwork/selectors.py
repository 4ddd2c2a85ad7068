"""Reads for field work: teams, and assignments with the progress their visits give them."""

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from backend.accounts.permissions import can_read_all_assignments, is_team_scoped
from backend.fieldwork.models import Assignment, AssignmentStatus, Team
from backend.surveys.selectors import counted_visits


class SubqueryCount(Subquery):
    """The number of rows a subquery finds (0 when none), as one correlated count."""

    template = "(SELECT count(*) FROM (%(subquery)s) _found)"
    output_field = IntegerField()


def _visits_towards() -> Case:
    """Counted visits in the assignment's place, since it was made, by whoever it is for.

    A visit that names another assignment counts for that one only.
    """
    visits = (
        counted_visits()
        .order_by()
        .filter(
            Q(assignment__isnull=True) | Q(assignment=OuterRef("pk")),
            neighborhood=OuterRef("neighborhood"),
            visited_at__gte=OuterRef("created_at"),
        )
    )
    by_assignee = SubqueryCount(visits.filter(visitor=OuterRef("assignee")).values("pk"))
    by_team = SubqueryCount(visits.filter(visitor__teams=OuterRef("team")).values("pk"))
    return Case(When(assignee__isnull=True, then=by_team), default=by_assignee, output_field=IntegerField())


class _Progress(TypedDict):
    visits_done: int
    status: str
    overdue: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # An assignment read with its progress (with_progress), its annotations typed
    Progress = WithAnnotations[Assignment, _Progress]


def with_progress(queryset: QuerySet[Assignment]) -> "QuerySet[Progress]":
    """Annotate visits_done, status and overdue, all derived from the counted visits."""
    today = timezone.localdate()
    return queryset.annotate(visits_done=Coalesce(_visits_towards(), 0)).annotate(
        status=Case(
            When(~Q(closed=""), then=F("closed")),
            When(visits_done__gte=F("target_visits"), then=Value(AssignmentStatus.DONE.value)),
            When(visits_done__gte=1, then=Value(AssignmentStatus.IN_PROGRESS.value)),
            default=Value(AssignmentStatus.ASSIGNED.value),
        ),
        overdue=Case(
            When(
                Q(closed="") & Q(visits_done__lt=F("target_visits")) & Q(due_date__lt=today), then=Value(True)
            ),
            default=Value(False),
        ),
    )


def _for(user: Any) -> Q:
    """Assignments for user: their own, and their teams' shared ones (a subquery: no duplicate rows)."""
    return Q(assignee=user) | Q(assignee__isnull=True, team__in=Team.objects.filter(members=user))


def teams_visible_to(user: Any) -> QuerySet[Team]:
    """Every team for planning roles; a supervisor's own teams; a visitor's own teams."""
    teams = Team.objects.prefetch_related("supervisors", "members", "neighborhoods")
    if can_read_all_assignments(user):
        return teams
    return teams.filter(Q(supervisors=user) | Q(members=user)).distinct()


def assignment_list(*, user: Any, filters: dict[str, Any] | None = None) -> "QuerySet[Progress]":
    """Return the assignments user may read, with their progress, overdue ones first.

    Filters: status (a list), team, assignee (a username), neighborhood, overdue (bool).
    """
    filters = filters or {}
    # The outlines are left out: lists and phones name the place; maps fetch outlines on their own.
    queryset = Assignment.objects.select_related("team", "neighborhood", "assignee", "created_by").defer(
        "neighborhood__boundary"
    )
    if not can_read_all_assignments(user):
        if is_team_scoped(user):
            queryset = queryset.filter(team__supervisors=user)
        else:
            queryset = queryset.filter(_for(user))
    queryset = with_progress(queryset)
    if filters.get("status"):
        queryset = queryset.filter(status__in=filters["status"])
    if filters.get("team"):
        queryset = queryset.filter(team_id=filters["team"])
    if filters.get("assignee"):
        queryset = queryset.filter(assignee__username=filters["assignee"])
    if filters.get("neighborhood"):
        queryset = queryset.filter(neighborhood_id=filters["neighborhood"])
    if filters.get("overdue") is not None:
        queryset = queryset.filter(overdue=filters["overdue"])
    return queryset.order_by(F("overdue").desc(), "due_date", "id")


def assignments_mine(*, user: Any) -> "QuerySet[Progress]":
    """Return the visitor's open assignments (their own and their teams' shared ones), nearest due first."""
    mine = Assignment.objects.filter(_for(user), closed="")
    return (
        with_progress(mine.select_related("team", "neighborhood").defer("neighborhood__boundary"))
        .exclude(status=AssignmentStatus.DONE)
        .order_by("due_date", "id")
    )
