"""Write helpers shared by the apps' services."""

import functools
import json
import operator
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from django.db.models.base import DEFERRED
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


def model_update(instance: models.Model, *, fields: Iterable[str], data: dict[str, Any]) -> None:
    """Set the fields in data (each one of fields: any other is a caller's mistake, refused
    rather than dropped), stamp updated_at if it has one, validate and save."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field to change named {', '.join(unknown)}.")
    for field, value in data.items():
        setattr(instance, field, value)
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        setattr(instance, "updated_at", timezone.now())  # noqa: B010 (not every model has one)
    instance.full_clean()
    instance.save()


def instances_build(model: type[M], rows: Iterable[dict[str, Any]]) -> list[M]:
    """model(**row) for each row, keyed by attname (a foreign key by its id): the same instances,
    made through Django's positional fast path, in a third of the time for a batch of hundreds.
    A field missing from a row gets its default, made for each instance as Model() makes it."""
    fields = [(f.attname, f.generated, f.get_default) for f in model._meta.concrete_fields]
    return [
        model(
            *[
                row[name] if name in row else DEFERRED if generated else default()
                for name, generated, default in fields
            ]
        )
        for row in rows
    ]


def rows_copy(model: type[models.Model], rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> int:
    """Insert rows (dicts by field name; a foreign key by its id) with COPY … FROM STDIN.

    For thousands of rows at once (a recompute), where bulk_create spends its time making model
    instances and quoting every value in Python. No signals, no validation, nothing read back:
    the caller made the values. JSON fields are written as JSON text.
    """
    from django.db import connection

    columns = [cast(models.Field, model._meta.get_field(name)) for name in fields]  # concrete ones
    names = quoted_columns(connection, columns)
    table = connection.ops.quote_name(model._meta.db_table)
    as_json = [isinstance(field, models.JSONField) for field in columns]
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            values = [row[name] for name in fields]
            copy.write_row(
                [json.dumps(v) if j and v is not None else v for v, j in zip(values, as_json, strict=True)]
            )
            count += 1
    return count


def instances_copy(instances: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model with COPY … FROM STDIN, as bulk_create would store
    them (defaults, auto_now_add, each field's own database form) but without making Python quote
    every value. No signals and no primary keys read back (find the rows by a unique key).
    A database error is Django's (an IntegrityError for a unique violation)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    # The connection itself, not django.db.connection: that proxy looks it up on every use,
    # and each cell's preparation uses it several times.
    connection = connections[DEFAULT_DB_ALIAS]

    if not instances:
        return
    model = type(instances[0])
    # The id comes from its sequence; a generated column from its expression.
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key or getattr(f, "generated", False))]
    names = quoted_columns(connection, fields)
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({names}) FROM STDIN"
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        plain = [_plain_types(field) for field in fields]
        geometry = [_geometry_srid(field) for field in fields]
        # Most fields' pre_save only reads the attribute: read it, and call the others (auto_now…).
        reads = [
            operator.attrgetter(field.attname)
            if type(field).pre_save is models.Field.pre_save
            else functools.partial(_pre_save_added, field)
            for field in fields
        ]
        for instance in instances:
            row = []
            for field, read, types, srid in zip(fields, reads, plain, geometry, strict=True):
                value = read(instance)
                # Django's preparation of a str for a text column (and the like) returns it as it
                # is, through several calls per cell; thousands of rows make that the copy's cost.
                if type(value) in types:
                    row.append(value)
                elif srid is not None and isinstance(value, GEOSGeometry) and value.srid == srid:
                    row.append(value.ewkb.hex())  # what Django's text dumper sends, made directly
                else:
                    row.append(field.get_db_prep_save(value, connection))
            copy.write_row(row)


def _pre_save_added(field: models.Field, instance: models.Model) -> Any:
    return field.pre_save(instance, add=True)


_PLAIN_TYPES: tuple[tuple[type[models.Field], frozenset[type]], ...] = (
    (models.BooleanField, frozenset({bool, type(None)})),
    (models.CharField, frozenset({str, type(None)})),
    (models.TextField, frozenset({str, type(None)})),
    (models.IntegerField, frozenset({int, type(None)})),  # AutoField and the small/big ones too
    (models.FloatField, frozenset({float, type(None)})),
    (models.UUIDField, frozenset({uuid.UUID, type(None)})),
)


def quoted_columns(connection: Any, fields: Iterable[models.Field]) -> str:
    """The columns of concrete fields (which all have one), quoted for a COPY statement."""
    return ", ".join(connection.ops.quote_name(cast(str, field.column)) for field in fields)


def _geometry_srid(field: models.Field) -> int | None:
    """The SRID of a geometry column (not geography), whose values go in as hex EWKB."""
    if isinstance(field, GeometryField) and not field.geography:
        return field.srid
    return None


def _plain_types(field: models.Field) -> frozenset[type]:
    """The Python types whose values field stores unchanged (an exact type: a bool is no int)."""
    if isinstance(field, models.ForeignKey):  # an id of an auto-numbered key is stored as it is
        auto = isinstance(field.target_field, models.AutoField)
        return frozenset({int, type(None)}) if auto else _plain_types(field.target_field)
    for kind, types in _PLAIN_TYPES:
        if isinstance(field, kind):
            # A subclass that prepares values its own way (encrypts, normalises) gets no shortcut.
            preparation = ("get_prep_value", "get_db_prep_value", "get_db_prep_save")
            same = all(getattr(type(field), name) is getattr(kind, name) for name in preparation)
            return types if same else frozenset()
    return frozenset()
