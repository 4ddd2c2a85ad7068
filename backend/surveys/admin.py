from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from leaflet.admin import LeafletGeoAdmin

from backend.common.admin import ServiceWrites
from backend.surveys import services
from backend.surveys.models import Neighborhood, Visit, VisitPhoto
from geo.indicators import SCORED


@admin.register(Neighborhood)
class NeighborhoodAdmin(ServiceWrites, LeafletGeoAdmin):
    list_display = ("code", "name", "name_en", "city", "settlement_type", "population")
    list_filter = ("settlement_type", "county", "city")
    search_fields = ("code", "name", "name_en", "name_search")

    service_fields = services.NEIGHBORHOOD_FIELDS

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Neighborhood:
        return services.neighborhood_create(**data)

    def update(self, request: HttpRequest, obj: Neighborhood, data: dict[str, Any]) -> None:
        services.neighborhood_update(neighborhood=obj, data=data)

    def remove(self, request: HttpRequest, obj: Neighborhood) -> None:
        services.neighborhood_delete(neighborhood=obj)  # its visits move to what covers them now


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    readonly_fields = ("photo_uuid", "image", "content_type", "width", "height", "size_bytes")


@admin.register(Visit)
class VisitAdmin(LeafletGeoAdmin):
    list_display = ("client_uuid", "neighborhood", "visitor", "visited_at", "received_at")
    list_filter = ("neighborhood", *(i.field for i in SCORED if i.kind == "choice"))
    date_hierarchy = "visited_at"
    raw_id_fields = ("visitor",)
    filter_horizontal = ("partners_met",)
    readonly_fields = ("client_uuid", "neighborhood", "received_at", "visitor", "content_sha256")
    inlines = [VisitPhotoInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # visits come from the field, through the API
