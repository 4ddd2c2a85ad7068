"""The dashboard's figures as JSON, and the PDF reports: a neighbourhood's profile and the month's."""

from typing import Any

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.permissions import RulePermission, can_read_dashboard
from backend.common.schema import ERROR
from backend.common.serializers import LocalizedIntegerField, StrictSerializer, checked_query
from backend.interventions.serializers import PeriodField
from backend.reports.documents import monthly_pdf, neighborhood_pdf
from backend.reports.selectors import dashboard
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import visible_areas
from geo.text import parse_jalali_period

LANGUAGE = serializers.ChoiceField(
    choices=["fa", "en"], required=False, help_text="fa (the default) or en: the report's language."
)


class DashboardParams(StrictSerializer):
    period = PeriodField(
        required=False, help_text="Jalali: 1405, 1405-09, 1405-Q3 or 1405-07-01..1405-09-30."
    )


class DashboardApi(APIView):
    """The province at a glance for a Jalali period (this month by default), beside the period
    before: field work, need, help delivered, partners, a row per county and twelve months of
    trend. A team's supervisor gets the figures of their teams' areas."""

    permission_classes = [RulePermission.of(read=can_read_dashboard)]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="1405, 1405-09, 1405-Q3, 1405-07-01..1405-09-30")
        ],
        responses={200: dict, 400: ERROR, 403: ERROR},
    )
    def get(self, request: Request) -> Response:
        params: dict[str, Any] = checked_query(DashboardParams, request)
        return Response(dashboard(user=request.user, period=params.get("period")))


class NoDefaultProfile(APIException):
    status_code = 409
    default_code = "no_default_profile"


class PdfApi(APIView):
    """A PDF on success; errors as JSON whatever the client accepts (a PDF of an error helps no one)."""

    permission_classes = [RulePermission.of(read=can_read_dashboard)]
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @staticmethod
    def pdf(content: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"  # personal data for some roles
        return response


PDF = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report."),
    400: ERROR,
    403: ERROR,
    404: ERROR,
}


class ReportParams(StrictSerializer):
    lang = LANGUAGE


class NeighborhoodReportApi(PdfApi):
    """A neighbourhood's profile as PDF: its map with visits and partners, score and breakdown under
    the default weights, score over time, recent photos, partners and Imam Mahalleh, interventions
    and referrals. Contacts only for the roles that may read them; a team's supervisor gets the
    neighbourhoods of their teams' areas only."""

    @extend_schema(parameters=[ReportParams], responses={**PDF, 409: ERROR})
    def get(self, request: Request, pk: int) -> HttpResponse:
        params: dict[str, Any] = checked_query(ReportParams, request)
        areas = visible_areas(user=request.user)
        neighborhood = Neighborhood.objects.filter(pk=pk).first()
        if neighborhood is None or (areas is not None and pk not in areas):
            raise NotFound(f"No neighbourhood {pk} among those you may see.")
        with translation.override(params.get("lang") or translation.get_language()):
            try:
                content = neighborhood_pdf(neighborhood=neighborhood, user=request.user, request=request)
            except ValueError as exc:
                raise NoDefaultProfile(str(exc)) from exc
        return self.pdf(content, f"mahalleh-{neighborhood.code}.pdf")


class MonthlyParams(StrictSerializer):
    year = LocalizedIntegerField(min_value=1300, max_value=1500, help_text="Jalali year, e.g. 1405.")
    month = LocalizedIntegerField(min_value=1, max_value=12, help_text="Jalali month, 1 (Farvardin) to 12.")
    lang = LANGUAGE


class MonthlyReportApi(PdfApi):
    """The monthly province report as PDF: a cover page, then the dashboard's figures and charts
    for the Jalali month beside the month before. A team's supervisor gets their teams' areas."""

    @extend_schema(parameters=[MonthlyParams], responses=PDF)
    def get(self, request: Request) -> HttpResponse:
        params: dict[str, Any] = checked_query(MonthlyParams, request)
        period = parse_jalali_period(f"{params['year']}-{params['month']:02d}")
        with translation.override(params.get("lang") or translation.get_language()):
            content = monthly_pdf(period=period, user=request.user, request=request)
        return self.pdf(content, f"mahalleh-{params['year']}-{params['month']:02d}.pdf")
