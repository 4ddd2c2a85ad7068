"""Folium map builders that load nothing from the internet.

Folium points every script and style sheet at a CDN. ``local_map`` swaps them
for our vendored copies, and refuses to build a map if some element asks for a
file we have not vendored, so a Folium upgrade cannot quietly go online.
The result is a whole HTML document: pages show it in an ``<iframe srcdoc>``.
"""

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import FitBounds
from folium.plugins import Fullscreen, MarkerCluster, VectorGridProtobuf
from folium.template import Template
from folium.utilities import JsCode

# Folium's asset names → our files, relative to the static root.
VENDORED = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "markerclusterjs": "vendor/markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/markercluster/MarkerCluster.Default.css",
    "Control.Fullscreen.js": "vendor/fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "vendor/fullscreen/Control.FullScreen.css",
    "vectorGrid": "vendor/vectorgrid/Leaflet.VectorGrid.bundled.min.js",
    "vector_base": "mahalleh/vector-base.js",  # ours: the vector base maps' style
}


MAX_ZOOM = 19

# Folium writes layer data with Jinja's tojson, which spells every Persian letter
# as a six-byte \uXXXX escape. Our pages are UTF-8: let the letters through (two
# bytes each). <, >, & and ' are still escaped, so the data cannot end a script.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {
    "sort_keys": True,
    "ensure_ascii": False,
}


@dataclass(frozen=True)
class BaseMap:
    """The tiles drawn under a map: raster images, or vector tiles (MVT) styled here."""

    url: str  # a {z}/{x}/{y} template
    attribution: str = ""
    min_native_zoom: int = 0
    max_native_zoom: int = 19  # beyond it, its last tiles are drawn larger
    vector: bool = False
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    tile_bytes: int = 0  # a tile's size on average, where known

    @property
    def leaflet_bounds(self) -> list[list[float]] | None:
        """The bounds as Leaflet takes them: [[south, west], [north, east]]."""
        if self.bounds is None:
            return None
        west, south, east, north = self.bounds
        return [[south, west], [north, east]]


@dataclass(frozen=True)
class MapSettings:
    """What every map needs: where static files are served, and an optional base map."""

    static: Callable[[str], str]  # static file path → URL
    base: BaseMap | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # UI words in the page's language
    rtl: bool = False  # the page's language is written right to left


@dataclass(frozen=True)
class PointLayer:
    """Points drawn as coloured circles, one toggleable layer."""

    name: str
    colour: str
    features: list[dict[str, Any]]  # GeoJSON Point features
    popup_fields: list[tuple[str, str]]  # (property, label)
    cluster: bool = False
    glyph: str = ""  # a letter on each marker, so kinds differ by more than colour


PIN_STYLE = (
    "<style>.pin{display:flex;align-items:center;justify-content:center;width:22px;height:22px;"
    "border-radius:50%;border:2px solid #fff;color:#fff;box-shadow:0 1px 3px #0007;"
    "font:bold 12px/1 Vazirmatn,'Noto Sans Arabic',Tahoma,sans-serif}</style>"
)


