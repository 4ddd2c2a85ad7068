"""Input and output shapes for reviewing visits: decisions, edits, corrections, history, comments."""

from typing import Any

from rest_framework import serializers

from backend.common.serializers import ID, JalaliDateTimeField, StrictSerializer
from backend.surveys.models import ReviewState, review_decision_choices
from backend.surveys.review_services import MAX_BULK
from backend.surveys.serializers import VisitAnswersInput

MAX_NOTE = 2000


class _Decision(StrictSerializer):
    state = serializers.ChoiceField(choices=review_decision_choices())
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["state"] == ReviewState.HAS_ISSUES and not attrs["note"].strip():
            raise serializers.ValidationError({"note": ["Say what the visitor should check or fix."]})
        return attrs


class ReviewInput(_Decision):
    version = serializers.IntegerField(min_value=1, help_text="The visit's version you reviewed.")


class BulkReviewInput(_Decision):
    ids = serializers.ListField(
        child=serializers.IntegerField(**ID),
        allow_empty=False,
        max_length=MAX_BULK,
    )


class BulkReviewResult(serializers.Serializer):
    id = serializers.IntegerField()
    review_state = serializers.CharField()
    version = serializers.IntegerField()


class BulkReviewOutput(serializers.Serializer):
    results = BulkReviewResult(many=True)


class VisitEditInput(VisitAnswersInput):
    """A PATCH of a visit's answers: only the fields sent change."""

    version = serializers.IntegerField(min_value=1, help_text="The visit's version you corrected.")
    client_uuid = serializers.UUIDField(
        required=False, help_text="Made on the phone for a correction: a resend is stored once."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:  # a partial update, yet the version is always needed
            raise serializers.ValidationError({"version": ["This field is required."]})
        return attrs


class HistoryEntryOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["created", "review", "edit", "correction", "comment"])
    at = serializers.DateTimeField()
    at_jalali = JalaliDateTimeField(source="at")
    actor = serializers.CharField()
    version = serializers.IntegerField()
    state = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    changes = serializers.DictField(
        child=serializers.ListField(), allow_null=True, help_text='{"field": [old, new]}'
    )


class CommentInput(StrictSerializer):
    text = serializers.CharField(max_length=MAX_NOTE)
    client_uuid = serializers.UUIDField(
        required=False, help_text="Made on the phone: a resend is stored once."
    )


class CommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="actor.username")
    text = serializers.CharField(source="note")
    at = serializers.DateTimeField()
    at_jalali = JalaliDateTimeField(source="at")
    client_uuid = serializers.UUIDField(allow_null=True)
