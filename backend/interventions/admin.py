from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from backend.common.admin import ServiceWrites
from backend.interventions import services
from backend.interventions.models import FundingSource


@admin.register(FundingSource)
class FundingSourceAdmin(ServiceWrites):
    """The list admins keep; interventions themselves are written on /interventions/ and the API,
    whose services check their moves."""

    list_display = ("name", "name_en", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en")
    service_fields = services.FUNDING_SOURCE_FIELDS

    def create(self, request: HttpRequest, data: dict[str, Any]) -> FundingSource:
        return services.funding_source_save(data=data)

    def update(self, request: HttpRequest, obj: FundingSource, data: dict[str, Any]) -> None:
        services.funding_source_save(source=obj, data=data)

    def remove(self, request: HttpRequest, obj: FundingSource) -> None:
        raise PermissionDenied  # never offered (below)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire a source (is_active) instead: interventions name it
