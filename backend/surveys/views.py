"""The review queue page: visits to check, flagged and oldest first, one open beside the list.

Every action posts a form that goes through the same review services as the API, then opens
the next visit of the list the reviewer was working through.
"""

from dataclasses import asdict
from datetime import datetime, time, timedelta
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.models import Role, User
from backend.accounts.permissions import can_review_visits, page_rule, signed_in
from backend.basemaps.maps import map_settings, with_nonce
from backend.common.serializers import form_errors
from backend.surveys import review_services, selectors
from backend.surveys.models import (
    CHOICE_INDICATORS,
    HARM_INDICATORS,
    EventKind,
    Neighborhood,
    QualityFlag,
    ReviewState,
    Visit,
    indicator_label,
)
from backend.surveys.review_serializers import BulkReviewInput, CommentInput, ReviewInput, VisitEditInput
from backend.surveys.serializers import flag_labels
from geo import maps
from geo.text import parse_jalali_date

QUEUE_LENGTH = 50


class QueueFilters(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Review state"),
        choices=[("", gettext_lazy("Every state")), *ReviewState.choices],
        required=False,
    )
    flag = forms.ChoiceField(
        label=gettext_lazy("Flag"),
        choices=[("", gettext_lazy("Any flag or none")), *QualityFlag.choices],
        required=False,
    )
    neighborhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"),
        queryset=Neighborhood.objects.all(),
        required=False,
        empty_label=gettext_lazy("Every neighbourhood"),
    )
    visitor = forms.ModelChoiceField(
        label=gettext_lazy("Visitor"),
        queryset=User.objects.filter(
            role__in=[Role.VISITOR, Role.COORDINATOR, Role.ADMIN], visits__isnull=False
        )
        .distinct()
        .order_by("username"),
        to_field_name="username",
        required=False,
        empty_label=gettext_lazy("Every visitor"),
    )
    after = forms.CharField(label=gettext_lazy("Visited from (Jalali)"), required=False, max_length=10)
    before = forms.CharField(label=gettext_lazy("Visited until (Jalali)"), required=False, max_length=10)

    def _jalali(self, name: str) -> datetime | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            day = parse_jalali_date(text)
        except ValueError:
            raise forms.ValidationError(_("Write a Jalali date like ۱۴۰۵/۰۹/۰۱.")) from None
        return timezone.make_aware(datetime.combine(day, time.min))

    def clean_after(self) -> datetime | None:
        return self._jalali("after")

    def clean_before(self) -> datetime | None:
        moment = self._jalali("before")
        return moment + timedelta(days=1) if moment else None  # the whole last day


def _queue_filters(data: dict[str, Any]) -> dict[str, Any]:
    filters: dict[str, Any] = {"order": "queue"}
    if data.get("state"):
        filters["review_state"] = [data["state"]]
    if data.get("flag"):
        filters["flag"] = [data["flag"]]
    if data.get("neighborhood"):
        filters["neighborhood"] = data["neighborhood"].pk
    if data.get("visitor"):
        filters["visitor"] = data["visitor"].username
    if data.get("after"):
        filters["visited_after"] = data["after"]
    if data.get("before"):
        filters["visited_before"] = data["before"]
    return filters


def _answers(visit: Visit) -> list[tuple[str, str]]:
    rows = [(str(indicator_label(n)), getattr(visit, f"get_{n}_display")()) for n in CHOICE_INDICATORS]
    if visit.persons_per_room is not None:
        rows.append((str(indicator_label("persons_per_room")), str(visit.persons_per_room)))
    words = {True: _("Yes"), False: _("No"), None: _("Unknown")}
    rows += [(str(indicator_label(n)), words[getattr(visit, n)]) for n in HARM_INDICATORS]
    return rows


