"""What the dashboard page and the monthly PDF lay out: each figure's row and the list behind it,
and the charts."""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import jdatetime
from django.urls import reverse
from django.utils.translation import gettext_lazy

from backend.interventions.models import InterventionStatus, ReferralStatus
from backend.planning.selectors import profile_default
from backend.reports.charts import dashboard_charts
from backend.reports.selectors import need_map
from backend.surveys.models import ReviewState
from backend.surveys.selectors import visible_areas


def page_context(figures: dict[str, Any], *, user: Any) -> dict[str, Any]:
    """What the dashboard page and the monthly PDF draw: the figures, their rows and charts."""
    links = _links(figures["period"])
    return {
        "figures": figures,
        "field_rows": _rows(figures["field_work"], FIELD_WORK, links),
        "help_rows": _rows(figures["help"], HELP, links),
        "charts": dashboard_charts(figures, need_map(visible_areas(user=user), profile_default())),
        "asked": figures["period"]["label"],
        "monthly_query": urlencode({k: figures["period"][k] for k in ("year", "month")})
        if figures["period"]["kind"] == "month"
        else "",
    }


DELIVERED = f"{InterventionStatus.DELIVERED},{InterventionStatus.VERIFIED}"  # as households_reached counts


def _links(period: dict[str, str]) -> dict[str, str]:
    """The list behind each figure, filtered to the period where that list can be."""
    first = jdatetime.date.fromgregorian(date=date.fromisoformat(period["start"]))
    last = jdatetime.date.fromgregorian(date=date.fromisoformat(period["end"]) - timedelta(days=1))
    made = {"after": first.strftime("%Y/%m/%d"), "before": last.strftime("%Y/%m/%d")}
    review, interventions = reverse("review-queue"), reverse("interventions-page")
    referrals = reverse("referrals-page")
    return {
        "visits": f"{review}?{urlencode(made)}",
        "rejected": f"{review}?{urlencode({**made, 'state': ReviewState.REJECTED})}",
        "places": reverse("priority-page"),
        "assignments": reverse("assignments-page"),
        "interventions": f"{interventions}?{urlencode({'period': period['label']})}",
        "reached": f"{interventions}?{urlencode({'period': period['label'], 'status': DELIVERED})}",
        "referrals": referrals,
        "resolved": f"{referrals}?status={ReferralStatus.RESOLVED}",
    }


def _rows(
    section: dict[str, dict[str, Any]], names: list[tuple[str, Any, str]], links: dict[str, str]
) -> list[dict[str, Any]]:
    """Each figure of a section: its label, this period's and the period before's, and the list behind it."""
    return [
        {
            "label": label,
            "current": section["current"][key],
            "previous": section["previous"][key],
            "href": links[link],
        }
        for key, label, link in names
    ]


FIELD_WORK = [
    ("visits_counted", gettext_lazy("Visits counted"), "visits"),
    ("visits_flagged", gettext_lazy("Visits flagged"), "visits"),
    ("visits_rejected", gettext_lazy("Visits rejected"), "rejected"),
    ("neighborhoods_visited", gettext_lazy("Neighbourhoods visited"), "places"),
    ("neighborhoods_never_visited", gettext_lazy("Never visited"), "places"),
    ("neighborhoods_not_visited_180_days", gettext_lazy("Not visited for 180 days"), "places"),
    ("median_days_since_last_visit", gettext_lazy("Median days since the last visit"), "places"),
    ("visits_per_visitor", gettext_lazy("Visits per visitor"), "visits"),
    ("assignments_done", gettext_lazy("Assignments done"), "assignments"),
    ("assignments_overdue", gettext_lazy("Assignments overdue"), "assignments"),
]
HELP = [
    ("interventions", gettext_lazy("Interventions"), "interventions"),
    ("households_reached", gettext_lazy("Households reached"), "reached"),
    ("referrals_made", gettext_lazy("Referrals made"), "referrals"),
    ("referrals_open", gettext_lazy("Referrals open"), "referrals"),
    ("referrals_resolved", gettext_lazy("Referrals resolved"), "resolved"),
    ("referral_days_to_resolve_median", gettext_lazy("Median days to resolve a referral"), "resolved"),
]
