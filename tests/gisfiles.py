"""Write GIS files with GDAL (through pyogrio) for import tests, and read exports back."""

from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry


def write_layer(
    path: Path,
    rows: list[dict[str, Any]],
    geometries: list[BaseGeometry | None],
    *,
    crs: str | None = "EPSG:4326",
    driver: str | None = None,
    encoding: str | None = None,
    **options: Any,
) -> Path:
    """Write one layer; every row must have the same keys (the columns)."""
    fields = list(rows[0]) if rows else []
    field_data = [
        np.array([row[name] for row in rows], dtype=_dtype([row[name] for row in rows])) for name in fields
    ]
    kinds = {geometry.geom_type for geometry in geometries if geometry is not None}
    has_z = any(geometry is not None and geometry.has_z for geometry in geometries)
    geometry_type = (kinds.pop() if len(kinds) == 1 else "Unknown") + (" Z" if has_z else "")
    pyogrio.raw.write(
        path,
        np.array([None if g is None else shapely.to_wkb(g) for g in geometries], dtype=object),
        field_data,
        fields,
        crs=crs,
        driver=driver,
        encoding=encoding,
        geometry_type=geometry_type,
        **options,
    )
    return path


def _dtype(values: list[Any]) -> Any:
    if all(isinstance(v, bool) for v in values):
        return bool
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return np.int64
    if all(isinstance(v, int | float) for v in values):
        return np.float64
    return object


def read_layer(
    path: Path | str, **options: Any
) -> tuple[dict[str, Any], list[BaseGeometry], list[dict[str, Any]]]:
    """(meta, geometries, rows) of a file, as GDAL reads it."""
    meta, _fids, geometries, values = pyogrio.raw.read(path, **options)
    fields = list(meta["fields"])
    rows = [
        {
            name: (column[i].item() if hasattr(column[i], "item") else column[i])
            for name, column in zip(fields, values, strict=True)
        }
        for i in range(len(geometries))
    ]
    return meta, [shapely.from_wkb(bytes(g)) if g is not None else None for g in geometries], rows
