"""Pages: the partner directory for everyone signed in, the registry for coordinators.

Registry forms are checked by the same input serializers as the API, so a
page and an API client can never disagree about what is valid.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from backend.accounts.permissions import (
    can_read_coverage,
    can_read_partner_contacts,
    can_read_partners,
    can_write_liaisons,
    can_write_partners,
    page_rule,
)
from backend.basemaps.maps import with_nonce
from backend.common.serializers import form_errors
from backend.partners import selectors, services
from backend.partners.maps import KIND_COLOURS, KIND_GLYPHS, directory_map
from backend.partners.models import Liaison, Partner, PartnerKind, Service
from backend.partners.serializers import LiaisonInput, PartnerInput
from backend.surveys.models import Neighborhood
from geo.text import parse_decimal, search_key

DIRECTORY_LIMIT = 200  # results listed and drawn on one page
NEAREST_LIMIT = 25


class DirectoryQuery(forms.Form):
    q = forms.CharField(max_length=100, required=False, label=gettext_lazy("Name"))
    # Named for assistive technology: the first choice ("All kinds") is no name.
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("All kinds")), *PartnerKind.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("Kind")}),
    )
    service = forms.ChoiceField(
        choices=[("", gettext_lazy("All services")), *Service.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("Services")}),
    )
    lat = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        value = self.cleaned_data["q"]
        if value and not search_key(value):
            raise forms.ValidationError(_("Type a few letters of the name to search for."))
        return value


@page_rule(can_read_partners)
def directory(request: HttpRequest) -> HttpResponse:
    """Search partners by name, kind and service, or list those nearest to you, with a map."""
    query = DirectoryQuery(request.GET or None)
    status = 200
    partners: list[Partner] = []
    here = None
    total = 0
    if query.is_bound and not query.is_valid():
        status = 400
    else:
        data = query.cleaned_data if query.is_bound else {}
        filters = {"kind": data.get("kind"), "service": data.get("service"), "is_active": True}
        if data.get("lat") is not None and data.get("lon") is not None:
            here = (data["lat"], data["lon"])
        if here and not data.get("q"):
            partners = selectors.partner_nearest(
                lon=here[1], lat=here[0], limit=NEAREST_LIMIT, filters=filters
            )
            total = len(partners)
        else:
            found = selectors.partner_list(filters={**filters, "q": data.get("q")})
            total = found.count()
            partners = list(found[:DIRECTORY_LIMIT])
    prefetch_related_objects(partners, "liaisons")
    contacts = can_read_partner_contacts(request.user)
    coverage = (
        selectors.neighborhood_coverage(walk_m=settings.WALKING_DISTANCE_METRES)
        if can_read_coverage(request.user)
        else None
    )
    context = {
        "query": query,
        "partners": partners,
        "total": total,
        "near": here is not None,
        "contacts": contacts,
        "map_html": with_nonce(
            directory_map(partners, contacts=contacts, here=here, coverage=coverage), request
        ),
        "kind_colours": [(kind.label, KIND_COLOURS[kind], KIND_GLYPHS[kind]) for kind in PartnerKind],
        "show_coverage": coverage is not None,
        "walking_distance_m": settings.WALKING_DISTANCE_METRES,
    }
    return render(request, "partners/directory.html", context, status=status)


@page_rule(can_write_partners)
def registry(request: HttpRequest) -> HttpResponse:
    """The registry: every partner (searchable) and every liaison, with links to edit them."""
    q = request.GET.get("q", "")[:100]
    partners = selectors.partner_list(filters={"q": q} if search_key(q) else {})
    return render(
        request,
        "partners/registry.html",
        {
            "q": q,
            "partners": partners[:DIRECTORY_LIMIT],
            "total": partners.count(),
            "liaisons": selectors.liaison_list(),
        },
    )


def _partner_input(post: Any) -> dict[str, Any]:
    """Return a registry form's fields in the API's shape, so PartnerInput can check them."""
    data: dict[str, Any] = {
        name: post.get(name, "") for name in ("kind", "name", "address", "contact_name", "phone")
    }
    data["services"] = post.getlist("services")
    data["is_active"] = "is_active" in post
    data["capacity"] = post.get("capacity") or None
    try:
        data["point"] = {
            "type": "Point",
            "coordinates": [parse_decimal(post.get("lon", "")), parse_decimal(post.get("lat", ""))],
        }
    except ValueError:
        data["point"] = None
    return data


@require_http_methods(["GET", "POST"])
@page_rule(can_write_partners)
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Register a partner, or change one (unticking "active" deactivates it)."""
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    errors: dict[str, str] = {}
    values = _partner_values(partner)
    if request.method == "POST":
        values = {**request.POST.dict(), "services": request.POST.getlist("services")}
        values["is_active"] = "is_active" in request.POST
        data = PartnerInput(data=_partner_input(request.POST), partial=partner is not None)
        errors = form_errors(data)
        if "point" in errors and data.initial_data["point"] is None:
            errors["point"] = _("Give the latitude and longitude as numbers.")
        if not errors:
            if partner:
                services.partner_update(partner=partner, data=data.validated_data)
            else:
                partner = services.partner_create(**data.validated_data)
            messages.success(request, _("Saved: %(name)s") % {"name": partner.name})
            return redirect("partner-registry")
    return render(
        request,
        "partners/partner_form.html",
        {
            "partner": partner,
            "values": values,
            "errors": errors,
            "kinds": PartnerKind.choices,
            "services": Service.choices,
        },
        status=400 if errors else 200,
    )


def _partner_values(partner: Partner | None) -> dict[str, Any]:
    if partner is None:
        lat, lon = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
        return {"is_active": True, "services": [], "lat": lat, "lon": lon}
    return {
        "kind": partner.kind,
        "name": partner.name,
        "lat": partner.point.y,
        "lon": partner.point.x,
        "address": partner.address,
        "services": partner.services,
        "capacity": partner.capacity if partner.capacity is not None else "",
        "is_active": partner.is_active,
        "contact_name": partner.contact_name,
        "phone": partner.phone,
    }


@require_http_methods(["GET", "POST"])
@page_rule(can_write_liaisons)
def liaison_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Register an Imam Mahalleh or change one, and assign their neighbourhoods."""
    liaison = get_object_or_404(Liaison, pk=pk) if pk else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = request.POST.getlist("neighborhoods")
        values = {
            "name": request.POST.get("name", ""),
            "mosque": request.POST.get("mosque", ""),
            "phone": request.POST.get("phone", ""),
            "is_active": "is_active" in request.POST,
        }
        data = LiaisonInput(data={**values, "neighborhoods": chosen})
        errors = form_errors(data)
        if not errors:
            if liaison:
                services.liaison_update(liaison=liaison, data=data.validated_data)
            else:
                liaison = services.liaison_create(**data.validated_data)
            messages.success(request, _("Saved: %(name)s") % {"name": liaison.name})
            return redirect("partner-registry")
    elif liaison:
        values = {
            "name": liaison.name,
            "mosque": str(liaison.mosque_id),
            "phone": liaison.phone,
            "is_active": liaison.is_active,
        }
        chosen = [str(n.pk) for n in liaison.neighborhoods.all()]
    else:
        values, chosen = {"is_active": True}, []
    return render(
        request,
        "partners/liaison_form.html",
        {
            "liaison": liaison,
            "values": values,
            "chosen": chosen,
            "errors": errors,
            "mosques": Partner.objects.filter(kind=PartnerKind.MOSQUE).only("id", "name"),
            "neighborhoods": Neighborhood.objects.only("id", "code", "name"),
        },
        status=400 if errors else 200,
    )
