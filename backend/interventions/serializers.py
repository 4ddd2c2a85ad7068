"""Input and output shapes for interventions, referrals, funding sources and the budget summary."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.serializers import (
    ID,
    JalaliDateField,
    JalaliDateTimeField,
    LocalizedDateField,
    LocalizedFloatField,
    LocalizedIntegerField,
    StrictBooleanField,
    StrictSerializer,
)
from backend.interventions.models import (
    InterventionStatus,
    Need,
    ReferralStatus,
)
from backend.partners.models import Service
from backend.partners.serializers import ContactFieldsMixin
from backend.surveys.serializers import CodeListField
from geo.text import PERIOD_FORMS, parse_jalali_period

RIALS: dict[str, Any] = {"min_value": 0, "max_value": 10**18}  # whole rials; a quintillion is past any budget


def _ids(most: int, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.IntegerField(**ID), max_length=most, **kwargs)


class InterventionInput(StrictSerializer):
    neighborhoods = _ids(500, min_length=1)
    lead_partner = serializers.IntegerField(**ID)
    partners = _ids(100, required=False, default=list)
    kind = serializers.ChoiceField(choices=Service.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    planned_start = LocalizedDateField(
        required=False, allow_null=True, help_text="ISO or Jalali (1405/09/01)."
    )
    planned_end = LocalizedDateField(required=False, allow_null=True)
    actual_start = LocalizedDateField(required=False, allow_null=True)
    actual_end = LocalizedDateField(required=False, allow_null=True)
    households = LocalizedIntegerField(min_value=0, max_value=10_000_000, required=False, allow_null=True)
    budget_planned = LocalizedIntegerField(**RIALS, required=False, allow_null=True, help_text="Whole rials.")
    budget_spent = LocalizedIntegerField(**RIALS, required=False, allow_null=True, help_text="Whole rials.")
    funding_source = serializers.IntegerField(**ID, required=False, allow_null=True)


class InterventionChange(InterventionInput):
    """What a PATCH may change: any field of InterventionInput, the status excepted."""


class TransitionInput(StrictSerializer):
    status = serializers.ChoiceField(choices=InterventionStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReferralTransitionInput(StrictSerializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _period(value: str) -> Any:
    try:
        return parse_jalali_period(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


@extend_schema_field({"type": "string", "example": "1405-09"})
class PeriodField(serializers.Field):
    """A Jalali period in any digits: 1405, 1405-09 (or 1405/09), 1405-Q3, 1405-07-01..1405-09-30."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or len(data) > 40:
            raise serializers.ValidationError(f"Write {PERIOD_FORMS}.")
        return _period(data)

    def to_representation(self, value: Any) -> str:
        return value.label


class InterventionFilters(serializers.Serializer):
    status = CodeListField(choices=InterventionStatus.values, required=False, help_text="Comma-separated.")
    kind = CodeListField(choices=Service.values, required=False, help_text="Comma-separated.")
    partner = serializers.IntegerField(**ID, required=False, help_text="Lead or other partner.")
    neighborhood = serializers.IntegerField(**ID, required=False)
    county = serializers.CharField(max_length=100, required=False)
    funding_source = serializers.IntegerField(**ID, required=False)
    period = PeriodField(required=False, help_text="Jalali year (1405) or month (1405/09) it overlaps.")


class SummaryParams(StrictSerializer):
    period = PeriodField(required=False, help_text="Jalali year (1405) or month (1405/09).")


class PartnerBrief(ContactFieldsMixin, serializers.Serializer):
    """A partner as interventions and referrals name it; contacts for coordinators and admins only."""

    contact_fields = ("contact_name", "phone")
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    contact_name = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)


class NeighborhoodBrief(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    county = serializers.CharField()


class DocumentOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, document: Any) -> str:
        return reverse(
            "intervention-document", kwargs={"pk": document.intervention_id, "uuid": document.uuid}
        )


class InterventionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    neighborhoods = serializers.SerializerMethodField()
    neighborhood_details = serializers.SerializerMethodField()
    lead_partner = serializers.IntegerField(source="lead_partner_id")
    lead_partner_details = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=Service.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=InterventionStatus.choices, source="current_status")
    status_note = serializers.CharField()
    verified_by_visit = serializers.IntegerField(allow_null=True, help_text="The visit that saw it working.")
    planned_start = serializers.DateField(allow_null=True)
    planned_start_jalali = JalaliDateField(source="planned_start", allow_null=True)
    planned_end = serializers.DateField(allow_null=True)
    planned_end_jalali = JalaliDateField(source="planned_end", allow_null=True)
    actual_start = serializers.DateField(allow_null=True)
    actual_start_jalali = JalaliDateField(source="actual_start", allow_null=True)
    actual_end = serializers.DateField(allow_null=True)
    actual_end_jalali = JalaliDateField(source="actual_end", allow_null=True)
    households = serializers.IntegerField(allow_null=True)
    budget_planned = serializers.IntegerField(allow_null=True, help_text="Whole rials.")
    budget_spent = serializers.IntegerField(allow_null=True, help_text="Whole rials.")
    funding_source = serializers.IntegerField(source="funding_source_id", allow_null=True)
    funding_source_name = serializers.CharField(source="funding_source.name", allow_null=True, default=None)
    documents = DocumentOutput(many=True)
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    created_at_jalali = JalaliDateTimeField(source="created_at")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_neighborhoods(self, intervention: Any) -> list[int]:
        return [n.pk for n in intervention.neighborhoods.all()]

    @staticmethod
    def _neighborhood(n: Any) -> dict[str, Any]:
        return {"id": n.pk, "code": n.code, "name": n.name, "county": n.county}

    @extend_schema_field(NeighborhoodBrief(many=True))
    def get_neighborhood_details(self, intervention: Any) -> list[dict[str, Any]]:
        return [self._neighborhood(n) for n in intervention.neighborhoods.all()]

    @extend_schema_field(PartnerBrief())
    def get_lead_partner_details(self, intervention: Any) -> dict[str, Any]:
        return PartnerBrief(intervention.lead_partner, context=self.context).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_partners(self, intervention: Any) -> list[int]:
        return [p.pk for p in intervention.partners.all()]


