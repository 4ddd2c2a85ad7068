"""Turn an uploaded or local file into a dataset GDAL can open, refusing what is unsafe.

Zips are unpacked by us, not by GDAL, so that member names and sizes are checked first: no path
leaves the temporary folder, and no member (or all of them together) inflates past the limit.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

# What we read, by extension; a zip must hold exactly one of the "main" files.
SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".kml", ".csv"}
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml"}
CHUNK = 1 << 20


class ImportFileError(Exception):
    """The file cannot be imported at all; the message says why and what to do."""


@contextmanager
def opened(path: Path, *, original_name: str | None = None) -> Iterator[Path]:
    """Yield the path of the dataset to read from path (a zip is unpacked into a temporary folder)."""
    name = original_name or path.name
    suffix = Path(name).suffix.lower()
    if path.stat().st_size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)d MB; at most %(limit)d MB can be imported.")
            % {"size": path.stat().st_size // 2**20, "limit": settings.IMPORT_MAX_BYTES // 2**20}
        )
    if suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="mahalleh-import-") as folder:
            yield _unzip(path, Path(folder))
        return
    if suffix not in SUFFIXES:
        raise ImportFileError(
            _("%(name)s is not a file we read. Send GeoJSON, GeoPackage, a zipped Shapefile, KML or CSV.")
            % {"name": name}
        )
    if suffix == path.suffix.lower():
        yield path
        return
    # An upload kept under a temporary name: GDAL picks its driver by extension, so give it one.
    with tempfile.TemporaryDirectory(prefix="mahalleh-import-") as folder:
        named = Path(folder) / f"upload{suffix}"
        shutil.copyfile(path, named)
        yield named


def _unzip(path: Path, folder: Path) -> Path:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(_("The zip file is damaged or is not a zip file.")) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            _check_name(member.filename)
        total = sum(m.file_size for m in members)
        if total > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise ImportFileError(
                _("The zip unpacks to %(size)d MB; at most %(limit)d MB is accepted.")
                % {"size": total // 2**20, "limit": settings.IMPORT_MAX_UNPACKED_BYTES // 2**20}
            )
        mains = [m for m in members if PurePosixPath(m.filename).suffix.lower() in SUFFIXES - {".json"}]
        if len(mains) != 1:
            found = ", ".join(m.filename for m in mains) or _("none")
            raise ImportFileError(
                _("A zip must hold one .shp, .gpkg, .geojson, .kml or .csv file; it holds: %(found)s.")
                % {"found": found}
            )
        main = PurePosixPath(mains[0].filename)
        for member in members:
            # Only the main file and its own sidecar files are unpacked, flat.
            member_path = PurePosixPath(member.filename)
            if member_path.stem == main.stem and member_path.suffix.lower() in SHAPEFILE_PARTS | SUFFIXES:
                _extract(archive, member, folder / member_path.name)
    return folder / main.name


def _check_name(name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        raise ImportFileError(
            _("The zip holds an unsafe path (%(name)s); nothing was read.") % {"name": name[:200]}
        )


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    """Copy one member out, stopping if it inflates past what its header declared (a zip bomb)."""
    written = 0
    try:
        with archive.open(member) as source, target.open("wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > member.file_size or written > settings.IMPORT_MAX_UNPACKED_BYTES:
                    raise ImportFileError(
                        _("A file in the zip inflates past its declared size; nothing was read.")
                    )
                sink.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ImportFileError(
            _("%(name)s in the zip cannot be unpacked: %(error)s") % {"name": member.filename, "error": exc}
        ) from None
