"""The interventions pages: the list with filters, a map and totals; one intervention's form with its
moves and documents. Every form goes through the same services as the API."""

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.accounts.permissions import (
    can_answer_referrals,
    can_move_intervention,
    can_read_all_referrals,
    can_read_interventions,
    can_read_partner_contacts,
    can_refer_from_visit,
    can_review_visits,
    can_write_interventions,
    page_rule,
    signed_in,
)
from backend.basemaps.maps import map_settings, with_nonce
from backend.common.serializers import form_errors
from backend.interventions import selectors, services
from backend.interventions.documents import DocumentError
from backend.interventions.maps import add_interventions
from backend.interventions.models import (
    INTERVENTION_MOVES,
    NEED_SERVICES,
    REFERRAL_MOVES,
    FundingSource,
    Intervention,
    InterventionStatus,
    Need,
    Referral,
    ReferralStatus,
)
from backend.interventions.serializers import InterventionFilters
from backend.partners.models import Partner, Service
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import visit_get
from geo import maps
from geo.text import format_tomans, jalali_day, parse_jalali_date, parse_tomans, parse_whole

if TYPE_CHECKING:
    from backend.interventions.selectors import Statused

LISTED = 300
DATES = ("planned_start", "planned_end", "actual_start", "actual_end")
MONEY = ("budget_planned", "budget_spent")


def _map(rows: "list[Statused]") -> str:
    config = map_settings()
    fmap = maps.local_map(config, center=(36.27, 50.0), zoom=11)
    add_interventions(fmap, rows, config)
    points = [
        (p.boundary.point_on_surface.y, p.boundary.point_on_surface.x)
        for i in rows
        for p in i.neighborhoods.all()
    ]
    if points:
        maps.fit(fmap, points)
    return maps.finish(fmap)


def _choices() -> dict[str, Any]:
    return {
        "statuses": InterventionStatus.choices,
        "kinds": Service.choices,
        "partners": Partner.objects.order_by("name").only("pk", "name", "kind"),
        "sources": FundingSource.objects.all(),
        "counties": Neighborhood.objects.exclude(county="")
        .order_by("county")
        .values_list("county", flat=True)
        .distinct(),
    }


@page_rule(can_read_interventions)
def interventions_page(request: HttpRequest) -> HttpResponse:
    """Interventions filtered by status, kind, partner, county, funding source and Jalali period."""
    asked = {k: v for k, v in request.GET.items() if v}
    filters_form = InterventionFilters(data=asked)
    errors = {} if filters_form.is_valid() else form_errors(filters_form)
    filters = filters_form.validated_data if not errors else {}
    queryset = selectors.intervention_list(filters=filters)
    rows = list(queryset[:LISTED])
    context = {
        **_choices(),
        "rows": rows,
        "count": queryset.count(),
        "asked": asked,
        "errors": errors,
        **Intervention.objects.filter(pk__in=queryset.values("pk")).aggregate(
            planned=Coalesce(Sum("budget_planned"), 0), spent=Coalesce(Sum("budget_spent"), 0)
        ),  # over every match, not only the rows listed
        "can_write": can_write_interventions(request.user),
        "map_html": with_nonce(_map(rows), request),
    }
    return render(request, "interventions/list.html", context, status=400 if errors else 200)


