"""/dashboard/: the province at a glance for a Jalali period, beside the period before."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from backend.accounts.permissions import can_read_dashboard, page_rule
from backend.interventions.models import InterventionStatus
from backend.partners.models import PartnerKind, Service
from backend.reports.selectors import dashboard
from geo.charts import bar_chart
from geo.text import parse_jalali_period


@page_rule(can_read_dashboard)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("period", "").strip()
    try:
        period = parse_jalali_period(asked) if asked else None
    except ValueError as exc:
        context = {"error": str(exc), "asked": asked}
        return render(request, "reports/dashboard.html", context, status=400)
    figures = dashboard(user=request.user, period=period)
    rtl = get_language_bidi()
    helped = figures["help"]["current"]
    interventions = reverse("interventions-page")
    charts = {
        "status": bar_chart(
            [
                (str(InterventionStatus(s).label), n, f"{interventions}?{urlencode({'status': s})}")
                for s, n in sorted(helped["interventions_by_status"].items(), key=lambda kv: -kv[1])
            ],
            rtl=rtl,
        ),
        "kind": bar_chart(
            [
                (str(Service(k).label), n, "")
                for k, n in sorted(helped["interventions_by_kind"].items(), key=lambda kv: -kv[1])
            ],
            rtl=rtl,
        ),
        "partners": bar_chart(
            [
                (str(PartnerKind(k).label), n, f"{reverse('partner-directory')}?{urlencode({'kind': k})}")
                for k, n in sorted(figures["partners"]["by_kind"].items(), key=lambda kv: -kv[1])
            ],
            rtl=rtl,
        ),
        "counties": bar_chart(
            [(row["county"] or _("no county"), row["visits_counted"], "") for row in figures["counties"]],
            rtl=rtl,
        ),
    }
    context: dict[str, Any] = {
        "figures": figures,
        "field_rows": _rows(figures["field_work"], FIELD_WORK),
        "help_rows": _rows(figures["help"], HELP),
        "charts": charts,
        "asked": asked or figures["period"]["label"],
    }
    return render(request, "reports/dashboard.html", context)


def _rows(section: dict[str, dict[str, Any]], names: list[tuple[str, Any, str]]) -> list[dict[str, Any]]:
    """Each figure of a section: its label, this period's and the period before's, and the page behind it."""
    return [
        {
            "label": label,
            "current": section["current"][key],
            "previous": section["previous"][key],
            "href": href,
        }
        for key, label, href in names
    ]


FIELD_WORK = [
    ("visits_counted", gettext_lazy("Visits counted"), "/review/"),
    ("visits_flagged", gettext_lazy("Visits flagged"), "/review/"),
    ("visits_rejected", gettext_lazy("Visits rejected"), "/review/"),
    ("neighborhoods_visited", gettext_lazy("Neighbourhoods visited"), "/maps/priority/"),
    ("neighborhoods_never_visited", gettext_lazy("Never visited"), "/maps/priority/"),
    ("neighborhoods_not_visited_180_days", gettext_lazy("Not visited for 180 days"), "/maps/priority/"),
    ("median_days_since_last_visit", gettext_lazy("Median days since the last visit"), "/maps/priority/"),
    ("visits_per_visitor", gettext_lazy("Visits per visitor"), "/review/"),
    ("assignments_done", gettext_lazy("Assignments done"), "/assignments/"),
    ("assignments_overdue", gettext_lazy("Assignments overdue"), "/assignments/"),
]
HELP = [
    ("interventions", gettext_lazy("Interventions"), "/interventions/"),
    ("households_reached", gettext_lazy("Households reached"), "/interventions/"),
    ("referrals_made", gettext_lazy("Referrals made"), "/interventions/referrals/"),
    ("referrals_open", gettext_lazy("Referrals open"), "/interventions/referrals/"),
    ("referrals_resolved", gettext_lazy("Referrals resolved"), "/interventions/referrals/"),
    (
        "referral_days_to_resolve_median",
        gettext_lazy("Median days to resolve a referral"),
        "/interventions/referrals/",
    ),
]
