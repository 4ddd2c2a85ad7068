"""Filter backends shared by spatial lists."""

from typing import Any

from django.contrib.gis.geos import Polygon
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

from backend.common.l10n import geometry_message
from geo.shapes import GeometryError, parse_bbox


class BBoxFilter(BaseFilterBackend):
    """?bbox=min_lon,min_lat,max_lon,max_lat keeps features that intersect the box.

    The view names its geometry field in ``bbox_filter_field``.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        return bbox_filtered(queryset, view.bbox_filter_field, request.query_params.get("bbox"))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "bbox",
                "in": "query",
                "required": False,
                "description": "min_lon,min_lat,max_lon,max_lat (WGS 84)",
                "schema": {"type": "string", "example": "49.9,36.2,50.1,36.35"},
            }
        ]


def bbox_filtered(queryset: QuerySet, field: str, raw: str | None) -> QuerySet:
    """Keep the rows whose field intersects the bbox text (none: all rows); a bad bbox is a 400."""
    if raw is None:
        return queryset
    try:
        box = parse_bbox(raw)
    except GeometryError as exc:
        raise serializers.ValidationError({"bbox": [geometry_message(exc)]}) from None
    polygon = Polygon.from_bbox(box)
    polygon.srid = 4326
    return queryset.filter(**{f"{field}__intersects": polygon})
