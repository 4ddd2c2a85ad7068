"""A QGIS project (.qgs) with every OGC API collection a user may read as a live layer, styled as
the web maps are: the need choropleth, partners coloured by kind. No credentials in it: QGIS asks."""

from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from backend.ogc.collections import Collection
from backend.partners.maps import KIND_COLOURS
from backend.partners.models import PartnerKind
from backend.planning.maps import CLASSES, UNKNOWN

# Drawn first at the bottom of the layer list; the first ones start switched on.
SHOWN = ("neighborhoods", "partners")
OUTLINES = {"interventions": "#0072b2", "assignments": "#6a3d9a"}
VISITS_COLOUR = "#3f51b5"


def project_xml(*, base_url: str, collections: list[Collection], bbox: list[float] | None) -> bytes:
    """The .qgs document: base_url is the OGC API landing page, bbox the extent to open at."""
    root = ET.Element("qgis", projectname="Mahalleh", version="3.22.0")
    ET.SubElement(root, "title").text = _("Mahalleh")
    crs = ET.SubElement(root, "projectCrs")
    _crs(crs)
    tree = ET.SubElement(root, "layer-tree-group")
    layers = ET.SubElement(root, "projectlayers")
    order = sorted(collections, key=lambda c: SHOWN.index(c.id) if c.id in SHOWN else -1, reverse=True)
    for collection in order:
        layer_id = f"mahalleh_{collection.id}"
        source = f"url='{base_url}' typename='{collection.id}'"
        ET.SubElement(
            tree,
            "layer-tree-layer",
            id=layer_id,
            name=str(collection.title),
            source=source,
            providerKey="OAPIF",
            checked="Qt::Checked" if collection.id in SHOWN else "Qt::Unchecked",
            expanded="1",
        )
        layer = ET.SubElement(layers, "maplayer", type="vector", geometry=_geometry(collection))
        ET.SubElement(layer, "id").text = layer_id
        ET.SubElement(layer, "datasource").text = source
        ET.SubElement(layer, "layername").text = str(collection.title)
        _crs(ET.SubElement(layer, "srs"))
        ET.SubElement(layer, "provider", encoding="UTF-8").text = "OAPIF"
        layer.append(_renderer(collection.id))
    if bbox:
        canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas")
        ET.SubElement(canvas, "units").text = "degrees"
        extent = ET.SubElement(canvas, "extent")
        for name, value in zip(("xmin", "ymin", "xmax", "ymax"), bbox, strict=True):
            ET.SubElement(extent, name).text = str(value)
        _crs(ET.SubElement(canvas, "destinationsrs"))
    ET.indent(root)
    return b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(
        root, encoding="utf-8"
    )


def _crs(parent: ET.Element) -> None:
    system = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(system, "authid").text = "EPSG:4326"


def _geometry(collection: Collection) -> str:
    return "Point" if collection.id in ("partners", "visits") else "Polygon"


def _rgba(colour: str, alpha: int = 255) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5)) + f",{alpha}"


def _symbol(symbol_name: str, kind: str, /, **props: str) -> ET.Element:
    """A one-layer symbol; props are the symbol layer's QGIS properties (color, size, …)."""
    symbol = ET.Element("symbol", type=kind, name=symbol_name, alpha="1", clip_to_extent="1", force_rhr="0")
    layer_class = {"fill": "SimpleFill", "marker": "SimpleMarker"}[kind]
    layer = ET.SubElement(symbol, "layer", {"class": layer_class, "enabled": "1", "locked": "0", "pass": "0"})
    for key, value in props.items():
        ET.SubElement(layer, "prop", k=key, v=value)
    return symbol


def _fill(name: str, colour: str, *, alpha: int = 190, outline: str = "#505050") -> ET.Element:
    return _symbol(
        name,
        "fill",
        color=_rgba(colour, alpha),
        outline_color=_rgba(outline),
        outline_width="0.3",
        style="solid",
    )


def _marker(name: str, colour: str, size: str = "3") -> ET.Element:
    return _symbol(
        name, "marker", color=_rgba(colour), outline_color="255,255,255,255", name="circle", size=size
    )


def _renderer(collection_id: str) -> ET.Element:
    if collection_id == "neighborhoods":
        return _need_choropleth()
    if collection_id == "partners":
        return _partners_by_kind()
    renderer = ET.Element("renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0")
    symbols = ET.SubElement(renderer, "symbols")
    if collection_id == "visits":
        symbols.append(_marker("0", VISITS_COLOUR, size="1.6"))
    else:
        colour = OUTLINES.get(collection_id, "#333333")
        symbols.append(
            _symbol("0", "fill", color="0,0,0,0", outline_color=_rgba(colour), outline_width="0.8")
        )
    return renderer


def _need_choropleth() -> ET.Element:
    """Graduated on score, the priority map's classes; no score (never visited) grey."""
    renderer = ET.Element(
        "renderer-v2",
        type="graduatedSymbol",
        attr="score",
        graduatedMethod="GraduatedColor",
        symbollevels="0",
    )
    ranges, symbols = ET.SubElement(renderer, "ranges"), ET.SubElement(renderer, "symbols")
    lower = 0.0
    for index, (upper, colour) in enumerate(CLASSES):
        label = f"{lower:g}–{min(upper, 100):g}"
        ET.SubElement(
            ranges, "range", lower=f"{lower}", upper=f"{upper}", symbol=str(index), label=label, render="true"
        )
        symbols.append(_fill(str(index), colour))
        lower = upper
    source = ET.SubElement(renderer, "source-symbol")
    source.append(_fill("0", UNKNOWN))
    return renderer


def _partners_by_kind() -> ET.Element:
    renderer = ET.Element("renderer-v2", type="categorizedSymbol", attr="kind", symbollevels="0")
    categories, symbols = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
    for index, kind in enumerate(PartnerKind):
        label = str(kind.label)
        ET.SubElement(categories, "category", value=kind.value, symbol=str(index), label=label, render="true")
        symbols.append(_marker(str(index), KIND_COLOURS[kind]))
    return renderer
