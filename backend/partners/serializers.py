"""Input and output shapes for partners and liaisons.

Contact fields live only in the *WithContacts outputs; views pick those only
for users whom ``can_read_partner_contacts`` allows.
"""

from typing import Any

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from backend.common.serializers import LocalizedIntegerField, PointField, StrictSerializer
from backend.partners.models import Liaison, Partner, PartnerKind, Service
from backend.surveys.models import Neighborhood
from geo.text import normalize_phone_ir


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
            raise serializers.ValidationError(
                "Not a valid Iranian phone number; write it like 0912 345 6789 or +98 28 3333 4444."
            ) from None


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


class PartnerOutput(GeoFeatureModelSerializer):
    class Meta:
        model = Partner
        geo_field = "point"
        fields = ("id", "ref", "kind", "name", "address", "services", "capacity", "is_active")


class PartnerWithContactsOutput(PartnerOutput):
    class Meta(PartnerOutput.Meta):
        fields = (*PartnerOutput.Meta.fields, "contact_name", "phone")


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
        if value.kind != PartnerKind.MOSQUE:
            raise serializers.ValidationError("A liaison's partner must be a mosque.")
        return value


class LiaisonOutput(serializers.ModelSerializer):
    mosque_name = serializers.CharField(source="mosque.name", read_only=True)
    neighborhoods = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Liaison
        fields = ("id", "ref", "name", "mosque", "mosque_name", "neighborhoods", "is_active")


class LiaisonWithContactsOutput(LiaisonOutput):
    class Meta(LiaisonOutput.Meta):
        fields = (*LiaisonOutput.Meta.fields, "phone")


class PartnerListFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PartnerKind.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(max_length=100, required=False)


class LiaisonListFilters(serializers.Serializer):
    neighborhood = serializers.IntegerField(min_value=1, required=False)
    mosque = serializers.IntegerField(min_value=1, required=False)
