"""HTTP endpoints for weight profiles, priorities (JSON, GeoJSON, CSV, XLSX) and recomputing."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.permissions import (
    RulePermission,
    can_read_priorities,
    can_recompute_scores,
    can_write_weight_profiles,
    signed_in,
)
from backend.common.exports import Column, csv_response, xlsx_response
from backend.common.geometry import Simplified, tolerance_for_zoom
from backend.common.l10n import jalali_local
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.jobs.apis import queued_response
from backend.jobs.serializers import JobQueuedOutput
from backend.jobs.services import scores_recompute_soon
from backend.planning import selectors, services
from backend.planning.models import COMPONENT_LABELS, NeighborhoodScore, WeightProfile, reason_labels
from backend.planning.serializers import (
    PriorityListOutput,
    PriorityOutput,
    PriorityParams,
    ScoreHistoryParams,
    SnapshotOutput,
    WeightProfileInput,
    WeightProfileOutput,
)
from backend.surveys.models import Neighborhood
from geo.scoring import COMPONENTS

ProfileRule = RulePermission.of(read=can_read_priorities, write=can_write_weight_profiles)
PriorityRule = RulePermission.of(read=can_read_priorities, write=can_recompute_scores)
DEFAULT_ZOOM = 14


class WeightProfileListApi(GenericAPIView):
    """List weight profiles; planners and admins create one (it is scored at once)."""

    permission_classes = [ProfileRule]
    serializer_class = WeightProfileOutput
    queryset = WeightProfile.objects.all()
    pagination_class = None  # a handful of profiles

    @extend_schema(responses=WeightProfileOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(WeightProfileOutput(self.get_queryset(), many=True).data)

    @extend_schema(request=WeightProfileInput, responses={201: WeightProfileOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = WeightProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.weight_profile_create(created_by=signed_in(request), **data.validated_data)
        return Response(WeightProfileOutput(profile).data, status=status.HTTP_201_CREATED)


class WeightProfileDetailApi(GenericAPIView):
    """Read, change or delete one profile (not the default one)."""

    permission_classes = [ProfileRule]
    serializer_class = WeightProfileOutput
    queryset = WeightProfile.objects.all()

    def get(self, request: Request, pk: int) -> Response:
        return Response(WeightProfileOutput(self.get_object()).data)

    @extend_schema(request=WeightProfileInput, responses={200: WeightProfileOutput, 400: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        profile = self.get_object()
        data = WeightProfileInput(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile = services.weight_profile_update(profile=profile, data=data.validated_data)
        return Response(WeightProfileOutput(profile).data)

    @extend_schema(responses={204: None, 400: ERROR})
    def delete(self, request: Request, pk: int) -> Response:
        services.weight_profile_delete(profile=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def chosen_profile(
    request: Request, params_class: type[serializers.Serializer] = PriorityParams
) -> tuple[WeightProfile, dict[str, Any]]:
    """Return the profile named by ?profile= (or the default) and the checked parameters."""
    params = checked_query(params_class, request)
    return profile_or_400(params.get("profile")), params


def profile_or_400(reference: str | None) -> WeightProfile:
    """Return the profile with this id or name (the default one for None), or raise a 400 naming them."""
    profile = selectors.profile_find(reference) if reference else selectors.profile_default()
    if profile is None:
        names = ", ".join(WeightProfile.objects.values_list("name", flat=True)) or "none"
        raise serializers.ValidationError(
            {"profile": [f"No weight profile {reference!r}. Profiles: {names}."]}
            if reference
            else {"profile": ["There is no default profile; name one with ?profile=."]}
        )
    return profile


def _rows(profile: WeightProfile) -> QuerySet[NeighborhoodScore]:
    return selectors.priority_list(profile=profile)


class PriorityListApi(APIView):
    """Neighbourhoods ranked by need under a profile, with the components behind each score."""

    permission_classes = [PriorityRule]

    @extend_schema(parameters=[PriorityParams], responses={200: PriorityListOutput, 400: ERROR})
    def get(self, request: Request) -> Response:
        profile, _params = chosen_profile(request)
        rows = list(_rows(profile))
        return Response(PriorityListOutput({"profile": profile, "count": len(rows), "results": rows}).data)


class PriorityRecomputeApi(APIView):
    """Queue a recompute of every neighbourhood's score, under every profile (202, the job to poll).

    While one waits, asking again returns it: many asks make one run. Scores also follow new
    visits, reviews, partner and boundary changes by themselves, within RECOMPUTE_DELAY_SECONDS.
    """

    permission_classes = [PriorityRule]

    @extend_schema(request=None, responses={202: JobQueuedOutput})
    def post(self, request: Request) -> Response:
        return queued_response(request, scores_recompute_soon(owner=request.user, at_once=True))


class PriorityGeoJsonApi(APIView):
    """The ranked neighbourhoods as a GeoJSON FeatureCollection, boundaries simplified to ?zoom=."""

    permission_classes = [PriorityRule]

    @extend_schema(parameters=[PriorityParams], responses={(200, "application/geo+json"): dict, 400: ERROR})
    def get(self, request: Request) -> HttpResponse:
        profile, params = chosen_profile(request)
        tolerance = tolerance_for_zoom(params.get("zoom", DEFAULT_ZOOM))
        rows = _rows(profile).annotate(
            outline=AsGeoJSON(Simplified("neighborhood__boundary", tolerance), precision=6)
        )
        features = [
            {
                "type": "Feature",
                "id": row.neighborhood_id,
                "geometry": json.loads(row.outline),
                "properties": data,
            }
            for row, data in zip(rows, PriorityOutput(rows, many=True).data, strict=True)
        ]
        body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        return HttpResponse(body, content_type="application/geo+json")


def _contribution(component: str) -> Callable[[NeighborhoodScore], float | None]:
    """A score row's points from one component, or nothing when it is unknown."""
    return lambda row: row.contributions.get(component)


