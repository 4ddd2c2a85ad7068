"""HTTP endpoints for neighbourhoods and visits: parse, authorise, call a service or selector."""

from typing import Any, cast

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.permissions import (
    RulePermission,
    can_create_visit,
    can_list_visits,
    can_read_neighborhoods,
    can_read_visit,
    can_write_neighborhoods,
    signed_in,
)
from backend.common.errors import error_summary
from backend.common.filters import BBoxFilter
from backend.common.pagination import GeoJsonPagination
from backend.common.parsers import RawBodyParser
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.surveys import selectors, services
from backend.surveys.models import Neighborhood, Visit
from backend.surveys.photos import PhotoError
from backend.surveys.review_apis import VisitEditApi, visit_answer
from backend.surveys.serializers import (
    NeighborhoodInput,
    NeighborhoodOutput,
    VisitInput,
    VisitListFilters,
    VisitOutput,
    VisitPhotoOutput,
    VisitSyncInput,
    VisitSyncOutput,
)

NeighborhoodRule = RulePermission.of(read=can_read_neighborhoods, write=can_write_neighborhoods)


class NeighborhoodListApi(GenericAPIView):
    """List neighbourhoods as a GeoJSON FeatureCollection; admins create them."""

    permission_classes = [NeighborhoodRule]
    filter_backends = [BBoxFilter]
    bbox_filter_field = "boundary"
    pagination_class = GeoJsonPagination
    serializer_class = NeighborhoodOutput

    def get_queryset(self) -> QuerySet[Neighborhood]:
        return selectors.neighborhood_list(filters=self.request.query_params.dict())

    @extend_schema(responses=NeighborhoodOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(NeighborhoodOutput(page, many=True).data)

    @extend_schema(request=NeighborhoodInput, responses={201: NeighborhoodOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = NeighborhoodInput(data=request.data)
        data.is_valid(raise_exception=True)
        neighborhood = services.neighborhood_create(**data.validated_data)
        return Response(NeighborhoodOutput(neighborhood).data, status=status.HTTP_201_CREATED)


class NeighborhoodDetailApi(GenericAPIView):
    """Read one neighbourhood; admins change or delete it."""

    permission_classes = [NeighborhoodRule]
    serializer_class = NeighborhoodOutput
    queryset = Neighborhood.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(NeighborhoodOutput(self.get_object()).data)

    @extend_schema(request=NeighborhoodInput, responses={200: NeighborhoodOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = NeighborhoodInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        neighborhood = services.neighborhood_update(neighborhood=self.get_object(), data=data.validated_data)
        return Response(NeighborhoodOutput(neighborhood).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.neighborhood_delete(neighborhood=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


VisitRule = RulePermission.of(read=can_list_visits, write=can_create_visit)

CONFLICT_MESSAGE = (
    "A different visit with this client_uuid is already stored; it was left unchanged. "
    "Give a new visit a new UUID."
)


def _readable_id(user: Any, visit: Visit) -> int | None:
    return visit.pk if can_read_visit(user, visit) else None


class VisitListApi(GenericAPIView):
    """List the visits you may read as GeoJSON; record a new visit.

    Sending the same visit again (same client_uuid and content) answers 200 with
    the stored visit and changes nothing; other content under a stored
    client_uuid answers 409.
    """

    permission_classes = [VisitRule]
    filter_backends = [BBoxFilter]
    bbox_filter_field = "point"
    pagination_class = GeoJsonPagination
    serializer_class = VisitOutput

    def get_queryset(self) -> QuerySet:
        filters = checked_query(VisitListFilters, self.request)
        return selectors.visit_list(user=self.request.user, filters=filters)

    @extend_schema(
        parameters=[
            OpenApiParameter("neighborhood", str, description="A neighbourhood id, or 'none'."),
            OpenApiParameter("visited_after", str, description="ISO 8601 date-time."),
            OpenApiParameter("visited_before", str, description="ISO 8601 date-time."),
            OpenApiParameter("review_state", str, description="Comma-separated review states."),
            OpenApiParameter("flag", str, description="Comma-separated quality flags: any of them."),
            OpenApiParameter("visitor", str, description="A visitor's username."),
            OpenApiParameter("order", str, enum=["queue"], description="queue: flagged, then oldest, first."),
        ],
        responses=VisitOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._output(page, many=True))

    @extend_schema(
        request=VisitInput,
        responses={201: VisitOutput, 200: VisitOutput, 400: ERROR, 409: ERROR},
    )
    def post(self, request: Request) -> Response:
        data = VisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.visit_submit(visitor=signed_in(request), data=data.validated_data)
        if isinstance(result, services.Refused):
            raise ValidationError(result.errors)
        if result.status == "conflict":
            return Response(
                {"detail": CONFLICT_MESSAGE, "id": _readable_id(request.user, result.visit)},
                status=status.HTTP_409_CONFLICT,
            )
        code = status.HTTP_201_CREATED if result.status == "created" else status.HTTP_200_OK
        return visit_answer(request, result.visit.pk, code)

    def _output(self, value: Any, many: bool = False) -> Any:
        return VisitOutput(value, many=many, context={"request": self.request}).data


class VisitDetailApi(VisitEditApi):
    """Read one visit (your own, or any for the roles that read all visits); PATCH corrects it."""

    permission_classes = [RulePermission.of(read=can_list_visits, write=can_list_visits)]
    serializer_class = VisitOutput

    def get(self, request: Request, pk: int) -> Response:
        return visit_answer(request, pk)


class VisitSyncApi(GenericAPIView):
    """Send a batch of visits from the field app; one result per item, in order.

    Each item has the shape of a single visit create. Statuses: ``created``;
    ``duplicate`` (that UUID with the same content is stored: nothing changes);
    ``conflict`` (that UUID is stored with other content: left untouched);
    ``invalid`` (with field errors). One bad item never sinks the batch, and a
    batch is safe to resend any number of times, also concurrently.
    """

    permission_classes = [RulePermission.of(read=can_create_visit, write=can_create_visit)]
    serializer_class = VisitSyncInput
    body_limit_setting = "MAX_SYNC_BODY_BYTES"

    @extend_schema(request=VisitSyncInput, responses={200: VisitSyncOutput, 400: ERROR, 413: ERROR})
    def post(self, request: Request) -> Response:
        batch = VisitSyncInput(data=request.data)
        batch.is_valid(raise_exception=True)
        item_input = VisitInput()  # one instance: its fields are built once for the batch
        valid: list[dict[str, Any]] = []
        refused: dict[int, dict[str, Any]] = {}
        for index, item in enumerate(batch.validated_data["visits"]):
            try:
                valid.append(item_input.run_validation(item))
            except ValidationError as exc:
                refused[index] = _invalid(_sent_uuid(item), exc.detail)
        submitted = iter(services.visits_submit(visitor=signed_in(request), batch=valid))
        uuids = iter(str(data["client_uuid"]) for data in valid)
        results = [
            refused[index] if index in refused else self._result(next(uuids), next(submitted))
            for index in range(len(batch.validated_data["visits"]))
        ]
        return Response({"results": results})

    def _result(self, client_uuid: str, result: services.VisitSubmission) -> dict[str, Any]:
        if isinstance(result, services.Refused):
            return _invalid(client_uuid, result.errors)
        visit = result.visit
        answer: dict[str, Any] = {"client_uuid": client_uuid, "status": result.status}
        if result.status == "conflict":
            return {**answer, "id": _readable_id(self.request.user, visit), "detail": CONFLICT_MESSAGE}
        return {
            **answer,
            "id": visit.pk,
            "neighborhood": visit.neighborhood_id,
            "outside_neighborhood": visit.outside_neighborhood,
        }


def _sent_uuid(item: Any) -> str | None:
    value = item.get("client_uuid") if isinstance(item, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 else None


def _invalid(client_uuid: str | None, errors: Any) -> dict[str, Any]:
    errors = errors if isinstance(errors, dict) else {"non_field_errors": errors}
    return {
        "client_uuid": client_uuid,
        "status": "invalid",
        "detail": error_summary(errors),
        "errors": errors,
    }


class VisitPhotoApi(GenericAPIView):
    """Upload (PUT the image bytes) or download one photo of a visit.

    Upload to your own visit once it is stored; the photo's UUID is chosen by the
    phone, so re-sending the same photo stores it once (200), and other bytes
    under a stored UUID are a conflict (409). JPEG, PNG or WebP, judged by the
    bytes; stored without metadata except orientation.
    """

    permission_classes = [VisitRule]
    parser_classes = [RawBodyParser]
    body_limit_setting = "PHOTO_MAX_BYTES"
    serializer_class = VisitPhotoOutput

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY, 404: ERROR})
    def get(self, request: Request, client_uuid: str, photo_uuid: str) -> FileResponse:
        photo = selectors.visit_photo_get(user=request.user, client_uuid=client_uuid, photo_uuid=photo_uuid)
        if photo is None:
            raise NotFound("No photo with this UUID on a visit you may read.")
        response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
        response["Cache-Control"] = "private, max-age=86400"
        return response

    @extend_schema(
        request={"image/jpeg": OpenApiTypes.BINARY},
        responses={
            201: VisitPhotoOutput,
            200: VisitPhotoOutput,
            400: ERROR,
            404: ERROR,
            409: ERROR,
            413: ERROR,
        },
    )
    def put(self, request: Request, client_uuid: str, photo_uuid: str) -> Response:
        visit = selectors.own_visit(user=request.user, client_uuid=client_uuid)
        if visit is None:
            raise NotFound("You have no stored visit with this client_uuid; send the visit first.")
        try:
            raw = cast(bytes, request.data)  # the raw-body parser's bytes (common.parsers)
            result = services.visit_photo_submit(visit=visit, photo_uuid=photo_uuid, raw=raw)
        except PhotoError as exc:
            raise ValidationError({"photo": [str(exc)]}) from None
        if result.status == "conflict":
            return Response(
                {"detail": "Another photo is stored under this photo UUID; it was left unchanged."},
                status=status.HTTP_409_CONFLICT,
            )
        code = status.HTTP_201_CREATED if result.status == "created" else status.HTTP_200_OK
        return Response(VisitPhotoOutput(result.photo, context={"request": request}).data, status=code)
