from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from leaflet.admin import LeafletGeoAdmin

from backend.imports.admin import ImportFromFileMixin
from backend.surveys import services
from backend.surveys.models import Neighborhood, Visit, VisitPhoto


@admin.register(Neighborhood)
class NeighborhoodAdmin(ImportFromFileMixin, LeafletGeoAdmin):
    import_kind = "neighborhoods"
    list_display = ("code", "name", "name_en", "city", "settlement_type", "population")
    list_filter = ("settlement_type", "county", "city")
    search_fields = ("code", "name", "name_en", "name_search")

    def save_model(self, request: HttpRequest, obj: Neighborhood, form: Any, change: bool) -> None:
        # The API's writes: visits follow the boundary, coverage and scores are brought up to date.
        data = {
            name: value for name, value in form.cleaned_data.items() if name in services.NEIGHBORHOOD_FIELDS
        }
        if change:
            services.neighborhood_update(neighborhood=Neighborhood.objects.get(pk=obj.pk), data=data)
        else:
            obj.pk = services.neighborhood_create(**data).pk

    def delete_model(self, request: HttpRequest, obj: Neighborhood) -> None:
        services.neighborhood_delete(neighborhood=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Neighborhood]) -> None:
        for neighborhood in queryset:  # the bulk action too: each one's visits move
            services.neighborhood_delete(neighborhood=neighborhood)


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    readonly_fields = ("photo_uuid", "image", "content_type", "width", "height", "size_bytes")


@admin.register(Visit)
class VisitAdmin(LeafletGeoAdmin):
    list_display = ("client_uuid", "neighborhood", "visitor", "visited_at", "received_at")
    list_filter = ("neighborhood", "water", "sanitation", "housing", "tenure")
    date_hierarchy = "visited_at"
    raw_id_fields = ("visitor",)
    filter_horizontal = ("partners_met",)
    readonly_fields = ("client_uuid", "neighborhood", "received_at", "visitor", "content_sha256")
    inlines = [VisitPhotoInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # visits come from the field, through the API