def _escaped(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return features whose text properties are HTML-escaped.

    Folium's popups and tooltips put property values into the page as HTML;
    names typed by people must show as text, never run as markup.
    """
    return [
        {
            **feature,
            "properties": {
                key: escape(value) if isinstance(value, str) else value
                for key, value in feature.get("properties", {}).items()
            },
        }
        for feature in features
    ]


# Opens the page a feature names in its "url" property (the map lives in an iframe).
_FOLLOW_LINK = JsCode(
    """function (feature, layer) {
        layer.on("click", function () { window.top.location.assign(feature.properties.url); });
    }"""
)


def _localise(element: Any, static: Callable[[str], str]) -> None:
    for attribute in ("default_js", "default_css"):
        assets = getattr(element, attribute, [])
        unknown = [name for name, _url in assets if name not in VENDORED]
        if unknown:
            raise ValueError(f"{type(element).__name__} wants assets we do not serve: {unknown}")
        setattr(element, attribute, [(name, static(VENDORED[name])) for name, _url in assets])


def local_map(
    settings: MapSettings, *, center: tuple[float, float], zoom: int, bounds: list[list[float]] | None = None
) -> folium.Map:
    """Return a Folium map that uses only our files; (lat, lon) center, or fitted to bounds
    ([[south, west], [north, east]]) before any layer asks for tiles."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    # Without a tile layer Leaflet knows no maximum zoom, and marker clusters need one.
    fmap.options["maxZoom"] = MAX_ZOOM
    # Folium also loads jQuery, Bootstrap and Font Awesome for its marker icons;
    # our maps draw circles and polygons, which need Leaflet alone.
    fmap.default_js = [("leaflet", "")]
    fmap.default_css = [("leaflet_css", "")]
    _localise(fmap, settings.static)
    if bounds:
        fit_now(fmap, bounds)
    if settings.base:
        _add_base(fmap, settings.base, settings)
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
    # The layer switcher shows layer names as HTML: escape them like popup text.
    group: Any = folium.FeatureGroup(name=escape(layer.name))
    if layer.cluster:
        group = MarkerCluster(name=escape(layer.name))
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
    if layer.glyph:
        _header(fmap).add_child(folium.Element(PIN_STYLE), name="pin_style")
        html = f'<span class="pin" style="background:{escape(layer.colour)}">{escape(layer.glyph)}</span>'
        icon = folium.DivIcon(html=html, icon_size=(22, 22), icon_anchor=(11, 11), class_name="pin-icon")
        marker: Any = folium.Marker(icon=icon)
        style = None
    else:
        marker = folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9, weight=2)

        def style(_feature: Any, colour: str = layer.colour) -> dict[str, str]:
            return {"color": "#ffffff", "fillColor": colour}

    folium.GeoJson(
        {"type": "FeatureCollection", "features": _escaped(layer.features)},
        marker=marker,
        style_function=style,
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
    links: bool = False,
) -> None:
    """Draw polygons filled by ``colour_of(properties)``, with a hover tooltip.

    With ``links`` a click opens the page in each feature's ``url`` property.
    """
    if not features:
        return
    folium.GeoJson(
        {"type": "FeatureCollection", "features": _escaped(features)},
        name=escape(name),
        show=show,
        on_each_feature=_FOLLOW_LINK if links else None,
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


def fit_now(fmap: folium.Map, bounds: list[list[float]]) -> None:
    """Fit the map to [[south, west], [north, east]] at once, not animated: called before any
    layer is added, the layers then ask tiles for the fitted view only (an animated fit lets them
    load the first view's tiles, then the fitted one's)."""
    fit_bounds = FitBounds(bounds)
    fit_bounds.options["animate"] = False
    fmap.add_child(fit_bounds)


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


_SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)


def with_script_nonce(document: str, nonce: str) -> str:
    """Give every <script> of a map document the response's Content-Security-Policy nonce.

    Folium writes the map as inline scripts, which the policy runs only with the nonce. Text from
    our data never holds a "<script" here: properties are HTML-escaped and JSON escapes "<".
    """
    return _SCRIPT_TAG.sub(f'<script nonce="{nonce}"', document)


class _Legend(MacroElement):
    """A box of coloured keys in a map corner (it stays visible in full screen)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "map-legend");
                box.innerHTML = {{ this.html|tojson }};
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


LEGEND_STYLE = (
    "<style>.map-legend{background:#fff;padding:6px 10px;border-radius:6px;"
    "box-shadow:0 1px 4px #0005;font:13px/1.5 Vazirmatn,'Noto Sans Arabic',Tahoma,sans-serif;"
    "text-align:start}"
    ".map-legend i{display:inline-block;width:14px;height:14px;margin-inline-end:6px;"
    "vertical-align:middle}</style>"
)


def add_legend(
    fmap: folium.Map,
    title: str,
    items: list[tuple[str, str]],
    settings: MapSettings,
    position: str = "bottomright",
) -> None:
    """Add a legend: a title and (colour, label) keys, in a corner of the map."""
    keys = "".join(
        f'<div><i style="background:{escape(colour)}"></i>{escape(label)}</div>' for colour, label in items
    )
    _header(fmap).add_child(folium.Element(LEGEND_STYLE), name="legend_style")
    direction = "rtl" if settings.rtl else "ltr"
    html = f'<div dir="{direction}"><strong>{escape(title)}</strong>{keys}</div>'
    fmap.add_child(_Legend(html, position))


def _header(fmap: folium.Map) -> Element:
    """The <head> of the map's HTML document (its root is a branca Figure)."""
    return cast(Figure, fmap.get_root()).header


