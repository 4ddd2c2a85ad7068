"""Folium map builders that load nothing from the internet.

Folium points every script and style sheet at a CDN. ``local_map`` swaps them
for our vendored copies, and refuses to build a map if some element asks for a
file we have not vendored, so a Folium upgrade cannot quietly go online.
The result is a whole HTML document: pages show it in an ``<iframe srcdoc>``.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import folium
from folium.plugins import Fullscreen, MarkerCluster

# Folium's asset names → our files, relative to the static root.
VENDORED = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "markerclusterjs": "vendor/markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/markercluster/MarkerCluster.Default.css",
    "Control.Fullscreen.js": "vendor/fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "vendor/fullscreen/Control.FullScreen.css",
}


@dataclass(frozen=True)
class MapSettings:
    """What every map needs: where static files are served, and an optional base map."""

    static: Callable[[str], str]  # static file path → URL
    tile_url: str = ""
    tile_attribution: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)  # UI words in the page's language


@dataclass(frozen=True)
class PointLayer:
    """Points drawn as coloured circles, one toggleable layer."""

    name: str
    colour: str
    features: list[dict[str, Any]]  # GeoJSON Point features
    popup_fields: list[tuple[str, str]]  # (property, label)
    cluster: bool = False


def _localise(element: Any, static: Callable[[str], str]) -> None:
    for attribute in ("default_js", "default_css"):
        assets = getattr(element, attribute, [])
        unknown = [name for name, _url in assets if name not in VENDORED]
        if unknown:
            raise ValueError(f"{type(element).__name__} wants assets we do not serve: {unknown}")
        setattr(element, attribute, [(name, static(VENDORED[name])) for name, _url in assets])


def local_map(settings: MapSettings, *, center: tuple[float, float], zoom: int) -> folium.Map:
    """Return a Folium map that uses only our files; (lat, lon) center."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    # Folium also loads jQuery, Bootstrap and Font Awesome for its marker icons;
    # our maps draw circles and polygons, which need Leaflet alone.
    fmap.default_js = [("leaflet", "")]
    fmap.default_css = [("leaflet_css", "")]
    _localise(fmap, settings.static)
    if settings.tile_url:
        folium.TileLayer(
            tiles=settings.tile_url,
            attr=settings.tile_attribution or "&nbsp;",
            name=settings.labels.get("base_map", "Base map"),
        ).add_to(fmap)
    fullscreen = Fullscreen(
        position="topleft",
        title=settings.labels.get("fullscreen", "Full screen"),
        title_cancel=settings.labels.get("exit_fullscreen", "Exit full screen"),
    )
    _localise(fullscreen, settings.static)
    fullscreen.add_to(fmap)
    return fmap


def add_points(fmap: folium.Map, layer: PointLayer, settings: MapSettings) -> None:
    """Draw a layer of points with a popup of the given properties."""
    group: Any = folium.FeatureGroup(name=layer.name)
    if layer.cluster:
        group = MarkerCluster(name=layer.name)
        _localise(group, settings.static)
    group.add_to(fmap)
    if not layer.features:
        return
    popup = None
    if layer.popup_fields:
        popup = folium.GeoJsonPopup(
            fields=[name for name, _label in layer.popup_fields],
            aliases=[label for _name, label in layer.popup_fields],
            localize=False,
            labels=True,
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": layer.features},
        marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9, weight=2),
        style_function=lambda _feature, colour=layer.colour: {
            "color": "#ffffff",
            "fillColor": colour,
        },
        popup=popup,
    ).add_to(group)


def add_areas(
    fmap: folium.Map,
    *,
    name: str,
    features: list[dict[str, Any]],
    colour_of: Callable[[dict[str, Any]], str],
    tooltip_fields: list[tuple[str, str]],
    show: bool = True,
) -> None:
    """Draw polygons filled by ``colour_of(properties)``, with a hover tooltip."""
    if not features:
        return
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        show=show,
        style_function=lambda feature: {
            "color": "#444444",
            "weight": 1,
            "fillColor": colour_of(feature["properties"]),
            "fillOpacity": 0.45,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=[f for f, _label in tooltip_fields],
            aliases=[label for _f, label in tooltip_fields],
            localize=False,
        ),
    ).add_to(fmap)


def fit(fmap: folium.Map, points: Iterable[tuple[float, float]]) -> None:
    """Zoom the map to show every (lat, lon) given, if any."""
    points = list(points)
    if len(points) == 1:
        fmap.location = list(points[0])
        fmap.options["zoom"] = 15
    elif points:
        lats = [lat for lat, _lon in points]
        lons = [lon for _lat, lon in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(24, 24))


def finish(fmap: folium.Map) -> str:
    """Add the layer switcher and return the map as a whole HTML document."""
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap.get_root().render()
