"""Read a vector dataset with GDAL (through pyogrio) into plain rows in WGS 84."""

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyogrio
import shapely
from django.contrib.gis.gdal import CoordTransform, GDALException, OGRGeometry, SpatialReference
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.geometry.base import BaseGeometry

from backend.imports.sources import ImportFileError

WGS84 = 4326
# Columns GDAL's CSV driver takes as coordinates or as WKT, in this order of preference.
CSV_OPTIONS = {
    "X_POSSIBLE_NAMES": "lon,lng,long,longitude,x,طول",
    "Y_POSSIBLE_NAMES": "lat,latitude,y,عرض",
    "GEOM_POSSIBLE_NAMES": "wkt,geometry,geom,the_geom",
    "KEEP_GEOM_COLUMNS": "NO",
    "AUTODETECT_TYPE": "YES",
}
# Formats whose coordinates are WGS 84 by definition when the file says nothing.
WGS84_BY_DEFAULT = {".geojson", ".json", ".kml", ".csv"}


@dataclass
class Row:
    number: int  # 1-based, as a person counts features (or CSV data lines)
    attributes: dict[str, Any]
    geometry: BaseGeometry | None


@dataclass
class Layer:
    driver: str
    name: str
    crs: str
    fields: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)  # what was done to the data on the way in


def read_layer(
    path: Path, *, layer: str | None = None, encoding: str | None = None, source_srid: int | None = None
) -> Layer:
    """Read one layer of path; reproject it to WGS 84 and drop Z and M values."""
    suffix = path.suffix.lower()
    options = CSV_OPTIONS if suffix == ".csv" else {}
    try:
        layers = pyogrio.list_layers(path)
        if layer is None and len(layers) > 1:
            names = ", ".join(str(name) for name, _type in layers)
            raise ImportFileError(
                _("The file has several layers (%(names)s); choose one.") % {"names": names}
            )
        meta, _fids, geometries, values = pyogrio.raw.read(
            path, layer=layer, encoding=encoding, force_2d=True, datetime_as_string=True, **options
        )
    except (DataSourceError, DataLayerError) as exc:
        raise ImportFileError(
            _("GDAL cannot read the file: %(error)s") % {"error": _first_line(exc)}
        ) from None
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The attributes are not in the encoding given; try another (for example cp1256 or utf-8).")
        ) from None
    if geometries is None:
        raise ImportFileError(_("The layer has no geometry: give a geometry, or lon/lat or WKT columns."))
    source = _source_srs(meta.get("crs"), suffix, source_srid)
    transform = None if _is_wgs84(source) else CoordTransform(source, SpatialReference(WGS84))
    fields = [str(name) for name in meta["fields"]]
    rows = [
        Row(
            index + 1,
            {name: _plain(column[index]) for name, column in zip(fields, values, strict=True)},
            _geometry(wkb, source, transform),
        )
        for index, wkb in enumerate(geometries)
    ]
    notes = []
    if transform is not None:
        notes.append(_("Reprojected from %(crs)s to WGS 84.") % {"crs": source.name})
    if any(letter in (meta.get("geometry_type") or "") for letter in ("Z", "M")):
        notes.append(_("Z and M values were dropped."))
    if meta.get("encoding") and meta["encoding"].upper() not in ("UTF-8", "UTF8"):
        notes.append(_("Attributes read as %(encoding)s.") % {"encoding": meta["encoding"]})
    return Layer(
        driver=str(meta.get("driver") or ""),
        name=str(layer or (layers[0][0] if len(layers) else "")),
        crs=source.name or "WGS 84",
        fields=fields,
        rows=rows,
        notes=notes,
    )


def _source_srs(crs: str | None, suffix: str, source_srid: int | None) -> SpatialReference:
    """The file's spatial reference; never read from user text that GDAL could treat as a path."""
    try:
        if source_srid is not None:
            return SpatialReference(source_srid)
        if crs is None:
            if suffix in WGS84_BY_DEFAULT:
                return SpatialReference(WGS84)
            raise ImportFileError(
                _(
                    "The file does not say which coordinate system it uses (a Shapefile needs its .prj); "
                    "give the EPSG code, for example 32639 for UTM zone 39N."
                )
            )
        if crs.upper().startswith("EPSG:") and crs[5:].isascii() and crs[5:].isdigit():
            return SpatialReference(int(crs[5:]))
        return SpatialReference(crs, srs_type="wkt")
    except (GDALException, ValueError):
        raise ImportFileError(
            _("The coordinate system %(crs)s is unknown; give its EPSG code instead.")
            % {"crs": source_srid or (crs or "")[:80]}
        ) from None


def _is_wgs84(srs: SpatialReference) -> bool:
    return srs.geographic and (srs.srid == WGS84 or srs.name in ("WGS 84", "WGS84"))


def _geometry(
    wkb: bytes | None, source: SpatialReference, transform: CoordTransform | None
) -> BaseGeometry | None:
    if wkb is None:
        return None
    if transform is not None:
        try:
            ogr = OGRGeometry(memoryview(bytes(wkb)), srs=source)
            ogr.transform(transform)
            wkb = bytes(ogr.wkb)
        except GDALException:
            return None
    return shapely.from_wkb(bytes(wkb))


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; NaN and empty text as None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else exc.__class__.__name__
