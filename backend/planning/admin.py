from django.contrib import admin

from backend.jobs.services import scores_stale
from backend.planning.models import NeighborhoodScore, WeightProfile


@admin.register(WeightProfile)
class WeightProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "updated_at")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        scores_stale()  # as the API does: new weights, new scores (from the queued recompute)


@admin.register(NeighborhoodScore)
class NeighborhoodScoreAdmin(admin.ModelAdmin):
    """Scores are computed (recompute_scores), never typed: read-only here."""

    list_display = ("neighborhood", "profile", "rank", "score", "confidence", "visit_count", "computed_at")
    list_filter = ("profile",)
    search_fields = ("neighborhood__name", "neighborhood__code")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
