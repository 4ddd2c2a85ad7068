"""GET /api/v1/dashboard/?period=…: the dashboard's figures as JSON, beside the period before."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.permissions import RulePermission, can_read_dashboard
from backend.common.schema import ERROR
from backend.common.serializers import StrictSerializer, checked_query
from backend.interventions.serializers import PeriodField
from backend.reports.selectors import dashboard


class DashboardParams(StrictSerializer):
    period = PeriodField(
        required=False, help_text="Jalali: 1405, 1405-09, 1405-Q3 or 1405-07-01..1405-09-30."
    )


class DashboardApi(APIView):
    """The province at a glance for a Jalali period (this month by default), beside the period
    before: field work, need, help delivered, partners, and a row per county. A team's supervisor
    gets the figures of their teams' areas."""

    permission_classes = [RulePermission.of(read=can_read_dashboard, write=can_read_dashboard)]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="1405, 1405-09, 1405-Q3, 1405-07-01..1405-09-30")
        ],
        responses={200: dict, 400: ERROR, 403: ERROR},
    )
    def get(self, request: Request) -> Response:
        params: dict[str, Any] = checked_query(DashboardParams, request)
        return Response(dashboard(user=request.user, period=params.get("period")))
