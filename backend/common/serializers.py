"""Serializer pieces: strict input, GeoJSON geometries, Persian digits, Jalali dates."""

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.common.geometry import to_geos
from backend.common.l10n import geometry_message, jalali_local
from geo.shapes import GeometryError, parse_geojson, to_valid_multipolygon
from geo.text import jalali_day, parse_decimal, parse_jalali_date


def reject_unknown_fields(data: Any, known: Iterable[str]) -> None:
    """Raise a 400 naming every key of data that is not in known."""
    if not isinstance(data, dict):
        raise serializers.ValidationError({"non_field_errors": ["Expected a JSON object."]})
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know, instead of ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        reject_unknown_fields(data, [name for name, f in self.fields.items() if not f.read_only])
        return super().to_internal_value(data)


@extend_schema_field({"type": "object", "description": "A GeoJSON Point: [longitude, latitude]."})
class PointField(serializers.Field):
    """A GeoJSON Point in, a GEOS Point (SRID 4326) out."""

    def to_internal_value(self, data: Any) -> Point:
        geom = _parse(data, ["Point"])
        return Point(geom.x, geom.y, srid=4326)

    def to_representation(self, value: Point) -> dict[str, Any]:
        return {"type": "Point", "coordinates": [value.x, value.y]}


@extend_schema_field(
    {"type": "object", "description": "A GeoJSON Polygon or MultiPolygon, [longitude, latitude]."}
)
class AreaField(serializers.Field):
    """A GeoJSON (Multi)Polygon in, a valid GEOS MultiPolygon out (repaired when needed)."""

    def to_internal_value(self, data: Any) -> MultiPolygon:
        geom = _parse(data, ["Polygon", "MultiPolygon"])
        try:
            multi, _repaired = to_valid_multipolygon(geom)
        except GeometryError as exc:
            raise serializers.ValidationError(geometry_message(exc)) from None
        return to_geos(multi)

    def to_representation(self, value: GEOSGeometry) -> dict[str, Any]:
        return json.loads(value.geojson)


def _parse(data: Any, allowed: Sequence[str]) -> Any:
    try:
        return parse_geojson(data, allowed=allowed, max_vertices=settings.MAX_GEOMETRY_VERTICES)
    except GeometryError as exc:
        raise serializers.ValidationError(geometry_message(exc)) from None


class LocalizedFloatField(serializers.FloatField):
    """A number that may also be sent as text with Persian or Arabic-Indic digits."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, str):
            try:
                data = parse_decimal(data)
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class LocalizedIntegerField(serializers.IntegerField):
    """A whole number that may also be sent as text with Persian or Arabic-Indic digits."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str):
            try:
                number = parse_decimal(data)
            except ValueError:
                self.fail("invalid")
            if number != int(number):
                self.fail("invalid")
            data = int(number)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false, as JSON writes them: 0, 1, "yes" and the like are refused in a JSON body."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class LocalizedDateField(serializers.DateField):
    """A day as ISO 8601 (2026-12-10) or Jalali (1405/09/19, any digits); ISO out."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and "/" in value:
            try:
                return parse_jalali_date(value)
            except ValueError as exc:
                raise serializers.ValidationError(str(exc)) from None
        return super().to_internal_value(value)


@extend_schema_field(OpenApiTypes.STR)
class JalaliDateField(serializers.ReadOnlyField):
    """The Jalali form of a calendar day ('1405/09/19')."""

    def to_representation(self, value: Any) -> str | None:
        return jalali_day(value) if value else None


@extend_schema_field(OpenApiTypes.STR)
class JalaliDateTimeField(serializers.ReadOnlyField):
    """The Jalali form of a UTC datetime, in the project's time zone ('1405/09/07 13:30')."""

    def to_representation(self, value: datetime | None) -> str | None:
        return jalali_local(value)


def checked_query(serializer_class: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    """Return the request's query parameters as validated by serializer_class, or raise its 400."""
    return checked_params(serializer_class, request.query_params.dict())


def checked_params(serializer_class: type[serializers.Serializer], data: dict[str, Any]) -> dict[str, Any]:
    """Return data (query parameters kept for later, say by a job) validated by serializer_class."""
    params = serializer_class(data=data)
    params.is_valid(raise_exception=True)
    return params.validated_data


def form_errors(serializer: serializers.Serializer) -> dict[str, str]:
    """Validate an input serializer filled from an HTML form; return one message per field.

    Pages check their forms with the API's own input serializers, so the two agree.
    """
    if serializer.is_valid():
        return {}
    errors = serializer.errors
    detail = errors if isinstance(errors, dict) else {"non_field_errors": errors}
    return {name: " ".join(str(m) for m in messages) for name, messages in detail.items()}
