"""Who may do what: every rule is a named predicate here, and every API view uses them.

Roles: visitors record visits and read their own; supervisors read and review
every visit, and read neighbourhoods and partners without contact details;
planners read everything but contact details; coordinators keep the partner
registry, read its contacts and review visits; admins may do everything.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from backend.accounts.models import Role, User


def signed_in(request: HttpRequest | Request) -> User:
    """The user behind a request a view's rule let in (the rules admit signed-in users only), as
    the services take them; anyone else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def is_admin(user: Any) -> bool:
    return _role(user) == Role.ADMIN


def can_read_neighborhoods(user: Any) -> bool:
    return _role(user) is not None


def can_write_neighborhoods(user: Any) -> bool:
    return is_admin(user)


# Who records visits, and so may be a team member; who supervises a team.
VISITING_ROLES = frozenset({Role.VISITOR, Role.COORDINATOR, Role.ADMIN})
SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN})


def can_create_visit(user: Any) -> bool:
    return _role(user) in VISITING_ROLES


def can_list_visits(user: Any) -> bool:
    """Every role may list visits; selectors.visit_list scopes what each one sees."""
    return _role(user) is not None


def can_read_all_visits(user: Any) -> bool:
    return _role(user) in {Role.SUPERVISOR, Role.PLANNER, Role.COORDINATOR, Role.ADMIN}


def can_read_own_visits(user: Any) -> bool:
    return _role(user) is not None


def _owns(user: Any, visit: Any) -> bool:
    return _role(user) is not None and visit.visitor_id == user.pk


def can_read_visit(user: Any, visit: Any) -> bool:
    return can_read_all_visits(user) or _owns(user, visit)


def is_team_scoped(user: Any) -> bool:
    """A supervisor of some team sees only their teams' areas; one in no team sees everything."""
    return _role(user) == Role.SUPERVISOR and user.supervised_teams.exists()


def visit_scope(user: Any) -> str:
    """Which visits user reads: "all", "teams" (their teams' areas), "own", or "none"."""
    if can_read_all_visits(user):
        return "teams" if is_team_scoped(user) else "all"
    return "own" if can_read_own_visits(user) else "none"


def can_read_all_assignments(user: Any) -> bool:
    return _role(user) in {Role.PLANNER, Role.COORDINATOR, Role.ADMIN} or (
        _role(user) == Role.SUPERVISOR and not is_team_scoped(user)
    )


def can_write_teams(user: Any) -> bool:
    return _role(user) in {Role.PLANNER, Role.ADMIN}


def can_manage_assignments(user: Any, team: Any = None) -> bool:
    """Create, change and cancel assignments: planning roles, and supervisors for their own teams."""
    if _role(user) in {Role.PLANNER, Role.COORDINATOR, Role.ADMIN}:
        return True
    if _role(user) != Role.SUPERVISOR:
        return False
    return team is None or not is_team_scoped(user) or team.supervisors.filter(pk=user.pk).exists()


def can_decline_assignment(user: Any, assignment: Any) -> bool:
    """The assignee declines; for a team-wide assignment, any member of the team."""
    if _role(user) is None:
        return False
    if assignment.assignee_id is not None:
        return assignment.assignee_id == user.pk
    return assignment.team.members.filter(pk=user.pk).exists()


def can_review_visits(user: Any) -> bool:
    """Approve, set aside or reject visits, and correct their answers."""
    return _role(user) in SUPERVISING_ROLES


def can_correct_visit(user: Any, visit: Any) -> bool:
    """A visitor answers a supervisor's "has issues" with a new version of their own visit."""
    return _owns(user, visit) and visit.review_state == "has_issues"


def can_comment_on_visit(user: Any, visit: Any) -> bool:
    """The thread about a visit is between its reviewers and the visitor who made it."""
    return can_review_visits(user) or _owns(user, visit)


def can_read_partners(user: Any) -> bool:
    return _role(user) is not None


