"""What an export is made of: a queryset, its geometry, and the fields written for each row."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models
from django.db.models import QuerySet


def iso(moment: datetime) -> str:
    """UTC, ISO 8601 with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Field:
    """One attribute: its name in GIS files (Shapefile allows 10 characters), its header in tables."""

    name: str
    header: Any
    source: str  # what values_list() fetches
    kind: str = "str"  # str, int, float or bool
    convert: Callable[[Any], Any] | None = None
    choices: type[models.Choices] | None = None  # tables show the label, GIS files the code


@dataclass(frozen=True)
class Dataset:
    name: str  # file and layer name
    queryset: QuerySet
    geometry: str  # the geometry field's path
    geometry_type: str  # Point or MultiPolygon
    fields: list[Field]
    # Told the rows read so far, as often as they come, and final=True with the last count.
    progress: Callable[..., None] | None = None
