"""HTTP endpoints for teams, assignments, a visitor's own assignments, and suggestions."""

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.models import User
from backend.accounts.permissions import (
    RulePermission,
    can_decline_assignment,
    can_list_visits,
    can_manage_assignments,
    can_write_teams,
    signed_in,
)
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.fieldwork import selectors, services
from backend.fieldwork.models import Assignment, Team
from backend.fieldwork.serializers import (
    AssignmentChange,
    AssignmentFilters,
    AssignmentInput,
    AssignmentOutput,
    DeclineInput,
    SuggestInput,
    SuggestOutput,
    TeamInput,
    TeamOutput,
)
from backend.fieldwork.suggestions import proposal_reason, suggest
from backend.surveys.models import Neighborhood

SIGNED_IN = RulePermission.of(read=can_list_visits, write=can_list_visits)


def _area(data: dict[str, Any]) -> services.Area | None:
    if "area" in data:
        return services.Area(shape=data["area"])
    if "counties" in data:
        return services.Area(counties=data["counties"])
    if "neighborhoods" in data:
        return services.Area(neighborhoods=data["neighborhoods"])
    return None


def _team_parts(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data.get("name"),
        "supervisors": data.get("supervisors"),
        "members": data.get("members"),
        "area": _area(data),
    }


class TeamListApi(GenericAPIView):
    """The teams you may see; planners and admins create them."""

    permission_classes = [RulePermission.of(read=can_list_visits, write=can_write_teams)]
    serializer_class = TeamOutput
    pagination_class = None

    @extend_schema(responses=TeamOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(TeamOutput(selectors.teams_visible_to(request.user), many=True).data)

    @extend_schema(request=TeamInput, responses={201: TeamOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = TeamInput(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_save(**_team_parts(data.validated_data))
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)


class TeamDetailApi(GenericAPIView):
    """One team; planners and admins change its name, people and area (what is sent replaces)."""

    permission_classes = [RulePermission.of(read=can_list_visits, write=can_write_teams)]
    serializer_class = TeamOutput

    def _team(self, request: Request, pk: int) -> Team:
        team = selectors.teams_visible_to(request.user).filter(pk=pk).first()
        if team is None:
            raise NotFound()
        return team

    def get(self, request: Request, pk: int) -> Response:
        return Response(TeamOutput(self._team(request, pk)).data)

    @extend_schema(request=TeamInput, responses={200: TeamOutput, 400: ERROR, 404: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = TeamInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        team = services.team_save(team=self._team(request, pk), **_team_parts(data.validated_data))
        return Response(TeamOutput(selectors.teams_visible_to(request.user).get(pk=team.pk)).data)


def _resolve(team_id: int, neighborhood_id: int | None, assignee: Any) -> dict[str, Any]:
    """Turn ids and a username into rows, naming what does not exist."""
    found: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    found["team"] = Team.objects.filter(pk=team_id).first()
    if found["team"] is None:
        errors["team"] = [f"No team {team_id}."]
    if neighborhood_id is not None:
        found["neighborhood"] = Neighborhood.objects.filter(pk=neighborhood_id).first()
        if found["neighborhood"] is None:
            errors["neighborhood"] = [f"No neighbourhood {neighborhood_id}."]
    if assignee is not None:
        found["assignee"] = User.objects.filter(username=assignee, is_active=True).first()
        if found["assignee"] is None:
            errors["assignee"] = [f"No active user {assignee}."]
    if errors:
        raise ValidationError(errors)
    return found


def _managed(request: Request, team: Team) -> None:
    if not can_manage_assignments(request.user, team):
        raise PermissionDenied("Only planners, coordinators, admins and the team's supervisors assign work.")


def readable_assignment(request: Request, pk: int) -> Assignment:
    assignment = selectors.assignment_list(user=request.user).filter(pk=pk).first()
    if assignment is None:
        raise NotFound()
    return assignment


def _output(assignment: Assignment, request: Request) -> dict[str, Any]:
    return AssignmentOutput(selectors.assignment_list(user=request.user).get(pk=assignment.pk)).data


class AssignmentListApi(GenericAPIView):
    """Assignments you may see, overdue first, with their progress; planners and supervisors create."""

    permission_classes = [SIGNED_IN]
    serializer_class = AssignmentOutput

    def get_queryset(self) -> Any:
        filters = checked_query(AssignmentFilters, self.request)
        return selectors.assignment_list(user=self.request.user, filters=filters)

    @extend_schema(parameters=[AssignmentFilters], responses=AssignmentOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AssignmentOutput(page, many=True).data)

    @extend_schema(request=AssignmentInput, responses={201: AssignmentOutput, 400: ERROR, 403: ERROR})
    def post(self, request: Request) -> Response:
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        rows = _resolve(given["team"], given["neighborhood"], given["assignee"])
        _managed(request, rows["team"])
        assignment = services.assignment_create(
            team=rows["team"],
            neighborhood=rows["neighborhood"],
            assignee=rows.get("assignee"),
            due_date=given["due_date"],
            target_visits=given["target_visits"],
            note=given["note"],
            created_by=signed_in(request),
        )
        return Response(_output(assignment, request), status=status.HTTP_201_CREATED)


class AssignmentDetailApi(GenericAPIView):
    """One assignment; planners and its team's supervisors change its assignee, due date, target, note."""

    permission_classes = [SIGNED_IN]
    serializer_class = AssignmentOutput

    def get(self, request: Request, pk: int) -> Response:
        return Response(AssignmentOutput(readable_assignment(request, pk)).data)

    @extend_schema(request=AssignmentChange, responses={200: AssignmentOutput, 400: ERROR, 403: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        assignment = readable_assignment(request, pk)
        _managed(request, assignment.team)
        data = AssignmentChange(data=request.data)
        data.is_valid(raise_exception=True)
        change = dict(data.validated_data)
        if "assignee" in change and change["assignee"] is not None:
            change["assignee"] = _resolve(assignment.team_id, None, change["assignee"])["assignee"]
        services.assignment_update(assignment=Assignment.objects.get(pk=pk), data=change)
        return Response(_output(assignment, request))


class AssignmentCancelApi(GenericAPIView):
    """Take an assignment back (planners, coordinators, admins, the team's supervisors)."""

    permission_classes = [SIGNED_IN]
    serializer_class = AssignmentOutput

    @extend_schema(request=None, responses={200: AssignmentOutput, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request: Request, pk: int) -> Response:
        assignment = readable_assignment(request, pk)
        _managed(request, assignment.team)
        services.assignment_cancel(assignment=assignment)
        return Response(_output(assignment, request))


class AssignmentDeclineApi(GenericAPIView):
    """The visitor cannot do an assignment, and says why."""

    permission_classes = [SIGNED_IN]
    serializer_class = DeclineInput

    @extend_schema(
        request=DeclineInput, responses={200: AssignmentOutput, 400: ERROR, 403: ERROR, 404: ERROR}
    )
    def post(self, request: Request, pk: int) -> Response:
        assignment = Assignment.objects.select_related("team").filter(pk=pk).first()
        if assignment is None:
            raise NotFound()
        if not can_decline_assignment(request.user, assignment):
            raise PermissionDenied("Only the visitor it is for may decline an assignment.")
        data = DeclineInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.assignment_decline(assignment=assignment, reason=data.validated_data["reason"])
        return Response(_output(assignment, request))


class AssignmentMineApi(GenericAPIView):
    """Your open assignments, your own and your teams' shared ones, nearest due first."""

    permission_classes = [SIGNED_IN]
    serializer_class = AssignmentOutput
    pagination_class = None

    @extend_schema(responses=AssignmentOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(AssignmentOutput(selectors.assignments_mine(user=request.user), many=True).data)


class AssignmentSuggestApi(GenericAPIView):
    """Propose the team's next visits: never visited first, then high need that is stale or unsure,
    shared evenly among its visitors, each one's places close together. Saves only with commit."""

    permission_classes = [SIGNED_IN]
    serializer_class = SuggestInput

    @extend_schema(request=SuggestInput, responses={200: SuggestOutput, 400: ERROR, 403: ERROR})
    def post(self, request: Request) -> Response:
        data = SuggestInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        team = _resolve(given["team"], None, None)["team"]
        _managed(request, team)
        proposals = suggest(team=team, count=given["count"])
        created: list[int] = []
        if given["commit"]:
            with transaction.atomic():
                created = [
                    services.assignment_create(
                        team=team,
                        neighborhood=p.neighborhood,
                        assignee=p.assignee,
                        due_date=given["due_date"],
                        target_visits=given["target_visits"],
                        created_by=signed_in(request),
                    ).pk
                    for p in proposals
                ]
        body = {
            "proposals": [
                {
                    "neighborhood": p.neighborhood.pk,
                    "neighborhood_code": p.neighborhood.code,
                    "neighborhood_name": p.neighborhood.name,
                    "assignee": p.assignee.username if p.assignee else None,
                    "reason": p.pick.reason,
                    "why": proposal_reason(p),
                    "score": p.score.score if p.score else None,
                    "rank": p.score.rank if p.score else None,
                }
                for p in proposals
            ],
            "created": created,
        }
        return Response(body)