def _map(visits: list[Visit], chosen: Visit | None) -> str:
    config = map_settings()
    fmap = maps.local_map(config, center=(36.27, 50.0), zoom=12)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [v.point.x, v.point.y]},
            "properties": {"visit": f"#{v.pk}", "state": v.get_review_state_display()},
        }
        for v in visits
        if chosen is None or v.pk != chosen.pk
    ]
    popup = [("visit", _("Visit")), ("state", _("Review state"))]
    maps.add_points(fmap, maps.PointLayer(_("Visits in the list"), "#3f51b5", features, popup), config)
    if chosen is not None:
        one = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [chosen.point.x, chosen.point.y]},
                "properties": {"visit": f"#{chosen.pk}", "state": chosen.get_review_state_display()},
            }
        ]
        maps.add_points(fmap, maps.PointLayer(_("Open visit"), "#d94801", one, popup, glyph="●"), config)
    maps.fit(fmap, [(v.point.y, v.point.x) for v in ([chosen] if chosen else visits)])
    return maps.finish(fmap)


@page_rule(can_review_visits)
def queue_page(request: HttpRequest) -> HttpResponse:
    """The queue with its filters, a map of the listed visits, and the open visit beside them."""
    bound = request.GET.copy()
    bound.setdefault("state", ReviewState.RECEIVED)
    query = QueueFilters(bound)
    areas = selectors.visible_areas(user=request.user)
    if areas is not None:  # a team's supervisor picks only among their teams' places and visitors
        places = cast(forms.ModelChoiceField, query.fields["neighborhood"])
        visitors = cast(forms.ModelChoiceField, query.fields["visitor"])
        places.queryset = Neighborhood.objects.filter(pk__in=areas)
        visitors.queryset = cast(QuerySet[Any], visitors.queryset).filter(visits__neighborhood__in=areas)
    status = 200
    visits: list[Visit] = []
    total = 0
    if query.is_valid():
        found = selectors.visit_list(user=request.user, filters=_queue_filters(query.cleaned_data))
        total = found.count()
        visits = list(found[:QUEUE_LENGTH])
    else:
        status = 400
    chosen = None
    if request.GET.get("visit", "").isdecimal():
        chosen = selectors.visit_get(user=request.user, pk=int(request.GET["visit"]))
    elif visits:
        chosen = visits[0]
    ids = [v.pk for v in visits]
    following = None
    if chosen is not None and chosen.pk in ids:
        rest = ids[ids.index(chosen.pk) + 1 :]
        following = rest[0] if rest else None
    elif ids:
        following = ids[0]
    keep = {k: v for k, v in request.GET.items() if k != "visit"}
    context = {
        "query": query,
        "visits": [(v, flag_labels(v.quality_flags)) for v in visits],
        "total": total,
        "chosen": chosen,
        "following": following,
        "keep": urlencode(keep),
        "decisions": [
            (s.value, s.label) for s in (ReviewState.APPROVED, ReviewState.HAS_ISSUES, ReviewState.REJECTED)
        ],
        "map_html": with_nonce(_map(visits, chosen), request),
    }
    if chosen is not None:
        context.update(
            answers=_answers(chosen),
            flags=flag_labels(chosen.quality_flags),
            history=[_history_line(e) for e in selectors.visit_history(visit=chosen)],
            edit_fields=_edit_fields(chosen),
        )
    return render(request, "surveys/review.html", context, status=status)


def _history_line(entry: selectors.HistoryEntry) -> dict[str, Any]:
    kind = _("Received") if entry.kind == "created" else EventKind(entry.kind).label
    state = ReviewState(entry.state).label if entry.state else ""
    return {**asdict(entry), "kind_label": kind, "state_label": state}


def _edit_fields(visit: Visit) -> list[dict[str, Any]]:
    """The answers a reviewer may correct on the page, with their choices and current values."""
    return [
        {
            "name": name,
            "label": indicator_label(name),
            "options": [("", "—"), *choices.choices],
            "value": getattr(visit, name),
        }
        for name, choices in CHOICE_INDICATORS.items()
    ]


