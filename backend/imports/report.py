"""An import report as lines of text (the command prints them; the admin page shows the same)."""

from django.utils.translation import gettext as _

from backend.common.l10n import local_digits
from backend.imports.services import Report

MAX_ERRORS_SHOWN = 50


def report_lines(report: Report) -> list[str]:
    """The report in the language shown, its counts and row numbers in that language's digits
    (the file's name, its CRS and its column names stay as the file has them)."""
    n = _counts(report)
    columns = ", ".join(f"{target} ← {column}" for target, column in report.columns.items())
    lines = [
        _("Source: %(source)s, %(crs)s; %(rows)s rows.")
        % {"source": report.source, "crs": report.crs, "rows": n["rows"]},
        _("Columns: %(columns)s.") % {"columns": columns},
        *report.notes,
    ]
    if report.repaired:
        lines.append(
            _("Repaired polygons in rows: %(rows)s.")
            % {"rows": _(", ").join(local_digits(str(row)) for row in report.repaired)}
        )
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        lines.append(
            _("Row %(row)s: %(message)s") % {"row": local_digits(str(error.row)), "message": error.message}
        )
    if len(report.errors) > MAX_ERRORS_SHOWN:
        more = local_digits(str(len(report.errors) - MAX_ERRORS_SHOWN))
        lines.append(_("… and %(count)s more errors.") % {"count": more})
    if report.errors:
        lines.append(_("Nothing was imported: correct the rows above and try again."))
    elif report.committed:
        lines.append(_("Imported: %(created)s new, %(updated)s updated.") % n)
    else:
        lines.append(_("Dry run: %(created)s would be new, %(updated)s updated; nothing was written.") % n)
    return lines


def _counts(report: Report) -> dict[str, str]:
    return {name: local_digits(str(getattr(report, name))) for name in ("rows", "created", "updated")}
