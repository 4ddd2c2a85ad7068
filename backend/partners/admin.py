from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from leaflet.admin import LeafletGeoAdmin

from backend.imports.admin import ImportFromFileMixin
from backend.partners import services
from backend.partners.models import Liaison, Partner

# Both write through the services, as the API and the registry pages do: the kept coverage of the
# neighbourhoods a change touches is measured again, and a recompute is queued.


@admin.register(Partner)
class PartnerAdmin(ImportFromFileMixin, LeafletGeoAdmin):
    import_kind = "partners"
    list_display = ("name", "kind", "is_active", "capacity", "phone")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_search", "address", "ref")

    def save_model(self, request: HttpRequest, obj: Partner, form: Any, change: bool) -> None:
        data = {name: value for name, value in form.cleaned_data.items() if name in services.PARTNER_FIELDS}
        if change:
            services.partner_update(partner=Partner.objects.get(pk=obj.pk), data=data)
        else:
            obj.pk = services.partner_create(**data).pk

    def delete_model(self, request: HttpRequest, obj: Partner) -> None:
        services.partner_delete(partner=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Partner]) -> None:
        for partner in queryset:
            services.partner_delete(partner=partner)


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ("name", "mosque", "is_active", "phone")
    list_filter = ("is_active",)
    search_fields = ("name", "mosque__name")
    autocomplete_fields = ("mosque",)
    filter_horizontal = ("neighborhoods",)

    def save_model(self, request: HttpRequest, obj: Liaison, form: Any, change: bool) -> None:
        fields = (*services.LIAISON_FIELDS, "neighborhoods")
        data = {name: value for name, value in form.cleaned_data.items() if name in fields}
        if change:
            services.liaison_update(liaison=Liaison.objects.get(pk=obj.pk), data=data)
        else:
            obj.pk = services.liaison_create(**data).pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the service has set the neighbourhoods (and measured what they changed)

    def delete_model(self, request: HttpRequest, obj: Liaison) -> None:
        services.liaison_delete(liaison=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Liaison]) -> None:
        for liaison in queryset:
            services.liaison_delete(liaison=liaison)
