"""GET /api/v1/exports/{visits|neighborhoods|partners}.{csv|xlsx|geojson|gpkg|shp.zip|kml}."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.permissions import (
    RulePermission,
    can_list_visits,
    can_read_partner_contacts,
    can_read_partners,
    can_read_priorities,
)
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.exports import datasets
from backend.exports.formats import FORMATS, Dataset
from backend.exports.serializers import NeighborhoodExportParams, PartnerExportParams, VisitExportParams
from backend.planning.apis import chosen_profile

FORMAT_PARAMETER = OpenApiParameter(
    "fmt", str, OpenApiParameter.PATH, enum=list(FORMATS), description="The file format."
)


def _body(content_type: str) -> Any:
    """GeoJSON is a JSON object (a FeatureCollection); every other format is a file."""
    return OpenApiTypes.OBJECT if content_type == "application/geo+json" else OpenApiTypes.BINARY


def _documented(params: type) -> Any:
    return extend_schema_view(
        get=extend_schema(
            parameters=[params, FORMAT_PARAMETER],
            responses={
                **{(200, f.content_type): _body(f.content_type) for f in FORMATS.values()},
                400: ERROR,
            },
        )
    )


class _ExportApi(APIView):
    """Streams the dataset in the format the URL names; filters as on the matching list."""

    def dataset(self, request: Request) -> Dataset:
        raise NotImplementedError

    def get(self, request: Request, fmt: str) -> Any:
        return FORMATS[fmt].render(self.dataset(request))


@_documented(VisitExportParams)
class VisitExportApi(_ExportApi):
    """The visits you may read (visitors: their own), with Jalali beside ISO dates."""

    permission_classes = [RulePermission.of(read=can_list_visits)]

    def dataset(self, request: Request) -> Dataset:
        return datasets.visits(user=request.user, filters=checked_query(VisitExportParams, request))


@_documented(NeighborhoodExportParams)
class NeighborhoodExportApi(_ExportApi):
    """Neighbourhoods with their boundaries and scores under a weight profile, highest need first."""

    permission_classes = [RulePermission.of(read=can_read_priorities)]

    def dataset(self, request: Request) -> Dataset:
        profile, params = chosen_profile(request, NeighborhoodExportParams)
        return datasets.neighborhoods(profile=profile, bbox=params.get("bbox"))


@_documented(PartnerExportParams)
class PartnerExportApi(_ExportApi):
    """The partner registry; contact names and phones only for coordinators and admins."""

    permission_classes = [RulePermission.of(read=can_read_partners)]

    def dataset(self, request: Request) -> Dataset:
        filters = checked_query(PartnerExportParams, request)
        return datasets.partners(filters=filters, contacts=can_read_partner_contacts(request.user))