def _parsed(post: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Read the form: Jalali dates, tomans, ids; return the values and what could not be read."""
    data: dict[str, Any] = {
        "title": post.get("title", "").strip()[:200],
        "description": post.get("description", "")[:4000],
        "kind": post.get("kind", ""),
    }
    errors: dict[str, str] = {}
    for name in DATES:
        text = post.get(name, "").strip()
        try:
            data[name] = parse_jalali_date(text) if text else None
        except ValueError:
            errors[name] = _("Write a Jalali date like ۱۴۰۵/۰۹/۰۱.")
    for name in MONEY:
        text = post.get(name, "").strip()
        try:
            data[name] = parse_tomans(text) if text else None
        except ValueError:
            errors[name] = _("Write a whole number of tomans, like ۲۵٬۰۰۰٬۰۰۰.")
    households = post.get("households", "").strip()
    data["households"] = parse_whole(households, max_digits=8) if households else None
    if households and data["households"] is None:
        errors["households"] = _("Write a whole number.")
    lead = Partner.objects.filter(pk=_int(post.get("lead_partner"))).first()
    if lead is None:
        errors["lead_partner"] = _("Choose the lead partner.")
    data["lead_partner"] = lead
    data["funding_source"] = FundingSource.objects.filter(pk=_int(post.get("funding_source"))).first()
    return data, errors


def _int(text: Any) -> int:
    return int(text) if isinstance(text, str) and text.isdecimal() and len(text) < 19 else 0


@require_http_methods(["GET", "POST"])
@page_rule(can_read_interventions)
def intervention_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change an intervention (coordinators and admins); its moves and documents below."""
    intervention = selectors.intervention_get(pk=pk) if pk else None
    if pk and intervention is None:
        raise Http404
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not can_write_interventions(request.user):
            return HttpResponse(_("Coordinators and admins change interventions."), status=403)
        data, errors = _parsed(request.POST)
        places = list(
            Neighborhood.objects.filter(pk__in=[_int(v) for v in request.POST.getlist("neighborhoods")])
        )
        others = list(Partner.objects.filter(pk__in=[_int(v) for v in request.POST.getlist("partners")]))
        if not errors:
            done: Intervention
            try:
                if intervention:
                    services.intervention_update(
                        intervention=intervention, data=data, neighborhoods=places, partners=others
                    )
                    done = intervention
                else:
                    done = services.intervention_create(
                        created_by=signed_in(request), neighborhoods=places, partners=others, **data
                    )
                messages.success(request, _("Saved."))
                return redirect("intervention-edit", pk=done.pk)
            except ValidationError as exc:
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
    form = _form_values(request, intervention)
    allowed = INTERVENTION_MOVES[intervention.current_status] if intervention else ()
    context = {
        **_choices(),
        "intervention": intervention,
        "form": form,
        "errors": errors,
        "places": Neighborhood.objects.order_by("code").only("pk", "code", "name"),
        "can_write": can_write_interventions(request.user),
        "moves": [
            (s, InterventionStatus(s).label) for s in allowed if can_move_intervention(request.user, s)
        ],
        "status_label": InterventionStatus(intervention.current_status).label if intervention else None,
        "changes": intervention.changes.select_related("actor") if intervention else [],
    }
    return render(request, "interventions/form.html", context, status=400 if errors else 200)


def _form_values(request: HttpRequest, intervention: Intervention | None) -> dict[str, Any]:
    values: dict[str, Any]
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in request.POST}
        values["neighborhoods"] = [_int(v) for v in request.POST.getlist("neighborhoods")]
        values["partners"] = [_int(v) for v in request.POST.getlist("partners")]
        return values
    if intervention is None:
        return {"neighborhoods": [_int(request.GET.get("neighborhood"))], "partners": []}
    values = {
        "title": intervention.title,
        "description": intervention.description,
        "kind": intervention.kind,
        "lead_partner": str(intervention.lead_partner_id),
        "funding_source": str(intervention.funding_source_id or ""),
        "households": "" if intervention.households is None else str(intervention.households),
        "neighborhoods": [n.pk for n in intervention.neighborhoods.all()],
        "partners": [p.pk for p in intervention.partners.all()],
    }
    for name in DATES:
        day = getattr(intervention, name)
        values[name] = jalali_day(day) if day else ""
    for name in MONEY:
        rials = getattr(intervention, name)
        values[name] = "" if rials is None else format_tomans(rials, persian=get_language() == "fa")
    return values


