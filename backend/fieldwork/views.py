"""The assignments page for planners and supervisors: a team's work by status, a map, progress
per visitor, and new assignments made one by one or from the suggestions.

Every form goes through the same services as the API.
"""

import json
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.models import User
from backend.accounts.permissions import can_manage_assignments, page_rule, signed_in
from backend.basemaps.maps import map_settings, with_nonce
from backend.fieldwork import selectors, services
from backend.fieldwork.models import Assignment, AssignmentStatus, Team
from backend.fieldwork.suggestions import proposal_reason, suggest
from backend.surveys.models import Neighborhood
from geo import maps
from geo.text import jalali_day, parse_jalali_date

if TYPE_CHECKING:
    from backend.fieldwork.selectors import Progress

STATUS_COLOURS = {
    "overdue": "#d7191c",
    AssignmentStatus.ASSIGNED: "#fdae61",
    AssignmentStatus.IN_PROGRESS: "#abd9e9",
    AssignmentStatus.DONE: "#1a9641",
}
LISTED = 300


def _team(request: HttpRequest) -> Team | None:
    teams = selectors.teams_visible_to(request.user)
    wanted = request.GET.get("team") or request.POST.get("team") or ""
    if wanted.isdecimal():
        return teams.filter(pk=int(wanted)).first()
    return teams.first()


def _map(rows: "list[Progress]") -> str:
    config = map_settings()
    fmap = maps.local_map(config, center=(36.27, 50.0), zoom=12)
    outlines = dict(
        Neighborhood.objects.filter(pk__in={a.neighborhood_id for a in rows}).values_list("pk", "boundary")
    )
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(outlines[a.neighborhood_id].geojson),
            "properties": {
                "name": a.neighborhood.name,
                "who": a.assignee.username if a.assignee else _("whole team"),
                "state": _("Overdue") if a.overdue else str(AssignmentStatus(a.status).label),
                "colour": STATUS_COLOURS["overdue" if a.overdue else a.status],
            },
        }
        for a in rows
        if a.status in STATUS_COLOURS
    ]
    maps.add_areas(
        fmap,
        name=_("Assignments"),
        features=features,
        colour_of=lambda props: props["colour"],
        tooltip_fields=[("name", _("Neighbourhood")), ("who", _("Assignee")), ("state", _("Status"))],
    )
    points = [xy for f in features for xy in _corners(f["geometry"])]
    if points:
        maps.fit(fmap, points)
    return maps.finish(fmap)


def _corners(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    ring = geometry["coordinates"][0][0]
    return [(lat, lon) for lon, lat in ring]


def _per_visitor(rows: "list[Progress]") -> list[dict[str, Any]]:
    """Open, done and overdue per assignee, and what is due this week."""
    week_end = timezone.localdate() + timedelta(days=7)
    counts: dict[str, Counter] = {}
    for a in rows:
        if a.status in (AssignmentStatus.DECLINED, AssignmentStatus.CANCELLED):
            continue
        who = a.assignee.username if a.assignee else _("whole team")
        tally = counts.setdefault(who, Counter())
        tally["done" if a.status == AssignmentStatus.DONE else "open"] += 1
        tally["overdue"] += a.overdue
        tally["this_week"] += a.status != AssignmentStatus.DONE and a.due_date <= week_end
    return [{"who": who, **tally} for who, tally in sorted(counts.items())]


@page_rule(can_manage_assignments)
def assignments_page(request: HttpRequest) -> HttpResponse:
    """A team's assignments, overdue first, with a map, progress per visitor and the forms."""
    team = _team(request)
    rows: list[Progress] = []
    proposals = []
    if team is not None:
        rows = list(selectors.assignment_list(user=request.user, filters={"team": team.pk})[:LISTED])
        if request.GET.get("suggest", "").isdecimal():
            proposals = suggest(team=team, count=min(int(request.GET["suggest"]), 200))
    context = {
        "teams": selectors.teams_visible_to(request.user),
        "team": team,
        "rows": rows,
        "per_visitor": _per_visitor(rows),
        "members": list(team.members.order_by("username")) if team else [],
        "places": list(team.neighborhoods.order_by("code")) if team else [],
        "proposals": [(p, proposal_reason(p)) for p in proposals],
        "default_due": jalali_day(timezone.localdate() + timedelta(days=7)),
        "map_html": with_nonce(_map(rows), request),
        "colours": [(_("Overdue"), STATUS_COLOURS["overdue"])]
        + [(AssignmentStatus(s).label, c) for s, c in STATUS_COLOURS.items() if s != "overdue"],
    }
    return render(request, "fieldwork/assignments.html", context)


def _back(team: Team | None) -> HttpResponse:
    query = urlencode({"team": team.pk}) if team else ""
    return redirect(f"{reverse('assignments-page')}?{query}")


def _create(request: HttpRequest, team: Team, place_id: str, who: str, due: Any, target: str) -> Assignment:
    place = team.neighborhoods.filter(pk=int(place_id) if place_id.isdecimal() else 0).first()
    if place is None:
        raise ValidationError({"neighborhood": [_("Choose a neighbourhood of the team's area.")]})
    assignee = User.objects.filter(username=who).first() if who else None
    if who and assignee is None:
        raise ValidationError({"assignee": [_("No such visitor.")]})
    return services.assignment_create(
        team=team,
        neighborhood=place,
        assignee=assignee,
        due_date=due,
        target_visits=int(target) if target.isdecimal() else 0,
        note=request.POST.get("note", "")[:2000],
        created_by=signed_in(request),
    )


def _due(request: HttpRequest) -> Any:
    try:
        return parse_jalali_date(request.POST.get("due_date", ""))
    except ValueError:
        raise ValidationError({"due_date": [_("Write a Jalali date like ۱۴۰۵/۰۹/۰۱.")]}) from None


@require_POST
@page_rule(can_manage_assignments)
def create_action(request: HttpRequest) -> HttpResponse:
    """Make one assignment, or every ticked suggestion, all or none."""
    team = _team(request)
    if team is None or not can_manage_assignments(request.user, team):
        return HttpResponse(_("You do not assign work for this team."), status=403)
    try:
        due, target = _due(request), request.POST.get("target", "1")
        # From the suggestions, each ticked one with the visitor chosen beside it; or one by hand.
        picked = [(pk, request.POST.get(f"who_{pk}", "")) for pk in request.POST.getlist("pick")]
        wanted = picked or [(request.POST.get("neighborhood", ""), request.POST.get("assignee", ""))]
        with transaction.atomic():
            made = [_create(request, team, pk, who, due, target) for pk, who in wanted]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(team)
    messages.success(request, _("%(n)s assignments made.") % {"n": len(made)})
    return _back(team)


@require_POST
@page_rule(can_manage_assignments)
def cancel_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an assignment back."""
    assignment = selectors.assignment_list(user=request.user).filter(pk=pk).first()
    if assignment is None or not can_manage_assignments(request.user, assignment.team):
        return HttpResponse(_("No such assignment."), status=404)
    try:
        services.assignment_cancel(assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(assignment.team)
