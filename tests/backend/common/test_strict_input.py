"""StrictSerializer checks a JSON object with DRF's steps looked up once: it must give exactly what
DRF's own loop gives (values and errors), bar the unknown fields it refuses."""

from typing import Any

import pytest
from rest_framework import serializers

from backend.common.serializers import StrictSerializer


class Fields(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(min_value=0, required=False)
    flag = serializers.BooleanField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False, allow_blank=True, default="")
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    extra = serializers.JSONField(required=False, default=dict)
    renamed = serializers.IntegerField(required=False, allow_null=True, source="other_id")

    def validate_tags(self, value: list[str]) -> list[str]:
        if len(value) > 2:
            raise serializers.ValidationError("At most two tags.")
        return sorted(value)

    def validate_extra(self, value: Any) -> Any:
        return {**value, "seen": True}  # also run on the default


class Strict(StrictSerializer, Fields):
    pass


CASES = [
    {"name": "abc"},
    {"name": "abc", "count": 3, "flag": True, "kind": "b", "tags": ["y", "x"], "renamed": 7},
    {"name": "abc", "flag": None, "kind": "", "extra": {"k": 1}, "renamed": None},
    {},  # name is required
    {"name": "too long"},
    {"name": "abc", "count": -1, "kind": "c", "tags": ["1", "2", "3"]},
    {"name": None, "count": "x", "flag": "maybe"},
    {"name": "", "tags": "not a list"},
]


@pytest.mark.parametrize("data", CASES)
def test_strict_input_gives_what_drf_gives(data):
    ours, theirs = Strict(data=data), Fields(data=data)
    assert ours.is_valid() == theirs.is_valid()
    assert ours.errors == theirs.errors
    if theirs.errors == {}:
        assert ours.validated_data == theirs.validated_data


def test_defaults_are_fresh_for_every_object():
    checker = Strict()
    first, second = checker.run_validation({"name": "a"}), checker.run_validation({"name": "b"})
    assert first["tags"] == [] and first["tags"] is not second["tags"]


def test_unknown_fields_are_refused_and_a_patch_still_skips_what_is_missing():
    refused = Strict(data={"name": "a", "colour": "red"})
    assert not refused.is_valid() and refused.errors == {"colour": ["Unknown field."]}
    patch = Strict(data={"count": 2}, partial=True)
    assert patch.is_valid(), patch.errors
    assert dict(patch.validated_data) == {"count": 2}