class StatusChangeOutput(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.CharField(source="actor.username")
    at = serializers.DateTimeField()
    at_jalali = JalaliDateTimeField(source="at")


class FundingSourceInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_active = StrictBooleanField(required=False, default=True)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):  # names are text: a number sent as a name is a mistake
            wrong = {
                k: ["Must be text."]
                for k in ("name", "name_en")
                if k in data and not isinstance(data[k], str)
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class FundingSourceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    is_active = serializers.BooleanField()


class ReferralInput(StrictSerializer):
    visit = serializers.IntegerField(**ID)
    need = serializers.ChoiceField(choices=Need.choices)
    service = serializers.ChoiceField(
        choices=Service.choices, required=False, help_text="Default: the first service answering the need."
    )
    partner = serializers.IntegerField(**ID)
    due_date = LocalizedDateField(help_text="ISO or Jalali (1405/09/19).")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    client_uuid = serializers.UUIDField(
        required=False, help_text="Made by the phone: a resend with it returns the stored referral (200)."
    )


class ReferralFilters(serializers.Serializer):
    status = CodeListField(choices=ReferralStatus.values, required=False, help_text="Comma-separated.")
    need = CodeListField(choices=Need.values, required=False)
    service = CodeListField(choices=Service.values, required=False)
    partner = serializers.IntegerField(**ID, required=False)
    neighborhood = serializers.IntegerField(**ID, required=False)
    visit = serializers.IntegerField(**ID, required=False)
    intervention = serializers.IntegerField(**ID, required=False)


class ReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    visit = serializers.IntegerField(source="visit_id")
    neighborhood = serializers.IntegerField(source="neighborhood_id", allow_null=True)
    need = serializers.ChoiceField(choices=Need.choices)
    need_label = serializers.CharField(source="get_need_display")
    service = serializers.ChoiceField(choices=Service.choices)
    service_label = serializers.CharField(source="get_service_display")
    partner = serializers.IntegerField(source="partner_id")
    partner_details = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    status_note = serializers.CharField()
    due_date = serializers.DateField()
    due_date_jalali = JalaliDateField(source="due_date")
    note = serializers.CharField()
    intervention = serializers.IntegerField(source="intervention_id", allow_null=True)
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    created_at_jalali = JalaliDateTimeField(source="created_at")

    @extend_schema_field(PartnerBrief())
    def get_partner_details(self, referral: Any) -> dict[str, Any]:
        return PartnerBrief(referral.partner, context=self.context).data


class ReferralPartnersParams(StrictSerializer):
    visit = serializers.IntegerField(**ID, required=False, help_text="Near this visit's point…")
    lat = LocalizedFloatField(min_value=-90, max_value=90, required=False, help_text="…or this place.")
    lon = LocalizedFloatField(min_value=-180, max_value=180, required=False)
    need = serializers.ChoiceField(choices=Need.choices, required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    limit = LocalizedIntegerField(min_value=1, max_value=50, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "visit" not in attrs and not ("lat" in attrs and "lon" in attrs):
            raise serializers.ValidationError({"visit": ["Give a visit, or lat and lon."]})
        if "need" not in attrs and "service" not in attrs:
            raise serializers.ValidationError({"need": ["Give the need (or the service) to refer."]})
        attrs.setdefault("limit", settings.REFERRAL_PARTNERS_PROPOSED)
        return attrs


class ReferralPartnerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    distance_m = serializers.FloatField()


class TotalOutput(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The group's code or id; null: none/several.")
    # A declared field: DRF takes it off the class, so Field.label is not replaced.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    planned = serializers.IntegerField(help_text="Whole rials.")
    spent = serializers.IntegerField(help_text="Whole rials.")


class SummaryOutput(serializers.Serializer):
    period = serializers.CharField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True, help_text="The first day after the period.")
    total = TotalOutput()
    by_funding_source = TotalOutput(many=True)
    by_partner_kind = TotalOutput(many=True)
    by_county = TotalOutput(many=True)
    by_status = TotalOutput(many=True)
