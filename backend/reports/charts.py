"""The dashboard's charts, as the page and the monthly PDF both draw them, from its figures."""

from typing import Any
from urllib.parse import urlencode

import shapely
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.common.l10n import digits
from backend.interventions.models import InterventionStatus
from backend.partners.models import PartnerKind, Service
from backend.planning.maps import CLASSES, UNKNOWN
from geo.charts import bars, series
from geo.svgmap import choropleth


def _sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def dashboard_charts(figures: dict[str, Any], outlines: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars by status, kind, partner kind and county; columns per month; the need map and its key."""
    helped = figures["help"]["current"]
    period = figures["period"]["label"]
    interventions, partners = reverse("interventions-page"), reverse("partner-directory")

    def listed(page: str, **query: str) -> str:
        return f"{page}?{urlencode(query)}"

    trend = figures["trend"]
    return {
        "status": bars(
            [
                (str(InterventionStatus(s).label), n, listed(interventions, status=s, period=period))
                for s, n in _sorted(helped["interventions_by_status"])
            ]
        ),
        "kind": bars(
            [
                (str(Service(k).label), n, listed(interventions, kind=k, period=period))
                for k, n in _sorted(helped["interventions_by_kind"])
            ]
        ),
        "partners": bars(
            [
                (str(PartnerKind(k).label), n, listed(partners, kind=k))
                for k, n in _sorted(figures["partners"]["by_kind"])
            ]
        ),
        "counties": bars(
            [(row["county"] or _("no county"), row["visits_counted"], "") for row in figures["counties"]]
        ),
        "visits_by_month": series(trend["months"], trend["visits_counted"]),
        "delivered_by_month": series(trend["months"], trend["interventions_delivered"]),
        "need_map": choropleth(
            (
                (
                    shapely.from_wkb(o["outline"]),
                    o["score"],
                    f"{o['name']}: {_('unknown') if o['score'] is None else digits(round(o['score'], 1))}",
                    reverse("neighborhood-page", args=[o["neighborhood"]]),
                )
                for o in outlines
            ),
            classes=CLASSES,
            unknown=UNKNOWN,
        ),
        "need_key": need_key(),
    }


def need_key() -> list[tuple[str, str]]:
    """The need map's key: (colour, label) per score class, then unknown."""
    low = 0
    key = []
    for bound, colour in CLASSES:
        high = min(round(bound), 100)
        key.append((colour, f"{digits(low)}–{digits(high)}"))
        low = high
    return [*key, (UNKNOWN, _("unknown"))]
