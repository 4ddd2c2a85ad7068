"""Pagination for plain JSON lists and for GeoJSON FeatureCollections."""

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView
from rest_framework_gis.pagination import GeoJsonPagination as _GeoJsonPagination

from geo.text import parse_whole, to_latin_digits


class _StrictPages(pagination.PageNumberPagination):
    """page and page_size must be whole numbers in range (DRF quietly uses defaults for bad ones)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param or "")
        if raw is None:
            return self.page_size
        return _whole_number(raw, "page_size", maximum=self.max_page_size)

    invalid_page_message = "There is no page {page_number}: {message}"

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        page = request.query_params.get("page", "1")
        if page != "last":
            _whole_number(page, "page")
        return super().paginate_queryset(queryset, request, view)


def _whole_number(raw: str, name: str, maximum: int | None = None) -> int:
    number = parse_whole(raw)  # Persian and Arabic-Indic digits count too
    if number is None or number < 1 or (maximum and number > maximum):
        bound = f" from 1 to {maximum}" if maximum else " of 1 or more"
        raise ValidationError({name: [f"Give a whole number{bound}; got {to_latin_digits(raw)[:20]!r}."]})
    return number


class PageNumberPagination(_StrictPages):
    pass


class GeoJsonPagination(_StrictPages, _GeoJsonPagination):
    """A FeatureCollection with count, next and previous beside its features."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        # drf-gis renames "results" to "features" but leaves "results" required, and drf-spectacular
        # hands in a whole FeatureCollection ("…List") where the page holds only its features.
        paginated["required"] = ["type", "count", "features"]
        collection = schema.get("$ref", "")
        if collection.endswith("List"):
            feature = {"$ref": collection.removesuffix("List")}
            paginated["properties"]["features"] = {"type": "array", "items": feature}
        return paginated
