"""An import report as lines of text (the command prints them; the admin page shows the same)."""

from django.utils.translation import gettext as _

from backend.imports.services import Report

MAX_ERRORS_SHOWN = 50


def report_lines(report: Report) -> list[str]:
    columns = ", ".join(f"{target} ← {column}" for target, column in report.columns.items())
    lines = [
        _("Source: %(source)s, %(crs)s; %(rows)d rows.")
        % {"source": report.source, "crs": report.crs, "rows": report.rows},
        _("Columns: %(columns)s.") % {"columns": columns},
        *report.notes,
    ]
    if report.repaired:
        lines.append(
            _("Repaired polygons in rows: %(rows)s.") % {"rows": ", ".join(map(str, report.repaired))}
        )
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        lines.append(_("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message})
    if len(report.errors) > MAX_ERRORS_SHOWN:
        lines.append(_("… and %(count)d more errors.") % {"count": len(report.errors) - MAX_ERRORS_SHOWN})
    if report.errors:
        lines.append(_("Nothing was imported: correct the rows above and try again."))
    elif report.committed:
        lines.append(
            _("Imported: %(created)d new, %(updated)d updated.")
            % {"created": report.created, "updated": report.updated}
        )
    else:
        lines.append(
            _("Dry run: %(created)d would be new, %(updated)d updated; nothing was written.")
            % {"created": report.created, "updated": report.updated}
        )
    return lines
