"""Writes for base maps: adding (or replacing) one from a file, and choosing the default."""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backend.basemaps.models import Basemap
from geo.basemaps import BasemapError, archive_info


@transaction.atomic
def basemap_add(
    *, name: str, source: Path, title: str = "", attribution: str | None = None, is_default: bool = False
) -> Basemap:
    """Check the file (MBTiles or PMTiles by its bytes), copy it under BASEMAP_ROOT and record what
    it holds; the same name again replaces the file. A bad file is a ValidationError, nothing kept."""
    if name == "default":
        raise ValidationError(
            {"name": ["'default' names whichever base map is the default; choose another."]}
        )
    try:
        info = archive_info(source)
    except BasemapError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    size = source.stat().st_size
    if size > settings.BASEMAP_MAX_BYTES:
        raise ValidationError({"file": [f"The file is larger than {settings.BASEMAP_MAX_BYTES:,} bytes."]})
    basemap = Basemap.objects.filter(name=name).first() or Basemap(name=name)
    basemap.title = title or basemap.title or info.title or name
    basemap.attribution = info.attribution if attribution is None else attribution
    basemap.path = f"{name}.{info.kind}"
    basemap.kind, basemap.tile_format = info.kind, info.tile_format
    basemap.min_zoom, basemap.max_zoom = info.min_zoom, info.max_zoom
    basemap.west, basemap.south, basemap.east, basemap.north = info.bounds
    basemap.size_bytes, basemap.tile_count = size, info.tile_count
    basemap.updated_at = timezone.now()
    if is_default:
        Basemap.objects.filter(is_default=True).exclude(name=name).update(is_default=False)
        basemap.is_default = True
    basemap.full_clean()
    basemap.save()
    # The file goes in last, whole: a tile request meanwhile reads the old one or the new one.
    root = Path(settings.BASEMAP_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.NamedTemporaryFile(dir=root, delete=False, suffix=".part") as copy,
        source.open("rb") as original,
    ):
        shutil.copyfileobj(original, copy, 1024 * 1024)
    os.chmod(copy.name, 0o644)  # read by whichever user the web server runs as
    os.replace(copy.name, root / basemap.path)
    return basemap


def basemap_delete(*, basemap: Basemap) -> None:
    (Path(settings.BASEMAP_ROOT) / basemap.path).unlink(missing_ok=True)
    basemap.delete()
