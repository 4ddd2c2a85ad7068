"""One dataset, six formats: CSV and Excel (tables), GeoJSON, GeoPackage, zipped Shapefile and KML.

Rows come from the database in chunks through a server-side cursor, so memory stays flat however
many there are. CSV and GeoJSON are streamed as they are made; the others are written by GDAL
(pyogrio) into a temporary file, a chunk at a time, and that file is streamed.
"""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyogrio
from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB, PointOnSurface
from django.db.models import F, FloatField, Func
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse

from backend.common.exports import Column, csv_response, xlsx_response
from backend.exports.copy import copy_csv, copyable
from backend.exports.fields import Dataset, Field

CHUNK = 10_000  # rows fetched and written at a time


@dataclass(frozen=True)
class Format:
    content_type: str
    render: Callable[[Dataset], HttpResponseBase]


def _batched(rows: Iterable[tuple], size: int) -> Iterator[tuple]:
    iterator = iter(rows)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


def _rows(dataset: Dataset, **geometry: Any) -> tuple[Iterator[tuple], dict[str, int]]:
    """The rows as tuples, and where each source and geometry expression sits in them."""
    queryset, where = _values(dataset, **geometry)
    rows = queryset.iterator(chunk_size=CHUNK)
    return (rows if dataset.progress is None else _counted(rows, dataset.progress)), where


def _values(dataset: Dataset, **expressions: Any) -> tuple[Any, dict[str, int]]:
    sources = list(dict.fromkeys(field.source for field in dataset.fields))
    queryset = dataset.queryset.annotate(**expressions).values_list(*sources, *expressions)
    return queryset, {name: index for index, name in enumerate([*sources, *expressions])}


def features(dataset: Dataset, *, ids: str, window: slice) -> list[dict[str, Any]]:
    """A window of the dataset's rows as GeoJSON Feature dicts, each with its id read from ids
    (a field path): what the OGC API pages through, with the attributes of the GIS exports."""
    queryset, where = _values(
        dataset, _geojson=AsGeoJSON(dataset.geometry, precision=6, crs=False), _fid=F(ids)
    )
    getters = {field.name: _getter(field, where) for field in dataset.fields}
    geometry, fid = where["_geojson"], where["_fid"]
    return [
        {
            "type": "Feature",
            "id": row[fid],
            "geometry": json.loads(row[geometry]) if row[geometry] else None,
            "properties": _properties(getters, row),
        }
        for row in queryset[window]
    ]


def _counted(rows: Iterator[tuple], progress: Callable[..., None]) -> Iterator[tuple]:
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % CHUNK == 0:
            progress(done)
    progress(done, final=True)


def _getter(field: Field, where: dict[str, int], *, labels: bool = False) -> Callable[[tuple], Any]:
    """How to read the field from a row (a closure: this runs once per cell of a million rows)."""
    index, convert = where[field.source], field.convert
    if labels and field.choices is not None:
        # Translated once, in the request's language, not once per cell.
        names = {choice.value: str(choice.label) for choice in field.choices}
        return lambda row: names.get(value, value) if (value := row[index]) else value
    if convert is None:
        return lambda row: row[index]
    return lambda row: None if (value := row[index]) is None else convert(value)


class _X(Func):
    function = "ST_X"
    output_field = FloatField()


class _Y(Func):
    function = "ST_Y"
    output_field = FloatField()


def _table_columns(dataset: Dataset) -> tuple[list[Column], Iterator[tuple]]:
    """Columns for CSV and Excel: choice labels instead of codes, and a lon/lat for each row."""
    rows, where = _rows(
        dataset, _lon=_X(PointOnSurface(dataset.geometry)), _lat=_Y(PointOnSurface(dataset.geometry))
    )
    columns = [Column(field.header, _getter(field, where, labels=True)) for field in dataset.fields]
    columns += [Column("lon", lambda row: row[where["_lon"]]), Column("lat", lambda row: row[where["_lat"]])]
    return columns, rows


