"""Tabular exports: CSV streamed row by row and XLSX, readable by Excel and safe to open."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
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


def xlsx_response(
    *, filename: str, sheet: str, columns: Sequence[Column], rows: Iterable[Any]
) -> FileResponse:
    """Return rows as an Excel workbook: bold frozen header, right-to-left in Persian."""
    # constant_memory writes each row out as it goes, and the workbook is put together in a temporary
    # file, not in memory: a million rows take no more memory than ten.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
    worksheet = workbook.add_worksheet(sheet[:31])
    if translation.get_language_bidi():
        worksheet.right_to_left()
    bold = workbook.add_format({"bold": True})
    worksheet.freeze_panes(1, 0)
    for col, column in enumerate(columns):
        worksheet.write_string(0, col, str(column.header), bold)
        worksheet.set_column(col, col, max(10, min(40, len(str(column.header)) + 4)))
    for row_number, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = column.value(row)
            if value is None:
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(row_number, col, value)
            elif isinstance(value, int | float):
                worksheet.write_number(row_number, col, value)
            else:
                worksheet.write_string(row_number, col, str(value))  # never a formula
    workbook.close()
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