def _add_base(fmap: folium.Map, base: BaseMap, settings: MapSettings) -> None:
    name = settings.labels.get("base_map", "Base map")
    if not base.vector:
        bounds: dict[str, Any] = {"bounds": base.leaflet_bounds} if base.bounds else {}
        folium.TileLayer(
            tiles=base.url,
            attr=base.attribution or "&nbsp;",
            name=name,
            max_zoom=MAX_ZOOM,
            max_native_zoom=base.max_native_zoom,
            min_native_zoom=base.min_native_zoom,
            **bounds,
        ).add_to(fmap)
        return
    zooms = f'"maxNativeZoom": {base.max_native_zoom}, "minNativeZoom": {base.min_native_zoom}'
    if base.bounds:
        zooms += f', "bounds": {json.dumps(base.leaflet_bounds)}'
    options = (
        f'{{"pane": "tilePane", {zooms}, "attribution": {json.dumps(base.attribution)},'
        ' "vectorTileLayerStyles": window.MahallehVectorBase.styles}'
    )
    layer = VectorGridProtobuf(base.url, escape(name), options, overlay=False)
    layer.default_js = [*layer.default_js, ("vector_base", "")]
    _localise(layer, settings.static)
    layer.add_to(fmap)


def add_tiles(
    fmap: folium.Map, *, name: str, url: str, options: str, settings: MapSettings, show: bool = True
) -> None:
    """Draw a vector tile layer (Leaflet.VectorGrid); options is a JavaScript object literal."""
    layer = VectorGridProtobuf(url, escape(name), options, show=show)
    _localise(layer, settings.static)
    layer.add_to(fmap)


@dataclass(frozen=True)
class TileAreas:
    """A choropleth drawn from vector tiles: each polygon coloured by a numeric property's class,
    a tooltip on hover or focus, a click opening a page. Nothing but the tiles is sent per polygon."""

    url: str  # the tile URL template, {z}/{x}/{y}
    layer: str  # the layer's name inside the tiles
    value: str  # the property the colour follows
    classes: list[tuple[float, str]]  # (upper bound, exclusive; colour), lowest first
    unknown: str  # the colour when the value is missing
    tooltip: list[tuple[str, str]]  # (property, label); numbers shown in the page's digits
    link: str = ""  # a URL with {id} for the feature's id; opened in the whole window on click
    codes: Mapping[str, str] = field(default_factory=dict)  # comma-separated codes → labels
    coded: str = ""  # the property holding such codes


@dataclass(frozen=True)
class TilePins:
    """Points from vector tiles, each a round pin with its kind's colour and letter (as add_points
    draws them inline), with a tooltip on hover: for layers too big to send in the page."""

    url: str
    layer: str
    kind: str  # the property naming each point's kind
    pins: Mapping[str, tuple[str, str]]  # kind → (colour, letter)
    tooltip: list[tuple[str, str]]


