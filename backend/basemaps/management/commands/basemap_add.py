"""python manage.py basemap_add NAME FILE [--title …] [--default]: serve an MBTiles or PMTiles file."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from backend.basemaps.services import basemap_add


class Command(BaseCommand):
    help = (
        "Add (or replace) a base map from an MBTiles or PMTiles file; its bounds and zooms are read from it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", help="A short name (letters, digits, - and _): in its tile addresses.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--attribution", default=None, help="Credit shown on the map (default: the file's)."
        )
        parser.add_argument("--default", action="store_true", help="Draw it under every map.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"There is no file {source}.")
        try:
            basemap = basemap_add(
                name=options["name"],
                source=source,
                title=options["title"],
                attribution=options["attribution"],
                is_default=options["default"],
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from None
        bounds = ", ".join(f"{v:.4f}" for v in basemap.bounds)
        kind, tiles = basemap.get_kind_display(), basemap.get_tile_format_display()
        self.stdout.write(
            f"Base map {basemap.name}: {kind} of {tiles} tiles, zoom {basemap.min_zoom}–{basemap.max_zoom},"
            f" bounds {bounds}" + (" (the default)" if basemap.is_default else "")
        )