def can_write_partners(user: Any) -> bool:
    return _role(user) in {Role.COORDINATOR, Role.ADMIN}


def can_read_partner_contacts(user: Any) -> bool:
    """Phone numbers and contact names are personal data: coordinators and admins only."""
    return _role(user) in {Role.COORDINATOR, Role.ADMIN}


def can_read_coverage(user: Any) -> bool:
    """Which neighbourhoods partners reach is a planning view: not for field visitors."""
    return _role(user) in {Role.PLANNER, Role.COORDINATOR, Role.ADMIN}


def can_read_priorities(user: Any) -> bool:
    """Scores, priority maps and their exports are for planning, not field visits."""
    return _role(user) in {Role.PLANNER, Role.COORDINATOR, Role.ADMIN}


def can_write_weight_profiles(user: Any) -> bool:
    return _role(user) in {Role.PLANNER, Role.ADMIN}


def can_recompute_scores(user: Any) -> bool:
    return can_read_priorities(user)


def can_read_liaisons(user: Any) -> bool:
    return _role(user) is not None


def can_write_liaisons(user: Any) -> bool:
    return _role(user) in {Role.COORDINATOR, Role.ADMIN}


def can_read_liaison_contacts(user: Any) -> bool:
    return can_read_partner_contacts(user)


# Help delivered: interventions, referrals, funding sources.
def can_read_interventions(user: Any) -> bool:
    return _role(user) in {Role.PLANNER, Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN}


def can_write_interventions(user: Any) -> bool:
    """Create and change interventions, move them along, attach documents: coordinators and admins."""
    return _role(user) in {Role.COORDINATOR, Role.ADMIN}


def can_verify_interventions(user: Any) -> bool:
    """Say a delivered intervention works, with a note: supervisors, coordinators and admins."""
    return _role(user) in SUPERVISING_ROLES


def can_move_intervention(user: Any, to_status: str) -> bool:
    return can_verify_interventions(user) if to_status == "verified" else can_write_interventions(user)


def can_write_funding_sources(user: Any) -> bool:
    return is_admin(user)


def can_refer_from_visit(user: Any, visit: Any) -> bool:
    """A visit's findings are referred by its reviewers or by the visitor who made it."""
    return can_review_visits(user) or _owns(user, visit)


def can_read_all_referrals(user: Any) -> bool:
    """Everyone signed in lists referrals; visitors see only those they made."""
    return _role(user) in {Role.PLANNER, Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN}


def can_answer_referrals(user: Any) -> bool:
    """Record a partner's answer (accepted, declined, resolved): supervisors, coordinators, admins."""
    return _role(user) in SUPERVISING_ROLES


def can_read_dashboard(user: Any) -> bool:
    """The office's figures and PDF reports: planning and supervising roles (a team's supervisor:
    their teams' area)."""
    return _role(user) in {Role.PLANNER, Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN}


def can_read_all_jobs(user: Any) -> bool:
    """The jobs page: every job's state, duration and error (never another person's file)."""
    return is_admin(user)


class RulePermission(BasePermission):
    """A DRF permission built from a read predicate and a write predicate.

    Usage: ``permission_classes = [RulePermission.of(read=can_read_x, write=can_write_x)]``.
    """

    read_rule: Any = staticmethod(lambda user: False)
    write_rule: Any = staticmethod(lambda user: False)

    @classmethod
    def of(cls, *, read: Any, write: Any = None) -> type["RulePermission"]:
        return type(
            f"Rule_{read.__name__}",
            (cls,),
            {
                "read_rule": staticmethod(read),
                "write_rule": staticmethod(write or (lambda user: False)),
            },
        )

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return bool(self.read_rule(request.user))
        return bool(self.write_rule(request.user))


def page_rule(rule: Callable[[Any], bool]) -> Callable[..., Any]:
    """Guard a page view: sign in first, then 403 unless ``rule(user)`` allows it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate
