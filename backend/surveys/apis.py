"""HTTP endpoints for neighbourhoods and visits: parse, authorise, call a service or selector."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
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
)
from backend.common.filters import BBoxFilter
from backend.common.pagination import GeoJsonPagination
from backend.surveys import selectors, services
from backend.surveys.models import Neighborhood
from backend.surveys.serializers import (
    NeighborhoodInput,
    NeighborhoodOutput,
    VisitInput,
    VisitListFilters,
    VisitOutput,
)

ERROR = OpenApiResponse(description="A message a person can act on: {detail, errors}.")

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
        filters = VisitListFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.visit_list(user=self.request.user, filters=filters.validated_data)

    @extend_schema(
        parameters=[
            OpenApiParameter("neighborhood", str, description="A neighbourhood id, or 'none'."),
            OpenApiParameter("visited_after", str, description="ISO 8601 date-time."),
            OpenApiParameter("visited_before", str, description="ISO 8601 date-time."),
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
        result = services.visit_submit(visitor=request.user, data=data.validated_data)
        if result.status == "conflict":
            return Response(
                {
                    "detail": "A different visit with this client_uuid is already stored; "
                    "it was left unchanged. Give a new visit a new UUID.",
                    "id": result.visit.pk if can_read_visit(request.user, result.visit) else None,
                },
                status=status.HTTP_409_CONFLICT,
            )
        code = status.HTTP_201_CREATED if result.status == "created" else status.HTTP_200_OK
        return Response(self._output(result.visit), status=code)

    def _output(self, value: Any, many: bool = False) -> Any:
        return VisitOutput(value, many=many, context={"request": self.request}).data


class VisitDetailApi(GenericAPIView):
    """Read one visit: your own, or any for planners, coordinators and admins."""

    permission_classes = [VisitRule]
    serializer_class = VisitOutput

    def get(self, request: Request, pk: int) -> Response:
        visit = get_object_or_404(selectors.visit_list(user=request.user), pk=pk)
        return Response(VisitOutput(visit, context={"request": request}).data)
