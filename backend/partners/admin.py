from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from backend.imports.admin import ImportFromFileMixin
from backend.partners.models import Liaison, Partner


@admin.register(Partner)
class PartnerAdmin(ImportFromFileMixin, LeafletGeoAdmin):
    import_kind = "partners"
    list_display = ("name", "kind", "is_active", "capacity", "phone")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_search", "address", "ref")


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ("name", "mosque", "is_active", "phone")
    list_filter = ("is_active",)
    search_fields = ("name", "mosque__name")
    autocomplete_fields = ("mosque",)
    filter_horizontal = ("neighborhoods",)