class _TileLayer(JSCSSMixin, MacroElement):
    default_js = [("vectorGrid", "")]  # our vendored copy, set by _localise
    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, spec = {{ this.spec|tojson }}, shown = null;
            var digits = new Intl.NumberFormat(spec.locale, {maximumFractionDigits: 2, useGrouping: false});
            function colour(v) {
                if (v === null || v === undefined) return spec.unknown;
                for (var i = 0; i < spec.classes.length; i++) {
                    if (v < spec.classes[i][0]) return spec.classes[i][1];
                }
                return spec.classes[spec.classes.length - 1][1];
            }
            function text(p, key) {
                var v = p[key];
                if (v === null || v === undefined || v === "") return "—";
                if (key === spec.coded) {
                    var labels = String(v).split(",").map(function (c) { return spec.codes[c] || c; });
                    return labels.join(spec.comma);
                }
                return typeof v === "number" ? digits.format(v) : String(v);
            }
            function content(p) {  // text nodes only: a name cannot inject markup
                var div = document.createElement("div");
                div.dir = spec.rtl ? "rtl" : "ltr";
                spec.tooltip.forEach(function (row) {
                    var line = document.createElement("div"), label = document.createElement("strong");
                    label.textContent = row[1] + ": ";
                    line.append(label, document.createTextNode(text(p, row[0])));
                    div.append(line);
                });
                return div;
            }
            var icons = {};
            function pinIcon(kind) {  // VectorGrid draws image icons only: the pin as an SVG image
                if (!icons[kind]) {
                    var pin = spec.pins[kind] || ["#555555", "?"];
                    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22">' +
                        '<circle cx="11" cy="11" r="10" fill="' + pin[0] +
                        '" stroke="#fff" stroke-width="2"/><text x="11" y="15.5" font-size="12"' +
                        ' font-weight="bold" text-anchor="middle" fill="#fff"' +
                        ' font-family="Vazirmatn,Tahoma,sans-serif">' + pin[1] + "</text></svg>";
                    var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
                    icons[kind] = L.icon({iconUrl: url, iconSize: [22, 22], iconAnchor: [11, 11]});
                }
                return icons[kind];
            }
            var styles = {};
            styles[spec.layer] = function (p) {
                if (spec.pins) return {icon: pinIcon(p[spec.kind])};
                return {fill: true, fillColor: colour(p[spec.value]), fillOpacity: 0.45,
                        color: "#444444", weight: 1};
            };
            var layer = L.vectorGrid.protobuf(spec.url, {
                interactive: true, maxNativeZoom: 18, vectorTileLayerStyles: styles,
                getFeatureId: function (f) { return f.properties.id; }
            });
            layer.on("mouseover", function (e) {
                if (shown) map.closeTooltip(shown);
                shown = L.tooltip({direction: "top", className: "tile-area-tooltip"})
                    .setLatLng(e.latlng).setContent(content(e.layer.properties));
                map.openTooltip(shown);
            });
            layer.on("mouseout", function () { if (shown) { map.closeTooltip(shown); shown = null; } });
            if (spec.link) {
                layer.on("click", function (e) {
                    window.top.location.assign(spec.link.replace("{id}", e.layer.properties.id));
                });
            }
            layer.addTo(map);
        })();
        {% endmacro %}"""
    )

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._name = "TileAreas"
        self.spec = spec


def add_tile_pins(fmap: folium.Map, pins: TilePins, settings: MapSettings) -> None:
    """Draw kinds of points from vector tiles (Leaflet.VectorGrid) instead of inline GeoJSON."""
    _header(fmap).add_child(folium.Element(PIN_STYLE), name="pin_style")
    kinds = {kind: list(pin) for kind, pin in pins.pins.items()}
    spec = {"url": pins.url, "layer": pins.layer, "kind": pins.kind, "pins": kinds, "tooltip": pins.tooltip}
    _add_tile_layer(fmap, spec, settings)


def add_tile_areas(fmap: folium.Map, areas: TileAreas, settings: MapSettings) -> None:
    """Draw a choropleth from vector tiles (Leaflet.VectorGrid) instead of inline GeoJSON."""
    spec = {
        "url": areas.url,
        "layer": areas.layer,
        "value": areas.value,
        "classes": areas.classes,
        "unknown": areas.unknown,
        "tooltip": areas.tooltip,
        "link": areas.link,
        "codes": dict(areas.codes),
        "coded": areas.coded,
    }
    _add_tile_layer(fmap, spec, settings)


def _add_tile_layer(fmap: folium.Map, spec: dict[str, Any], settings: MapSettings) -> None:
    """The tile layer's script, told the page's direction and digits."""
    defaults = {"link": "", "codes": {}, "coded": ""}
    language = {
        "rtl": settings.rtl,
        "locale": "fa-IR" if settings.rtl else "en",
        "comma": "، " if settings.rtl else ", ",
    }
    element = _TileLayer({**defaults, **spec, **language})
    _localise(element, settings.static)
    fmap.add_child(element)
