from django.contrib import admin

from backend.interventions.models import FundingSource


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    """The list admins keep; interventions themselves are written on /interventions/ and the API,
    whose services check their moves."""

    list_display = ("name", "name_en", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # retire a source (is_active) instead: interventions name it