def _back(request: HttpRequest, visit_id: int | None) -> HttpResponse:
    """Back to the queue as the reviewer had filtered it, with visit_id open."""
    query = request.POST.get("keep", "")
    if visit_id:
        query = f"{query}&visit={visit_id}" if query else f"visit={visit_id}"
    return redirect(f"{reverse('review-queue')}?{query}")


def _next(request: HttpRequest) -> int | None:
    value = request.POST.get("next", "")
    return int(value) if value.isdecimal() else None


@require_POST
@page_rule(can_review_visits)
def review_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, set aside or reject the open visit; then open the next one."""
    if selectors.visit_get(user=request.user, pk=pk) is None:
        return HttpResponse(_("No such visit."), status=404)
    data = ReviewInput(data={k: request.POST.get(k, "") for k in ("state", "note", "version")})
    errors = form_errors(data)
    if errors:
        messages.error(request, " ".join(errors.values()))
        return _back(request, pk)
    try:
        review_services.visit_review(visit_id=pk, reviewer=signed_in(request), **data.validated_data)
    except review_services.StaleVersion as exc:
        messages.error(request, _("Someone changed this visit meanwhile; look again. (%(e)s)") % {"e": exc})
        return _back(request, pk)
    messages.success(
        request,
        _("Visit %(id)s: %(state)s.") % {"id": pk, "state": ReviewState(data.validated_data["state"]).label},
    )
    return _back(request, _next(request))


@require_POST
@page_rule(can_review_visits)
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Give every ticked visit the same decision, all or none."""
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdecimal()]
    data = BulkReviewInput(
        data={"ids": ids, "state": request.POST.get("state", ""), "note": request.POST.get("note", "")}
    )
    errors = form_errors(data)
    if errors:
        messages.error(request, " ".join(errors.values()))
        return _back(request, None)
    try:
        done = review_services.visits_review(reviewer=signed_in(request), **data.validated_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, None)
    state = ReviewState(data.validated_data["state"]).label
    messages.success(request, _("%(n)s visits: %(state)s.") % {"n": len(done), "state": state})
    return _back(request, None)


@require_POST
@page_rule(can_review_visits)
def edit_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the open visit's answers; its old values stay in its history."""
    if selectors.visit_get(user=request.user, pk=pk) is None:
        return HttpResponse(_("No such visit."), status=404)
    body: dict[str, Any] = {
        name: request.POST.get(name, "") for name in CHOICE_INDICATORS if name in request.POST
    }
    body["version"] = request.POST.get("version", "")
    if "notes" in request.POST:
        body["notes"] = request.POST["notes"]
    data = VisitEditInput(data=body, partial=True)
    errors = form_errors(data)
    if errors:
        messages.error(request, " ".join(errors.values()))
        return _back(request, pk)
    answers = dict(data.validated_data)
    version = answers.pop("version")
    try:
        review_services.visit_edit(
            visit_id=pk, editor=signed_in(request), version=version, answers=answers, correction=False
        )
    except review_services.StaleVersion as exc:
        messages.error(request, _("Someone changed this visit meanwhile; look again. (%(e)s)") % {"e": exc})
        return _back(request, pk)
    messages.success(request, _("Visit %(id)s corrected.") % {"id": pk})
    return _back(request, pk)


@require_POST
@page_rule(can_review_visits)
def comment_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to the visitor in the visit's thread."""
    visit = selectors.visit_get(user=request.user, pk=pk)
    if visit is None:
        return HttpResponse(_("No such visit."), status=404)
    data = CommentInput(data={"text": request.POST.get("text", "")})
    errors = form_errors(data)
    if errors:
        messages.error(request, " ".join(errors.values()))
    else:
        review_services.visit_comment_add(
            visit=visit, author=signed_in(request), text=data.validated_data["text"]
        )
    return _back(request, pk)
