"""The budget summary as the API returns it and as its CSV and Excel exports lay it out."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.exports import Column
from backend.interventions.models import FundingSource, InterventionStatus
from backend.interventions.selectors import DIMENSIONS, Total, budget_summary
from backend.partners.models import PartnerKind
from geo.text import Period


def _labels(dimension: str) -> dict[str | None, str]:
    if dimension == "funding_source":
        return {str(pk): name for pk, name in FundingSource.objects.values_list("pk", "name")} | {
            None: _("No funding source")
        }
    if dimension == "partner_kind":
        return {k: str(v) for k, v in PartnerKind.choices}
    if dimension == "status":
        return {k: str(v) for k, v in InterventionStatus.choices}
    return {None: _("Several counties")}


def _total(total: Total, labels: dict[str | None, str]) -> dict[str, Any]:
    label = labels.get(total.key, total.key or "—")
    return {
        "key": total.key,
        "label": label,
        "count": total.count,
        "planned": total.planned,
        "spent": total.spent,
    }


def summary_body(period: Period | None, areas: list[int] | None = None) -> dict[str, Any]:
    """Return the summary for a period (or for all time) with each group's label; of the
    interventions touching areas (neighbourhood ids) only, when given."""
    sums = budget_summary(period=period, areas=areas)
    body: dict[str, Any] = {
        "period": period.label if period else None,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "total": _total(sums["total"][0], {None: _("All interventions")}),
    }
    for dimension in DIMENSIONS:
        labels = _labels(dimension)
        body[f"by_{dimension}"] = [_total(t, labels) for t in sums[dimension]]
    return body


DIMENSION_LABELS = {
    "total": gettext_lazy("Total"),
    "funding_source": gettext_lazy("Funding source"),
    "partner_kind": gettext_lazy("Lead partner's kind"),
    "county": gettext_lazy("County"),
    "status": gettext_lazy("Status"),
}


def summary_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the summary as table rows: the total first, then each dimension's groups."""
    rows = [{"dimension": DIMENSION_LABELS["total"], **body["total"]}]
    for dimension in DIMENSIONS:
        rows += [{"dimension": DIMENSION_LABELS[dimension], **group} for group in body[f"by_{dimension}"]]
    return rows


SUMMARY_COLUMNS = [
    Column(gettext_lazy("Grouped by"), lambda r: str(r["dimension"])),
    Column(gettext_lazy("Group"), lambda r: r["label"]),
    Column(gettext_lazy("Interventions"), lambda r: r["count"]),
    Column(gettext_lazy("Planned budget (rials)"), lambda r: r["planned"]),
    Column(gettext_lazy("Spent (rials)"), lambda r: r["spent"]),
]
