"""Planner pages: the priority map, and one neighbourhood's score, visits, photos and partners."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from backend.accounts.permissions import (
    can_read_priorities,
    can_write_weight_profiles,
    page_rule,
    signed_in,
)
from backend.basemaps.maps import with_nonce
from backend.common.serializers import form_errors
from backend.jobs.selectors import recompute_pending
from backend.planning import selectors, services
from backend.planning.maps import neighborhood_map, priority_map
from backend.planning.models import COMPONENT_LABELS, WeightProfile
from backend.planning.profile import neighborhood_profile
from backend.planning.serializers import PriorityParams, WeightProfileInput
from backend.surveys.models import Neighborhood
from geo.scoring import COMPONENTS, DEFAULT_WEIGHTS, check_weights
from geo.text import parse_decimal


def _profile(request: HttpRequest) -> tuple[WeightProfile | None, str | None]:
    """Return the profile named by ?profile= (checked like the API's) or the default, else what was asked."""
    asked = PriorityParams(data={"profile": request.GET["profile"]} if "profile" in request.GET else {})
    if not asked.is_valid():  # too long, or characters no name can hold
        return None, request.GET["profile"][:100].replace("\x00", "")
    reference = asked.validated_data.get("profile")
    profile = selectors.profile_find(reference) if reference else selectors.profile_default()
    return profile, (None if profile else reference or "—")


@page_rule(can_read_priorities)
def priority_page(request: HttpRequest) -> HttpResponse:
    """The priority map with the ranked list beside it."""
    profile, unknown = _profile(request)
    context: dict[str, Any] = {
        "profiles": WeightProfile.objects.all(),
        "profile": profile,
        "unknown_profile": unknown,
    }
    if profile is None:
        return render(request, "planning/priority.html", context, status=400)
    rows = selectors.priority_list(profile=profile)
    top = list(rows[:50])
    # Every row of a profile is written by one recompute: the first row's time is theirs.
    context.update(
        rows=top,
        count=rows.count(),
        computed_at=top[0].computed_at if top else None,
        pending=recompute_pending(),
        export_query=urlencode({"profile": profile.pk}),
    )
    return render(request, "planning/priority.html", context)


@xframe_options_sameorigin  # framed by our own priority page only
@page_rule(can_read_priorities)
def priority_map_document(request: HttpRequest) -> HttpResponse:
    """The priority map alone, as the page's iframe loads it (its own request: no escaping)."""
    profile, unknown = _profile(request)
    if profile is None:
        return HttpResponse(f"No weight profile {unknown!r}.", status=400, content_type="text/plain")
    return HttpResponse(with_nonce(priority_map(profile), request))


@page_rule(can_read_priorities)
def neighborhood_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One neighbourhood: its score breakdown, visits over time, photos and nearby partners."""
    neighborhood = get_object_or_404(Neighborhood, pk=pk)
    profile, unknown = _profile(request)
    if profile is None:
        refused = {"profiles": WeightProfile.objects.all(), "unknown_profile": unknown}
        return render(request, "planning/priority.html", refused, status=400)
    context = neighborhood_profile(neighborhood=neighborhood, profile=profile, user=request.user)
    map_html = neighborhood_map(neighborhood, context["partners"], context["interventions"])
    context.update(profiles=WeightProfile.objects.all(), map_html=with_nonce(map_html, request))
    return render(request, "planning/neighborhood.html", context)


@page_rule(can_write_weight_profiles)
def profile_list(request: HttpRequest) -> HttpResponse:
    """Every weight profile, with links to change them."""
    return render(request, "planning/profiles.html", {"profiles": WeightProfile.objects.all()})


@require_http_methods(["GET", "POST"])
@page_rule(can_write_weight_profiles)
def profile_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a profile: a weight per component (Persian digits welcome); scored at once."""
    profile = get_object_or_404(WeightProfile, pk=pk) if pk else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(f"w_{name}", "") for name in COMPONENTS}
        try:
            weights = {name: parse_decimal(v) if v.strip() else 0.0 for name, v in values.items()}
        except ValueError:
            weights = None
            errors["weights"] = _("Every weight must be a number, like 1 or ۰٫۵.")
        data = WeightProfileInput(
            profile,
            data={
                "name": request.POST.get("name", ""),
                "description": request.POST.get("description", ""),
                "weights": weights if weights is not None else {},
                "is_default": "is_default" in request.POST,
            },
        )
        if not errors:
            errors = form_errors(data)
        if not errors:
            if profile:
                services.weight_profile_update(profile=profile, data=data.validated_data)
            else:
                profile = services.weight_profile_create(created_by=signed_in(request), **data.validated_data)
            return redirect(f"{reverse('priority-page')}?profile={profile.pk}")
        form: dict[str, Any] = {
            "name": request.POST.get("name", ""),
            "description": request.POST.get("description", ""),
            "is_default": "is_default" in request.POST,
        }
    else:
        current = check_weights(profile.weights) if profile else DEFAULT_WEIGHTS
        values = {name: f"{current.get(name, 0):g}" for name in COMPONENTS}
        form = {
            "name": profile.name if profile else "",
            "description": profile.description if profile else "",
            "is_default": profile.is_default if profile else False,
        }
    rows = [{"name": n, "label": COMPONENT_LABELS[n], "value": values[n]} for n in COMPONENTS]
    context = {"profile": profile, "form": form, "rows": rows, "errors": errors}
    return render(request, "planning/profile_form.html", context, status=400 if errors else 200)
