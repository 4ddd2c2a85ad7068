"""/api/v1/exports/{visits|neighborhoods|partners}.{csv|xlsx|geojson|gpkg|shp.zip|kml}

GET streams the file at once; POST (same query parameters) queues a job and answers 202 with
its URL, for exports too big to wait for.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.permissions import RulePermission
from backend.common.schema import ERROR
from backend.exports.formats import FORMATS
from backend.exports.registry import EXPORTS
from backend.exports.services import export_queue
from backend.jobs.apis import queued_response
from backend.jobs.serializers import JobQueuedOutput

FORMAT_PARAMETER = OpenApiParameter(
    "fmt", str, OpenApiParameter.PATH, enum=list(FORMATS), description="The file format."
)


def _body(content_type: str) -> Any:
    """GeoJSON is a JSON object (a FeatureCollection); every other format is a file."""
    return OpenApiTypes.OBJECT if content_type == "application/geo+json" else OpenApiTypes.BINARY


def _documented(name: str) -> Any:
    params = EXPORTS[name].params
    return extend_schema_view(
        get=extend_schema(
            parameters=[params, FORMAT_PARAMETER],
            responses={
                **{(200, f.content_type): _body(f.content_type) for f in FORMATS.values()},
                400: ERROR,
            },
        ),
        post=extend_schema(
            description="Queue the same export as a job; poll the job's URL, then download its file.",
            parameters=[params, FORMAT_PARAMETER],
            request=None,
            responses={202: JobQueuedOutput, 400: ERROR},
        ),
    )


class _ExportApi(APIView):
    name: str

    def get(self, request: Request, fmt: str) -> Any:
        return FORMATS[fmt].render(EXPORTS[self.name].dataset(request.user, request.query_params.dict()))

    def post(self, request: Request, fmt: str) -> Response:
        query = request.query_params.dict()
        EXPORTS[self.name].dataset(request.user, query)  # bad filters are a 400 now, not a failed job
        job = export_queue(user=request.user, dataset=self.name, fmt=fmt, query=query)
        return queued_response(request, job)


def _rule(name: str) -> type[RulePermission]:
    """Streaming an export and queueing one need the same right."""
    return RulePermission.of(read=EXPORTS[name].rule, write=EXPORTS[name].rule)


@_documented("visits")
class VisitExportApi(_ExportApi):
    """The visits you may read (visitors: their own), with Jalali beside ISO dates."""

    name = "visits"
    permission_classes = [_rule("visits")]


@_documented("neighborhoods")
class NeighborhoodExportApi(_ExportApi):
    """Neighbourhoods with their boundaries and scores under a weight profile, highest need first."""

    name = "neighborhoods"
    permission_classes = [_rule("neighborhoods")]


@_documented("partners")
class PartnerExportApi(_ExportApi):
    """The partner registry; contact names and phones only for coordinators and admins."""

    name = "partners"
    permission_classes = [_rule("partners")]
