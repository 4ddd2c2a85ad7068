"""Tabular exports: CSV streamed row by row, readable by Excel and safe to open."""

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import translation

# Cells a spreadsheet would run as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its header (translated when rendered) and how to read a row's value."""

    header: Any
    value: Callable[[Any], Any]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(*, filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    """Return rows as a streamed UTF-8 CSV download, with a BOM so Excel reads Persian."""
    writer = csv.writer(_Echo())
    # Rows are written after the view returns, when the request's language is gone.
    language = translation.get_language()

    def lines() -> Iterator[str]:
        with translation.override(language):
            yield "\ufeff" + writer.writerow([str(column.header) for column in columns])
            for row in rows:
                yield writer.writerow([_cell(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
