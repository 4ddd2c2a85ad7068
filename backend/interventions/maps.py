"""The interventions layer drawn on the priority map, a neighbourhood's map and the interventions page:
one point per intervention and neighbourhood, coloured by status, lettered by kind, with a legend."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from backend.interventions.models import InterventionStatus
from backend.partners.models import Service
from geo import maps

if TYPE_CHECKING:
    from backend.interventions.selectors import Statused

# Colour-blind-safe (Okabe–Ito), from planned to done; cancelled grey.
STATUS_COLOURS: dict[str, str] = {
    InterventionStatus.PROPOSED: "#999999",
    InterventionStatus.AGREED: "#56b4e9",
    InterventionStatus.IN_PROGRESS: "#e69f00",
    InterventionStatus.DELIVERED: "#0072b2",
    InterventionStatus.VERIFIED: "#009e73",
    InterventionStatus.CANCELLED: "#5f5f5f",
}
# A letter per kind on each marker, so kinds differ by more than colour.
KIND_GLYPHS: dict[str, str] = {
    Service.WATER_SANITATION: "آ",
    Service.FOOD: "غ",
    Service.CASH: "ن",
    Service.HEALTH: "س",
    Service.EDUCATION: "ت",
    Service.EMPLOYMENT: "ش",
    Service.HOUSING_REPAIR: "م",
    Service.ADDICTION: "ا",
    Service.LEGAL: "ح",
    Service.COUNSELLING: "و",
    Service.CHILDREN: "ک",
}


def add_interventions(fmap: Any, interventions: "Iterable[Statused]", config: maps.MapSettings) -> None:
    """Draw interventions (with current_status, see selectors.with_status) at their neighbourhoods:
    a layer per status and kind, and a legend of both."""
    layers: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for intervention in interventions:
        for place in intervention.neighborhoods.all():
            point = place.boundary.point_on_surface
            layers.setdefault((intervention.current_status, intervention.kind), []).append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(point.x, 5), round(point.y, 5)]},
                    "properties": {
                        "title": intervention.title,
                        "status": str(InterventionStatus(intervention.current_status).label),
                        "place": place.name,
                    },
                }
            )
    if not layers:
        return
    popup = [("title", _("Intervention")), ("status", _("Status")), ("place", _("Neighbourhood"))]
    for (status, kind), features in sorted(layers.items()):
        name = f"{InterventionStatus(status).label}: {Service(kind).label}"
        layer = maps.PointLayer(name, STATUS_COLOURS[status], features, popup, glyph=KIND_GLYPHS[kind])
        maps.add_points(fmap, layer, config)
    statuses = sorted({status for status, _kind in layers}, key=InterventionStatus.values.index)
    kinds = sorted({kind for _status, kind in layers}, key=Service.values.index)
    items = [(STATUS_COLOURS[s], str(InterventionStatus(s).label)) for s in statuses]
    items += [("#333333", f"{KIND_GLYPHS[k]} {Service(k).label}") for k in kinds]
    maps.add_legend(fmap, _("Interventions"), items, config, position="topright")
