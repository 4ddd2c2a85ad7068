"""manage.py import_file neighborhoods|partners PATH [options]: check a file, then import it whole."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from backend.imports.mapping import parse_overrides
from backend.imports.report import report_lines
from backend.imports.services import import_file
from backend.imports.sources import ImportFileError


class Command(BaseCommand):
    help = (
        "Import neighbourhoods or partners from GeoJSON, GeoPackage, a zipped Shapefile, KML or CSV "
        "(lon/lat or WKT columns). Every row is checked first; if any fails, nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["neighborhoods", "partners"])
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--map", action="append", default=[], metavar="FIELD=COLUMN", help="Which column fills a field."
        )
        parser.add_argument("--layer", help="The layer to read, when the file has several.")
        parser.add_argument(
            "--encoding", help="The attributes' encoding, when the file does not say (cp1256)."
        )
        parser.add_argument(
            "--srid", type=int, help="The EPSG code of the coordinates, when the file does not say."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        bar = tqdm(desc="rows", unit=" rows", disable=options["no_progress"], file=self.stderr)
        try:
            report = import_file(
                options["kind"],
                path,
                overrides=parse_overrides(options["map"]),
                layer=options["layer"],
                encoding=options["encoding"],
                source_srid=options["srid"],
                dry_run=options["dry_run"],
                progress=bar.update,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        for line in report_lines(report):
            self.stdout.write(line)
        if report.errors:
            raise CommandError(f"{len(report.errors)} rows have errors; nothing was imported.")
