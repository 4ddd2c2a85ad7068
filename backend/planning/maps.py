"""The planners' maps: the priority choropleth with visits, partners and liaison coverage."""

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.urls import reverse
from django.utils.translation import gettext as _

from backend.basemaps.maps import map_settings
from backend.common.l10n import digits, distance
from backend.interventions.maps import add_interventions
from backend.interventions.models import InterventionStatus
from backend.interventions.selectors import intervention_list
from backend.partners.maps import KIND_COLOURS, KIND_GLYPHS
from backend.partners.models import Partner, PartnerKind
from backend.planning.models import COMPONENT_LABELS, WeightProfile
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import counted_visits
from geo import maps

if TYPE_CHECKING:
    from backend.interventions.selectors import Statused

# Score classes, lowest need first (ColorBrewer YlOrRd, 5 classes); grey for unknown.
CLASSES = [(20, "#ffffb2"), (40, "#fecc5c"), (60, "#fd8d3c"), (80, "#f03b20"), (100.01, "#bd0026")]
UNKNOWN = "#bdbdbd"
# Outlines from the neighbourhood tiles: green with an active Imam Mahalleh, magenta without.
LIAISON_STYLE = """{
    "maxNativeZoom": 18,
    "vectorTileLayerStyles": {
        "neighborhoods": function (p) {
            return {color: p.has_liaison ? "#1b7837" : "#c51b7d", weight: 3, fill: false, dashArray: "6 4"};
        }
    }
}"""
OUTLINE_ZOOM = 13  # boundaries are simplified for this zoom; tiles take over when zooming in
PARTNERS_CLUSTER_FROM = 300  # a kind with more partners than this is drawn clustered


def score_colour(value: float | None) -> str:
    """Return the fill colour of a score's class."""
    if value is None:
        return UNKNOWN
    return next(colour for upper, colour in CLASSES if value < upper)


def _legend_items() -> list[tuple[str, str]]:
    items, lower = [], 0
    for upper, colour in CLASSES:
        span = _("%(low)s to %(high)s") % {"low": lower, "high": min(100, round(upper))}
        items.append((colour, digits(span)))
        lower = round(upper)
    return [*items, (UNKNOWN, _("not visited: unknown"))]


def _tile_url(layer: str) -> str:
    return reverse("tile", args=[layer, 0, 0, 0]).replace("/0/0/0.pbf", "/{z}/{x}/{y}.pbf")


def _center() -> tuple[tuple[float, float], list[list[float]] | None]:
    box = Neighborhood.objects.aggregate(box=Extent("boundary"))["box"]
    if not box:
        return tuple(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]), None
    return ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2), [[box[1], box[0]], [box[3], box[2]]]


def priority_map(profile: WeightProfile) -> str:
    """Return the priority map as an HTML document."""
    config = map_settings()
    center, bounds = _center()
    fmap = maps.local_map(config, center=center, zoom=12, bounds=bounds)
    # The choropleth comes from the neighbourhood tiles, scored under this profile: the page
    # stays small however many neighbourhoods there are, and boundaries are as fine as the zoom.
    need = maps.TileAreas(
        url=f"{_tile_url('neighborhoods')}?profile={profile.pk}",
        layer="neighborhoods",
        value="score",
        classes=CLASSES,
        unknown=UNKNOWN,
        tooltip=[
            ("name", _("Neighbourhood")),
            ("rank", _("Rank")),
            ("score", _("Score")),
            ("reasons", _("Main reasons")),
            ("confidence", _("Confidence")),
            ("visits", _("Visits")),
        ],
        link=reverse("neighborhood-page", args=[0]).replace("/0/", "/{id}/"),
        codes={name: str(label) for name, label in COMPONENT_LABELS.items()},
        coded="reasons",
    )
    maps.add_tile_areas(fmap, need, config)
    maps.add_tiles(
        fmap,
        name=_("Imam Mahalleh coverage"),
        url=_tile_url("neighborhoods"),
        options=LIAISON_STYLE,
        settings=config,
        show=False,
    )
    _add_visits(fmap, config)
    _add_partners(fmap, config)
    add_interventions(fmap, intervention_list().exclude(status=InterventionStatus.CANCELLED), config)
    maps.add_legend(fmap, _("Need score (0–100)"), _legend_items(), config)
    kinds = [(KIND_COLOURS[k], f"{KIND_GLYPHS[k]} {k.label}") for k in PartnerKind]
    maps.add_legend(fmap, _("Partners"), kinds, config, position="bottomleft")
    return maps.finish(fmap)


