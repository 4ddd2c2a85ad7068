"""CSV made by PostgreSQL: COPY (SELECT …) TO STDOUT, with every cell formatted in the SELECT.

The columns are the ones the Python writer makes (common.exports.csv_response): choice labels in
the request's language, ISO (UTC) beside Jalali (local) dates, booleans as 1/0, cells a
spreadsheet would run as formulas prefixed with '. Jalali dates come from a day → Jalali table
made by jdatetime for the days the rows span (geo.text stays the one Jalali calendar), passed as
one JSON parameter. Two things differ from the Python writer: lines end in LF, and a whole float
is written 3 rather than 3.0.
"""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone
from psycopg.types.json import Jsonb

from backend.common.l10n import jalali_local
from backend.exports.fields import Dataset, Field, iso
from geo.text import jalali_date

BLOCK_BYTES = 256 * 1024
_FORMULA = "('=', '+', '-', '@', E'\\t', E'\\r')"
# How a converter the datasets name is written in SQL ({c}: the column).
_CONVERTED = {
    # Python's isoformat() leaves out a zero fraction of a second.
    iso: "replace(to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '') || 'Z'",
    str: "{c}::text",
    float: "{c}::float8",
    ",".join: "NULLIF(array_to_string({c}, ','), '')",
}


def copyable(dataset: Dataset) -> bool:
    """Whether every field has a SQL form (a field with a converter of its own has none)."""
    return all(
        f.convert is None or f.convert in _CONVERTED or f.convert is jalali_local for f in dataset.fields
    )


def copy_sql(dataset: Dataset, geometry_columns: dict[str, Any]) -> tuple[str, list[Any]]:
    """The SELECT of the CSV's cells (header apart), and its parameters."""
    sources = list(dict.fromkeys(field.source for field in dataset.fields))
    alias = {source: f"c{index}" for index, source in enumerate(sources)}
    from django.db.models import F

    inner = dataset.queryset.annotate(**{alias[s]: F(s) for s in sources}, **geometry_columns).values_list(
        *alias.values(), *geometry_columns
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    cells, params = [], []
    for field in dataset.fields:
        sql, extra = _cell(field, f"q.{alias[field.source]}", dataset)
        cells.append(sql)
        params += extra
    cells += [f"q.{name}" for name in geometry_columns]
    return f"SELECT {', '.join(cells)} FROM ({inner_sql}) AS q", [*params, *inner_params]  # noqa: S608


def _cell(field: Field, column: str, dataset: Dataset) -> tuple[str, list[Any]]:
    if field.choices is not None:  # our own labels: never formulas
        whens = " ".join("WHEN %s THEN %s" for _ in field.choices)
        labels = [v for choice in field.choices for v in (choice.value, str(choice.label))]
        return f"CASE {column} {whens} ELSE NULLIF({column}, '') END", labels
    if field.convert is jalali_local:
        return _jalali(column, dataset, field.source)
    if field.convert is not None:  # dates, numbers, codes: never formulas
        return _CONVERTED[field.convert].format(c=column), []
    if field.kind == "bool":
        return f"CASE WHEN {column} THEN '1' WHEN NOT {column} THEN '0' END", []
    if field.kind == "str":  # typed by people: may start like a formula
        return _safe(f"NULLIF({column}::text, '')"), []
    return column, []


def _safe(value: str) -> str:
    """The cell with a ' before it if it starts like a formula (CSV injection, OWASP)."""
    return f"CASE WHEN left({value}, 1) IN {_FORMULA} THEN '''' || {value} ELSE {value} END"


def _jalali(column: str, dataset: Dataset, source: str) -> tuple[str, list[Any]]:
    """'YYYY/MM/DD HH:MM' local: the day from a table of the days the rows span, the time from SQL."""
    zone = timezone.get_default_timezone()
    span = dataset.queryset.aggregate(first=Min(source), last=Max(source))
    days: dict[str, str] = {}
    if span["first"] is not None:
        day, last = span["first"].astimezone(zone).date(), span["last"].astimezone(zone).date()
        while day <= last:
            days[day.isoformat()] = jalali_date(datetime(day.year, day.month, day.day, 12, tzinfo=zone), zone)
            day += timedelta(days=1)
    name = timezone.get_default_timezone_name()
    local = f"({column} AT TIME ZONE %s)"
    sql = f"(%s::jsonb ->> {local}::date::text) || to_char({local}, ' HH24:MI')"
    return sql, [Jsonb(days), name, name]


def copy_csv(dataset: Dataset, header: list[str], geometry_columns: dict[str, Any]) -> Iterator[bytes]:
    """The CSV: a BOM and the header (so Excel reads Persian), then PostgreSQL's rows as they come.

    The SELECT is made now, in the caller's language; the rows are read as the result is iterated.
    """
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(header)
    sql, params = copy_sql(dataset, geometry_columns)
    return _copied("\ufeff" + line.getvalue(), sql, params, dataset.progress or _unreported)


def _unreported(done: int, *, final: bool = False) -> None:
    """Progress nobody asked for (a download streamed at once)."""


def _copied(head: str, sql: str, params: list[Any], report: Callable[..., None]) -> Iterator[bytes]:
    yield head.encode()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's has no COPY
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            # COPY hands over a row at a time: send them on in blocks.
            block, rows = bytearray(), 0
            for row in copy:
                block += row
                rows += 1
                if len(block) >= BLOCK_BYTES:
                    report(rows)
                    yield bytes(block)
                    block.clear()
            yield bytes(block)
        report(rows, final=True)
