"""HTTP endpoints for the partner registry, liaisons, look-ups and coverage."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.permissions import (
    RulePermission,
    can_read_coverage,
    can_read_liaison_contacts,
    can_read_liaisons,
    can_read_partner_contacts,
    can_read_partners,
    can_write_liaisons,
    can_write_partners,
)
from backend.common.exports import Column, csv_response
from backend.common.filters import BBoxFilter
from backend.common.pagination import GeoJsonPagination
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.partners import selectors, services
from backend.partners.models import Liaison, Partner, PartnerKind
from backend.partners.serializers import (
    CoverageListOutput,
    CoverageParams,
    LiaisonInput,
    LiaisonListFilters,
    LiaisonOutput,
    NearestParams,
    PartnerInput,
    PartnerListFilters,
    PartnerNearbyOutput,
    PartnerOutput,
    PartnerServingOutput,
    ServingParams,
    WithinParams,
)
from backend.surveys.models import Neighborhood

PartnerRule = RulePermission.of(read=can_read_partners, write=can_write_partners)
LiaisonRule = RulePermission.of(read=can_read_liaisons, write=can_write_liaisons)


CoverageRule = RulePermission.of(read=can_read_coverage)


def _partner_context(user: Any) -> dict[str, bool]:
    return {"contacts": can_read_partner_contacts(user)}


def _liaison_context(user: Any) -> dict[str, bool]:
    return {"contacts": can_read_liaison_contacts(user)}


def _filters(params: dict[str, Any]) -> dict[str, Any]:
    return {key: params.get(key) for key in ("kind", "service", "is_active")}


class PartnerListApi(GenericAPIView):
    """List partners as GeoJSON (contacts for coordinators and admins); register one."""

    permission_classes = [PartnerRule]
    filter_backends = [BBoxFilter]
    bbox_filter_field = "point"
    pagination_class = GeoJsonPagination
    serializer_class = PartnerOutput

    def get_queryset(self) -> QuerySet[Partner]:
        return selectors.partner_list(filters=checked_query(PartnerListFilters, self.request))

    @extend_schema(parameters=[PartnerListFilters], responses=PartnerOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        output = PartnerOutput(page, many=True, context=_partner_context(request.user))
        return self.get_paginated_response(output.data)

    @extend_schema(request=PartnerInput, responses={201: PartnerOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = PartnerInput(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_create(**data.validated_data)
        output = PartnerOutput(partner, context=_partner_context(request.user))
        return Response(output.data, status=status.HTTP_201_CREATED)


class PartnerDetailApi(GenericAPIView):
    """Read one partner; coordinators and admins change or deactivate it."""

    permission_classes = [PartnerRule]
    serializer_class = PartnerOutput
    queryset = Partner.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(PartnerOutput(self.get_object(), context=_partner_context(request.user)).data)

    @extend_schema(request=PartnerInput, responses={200: PartnerOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = PartnerInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        partner = services.partner_update(partner=self.get_object(), data=data.validated_data)
        return Response(PartnerOutput(partner, context=_partner_context(request.user)).data)


class PartnerNearestApi(APIView):
    """Partners nearest to a place, nearest first, each with its true distance in metres."""

    permission_classes = [PartnerRule]

    @extend_schema(parameters=[NearestParams], responses={200: PartnerNearbyOutput(many=True), 400: ERROR})
    def get(self, request: Request) -> Response:
        params = checked_query(NearestParams, request)
        partners = selectors.partner_nearest(
            lon=params["lon"],
            lat=params["lat"],
            limit=params.get("limit", min(10, settings.PARTNER_NEAREST_MAX_LIMIT)),
            max_distance_m=params.get("max_distance_m"),
            filters=_filters(params),
        )
        return Response(_features(partners, request))


class PartnerWithinApi(APIView):
    """Partners within a radius of a place, nearest first; ``truncated`` when more exist."""

    permission_classes = [PartnerRule]

    @extend_schema(parameters=[WithinParams], responses={200: PartnerNearbyOutput(many=True), 400: ERROR})
    def get(self, request: Request) -> Response:
        params = checked_query(WithinParams, request)
        limit = params.get("limit", settings.PARTNER_NEAREST_MAX_LIMIT)
        partners = selectors.partner_nearest(
            lon=params["lon"],
            lat=params["lat"],
            limit=limit + 1,
            max_distance_m=params["radius_m"],
            filters=_filters(params),
        )
        return Response({**_features(partners[:limit], request), "truncated": len(partners) > limit})


class NeighborhoodPartnersApi(APIView):
    """Partners inside a neighbourhood, within walking distance of it, or its liaisons' mosques."""

    permission_classes = [PartnerRule]

    @extend_schema(parameters=[ServingParams], responses={200: PartnerServingOutput(many=True), 400: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        params = checked_query(ServingParams, request)
        neighborhood = get_object_or_404(Neighborhood, pk=pk)
        walk_m = params.get("walk_m") or settings.WALKING_DISTANCE_METRES
        partners = selectors.partners_serving(
            neighborhood=neighborhood, walk_m=walk_m, filters=_filters(params)
        )
        output = PartnerServingOutput(partners, many=True, context=_partner_context(request.user))
        return Response({**output.data, "walking_distance_m": walk_m})


def _features(partners: list[Partner], request: Request) -> dict[str, Any]:
    return PartnerNearbyOutput(partners, many=True, context=_partner_context(request.user)).data


class CoverageApi(APIView):
    """Per neighbourhood: who reaches it, and whether it lacks a liaison or a partner within a walk."""

    permission_classes = [CoverageRule]

    @extend_schema(parameters=[CoverageParams], responses={200: CoverageListOutput, 400: ERROR})
    def get(self, request: Request) -> Response:
        params = checked_query(CoverageParams, request)
        walk_m = params.get("walk_m") or settings.WALKING_DISTANCE_METRES
        rows = selectors.neighborhood_coverage(walk_m=walk_m, gap=params.get("gap"))
        return Response(
            CoverageListOutput({"walking_distance_m": walk_m, "count": len(rows), "results": rows}).data
        )


def _nearest(kind: str) -> Callable[[Any], Any]:
    """A coverage row's distance to the nearest active partner of one kind."""
    return lambda row: row.nearest_m[kind]


COVERAGE_COLUMNS = [
    Column(_("code"), lambda row: row.code),
    Column(_("neighbourhood"), lambda row: row.name),
    Column(_("liaisons"), lambda row: row.liaisons),
    Column(_("no liaison"), lambda row: row.no_liaison),
    Column(_("partners within walking distance"), lambda row: row.partners_within_walk),
    Column(_("no partner within walking distance"), lambda row: row.no_partner_within_walk),
    Column(_("nearest liaison's mosque (m)"), lambda row: row.liaison_mosque_m),
    *[
        Column(
            format_lazy(_("{} (m)"), kind.label),
            _nearest(kind.value),
        )
        for kind in PartnerKind
    ],
]


class CoverageExportApi(APIView):
    """The coverage table as CSV (Persian headers by default; ?gap= and ?walk_m= as above)."""

    permission_classes = [CoverageRule]

    @extend_schema(parameters=[CoverageParams], responses={(200, "text/csv"): str, 400: ERROR})
    def get(self, request: Request) -> StreamingHttpResponse:
        params = checked_query(CoverageParams, request)
        walk_m = params.get("walk_m") or settings.WALKING_DISTANCE_METRES
        rows = selectors.neighborhood_coverage(walk_m=walk_m, gap=params.get("gap"))
        return csv_response(filename="coverage.csv", columns=COVERAGE_COLUMNS, rows=rows)


class LiaisonListApi(GenericAPIView):
    """List Imam Mahalleh liaisons (phones for coordinators and admins); register one."""

    permission_classes = [LiaisonRule]
    serializer_class = LiaisonOutput

    def get_queryset(self) -> QuerySet[Liaison]:
        return selectors.liaison_list(filters=checked_query(LiaisonListFilters, self.request))

    @extend_schema(parameters=[LiaisonListFilters], responses=LiaisonOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        output = LiaisonOutput(page, many=True, context=_liaison_context(request.user))
        return self.get_paginated_response(output.data)

    @extend_schema(request=LiaisonInput, responses={201: LiaisonOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = LiaisonInput(data=request.data)
        data.is_valid(raise_exception=True)
        liaison = services.liaison_create(**data.validated_data)
        output = LiaisonOutput(liaison, context=_liaison_context(request.user))
        return Response(output.data, status=status.HTTP_201_CREATED)


class LiaisonDetailApi(GenericAPIView):
    """Read one liaison; coordinators and admins change it or its neighbourhoods."""

    permission_classes = [LiaisonRule]
    serializer_class = LiaisonOutput
    queryset = Liaison.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(LiaisonOutput(self.get_object(), context=_liaison_context(request.user)).data)

    @extend_schema(request=LiaisonInput, responses={200: LiaisonOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = LiaisonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        liaison = services.liaison_update(liaison=self.get_object(), data=data.validated_data)
        return Response(LiaisonOutput(liaison, context=_liaison_context(request.user)).data)