def _add_visits(fmap: Any, config: maps.MapSettings) -> None:
    visits = counted_visits()
    count = visits.count()
    name = _("Visits")
    if count <= settings.MAP_INLINE_VISITS_MAX:
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                "properties": {"day": visited_at.date().isoformat()},
            }
            for point, visited_at in visits.values_list("point", "visited_at")
        ]
        maps.add_points(fmap, maps.PointLayer(name, "#3f51b5", features, [], cluster=True), config)
        return
    # Too many to draw inline: the server sends vector tiles, counts per cell below zoom 14.
    url = _tile_url("visits")
    style = """{
        "maxNativeZoom": 18,
        "vectorTileLayerStyles": {
            "visits": function (properties) {
                var n = properties.count || 1;
                return {radius: Math.min(14, 2 + Math.sqrt(n)), fill: true, fillColor: "#3f51b5",
                        fillOpacity: 0.7, color: "#ffffff", weight: 1};
            }
        }
    }"""
    maps.add_tiles(fmap, name=f"{name} ({count:,})", url=url, options=style, settings=config)


def _add_partners(fmap: Any, config: maps.MapSettings) -> None:
    active = Partner.objects.filter(is_active=True)
    if active.count() > settings.MAP_INLINE_PARTNERS_MAX:
        # Too many to send in the page: the same pins from the partner tiles.
        pins = maps.TilePins(
            url=_tile_url("partners"),
            layer="partners",
            kind="kind",
            pins={kind.value: (KIND_COLOURS[kind], KIND_GLYPHS[kind]) for kind in PartnerKind},
            tooltip=[("name", _("Partner"))],
        )
        maps.add_tile_pins(fmap, pins, config)
        return
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in PartnerKind.values}
    for pk, name, kind, point in active.values_list("pk", "name", "kind", "point"):
        by_kind[kind].append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [round(point.x, 5), round(point.y, 5)]},
                "properties": {"name": name},
            }
        )
    for kind in PartnerKind:
        features = by_kind[kind.value]
        if features:
            layer = maps.PointLayer(
                str(kind.label),
                KIND_COLOURS[kind],
                features,
                [("name", str(kind.label))],
                cluster=len(features) > PARTNERS_CLUSTER_FROM,
                glyph=KIND_GLYPHS[kind],
            )
            maps.add_points(fmap, layer, config)


def neighborhood_map(
    neighborhood: Neighborhood, partners: list[Partner], interventions: "list[Statused]"
) -> str:
    """Return a map of one neighbourhood: its outline, visits, the partners serving it and its
    interventions."""
    config = map_settings()
    box = neighborhood.boundary.extent
    fmap = maps.local_map(config, center=((box[1] + box[3]) / 2, (box[0] + box[2]) / 2), zoom=15)
    maps.add_areas(
        fmap,
        name=neighborhood.name,
        features=[
            {
                "type": "Feature",
                "geometry": json.loads(neighborhood.boundary.geojson),
                "properties": {"name": neighborhood.name, "colour": "#fd8d3c"},
            }
        ],
        colour_of=lambda props: props["colour"],
        tooltip_fields=[("name", _("Neighbourhood"))],
    )
    visits = counted_visits().filter(neighborhood=neighborhood).values_list("point", "visited_at")
    visits = visits[: settings.MAP_INLINE_VISITS_MAX]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
            "properties": {"day": visited_at.date().isoformat()},
        }
        for point, visited_at in visits
    ]
    maps.add_points(fmap, maps.PointLayer(_("Visits"), "#3f51b5", features, [], cluster=True), config)
    for kind in PartnerKind:
        found = [
            {
                "type": "Feature",
                "id": p.pk,
                "geometry": {"type": "Point", "coordinates": [p.point.x, p.point.y]},
                # distance_m: annotated by partners_serving, not a model field.
                "properties": {"name": p.name, "distance": distance(p.distance_m)},  # type: ignore[attr-defined]
            }
            for p in partners
            if p.kind == kind
        ]
        if found:
            popup = [("name", str(kind.label)), ("distance", _("Distance"))]
            layer = maps.PointLayer(
                str(kind.label), KIND_COLOURS[kind], found, popup, glyph=KIND_GLYPHS[kind]
            )
            maps.add_points(fmap, layer, config)
    add_interventions(fmap, interventions, config)
    fmap.fit_bounds([[box[1], box[0]], [box[3], box[2]]], padding=(16, 16))
    return maps.finish(fmap)
