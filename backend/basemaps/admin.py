"""Base maps in the admin: upload an MBTiles or PMTiles file; what it holds is read from it."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.basemaps.models import Basemap
from backend.basemaps.services import basemap_add, basemap_delete
from geo.basemaps import BasemapError, archive_info


class BasemapForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("An MBTiles or PMTiles file: raster (PNG, JPEG, WebP) or vector (MVT) tiles."),
    )

    class Meta:
        model = Basemap
        fields = ("name", "title", "attribution", "is_default")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("upload")
        if upload is None and self.instance.pk is None:
            raise ValidationError({"upload": _("Choose the base map's file.")})
        if upload is not None and upload.size > settings.BASEMAP_MAX_BYTES:
            raise ValidationError({"upload": _("The file is too large.")})
        if upload is not None:
            with _on_disk(upload) as path:
                try:
                    archive_info(path)
                except BasemapError as exc:
                    raise ValidationError({"upload": str(exc)}) from None
        return data


@contextmanager
def _on_disk(upload: Any) -> Iterator[Path]:
    """The uploaded file's path: Django's own temporary file, or a copy of a small in-memory one."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    upload.seek(0)
    with tempfile.TemporaryDirectory(prefix="mahalleh-basemap-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as copy:
            shutil.copyfileobj(upload, copy, 1024 * 1024)
        yield path


@admin.register(Basemap)
class BasemapAdmin(admin.ModelAdmin):
    form = BasemapForm
    list_display = (
        "name",
        "title",
        "kind",
        "tile_format",
        "min_zoom",
        "max_zoom",
        "size_bytes",
        "is_default",
    )
    readonly_fields = (
        "kind",
        "tile_format",
        "min_zoom",
        "max_zoom",
        "west",
        "south",
        "east",
        "north",
        "size_bytes",
    )

    def save_model(self, request: HttpRequest, obj: Basemap, form: BasemapForm, change: bool) -> None:
        upload = form.cleaned_data.get("upload")
        if upload is None:  # title, attribution or default changed; the file stays
            if obj.is_default:
                Basemap.objects.filter(is_default=True).exclude(pk=obj.pk).update(is_default=False)
            obj.save()
            return
        with _on_disk(upload) as path:
            saved = basemap_add(
                name=obj.name,
                source=path,
                title=obj.title,
                attribution=obj.attribution or None,
                is_default=obj.is_default,
            )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Basemap) -> None:
        basemap_delete(basemap=obj)
