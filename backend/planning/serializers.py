"""Input and output shapes for weight profiles and priorities."""

from typing import Any

from rest_framework import serializers

from backend.common.serializers import JalaliDateTimeField, StrictSerializer
from backend.planning.models import COMPONENT_LABELS, NeighborhoodScore, WeightProfile
from geo.scoring import COMPONENTS, WeightError, check_weights


class WeightProfileInput(StrictSerializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    weights = serializers.JSONField(
        help_text="Component -> weight (≥ 0, not all 0; missing ones are 0). Components: "
        + ", ".join(COMPONENTS)
    )
    is_default = serializers.BooleanField(required=False)

    def validate_name(self, value: str) -> str:
        taken = WeightProfile.objects.filter(name=value.strip())
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("A profile with this name exists; choose another name.")
        return value.strip()

    def validate_weights(self, value: Any) -> dict[str, float]:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected an object of component names and weights.")
        try:
            return check_weights(value)
        except WeightError as exc:
            raise serializers.ValidationError(str(exc)) from None


class WeightProfileOutput(serializers.ModelSerializer):
    class Meta:
        model = WeightProfile
        fields = ("id", "name", "description", "weights", "is_default", "created_at", "updated_at")


class PriorityParams(StrictSerializer):
    profile = serializers.CharField(
        max_length=100, required=False, help_text="A weight profile's id or name (default: the default one)."
    )
    zoom = serializers.IntegerField(
        min_value=0,
        max_value=22,
        required=False,
        help_text="GeoJSON only: simplify boundaries for this zoom.",
    )


class PriorityOutput(serializers.ModelSerializer):
    neighborhood = serializers.IntegerField(source="neighborhood_id")
    code = serializers.CharField(source="neighborhood.code")
    name = serializers.CharField(source="neighborhood.name")
    name_en = serializers.CharField(source="neighborhood.name_en")
    last_visit_jalali = JalaliDateTimeField(source="last_visit_at")
    computed_at_jalali = JalaliDateTimeField(source="computed_at")
    reason_labels = serializers.SerializerMethodField()

    class Meta:
        model = NeighborhoodScore
        fields = (
            "rank",
            "neighborhood",
            "code",
            "name",
            "name_en",
            "score",
            "confidence",
            "visit_count",
            "last_visit_at",
            "last_visit_jalali",
            "reasons",
            "reason_labels",
            "components",
            "contributions",
            "computed_at",
            "computed_at_jalali",
        )

    def get_reason_labels(self, row: NeighborhoodScore) -> list[str]:
        return [str(COMPONENT_LABELS[name]) for name in row.reasons]


class PriorityListOutput(serializers.Serializer):
    profile = WeightProfileOutput()
    count = serializers.IntegerField()
    results = PriorityOutput(many=True)


class ScoreHistoryParams(serializers.Serializer):  # not strict: page and page_size go to the paginator
    profile = serializers.CharField(
        max_length=100, required=False, help_text="A weight profile's id or name (default: the default one)."
    )


class SnapshotOutput(serializers.Serializer):
    computed_at = serializers.DateTimeField()
    computed_at_jalali = JalaliDateTimeField(source="computed_at")
    score = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    confidence = serializers.FloatField()
    visit_count = serializers.IntegerField()
    components = serializers.DictField(child=serializers.FloatField(allow_null=True))
