from django.urls import re_path

from backend.exports.apis import NeighborhoodExportApi, PartnerExportApi, VisitExportApi

FORMAT = r"(?P<fmt>csv|xlsx|geojson|gpkg|shp\.zip|kml)"

urlpatterns = [
    re_path(rf"^exports/visits\.{FORMAT}$", VisitExportApi.as_view(), name="export-visits"),
    re_path(
        rf"^exports/neighborhoods\.{FORMAT}$", NeighborhoodExportApi.as_view(), name="export-neighborhoods"
    ),
    re_path(rf"^exports/partners\.{FORMAT}$", PartnerExportApi.as_view(), name="export-partners"),
]
