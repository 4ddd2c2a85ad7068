from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.accounts.permissions import signed_in
from backend.common.admin import ServiceWrites
from backend.planning import services
from backend.planning.models import NeighborhoodScore, WeightProfile


class WeightProfileForm(forms.ModelForm):
    class Meta:
        model = WeightProfile
        fields = ("name", "description", "weights", "is_default")

    def _get_validation_exclusions(self) -> set[str]:
        # Ticking "default" moves the default here: the service un-ticks the old one first, so the
        # "one default profile" constraint must not refuse the form before it gets there.
        # A private hook of ModelForm, which the stubs leave out.
        return {*super()._get_validation_exclusions(), "is_default"}  # type: ignore[misc]


@admin.register(WeightProfile)
class WeightProfileAdmin(ServiceWrites):
    """The same writes as the API: through the services, so the weights are checked, one profile
    stays the default, and new weights queue a recompute."""

    form = WeightProfileForm
    list_display = ("name", "is_default", "updated_at")
    search_fields = ("name",)
    actions = ["delete_selected_profiles"]
    service_fields = services.PROFILE_FIELDS

    def create(self, request: HttpRequest, data: dict[str, Any]) -> WeightProfile:
        return services.weight_profile_create(created_by=signed_in(request), **data)

    def update(self, request: HttpRequest, obj: WeightProfile, data: dict[str, Any]) -> None:
        services.weight_profile_update(profile=obj, data=data)

    def remove(self, request: HttpRequest, obj: WeightProfile) -> None:
        services.weight_profile_delete(profile=obj)

    def has_delete_permission(self, request: HttpRequest, obj: WeightProfile | None = None) -> bool:
        # The default profile offers no delete button (the service refuses it anyway).
        return super().has_delete_permission(request, obj) and not (obj and obj.is_default)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        # Django's bulk delete would stop at the default profile with an error page; ours skips it.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Delete the selected profiles (not the default one)"), permissions=["delete"])
    def delete_selected_profiles(self, request: HttpRequest, queryset: QuerySet[WeightProfile]) -> None:
        for profile in queryset:
            try:
                services.weight_profile_delete(profile=profile)
            except ValidationError as exc:
                self.message_user(request, f"{profile}: {' '.join(exc.messages)}", messages.ERROR)


@admin.register(NeighborhoodScore)
class NeighborhoodScoreAdmin(admin.ModelAdmin):
    """Scores are computed (recompute_scores), never typed: read-only here."""

    list_display = ("neighborhood", "profile", "rank", "score", "confidence", "visit_count", "computed_at")
    list_filter = ("profile",)
    search_fields = ("neighborhood__name", "neighborhood__code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
