"""The partner directory's map: partners by kind, where you are, and coverage gaps."""

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from backend.basemaps.maps import map_settings
from backend.common.l10n import listing
from backend.partners.models import Partner, PartnerKind
from backend.partners.selectors import Coverage
from backend.surveys.models import Neighborhood
from geo import maps

KIND_COLOURS = {
    PartnerKind.MOSQUE: "#1b5e20",
    PartnerKind.HOSSEINIYEH: "#4a148c",
    PartnerKind.JIHADI_GROUP: "#e65100",
    PartnerKind.NGO: "#0d47a1",
    PartnerKind.CHARITY: "#ad1457",
    PartnerKind.ACTIVIST: "#f9a825",
    PartnerKind.HEALTH_CENTRE: "#c62828",
    PartnerKind.SCHOOL: "#00838f",
}
# A Persian initial on each marker, so kinds differ by more than colour.
KIND_GLYPHS = {
    PartnerKind.MOSQUE: "م",
    PartnerKind.HOSSEINIYEH: "ح",
    PartnerKind.JIHADI_GROUP: "ج",
    PartnerKind.NGO: "س",
    PartnerKind.CHARITY: "خ",
    PartnerKind.ACTIVIST: "ف",
    PartnerKind.HEALTH_CENTRE: "ب",
    PartnerKind.SCHOOL: "آ",
}
COVERED, ONE_GAP, BOTH_GAPS = "#66bb6a", "#ffb300", "#e53935"
# Boundaries drawn at city scale need no more detail than this (degrees, ~10 m).
SIMPLIFY_DEGREES = 0.0001


def partner_properties(partner: Partner, *, contacts: bool) -> dict[str, Any]:
    """Return what a partner's popup shows; contacts only when the reader may see them."""
    properties: dict[str, Any] = {
        "name": partner.name,
        "kind": str(PartnerKind(partner.kind).label),
        "services": listing(partner.service_labels()) or "—",
        "address": partner.address or "—",
    }
    if contacts:
        properties["contact_name"] = partner.contact_name or "—"
        properties["phone"] = partner.phone or "—"
    return properties


def directory_map(
    partners: Iterable[Partner],
    *,
    contacts: bool,
    here: tuple[float, float] | None = None,
    coverage: list[Coverage] | None = None,
) -> str:
    """Return the directory map as an HTML document; ``here`` is (lat, lon)."""
    config = map_settings()
    center = here or tuple(settings.LEAFLET_CONFIG["DEFAULT_CENTER"])
    fmap = maps.local_map(config, center=center, zoom=12)
    if coverage is not None:
        _add_coverage(fmap, coverage)
    popup = [("name", _("Name")), ("kind", _("Kind")), ("services", _("Services")), ("address", _("Address"))]
    if contacts:
        popup += [("contact_name", _("Contact person")), ("phone", _("Phone"))]
    partners = list(partners)
    for kind in PartnerKind:
        features = [
            {
                "type": "Feature",
                "id": p.pk,
                "geometry": {"type": "Point", "coordinates": [p.point.x, p.point.y]},
                "properties": partner_properties(p, contacts=contacts),
            }
            for p in partners
            if p.kind == kind
        ]
        if features:
            layer = maps.PointLayer(
                str(kind.label), KIND_COLOURS[kind], features, popup, glyph=KIND_GLYPHS[kind]
            )
            maps.add_points(fmap, layer, config)
    if here:
        you = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [here[1], here[0]]},
            "properties": {"name": _("You are here")},
        }
        maps.add_points(fmap, maps.PointLayer(_("You are here"), "#000000", [you], [("name", "")]), config)
    maps.fit(fmap, [*([here] if here else []), *((p.point.y, p.point.x) for p in partners)])
    return maps.finish(fmap)


def _add_coverage(fmap: Any, coverage: list[Coverage]) -> None:
    rows = {row.neighborhood_id: row for row in coverage}
    features = []
    for neighborhood in Neighborhood.objects.only("id", "name", "boundary"):
        row = rows.get(neighborhood.pk)
        if row is None:
            continue
        outline = neighborhood.boundary.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        gaps = [
            label
            for missing, label in (
                (row.no_liaison, _("no liaison")),
                (row.no_partner_within_walk, _("no partner within walking distance")),
            )
            if missing
        ]
        mosque = row.nearest_m.get(PartnerKind.MOSQUE)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(outline.geojson),
                "properties": {
                    "name": neighborhood.name,
                    "gaps": listing(gaps) or _("covered"),
                    "liaisons": row.liaisons,
                    "mosque": "—" if mosque is None else f"{round(mosque)}",
                    "gap_count": len(gaps),
                },
            }
        )
    maps.add_areas(
        fmap,
        name=_("Coverage gaps"),
        features=features,
        colour_of=lambda props: (COVERED, ONE_GAP, BOTH_GAPS)[props["gap_count"]],
        tooltip_fields=[
            ("name", _("Neighbourhood")),
            ("gaps", _("Gaps")),
            ("liaisons", _("Liaisons")),
            ("mosque", _("Nearest mosque (m)")),
        ],
    )