EXPORT_COLUMNS = [
    Column(_("rank"), lambda r: r.rank),
    Column(_("code"), lambda r: r.neighborhood.code),
    Column(_("neighbourhood"), lambda r: r.neighborhood.name),
    Column(_("score (0–100)"), lambda r: r.score),
    Column(_("confidence (0–1)"), lambda r: r.confidence),
    Column(_("visits"), lambda r: r.visit_count),
    Column(_("last visit (ISO, UTC)"), lambda r: r.last_visit_at and r.last_visit_at.isoformat()),
    Column(_("last visit (Jalali)"), lambda r: jalali_local(r.last_visit_at)),
    Column(_("main reasons"), reason_labels),
    *[Column(COMPONENT_LABELS[name], _contribution(name)) for name in COMPONENTS],
    Column(_("computed (ISO, UTC)"), lambda r: r.computed_at.isoformat()),
    Column(_("computed (Jalali)"), lambda r: jalali_local(r.computed_at)),
]


class PriorityCsvApi(APIView):
    """The ranked list as CSV: Persian headers by default, Jalali beside ISO dates."""

    permission_classes = [PriorityRule]

    @extend_schema(parameters=[PriorityParams], responses={(200, "text/csv"): str, 400: ERROR})
    def get(self, request: Request) -> StreamingHttpResponse:
        profile, _params = chosen_profile(request)
        return csv_response(filename="priorities.csv", columns=EXPORT_COLUMNS, rows=_rows(profile).iterator())


class PriorityXlsxApi(APIView):
    """The ranked list as an Excel workbook (right to left in Persian)."""

    permission_classes = [PriorityRule]

    @extend_schema(
        parameters=[PriorityParams],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes,
            400: ERROR,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        profile, _params = chosen_profile(request)
        return xlsx_response(
            filename="priorities.xlsx",
            sheet=profile.name,
            columns=EXPORT_COLUMNS,
            rows=_rows(profile).iterator(),
        )


class ScoreHistoryApi(GenericAPIView):
    """A neighbourhood's score at every recompute under a profile, oldest first: how need changed."""

    permission_classes = [PriorityRule]
    serializer_class = SnapshotOutput

    @extend_schema(
        parameters=[ScoreHistoryParams], responses={200: SnapshotOutput(many=True), 400: ERROR, 404: ERROR}
    )
    def get(self, request: Request, pk: int) -> Response:
        neighborhood = Neighborhood.objects.filter(pk=pk).first()
        if neighborhood is None:
            raise NotFound("No neighbourhood with this id.")
        profile, _params = chosen_profile(request, ScoreHistoryParams)
        page = self.paginate_queryset(selectors.score_history(neighborhood=neighborhood, profile=profile))
        return self.get_paginated_response(SnapshotOutput(page, many=True).data)
