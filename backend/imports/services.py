"""Import neighbourhoods or partners from a file: check every row, then write all of them or none."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.db import models, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from backend.common.errors import error_summary
from backend.imports.mapping import input_data, resolve_columns
from backend.imports.reading import Layer, read_layer
from backend.imports.sources import opened
from backend.jobs.services import scores_stale
from backend.partners.models import Partner
from backend.partners.serializers import PartnerInput
from backend.partners.services import coverage_refresh, partner_create, partner_update
from backend.surveys.models import Neighborhood
from backend.surveys.serializers import NeighborhoodInput
from backend.surveys.services import neighborhood_create, neighborhood_update

Kind = Literal["neighborhoods", "partners"]


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass
class Report:
    """What an import found and did; nothing is written unless ``committed``."""

    kind: Kind
    source: str
    crs: str
    columns: dict[str, str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    repaired: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = True
    committed: bool = False


@dataclass(frozen=True)
class _Kind:
    serializer: type[serializers.Serializer]
    key: str  # the field that finds an existing row to update
    model: type[models.Model]
    create: Callable[..., Any]
    update: Callable[..., Any]


KINDS: dict[str, _Kind] = {
    "neighborhoods": _Kind(
        NeighborhoodInput,
        "code",
        Neighborhood,
        neighborhood_create,
        lambda obj, data: neighborhood_update(neighborhood=obj, data=data),
    ),
    # Coverage is measured once for the whole file, after its last row (coverage_refresh below).
    "partners": _Kind(
        PartnerInput,
        "ref",
        Partner,
        lambda **data: partner_create(coverage=False, **data),
        lambda obj, data: partner_update(partner=obj, data=data, coverage=False),
    ),
}


def import_file(
    kind: Kind,
    path: Path,
    *,
    original_name: str | None = None,
    overrides: dict[str, str] | None = None,
    layer: str | None = None,
    encoding: str | None = None,
    source_srid: int | None = None,
    dry_run: bool = True,
    progress: Callable[[int], object] = lambda done: None,
) -> Report:
    """Read path and import its rows as kind; raise ImportFileError when the file cannot be read at all."""
    with opened(path, original_name=original_name) as dataset:
        data = read_layer(dataset, layer=layer, encoding=encoding, source_srid=source_srid)
    return import_layer(kind, data, overrides=overrides or {}, dry_run=dry_run, progress=progress)


def import_layer(
    kind: Kind,
    layer: Layer,
    *,
    overrides: dict[str, str],
    dry_run: bool,
    progress: Callable[[int], object] = lambda done: None,
) -> Report:
    """Check every row with the API's input serializer; unless dry_run, and only if all pass, write them."""
    spec = KINDS[kind]
    columns = resolve_columns(kind, layer.fields, overrides)
    report = Report(
        kind=kind,
        source=f"{layer.driver} {layer.name}".strip(),
        crs=layer.crs,
        columns=columns,
        rows=len(layer.rows),
        notes=list(layer.notes),
        dry_run=dry_run,
    )
    checked: list[dict[str, Any]] = []
    for row in layer.rows:
        checked.append(_check(row, spec, kind, columns, report))
        progress(1)
    _check_unique_keys(layer, checked, spec, report)
    existing = spec.model._default_manager.in_bulk(
        [data[spec.key] for data in checked if data.get(spec.key)], field_name=spec.key
    )
    valid = [data for data in checked if data]
    report.updated = sum(1 for data in valid if data.get(spec.key) in existing)
    report.created = len(valid) - report.updated
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for data in valid:
            current = existing.get(data.get(spec.key))
            if current is None:
                spec.create(**data)
            else:
                spec.update(current, data)
        if kind == "partners":
            coverage_refresh()
            scores_stale()
    report.committed = True
    return report


def _check(row: Any, spec: _Kind, kind: Kind, columns: dict[str, str], report: Report) -> dict[str, Any]:
    if row.geometry is None:
        report.errors.append(RowError(row.number, _("geometry: missing, or cannot be reprojected.")))
        return {}
    serializer = spec.serializer(data=input_data(kind, row, columns))
    if not serializer.is_valid():
        report.errors.append(RowError(row.number, error_summary(serializer.errors)))
        return {}
    if kind == "neighborhoods" and not row.geometry.is_valid:
        report.repaired.append(row.number)
    return dict(serializer.validated_data)


def _check_unique_keys(layer: Layer, checked: list[dict[str, Any]], spec: _Kind, report: Report) -> None:
    counts = Counter(data.get(spec.key) for data in checked if data.get(spec.key))
    for row, data in zip(layer.rows, checked, strict=True):
        if counts.get(data.get(spec.key), 0) > 1:
            report.errors.append(
                RowError(
                    row.number,
                    _("%(key)s: %(value)s appears more than once in the file.")
                    % {"key": spec.key, "value": data[spec.key]},
                )
            )
    report.errors.sort(key=lambda error: error.row)
