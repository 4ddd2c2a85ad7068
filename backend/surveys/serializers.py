"""Input and output shapes for the neighbourhood and visit APIs."""

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from backend.common.serializers import (
    ID,
    AreaField,
    JalaliDateTimeField,
    LocalizedFloatField,
    LocalizedIntegerField,
    PointField,
    StrictSerializer,
)
from backend.surveys.models import (
    CHOICE_INDICATORS,
    HARM_INDICATORS,
    Neighborhood,
    QualityFlag,
    ReviewState,
    SettlementType,
    Visit,
    VisitPhoto,
)
from geo.text import to_latin_digits

MAX_EXTRA_BYTES = 16 * 1024
MAX_PARTNERS_MET = 50
MAX_INTERVENTIONS_SEEN = 20


class NeighborhoodInput(StrictSerializer):
    code = serializers.RegexField(r"^[A-Za-z0-9_.-]{1,32}$", max_length=32)
    name = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    county = serializers.CharField(max_length=100, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    boundary = AreaField()
    population = LocalizedIntegerField(min_value=0, max_value=10_000_000, required=False, allow_null=True)
    households = LocalizedIntegerField(min_value=0, max_value=5_000_000, required=False, allow_null=True)
    settlement_type = serializers.ChoiceField(choices=SettlementType.choices, required=False)


class NeighborhoodOutput(GeoFeatureModelSerializer):
    class Meta:
        model = Neighborhood
        geo_field = "boundary"
        fields = (
            "id",
            "code",
            "name",
            "name_en",
            "county",
            "city",
            "population",
            "households",
            "settlement_type",
            "updated_at",
        )


def _has_nul(value: Any) -> bool:
    """Return True when a NUL character hides in any key or string of a JSON value."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class VisitAnswersInput(StrictSerializer):
    """What a visit found: the part of a visit a reviewer may correct and a visitor may send again."""

    point = PointField()
    persons_per_room = LocalizedFloatField(min_value=0, max_value=50, required=False, allow_null=True)
    extra = serializers.JSONField(required=False, default=dict)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    # Checked against the registry for the whole batch at once (services.visits_submit).
    partners_met = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, choices in CHOICE_INDICATORS.items():
            fields[name] = serializers.ChoiceField(
                choices=choices.choices, required=False, allow_blank=True, default=""
            )
        for name in HARM_INDICATORS:
            fields[name] = serializers.BooleanField(required=False, allow_null=True, default=None)
        return fields

    def validate_extra(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("extra must be a JSON object.")
        if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_EXTRA_BYTES:
            raise serializers.ValidationError(f"extra is larger than {MAX_EXTRA_BYTES} bytes.")
        if _has_nul(value):  # PostgreSQL's jsonb cannot store it, and no answer needs it
            raise serializers.ValidationError("extra must not contain the NUL character (\\u0000).")
        return value

    def validate_partners_met(self, value: list[int]) -> list[int]:
        if len(value) > MAX_PARTNERS_MET:
            raise serializers.ValidationError(f"At most {MAX_PARTNERS_MET} partners per visit.")
        return value


TIMES = ("visited_at", "form_opened_at", "form_saved_at")


class VisitInput(VisitAnswersInput):
    client_uuid = serializers.UUIDField()
    gps_accuracy_m = LocalizedFloatField(min_value=0, max_value=100_000, required=False, allow_null=True)
    visited_at = serializers.DateTimeField()
    form_version = serializers.CharField(max_length=32, required=False, default="1")
    # When the form was opened and saved on the phone; how long it took flags a hurried visit.
    form_opened_at = serializers.DateTimeField(required=False, allow_null=True)
    form_saved_at = serializers.DateTimeField(required=False, allow_null=True)
    assignment = serializers.IntegerField(
        **ID,
        required=False,
        allow_null=True,
        source="assignment_id",
        help_text="The assignment this visit was made for (checked with the batch).",
    )
    interventions_seen = serializers.ListField(
        child=serializers.IntegerField(**ID),
        max_length=MAX_INTERVENTIONS_SEEN,
        required=False,
        default=list,
        help_text="Delivered interventions the visitor saw working here (checked with the batch).",
    )

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            data = {**data, **{k: to_latin_digits(data[k]) for k in TIMES if isinstance(data.get(k), str)}}
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        opened, saved = attrs.get("form_opened_at"), attrs.get("form_saved_at")
        if opened and saved and saved < opened:
            raise serializers.ValidationError({"form_saved_at": ["The form was saved before it was opened."]})
        return attrs

    def validate_visited_at(self, value: Any) -> Any:
        now = timezone.now()
        if value > now + timedelta(seconds=settings.VISIT_MAX_CLOCK_SKEW_SECONDS):
            raise serializers.ValidationError("The visit time is in the future; check the phone's clock.")
        if value < now - timedelta(days=settings.VISIT_MAX_AGE_DAYS):
            raise serializers.ValidationError(
                f"The visit time is more than {settings.VISIT_MAX_AGE_DAYS} days ago."
            )
        return value


@extend_schema_field(OpenApiTypes.ANY)
class _Parsed(serializers.Field):
    """An item of a parsed JSON body, passed on as it came (DRF's JSONField would encode it all
    again only to learn that it is JSON)."""

    def to_internal_value(self, data: Any) -> Any:
        return data


class VisitSyncInput(StrictSerializer):
    """A batch from the field app; each item is checked on its own with VisitInput."""

    visits = serializers.ListField(child=_Parsed(), allow_empty=False)

    def validate_visits(self, value: list[Any]) -> list[Any]:
        if len(value) > settings.SYNC_MAX_BATCH:
            raise serializers.ValidationError(
                f"At most {settings.SYNC_MAX_BATCH} visits per batch; this one has {len(value)}. "
                "Send the rest in another batch."
            )
        return value


class VisitSyncResult(serializers.Serializer):
    """One item's outcome (for the API schema)."""

    client_uuid = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["created", "duplicate", "conflict", "invalid"])
    id = serializers.IntegerField(required=False, allow_null=True)
    neighborhood = serializers.IntegerField(required=False, allow_null=True)
    outside_neighborhood = serializers.BooleanField(required=False)
    detail = serializers.CharField(required=False)
    # A declared field: DRF takes it off the class, so Serializer.errors stays the property.
    errors = serializers.DictField(required=False)  # type: ignore[assignment]


