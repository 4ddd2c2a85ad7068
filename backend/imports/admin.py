"""'Import from file' on the neighbourhood and partner admin pages: check first, then import."""

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from backend.imports.mapping import parse_overrides
from backend.imports.report import report_lines
from backend.imports.services import Kind, import_file
from backend.imports.sources import ImportFileError
from backend.imports.tasks import import_queue
from backend.partners.models import Partner
from backend.surveys.models import Neighborhood


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("GeoJSON, GeoPackage, zipped Shapefile, KML, or CSV with lon/lat or WKT columns."),
    )
    mapping = forms.CharField(
        label=_("Field mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One field=COLUMN per line, for columns not named like our fields."),
    )
    layer = forms.CharField(label=_("Layer"), required=False)
    encoding = forms.CharField(label=_("Encoding"), required=False, help_text=_("For example cp1256."))
    srid = forms.IntegerField(
        label=_("EPSG code"), required=False, help_text=_("For example 32639 (UTM 39N).")
    )
    commit = forms.BooleanField(
        label=_("Import now"), required=False, help_text=_("Unticked, the file is only checked.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": settings.IMPORT_MAX_BYTES // 2**20}
            )
        return upload

    def clean_mapping(self) -> dict[str, str]:
        lines = [line.strip() for line in self.cleaned_data["mapping"].splitlines() if line.strip()]
        try:
            return parse_overrides(lines)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None


class ImportFromFileMixin(admin.ModelAdmin):
    """Before a ModelAdmin: an import page at …/import/, for whoever may add and change the rows."""

    import_kind: Kind
    change_list_template = "admin/imports/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        meta = self.model._meta
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=f"{meta.app_label}_{meta.model_name}_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> TemplateResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        lines: list[str] = []
        failed = False
        queued = None
        if request.method == "POST" and form.is_valid() and form.cleaned_data["commit"]:
            # The import itself runs on the job worker; its report is on the jobs page.
            queued = import_queue(
                user=request.user,
                kind=self.import_kind,
                upload=form.cleaned_data["file"],
                options={
                    "mapping": form.cleaned_data["mapping"],
                    "layer": form.cleaned_data["layer"],
                    "encoding": form.cleaned_data["encoding"],
                    "srid": form.cleaned_data["srid"],
                },
            )
        elif request.method == "POST" and form.is_valid():
            try:
                report = self._import(form)
                lines = report_lines(report)
                failed = bool(report.errors)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %(things)s from a file") % {"things": self.model._meta.verbose_name_plural},
            "form": form,
            "report": lines,
            "failed": failed,
            "queued": queued,
        }
        status = 400 if form.errors or failed else 200
        return TemplateResponse(request, "admin/imports/upload.html", context, status=status)

    def _import(self, form: ImportForm) -> Any:
        """Check the file here and now (nothing is written): the import itself is a job."""
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(prefix="mahalleh-upload-") as saved:
            for chunk in upload.chunks():
                saved.write(chunk)
            saved.flush()
            return import_file(
                self.import_kind,
                Path(saved.name),
                original_name=upload.name,
                overrides=form.cleaned_data["mapping"],
                layer=form.cleaned_data["layer"] or None,
                encoding=form.cleaned_data["encoding"] or None,
                source_srid=form.cleaned_data["srid"],
                dry_run=True,
            )


def _with_import(model: type[Model], kind: Kind) -> None:
    """Give the admin that model's own app registered an "Import from file" page. Done from here
    (imports come after surveys and partners in INSTALLED_APPS, and the admin loads in that
    order) so that those apps know nothing of imports, which are built on their services."""
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    with_import = type(current.__name__, (ImportFromFileMixin, current), {"import_kind": kind})
    admin.site.register(model, with_import)


_with_import(Neighborhood, "neighborhoods")
_with_import(Partner, "partners")
