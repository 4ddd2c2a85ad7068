"""Input and output shapes for teams, assignments and suggestions."""

from typing import Any

from rest_framework import serializers

from backend.common.serializers import (
    ID,
    AreaField,
    JalaliDateField,
    JalaliDateTimeField,
    LocalizedDateField,
    LocalizedIntegerField,
    StrictSerializer,
)
from backend.fieldwork.models import MAX_TARGET_VISITS, AssignmentStatus, Team
from backend.surveys.serializers import CodeListField


def _names(most: int) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(max_length=150), max_length=most, required=False)


class TeamInput(StrictSerializer):
    name = serializers.CharField(max_length=100)
    supervisors = _names(100)
    members = _names(500)
    neighborhoods = serializers.ListField(
        child=serializers.IntegerField(**ID), max_length=10_000, required=False
    )
    counties = _names(100)
    area = AreaField(required=False, help_text="A (Multi)Polygon: every neighbourhood it touches.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in ("neighborhoods", "counties", "area") if name in attrs]
        if len(given) > 1:
            raise serializers.ValidationError(
                {given[1]: [f"Give the area one way: {', '.join(given)} were all sent."]}
            )
        return attrs


class TeamOutput(serializers.ModelSerializer):
    supervisors = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(read_only=True, slug_field="username")
    )
    members = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(read_only=True, slug_field="username")
    )
    neighborhoods = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(read_only=True)
    )

    class Meta:
        model = Team
        fields = ("id", "name", "supervisors", "members", "neighborhoods")


class AssignmentInput(StrictSerializer):
    team = serializers.IntegerField(**ID)
    neighborhood = serializers.IntegerField(**ID)
    assignee = serializers.CharField(
        max_length=150, allow_null=True, help_text="A username; null: the whole team."
    )
    due_date = LocalizedDateField(help_text="ISO (2026-12-10) or Jalali (1405/09/19).")
    target_visits = LocalizedIntegerField(min_value=1, max_value=MAX_TARGET_VISITS, required=False, default=1)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AssignmentChange(StrictSerializer):
    assignee = serializers.CharField(max_length=150, allow_null=True, required=False)
    due_date = LocalizedDateField(required=False)
    target_visits = LocalizedIntegerField(min_value=1, max_value=MAX_TARGET_VISITS, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DeclineInput(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class AssignmentFilters(serializers.Serializer):
    status = CodeListField(choices=AssignmentStatus.values, required=False, help_text="Comma-separated.")
    team = serializers.IntegerField(**ID, required=False)
    assignee = serializers.CharField(max_length=150, required=False)
    neighborhood = serializers.IntegerField(**ID, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)


class AssignmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    team = serializers.IntegerField(source="team_id")
    team_name = serializers.CharField(source="team.name")
    neighborhood = serializers.IntegerField(source="neighborhood_id")
    neighborhood_code = serializers.CharField(source="neighborhood.code")
    neighborhood_name = serializers.CharField(source="neighborhood.name")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    due_date = serializers.DateField()
    due_date_jalali = JalaliDateField(source="due_date")
    target_visits = serializers.IntegerField()
    visits_done = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AssignmentStatus.values)
    overdue = serializers.BooleanField()
    priority = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    decline_reason = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()
    created_at_jalali = JalaliDateTimeField(source="created_at")


class SuggestInput(StrictSerializer):
    team = serializers.IntegerField(**ID)
    due_date = LocalizedDateField()
    count = LocalizedIntegerField(min_value=1, max_value=200)
    target_visits = LocalizedIntegerField(min_value=1, max_value=MAX_TARGET_VISITS, required=False, default=1)
    commit = serializers.BooleanField(required=False, default=False)


class ProposalOutput(serializers.Serializer):
    neighborhood = serializers.IntegerField()
    neighborhood_code = serializers.CharField()
    neighborhood_name = serializers.CharField()
    assignee = serializers.CharField(allow_null=True)
    reason = serializers.ChoiceField(choices=["never_visited", "stale", "low_confidence"])
    why = serializers.CharField(help_text="The reason in words, in the request's language.")
    score = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class SuggestOutput(serializers.Serializer):
    proposals = ProposalOutput(many=True)
    created = serializers.ListField(
        child=serializers.IntegerField(), help_text="Assignment ids, with commit."
    )
