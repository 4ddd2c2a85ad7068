"""The PDF reports: a neighbourhood's profile and the monthly province report, from the same
selectors as the neighbourhood page and the dashboard."""

from typing import Any

import jdatetime
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.common.geometry import to_shapely
from backend.partners.maps import KIND_COLOURS
from backend.partners.models import PartnerKind
from backend.planning.profile import neighborhood_profile
from backend.planning.selectors import profile_default
from backend.reports.layout import page_context
from backend.reports.pdf import render_pdf, thumbnail_data_url
from backend.reports.selectors import dashboard
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import counted_visits
from geo.svgmap import site_map
from geo.text import Period

VISIT_COLOUR = "#3f51b5"
SITE_MAP_VISITS = 500  # enough to show where visitors went, few enough to keep the file small


def month_name(period: Period) -> str:
    """'آذر ۱۴۰۵' or 'Azar 1405': a Jalali month by name, in the language being rendered."""
    first = jdatetime.date.fromgregorian(date=period.start)
    names = jdatetime.date.j_months_fa if get_language() == "fa" else jdatetime.date.j_months_en
    return f"{names[first.month - 1]} {first.year}"


def neighborhood_pdf(*, neighborhood: Neighborhood, user: Any, base_url: str) -> bytes:
    """The neighbourhood's profile under the default weights: its map with visits and partners,
    score and breakdown, score over time, photos, partners and Imam Mahalleh, help delivered."""
    profile = profile_default()
    if profile is None:
        raise ValueError(_("There is no default weight profile to score the neighbourhood with."))
    context = neighborhood_profile(neighborhood=neighborhood, profile=profile, user=user)
    visits = counted_visits().filter(neighborhood=neighborhood).values_list("point", flat=True)
    points = [(p.x, p.y, VISIT_COLOUR, "") for p in visits[:SITE_MAP_VISITS]]
    points += [(p.point.x, p.point.y, KIND_COLOURS[p.kind], p.name) for p in context["partners"]]
    kinds = sorted({p.kind for p in context["partners"]})
    context.update(
        site_map=site_map(to_shapely(neighborhood.boundary), points, fill="#fd8d3c"),
        map_key=[(VISIT_COLOUR, _("Counted visits"))]
        + [(KIND_COLOURS[k], str(PartnerKind(k).label)) for k in kinds],
        thumbnails=[(thumbnail_data_url(p.image), p.visit.visited_at) for p in context["photos"]],
        issued=timezone.now(),
    )
    return render_pdf("reports/pdf/neighborhood.html", context, base_url=base_url)


def monthly_pdf(*, period: Period, user: Any, base_url: str) -> bytes:
    """The dashboard for one Jalali month beside the month before, with a cover page."""
    context = page_context(dashboard(user=user, period=period), user=user)
    context.update(month=month_name(period), issued=timezone.now())
    return render_pdf("reports/pdf/monthly.html", context, base_url=base_url)