class VisitSyncOutput(serializers.Serializer):
    results = VisitSyncResult(many=True)


class VisitPhotoOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = VisitPhoto
        fields = ("photo_uuid", "url", "content_type", "width", "height", "size_bytes")

    def get_url(self, photo: VisitPhoto) -> str:
        path = reverse("visit-photo", args=[photo.visit.client_uuid, photo.photo_uuid])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class FlagLabel(serializers.Serializer):
    code = serializers.CharField()
    fa = serializers.CharField()
    en = serializers.CharField()


def flag_labels(codes: list[str]) -> list[dict[str, str]]:
    """Return each quality flag code with its Persian and English label."""
    labels = []
    for code in codes:
        label = QualityFlag(code).label
        with translation.override("fa"):
            fa = str(label)
        with translation.override("en"):
            en = str(label)
        labels.append({"code": code, "fa": fa, "en": en})
    return labels


class VisitOutput(GeoFeatureModelSerializer):
    visitor = serializers.CharField(source="visitor.username", read_only=True)
    quality_flag_labels = serializers.SerializerMethodField()
    review_note = serializers.SerializerMethodField()
    outside_neighborhood = serializers.BooleanField(read_only=True)
    visited_at_jalali = JalaliDateTimeField(source="visited_at")
    received_at_jalali = JalaliDateTimeField(source="received_at")
    partners_met = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(read_only=True)
    )
    photos = VisitPhotoOutput(many=True, read_only=True)

    class Meta:
        model = Visit
        geo_field = "point"
        fields = (
            "id",
            "client_uuid",
            "neighborhood",
            "outside_neighborhood",
            "gps_accuracy_m",
            "visited_at",
            "visited_at_jalali",
            "received_at",
            "received_at_jalali",
            "visitor",
            "form_version",
            *CHOICE_INDICATORS,
            "persons_per_room",
            *HARM_INDICATORS,
            "extra",
            "notes",
            "partners_met",
            "interventions_seen",
            "photos",
            "form_opened_at",
            "form_saved_at",
            "assignment",
            "review_state",
            "version",
            "review_note",
            "quality_flags",
            "quality_flag_labels",
        )

    @extend_schema_field(FlagLabel(many=True))
    def get_quality_flag_labels(self, visit: Visit) -> list[dict[str, str]]:
        return flag_labels(visit.quality_flags)

    def get_review_note(self, visit: Visit) -> str:
        """The note of the latest review (what a visitor should fix, for has_issues)."""
        return getattr(visit, "review_note", None) or ""


class CodeListField(serializers.CharField):
    """A comma-separated list of codes, each one of choices: "received,approved"."""

    def __init__(self, *, choices: list[str], **kwargs: Any) -> None:
        super().__init__(max_length=300, **kwargs)
        self.codes = choices

    # Text in, a list out (the stubs tie a CharField to str).
    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        text = super().to_internal_value(data)
        codes = [code.strip() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in self.codes]
        if unknown or not codes:
            raise serializers.ValidationError(
                f"Unknown {', '.join(unknown) or 'value'}; choose from {', '.join(self.codes)}."
            )
        return codes


class VisitListFilters(serializers.Serializer):
    neighborhood = serializers.RegexField(r"^(none|\d{1,18})$", required=False)
    visited_after = serializers.DateTimeField(required=False)
    visited_before = serializers.DateTimeField(required=False)
    review_state = CodeListField(
        choices=ReviewState.values, required=False, help_text="Comma-separated review states."
    )
    flag = CodeListField(
        choices=QualityFlag.values,
        required=False,
        help_text="Comma-separated flags: visits with any of them.",
    )
    visitor = serializers.CharField(max_length=150, required=False, help_text="A visitor's username.")
    order = serializers.ChoiceField(
        choices=["queue"], required=False, help_text="queue: flagged first, then oldest received first."
    )
