"""The dashboard's figures as JSON, and the PDF reports: a neighbourhood's profile and the month's.

GET makes the PDF at once; POST (same parameters) queues it as a job and answers 202 with its URL.
"""

from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
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
from backend.jobs.apis import queued_response
from backend.jobs.serializers import JobQueuedOutput
from backend.planning.selectors import profile_default
from backend.reports.selectors import dashboard
from backend.reports.services import report_pdf, report_queue
from backend.surveys.selectors import visible_neighborhood

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


class ReportParams(StrictSerializer):
    lang = LANGUAGE


class MonthlyParams(ReportParams):
    year = LocalizedIntegerField(min_value=1300, max_value=1500, help_text="Jalali year, e.g. 1405.")
    month = LocalizedIntegerField(min_value=1, max_value=12, help_text="Jalali month, 1 (Farvardin) to 12.")


def _documented(params: type[StrictSerializer], extra: dict[int, Any]) -> Any:
    return extend_schema_view(
        get=extend_schema(
            parameters=[params],
            responses={
                (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report."),
                400: ERROR,
                403: ERROR,
                404: ERROR,
                **extra,
            },
        ),
        post=extend_schema(
            description="Queue the same report as a job; poll the job's URL, then download its file.",
            parameters=[params],
            request=None,
            responses={202: JobQueuedOutput, 400: ERROR, 403: ERROR, 404: ERROR, **extra},
        ),
    )


def _language(params: dict[str, Any]) -> str:
    """The report's language, taken out of its parameters: the one asked for, or the request's."""
    return str(params.pop("lang", None) or translation.get_language())


class PdfApi(APIView):
    """A PDF report: made at once (GET) or queued (POST). Errors are JSON whatever the client
    accepts (a PDF of an error helps no one)."""

    permission_classes = [RulePermission.of(read=can_read_dashboard, write=can_read_dashboard)]
    renderer_classes = [JSONRenderer]
    report: str

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    def checked(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        """The report's parameters from the request, or a 4xx saying what is wrong."""
        raise NotImplementedError

    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        params = self.checked(request, **kwargs)
        with translation.override(_language(params)):
            try:
                content, filename = report_pdf(
                    report=self.report,
                    params=params,
                    user=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValueError as exc:  # the default profile went between the check and now
                raise NoDefaultProfile(str(exc)) from exc
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"  # personal data for some roles
        return response

    def post(self, request: Request, **kwargs: Any) -> Response:
        params = self.checked(request, **kwargs)
        language = _language(params)
        job = report_queue(
            user=request.user,
            report=self.report,
            params=params,
            language=language,
            base_url=request.build_absolute_uri("/"),
        )
        return queued_response(request, job)


@_documented(ReportParams, {409: ERROR})
class NeighborhoodReportApi(PdfApi):
    """A neighbourhood's profile as PDF: its map with visits and partners, score and breakdown under
    the default weights, score over time, recent photos, partners and Imam Mahalleh, interventions
    and referrals. Contacts only for the roles that may read them; a team's supervisor gets the
    neighbourhoods of their teams' areas only."""

    report = "neighborhood"

    def checked(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = checked_query(ReportParams, request)
        pk = kwargs["pk"]
        if visible_neighborhood(user=request.user, pk=pk) is None:
            raise NotFound(_("No neighbourhood %(pk)s among those you may see.") % {"pk": pk})
        if profile_default() is None:
            raise NoDefaultProfile(_("There is no default weight profile to score the neighbourhood with."))
        return {**params, "neighborhood": pk}


@_documented(MonthlyParams, {})
class MonthlyReportApi(PdfApi):
    """The monthly province report as PDF: a cover page, then the dashboard's figures and charts
    for the Jalali month beside the month before. A team's supervisor gets their teams' areas."""

    report = "monthly"

    def checked(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        return dict(checked_query(MonthlyParams, request))
