from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from leaflet.admin import LeafletGeoAdmin

from backend.common.admin import ServiceWrites
from backend.partners import services
from backend.partners.models import Liaison, Partner

# Both write through the services, as the API and the registry pages do: the kept coverage of the
# neighbourhoods a change touches is measured again, and a recompute is queued.


@admin.register(Partner)
class PartnerAdmin(ServiceWrites, LeafletGeoAdmin):
    list_display = ("name", "kind", "is_active", "capacity", "phone")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_search", "address", "ref")
    service_fields = services.PARTNER_FIELDS

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Partner:
        return services.partner_create(**data)

    def update(self, request: HttpRequest, obj: Partner, data: dict[str, Any]) -> None:
        services.partner_update(partner=obj, data=data)

    def remove(self, request: HttpRequest, obj: Partner) -> None:
        services.partner_delete(partner=obj)


@admin.register(Liaison)
class LiaisonAdmin(ServiceWrites):
    list_display = ("name", "mosque", "is_active", "phone")
    list_filter = ("is_active",)
    search_fields = ("name", "mosque__name")
    autocomplete_fields = ("mosque",)
    filter_horizontal = ("neighborhoods",)
    service_fields = (*services.LIAISON_FIELDS, "neighborhoods")

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Liaison:
        return services.liaison_create(**data)

    def update(self, request: HttpRequest, obj: Liaison, data: dict[str, Any]) -> None:
        services.liaison_update(liaison=obj, data=data)

    def remove(self, request: HttpRequest, obj: Liaison) -> None:
        services.liaison_delete(liaison=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the service has set the neighbourhoods (and measured what they changed)