def render_csv(dataset: Dataset) -> HttpResponseBase:
    """Made by PostgreSQL (exports.copy) when every field has a SQL form, else row by row here."""
    if not copyable(dataset):
        columns, rows = _table_columns(dataset)
        return csv_response(filename=f"{dataset.name}.csv", columns=columns, rows=rows)
    header = [str(field.header) for field in dataset.fields] + ["lon", "lat"]
    where = dataset.geometry if dataset.geometry_type == "Point" else PointOnSurface(dataset.geometry)
    points = {"_lon": _X(where), "_lat": _Y(where)}
    response = StreamingHttpResponse(
        copy_csv(dataset, header, points), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.csv"'
    return response


def render_xlsx(dataset: Dataset) -> HttpResponseBase:
    columns, rows = _table_columns(dataset)
    return xlsx_response(filename=f"{dataset.name}.xlsx", sheet=dataset.name, columns=columns, rows=rows)


def render_geojson(dataset: Dataset) -> HttpResponseBase:
    """RFC 7946: WGS 84 longitude/latitude, six decimals (10 cm), no crs member."""
    rows, where = _rows(dataset, _geojson=AsGeoJSON(dataset.geometry, precision=6, crs=False))
    getters = {field.name: _getter(field, where) for field in dataset.fields}
    geometry = where["_geojson"]

    def feature(row: tuple) -> str:
        properties = json.dumps(_properties(getters, row), ensure_ascii=False)
        return f'{{"type":"Feature","geometry":{row[geometry]},"properties":{properties}}}'

    def features() -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":[\n'
        for number, chunk in enumerate(_batched(rows, 1000)):
            yield ("," if number else "") + ",\n".join(feature(row) for row in chunk)
        yield "\n]}\n"

    response = StreamingHttpResponse(features(), content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.geojson"'
    return response


def _properties(getters: dict[str, Callable[[tuple], Any]], row: tuple) -> dict[str, Any]:
    return {name: get(row) for name, get in getters.items()}


def _gdal_file(dataset: Dataset, folder: Path, driver: str, suffix: str, **options: Any) -> Path:
    """Write the dataset with GDAL into folder, CHUNK rows at a time."""
    path = folder / f"{dataset.name}{suffix}"
    rows, where = _rows(dataset, _wkb=AsWKB(dataset.geometry))
    chunks = _batched(rows, CHUNK)
    first = True
    for chunk in _at_least_one(chunks):
        arrays, masks = zip(*(_array(field, chunk, where) for field in dataset.fields), strict=True)
        pyogrio.raw.write(
            path,
            np.array([bytes(row[where["_wkb"]]) for row in chunk], dtype=object),
            list(arrays),
            [field.name for field in dataset.fields],
            field_mask=list(masks),
            layer=dataset.name,
            driver=driver,
            geometry_type=dataset.geometry_type,
            crs="EPSG:4326",
            append=not first,
            **options,
        )
        first = False
    return path


def _at_least_one(chunks: Iterable[tuple]) -> Iterator[tuple]:
    """The chunks, or one empty chunk: an empty export is still a file with its fields."""
    empty = True
    for chunk in chunks:
        empty = False
        yield chunk
    if empty:
        yield ()


_DTYPES = {"str": object, "int": np.int64, "float": np.float64, "bool": np.int64}


def _array(field: Field, chunk: tuple, where: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    get = _getter(field, where)
    values = [get(row) for row in chunk]
    mask = np.array([value is None for value in values], dtype=bool)
    if field.kind == "str":
        return np.array([None if v is None else str(v) for v in values], dtype=object), mask
    filler = np.nan if field.kind == "float" else 0
    data = np.array([filler if v is None else v for v in values], dtype=_DTYPES[field.kind])
    return data, mask


def _gdal_response(fmt: str, write: Callable[[Path], Path]) -> FileResponse:
    """Let write() make the file in a temporary folder, then stream it; the folder is gone at once."""
    folder = Path(tempfile.mkdtemp(prefix="mahalleh-export-"))
    try:
        path = write(folder)
        handle = path.open("rb")
    finally:
        shutil.rmtree(folder)  # an open handle keeps the file readable until it is closed
    content_type = FORMATS[fmt].content_type
    return FileResponse(handle, as_attachment=True, filename=path.name, content_type=content_type)


def render_gpkg(dataset: Dataset) -> HttpResponseBase:
    return _gdal_response("gpkg", lambda folder: _gdal_file(dataset, folder, "GPKG", ".gpkg"))


def render_kml(dataset: Dataset) -> HttpResponseBase:
    def write(folder: Path) -> Path:
        return _gdal_file(dataset, folder, "KML", ".kml", dataset_options={"NameField": "name"})

    return _gdal_response("kml", write)


def render_shapefile(dataset: Dataset) -> HttpResponseBase:
    """A Shapefile's parts (.shp .shx .dbf .prj .cpg, attributes in UTF-8) in one zip."""

    def write(folder: Path) -> Path:
        shp = _gdal_file(dataset, folder, "ESRI Shapefile", ".shp", layer_options={"ENCODING": "UTF-8"})
        archive = folder / f"{dataset.name}.shp.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for part in sorted(folder.glob(f"{shp.stem}.*")):
                if part != archive:
                    zipped.write(part, part.name)
        return archive

    return _gdal_response("shp.zip", write)


def write_file(dataset: Dataset, fmt: str, path: Path) -> None:
    """Write the export to path, byte for byte what the download of the same request streams."""
    response = FORMATS[fmt].render(dataset)
    with path.open("wb") as out:
        for chunk in cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content):
            out.write(chunk)
    # Not response.close(): that signals the end of a request, and Django then closes the database
    # connection the job is using. The temporary file it streamed closes when the response is freed.


FORMATS = {
    "csv": Format("text/csv", render_csv),
    "xlsx": Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
    "geojson": Format("application/geo+json", render_geojson),
    "gpkg": Format("application/geopackage+sqlite3", render_gpkg),
    "shp.zip": Format("application/zip", render_shapefile),
    "kml": Format("application/vnd.google-earth.kml+xml", render_kml),
}
