"""Input and output shapes for partners, liaisons, look-ups and coverage.

Contact fields are personal data. Outputs drop them unless the view passes
``context={"contacts": True}``, which views do only for users whom
``can_read_partner_contacts`` allows: leaving the context out hides them.
"""

from typing import Any

from django.conf import settings
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from backend.common.serializers import (
    LocalizedFloatField,
    LocalizedIntegerField,
    PointField,
    StrictSerializer,
)
from backend.partners.models import (
    NOT_A_MOSQUE,
    PHONE_HELP,
    Liaison,
    Partner,
    PartnerKind,
    Service,
    is_mosque,
)
from backend.partners.selectors import GAPS
from backend.surveys.models import Neighborhood
from geo.text import normalize_phone_ir, search_key


class PhoneField(serializers.CharField):
    """An Iranian phone number in any usual spelling, stored as +98…"""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=32, required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        if not text:
            return ""
        try:
            return normalize_phone_ir(text)
        except ValueError:
            raise serializers.ValidationError(PHONE_HELP) from None


class PartnerInput(StrictSerializer):
    ref = serializers.CharField(max_length=64, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    name = serializers.CharField(max_length=200)
    point = PointField()
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    services = serializers.ListField(
        child=serializers.ChoiceField(choices=Service.choices), required=False, max_length=20
    )
    capacity = LocalizedIntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = PhoneField()

    def validate_services(self, value: list[str]) -> list[str]:
        return sorted(set(value))


class ContactFieldsMixin:
    """Drop ``contact_fields`` unless the context says the reader may see contacts."""

    contact_fields: tuple[str, ...] = ()
    context: dict[str, Any]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()  # type: ignore[misc]
        if not self.context.get("contacts"):
            for name in self.contact_fields:
                fields.pop(name, None)
        return fields


class PartnerOutput(ContactFieldsMixin, GeoFeatureModelSerializer):
    """A partner as a GeoJSON Feature; contact_name and phone for coordinators and admins only."""

    contact_fields = ("contact_name", "phone")

    class Meta:
        model = Partner
        geo_field = "point"
        fields: tuple[str, ...] = (
            "id",
            "ref",
            "kind",
            "name",
            "address",
            "services",
            "capacity",
            "is_active",
            "contact_name",
            "phone",
        )


class PartnerNearbyOutput(PartnerOutput):
    distance_m = serializers.SerializerMethodField(help_text="True distance in metres.")

    class Meta(PartnerOutput.Meta):
        fields = (*PartnerOutput.Meta.fields, "distance_m")

    def get_distance_m(self, partner: Partner) -> float:
        # Annotated by the selector (partners_nearest), not a model field.
        return round(partner.distance_m, 1)  # type: ignore[attr-defined]


class PartnerServingOutput(PartnerNearbyOutput):
    inside = serializers.BooleanField(read_only=True, help_text="Inside the neighbourhood.")
    liaison_mosque = serializers.BooleanField(
        read_only=True, help_text="The mosque of a liaison assigned to the neighbourhood."
    )

    class Meta(PartnerNearbyOutput.Meta):
        fields = (*PartnerNearbyOutput.Meta.fields, "inside", "liaison_mosque")


class LiaisonInput(StrictSerializer):
    ref = serializers.CharField(max_length=64, required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    mosque = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    neighborhoods = serializers.PrimaryKeyRelatedField(
        queryset=Neighborhood.objects.all(), many=True, required=False
    )
    is_active = serializers.BooleanField(required=False)
    phone = PhoneField()

    def validate_mosque(self, value: Partner) -> Partner:
        if not is_mosque(value):  # the model's rule and words, said before anything is written
            raise serializers.ValidationError(NOT_A_MOSQUE)
        return value


class LiaisonOutput(ContactFieldsMixin, serializers.ModelSerializer):
    """A liaison; phone for coordinators and admins only."""

    contact_fields = ("phone",)
    mosque_name = serializers.CharField(source="mosque.name", read_only=True)
    neighborhoods = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(read_only=True)
    )

    class Meta:
        model = Liaison
        fields = ("id", "ref", "name", "mosque", "mosque_name", "neighborhoods", "is_active", "phone")


class PartnerListFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    is_active = serializers.BooleanField(required=False, help_text="Default: active and inactive.")
    q = serializers.CharField(
        max_length=100,
        required=False,
        help_text="Name search: Persian/Arabic letters and digits, spaces and ZWNJ, typos.",
    )

    def validate_q(self, value: str) -> str:
        if not search_key(value):
            raise serializers.ValidationError("Type a few letters of the name to search for.")
        return value


class PlaceParams(StrictSerializer):
    """Where to look from, and which partners; unknown parameters are refused."""

    lat = LocalizedFloatField(min_value=-90, max_value=90, help_text="Latitude (WGS 84).")
    lon = LocalizedFloatField(min_value=-180, max_value=180, help_text="Longitude (WGS 84).")
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    is_active = serializers.BooleanField(
        required=False, default=True, help_text="Default: active partners only."
    )
    limit = LocalizedIntegerField(
        min_value=1, required=False, help_text="Default: 10 nearest; all within a radius (up to the cap)."
    )

    def validate_limit(self, value: int) -> int:
        cap = settings.PARTNER_NEAREST_MAX_LIMIT
        if value > cap:
            raise serializers.ValidationError(f"At most {cap} partners per request.")
        return value


def _check_radius(value: float, name: str) -> float:
    cap = settings.PARTNER_MAX_RADIUS_METRES
    if not 0 < value <= cap:
        raise serializers.ValidationError(f"{name} must be more than 0 and at most {cap} metres.")
    return value


class NearestParams(PlaceParams):
    max_distance_m = LocalizedFloatField(required=False, help_text="Only partners this close.")

    def validate_max_distance_m(self, value: float) -> float:
        return _check_radius(value, "max_distance_m")


class WithinParams(PlaceParams):
    radius_m = LocalizedFloatField(help_text="Radius in metres.")

    def validate_radius_m(self, value: float) -> float:
        return _check_radius(value, "radius_m")


class ServingParams(StrictSerializer):
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    is_active = serializers.BooleanField(required=False, default=True)
    walk_m = LocalizedFloatField(required=False, help_text="Default: WALKING_DISTANCE_METRES.")

    def validate_walk_m(self, value: float) -> float:
        return _check_radius(value, "walk_m")


class CoverageParams(StrictSerializer):
    walk_m = LocalizedFloatField(required=False, help_text="Default: WALKING_DISTANCE_METRES.")
    gap = serializers.ChoiceField(
        choices=GAPS, required=False, help_text="Only neighbourhoods with this gap."
    )

    def validate_walk_m(self, value: float) -> float:
        return _check_radius(value, "walk_m")


class CoverageOutput(serializers.Serializer):
    neighborhood = serializers.IntegerField(source="neighborhood_id")
    code = serializers.CharField()
    name = serializers.CharField()
    liaisons = serializers.IntegerField(help_text="Active liaisons assigned to it.")
    liaison_mosque_m = serializers.FloatField(
        allow_null=True, help_text="Metres to the nearest mosque with an active liaison."
    )
    nearest_m = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Metres from the boundary to the nearest active partner of each kind (null: none).",
    )
    partners_within_walk = serializers.IntegerField()
    no_liaison = serializers.BooleanField()
    no_partner_within_walk = serializers.BooleanField()


class CoverageListOutput(serializers.Serializer):
    walking_distance_m = serializers.FloatField()
    count = serializers.IntegerField()
    results = CoverageOutput(many=True)


class LiaisonListFilters(serializers.Serializer):
    neighborhood = serializers.IntegerField(min_value=1, required=False)
    mosque = serializers.IntegerField(min_value=1, required=False)
