"""Pagination for plain JSON lists and for GeoJSON FeatureCollections."""

from rest_framework import pagination
from rest_framework_gis.pagination import GeoJsonPagination as _GeoJsonPagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class GeoJsonPagination(_GeoJsonPagination):
    """A FeatureCollection with count, next and previous beside its features."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
