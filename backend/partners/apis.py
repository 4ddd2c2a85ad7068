"""HTTP endpoints for the partner registry and liaisons."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.permissions import (
    RulePermission,
    can_read_liaison_contacts,
    can_read_liaisons,
    can_read_partner_contacts,
    can_read_partners,
    can_write_liaisons,
    can_write_partners,
)
from backend.common.filters import BBoxFilter
from backend.common.pagination import GeoJsonPagination
from backend.partners import selectors, services
from backend.partners.models import Liaison, Partner
from backend.partners.serializers import (
    LiaisonInput,
    LiaisonListFilters,
    LiaisonOutput,
    LiaisonWithContactsOutput,
    PartnerInput,
    PartnerListFilters,
    PartnerOutput,
    PartnerWithContactsOutput,
)

ERROR = OpenApiResponse(description="A message a person can act on: {detail, errors}.")
PartnerRule = RulePermission.of(read=can_read_partners, write=can_write_partners)
LiaisonRule = RulePermission.of(read=can_read_liaisons, write=can_write_liaisons)


def _partner_output(user: Any) -> type[PartnerOutput]:
    return PartnerWithContactsOutput if can_read_partner_contacts(user) else PartnerOutput


def _liaison_output(user: Any) -> type[LiaisonOutput]:
    return LiaisonWithContactsOutput if can_read_liaison_contacts(user) else LiaisonOutput


class PartnerListApi(GenericAPIView):
    """List partners as GeoJSON (contacts for coordinators and admins); register one."""

    permission_classes = [PartnerRule]
    filter_backends = [BBoxFilter]
    bbox_filter_field = "point"
    pagination_class = GeoJsonPagination
    serializer_class = PartnerWithContactsOutput

    def get_queryset(self) -> QuerySet[Partner]:
        filters = PartnerListFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.partner_list(filters=filters.validated_data)

    @extend_schema(parameters=[PartnerListFilters], responses=PartnerWithContactsOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(_partner_output(request.user)(page, many=True).data)

    @extend_schema(request=PartnerInput, responses={201: PartnerWithContactsOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = PartnerInput(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_create(**data.validated_data)
        return Response(_partner_output(request.user)(partner).data, status=status.HTTP_201_CREATED)


class PartnerDetailApi(GenericAPIView):
    """Read one partner; coordinators and admins change or deactivate it."""

    permission_classes = [PartnerRule]
    serializer_class = PartnerWithContactsOutput
    queryset = Partner.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(_partner_output(request.user)(self.get_object()).data)

    @extend_schema(request=PartnerInput, responses={200: PartnerWithContactsOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = PartnerInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        partner = services.partner_update(partner=self.get_object(), data=data.validated_data)
        return Response(_partner_output(request.user)(partner).data)


class LiaisonListApi(GenericAPIView):
    """List Imam Mahalleh liaisons (phones for coordinators and admins); register one."""

    permission_classes = [LiaisonRule]
    serializer_class = LiaisonWithContactsOutput

    def get_queryset(self) -> QuerySet[Liaison]:
        filters = LiaisonListFilters(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.liaison_list(filters=filters.validated_data)

    @extend_schema(parameters=[LiaisonListFilters], responses=LiaisonWithContactsOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(_liaison_output(request.user)(page, many=True).data)

    @extend_schema(request=LiaisonInput, responses={201: LiaisonWithContactsOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = LiaisonInput(data=request.data)
        data.is_valid(raise_exception=True)
        liaison = services.liaison_create(**data.validated_data)
        return Response(_liaison_output(request.user)(liaison).data, status=status.HTTP_201_CREATED)


class LiaisonDetailApi(GenericAPIView):
    """Read one liaison; coordinators and admins change it or its neighbourhoods."""

    permission_classes = [LiaisonRule]
    serializer_class = LiaisonWithContactsOutput
    queryset = Liaison.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(_liaison_output(request.user)(self.get_object()).data)

    @extend_schema(request=LiaisonInput, responses={200: LiaisonWithContactsOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        data = LiaisonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        liaison = services.liaison_update(liaison=self.get_object(), data=data.validated_data)
        return Response(_liaison_output(request.user)(liaison).data)