@require_POST
@page_rule(can_read_interventions)
def transition_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an intervention one step, with a note."""
    intervention = get_object_or_404(Intervention, pk=pk)
    wanted = request.POST.get("status", "")
    if not can_move_intervention(request.user, wanted):
        return HttpResponse(_("You may not make this move."), status=403)
    try:
        services.intervention_transition(
            intervention=intervention,
            status=wanted,
            note=request.POST.get("note", "")[:2000],
            actor=request.user,
        )
        messages.success(request, _("Status changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("intervention-edit", pk=pk)


@require_POST
@page_rule(can_write_interventions)
def document_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach an uploaded PDF or photo."""
    intervention = get_object_or_404(Intervention, pk=pk)
    upload = request.FILES.get("document")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("intervention-edit", pk=pk)
    try:
        raw = upload.read(settings.DOCUMENT_MAX_BYTES + 1)
        services.intervention_document_add(
            intervention=intervention,
            raw=raw,
            name=request.POST.get("name", "") or upload.name or "",
            uploaded_by=request.user,
            document_uuid=uuid.uuid4(),
        )
        messages.success(request, _("Document attached."))
    except (DocumentError, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, DocumentError) else " ".join(exc.messages))
    return redirect(reverse("intervention-edit", kwargs={"pk": pk}) + "#documents")


@require_http_methods(["GET", "POST"])
@page_rule(can_review_visits)
def referral_form(request: HttpRequest) -> HttpResponse:
    """Refer what a visit found to one of the nearest active partners offering the service."""
    visit = visit_get(user=request.user, pk=_int(request.GET.get("visit") or request.POST.get("visit")))
    if visit is None or not can_refer_from_visit(request.user, visit):
        raise Http404
    need = request.POST.get("need") or request.GET.get("need") or Need.CHILD_LABOUR
    if need not in NEED_SERVICES:
        need = Need.CHILD_LABOUR
    if request.method == "POST":
        partner = Partner.objects.filter(pk=_int(request.POST.get("partner"))).first()
        try:
            due = parse_jalali_date(request.POST.get("due_date", ""))
        except ValueError:
            due = None
        try:
            if partner is None:
                raise ValidationError({"partner": [_("Choose the partner to refer to.")]})
            if due is None:
                raise ValidationError({"due_date": [_("Write a Jalali date like ۱۴۰۵/۰۹/۰۱.")]})
            services.referral_create(
                visit=visit,
                need=need,
                partner=partner,
                due_date=due,
                note=request.POST.get("note", "")[:2000],
                created_by=signed_in(request),
            )
            messages.success(request, _("Referral sent."))
            return redirect("referrals-page")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    limit = settings.REFERRAL_PARTNERS_PROPOSED
    context = {
        "visit": visit,
        "need": need,
        "needs": Need.choices,
        "service_label": ", ".join(str(Service(s).label) for s in NEED_SERVICES[need]),
        "partners": selectors.referral_partners(
            services=NEED_SERVICES[need], lon=visit.point.x, lat=visit.point.y, limit=limit
        ),
        "default_due": jalali_day(timezone.localdate() + timedelta(days=14)),
    }
    return render(request, "interventions/referral_form.html", context)


@page_rule(can_read_all_referrals)
def referrals_page(request: HttpRequest) -> HttpResponse:
    """Referrals, nearest due first, with the partner's answers recorded here."""
    status = request.GET.get("status", "")
    filters = {"status": [status]} if status in ReferralStatus.values else {}
    referrals = selectors.referral_list(user=request.user, filters=filters)[:LISTED]
    # Each referral with the answers it may be given next, as (status, label).
    rows = [(r, [(s, ReferralStatus(s).label) for s in REFERRAL_MOVES[r.status]]) for r in referrals]
    context = {
        "rows": rows,
        "status": status,
        "statuses": ReferralStatus.choices,
        "can_answer": can_answer_referrals(request.user),
        "can_write": can_write_interventions(request.user),
        "contacts": can_read_partner_contacts(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "interventions/referrals.html", context)


@require_POST
@page_rule(can_answer_referrals)
def referral_transition_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the partner's answer."""
    referral = get_object_or_404(Referral, pk=pk)
    try:
        services.referral_transition(
            referral=referral,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", "")[:2000],
            actor=request.user,
        )
        messages.success(request, _("Status changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("referrals-page")


@require_POST
@page_rule(can_write_interventions)
def referral_intervention_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a referral into a proposed intervention and open it."""
    referral = get_object_or_404(Referral, pk=pk)
    try:
        intervention = services.referral_to_intervention(referral=referral, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("referrals-page")
    return redirect("intervention-edit", pk=intervention.pk)
