"""HTTP endpoints for interventions, their documents and moves, referrals, funding sources, budgets."""

from typing import Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.permissions import (
    RulePermission,
    can_answer_referrals,
    can_list_visits,
    can_move_intervention,
    can_read_interventions,
    can_read_partner_contacts,
    can_refer_from_visit,
    can_write_funding_sources,
    can_write_interventions,
)
from backend.common.exports import csv_response, xlsx_response
from backend.common.parsers import RawBodyParser
from backend.common.schema import ERROR
from backend.common.serializers import checked_query
from backend.interventions import selectors, services
from backend.interventions.documents import DocumentError
from backend.interventions.models import NEED_SERVICES, FundingSource, Intervention, Referral
from backend.interventions.serializers import (
    DocumentOutput,
    FundingSourceInput,
    FundingSourceOutput,
    InterventionChange,
    InterventionFilters,
    InterventionInput,
    InterventionOutput,
    ReferralFilters,
    ReferralInput,
    ReferralOutput,
    ReferralPartnerOutput,
    ReferralPartnersParams,
    ReferralTransitionInput,
    StatusChangeOutput,
    SummaryOutput,
    SummaryParams,
    TransitionInput,
)
from backend.interventions.summary import SUMMARY_COLUMNS, summary_body, summary_rows
from backend.partners.models import Partner
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import visit_get

InterventionRule = RulePermission.of(read=can_read_interventions, write=can_write_interventions)
SIGNED_IN = RulePermission.of(read=can_list_visits, write=can_list_visits)


def _context(request: Request) -> dict[str, Any]:
    return {"request": request, "contacts": can_read_partner_contacts(request.user)}


def _rows(model: Any, ids: list[int], field: str) -> list[Any]:
    """Return the rows with these ids, or a 400 naming the ids that do not exist."""
    found = {row.pk: row for row in model.objects.filter(pk__in=set(ids))}
    missing = sorted(set(ids) - set(found))
    if missing:
        raise ValidationError({field: [f"No {model._meta.verbose_name} {', '.join(map(str, missing))}."]})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _resolved(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the ids of an intervention's input into rows (400 for any that do not exist)."""
    resolved = {k: v for k, v in data.items() if k not in ("neighborhoods", "partners")}
    if "lead_partner" in data:
        resolved["lead_partner"] = _rows(Partner, [data["lead_partner"]], "lead_partner")[0]
    if data.get("funding_source") is not None:
        resolved["funding_source"] = _rows(FundingSource, [data["funding_source"]], "funding_source")[0]
    return resolved


def _intervention(pk: int) -> Intervention:
    intervention = selectors.intervention_get(pk=pk)
    if intervention is None:
        raise NotFound("No intervention with this id.")
    return intervention


def _output(request: Request, pk: int) -> dict[str, Any]:
    return InterventionOutput(_intervention(pk), context=_context(request)).data


class InterventionListApi(GenericAPIView):
    """Interventions, newest first; coordinators and admins create them (status proposed)."""

    permission_classes = [InterventionRule]
    serializer_class = InterventionOutput

    @extend_schema(parameters=[InterventionFilters], responses=InterventionOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = checked_query(InterventionFilters, request)
        page = self.paginate_queryset(selectors.intervention_list(filters=filters))
        return self.get_paginated_response(
            InterventionOutput(page, many=True, context=_context(request)).data
        )

    @extend_schema(request=InterventionInput, responses={201: InterventionOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = InterventionInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        intervention = services.intervention_create(
            created_by=request.user,
            neighborhoods=_rows(Neighborhood, given["neighborhoods"], "neighborhoods"),
            partners=_rows(Partner, given.get("partners", []), "partners"),
            **_resolved(given),
        )
        return Response(_output(request, intervention.pk), status=status.HTTP_201_CREATED)


class InterventionDetailApi(GenericAPIView):
    """One intervention; coordinators and admins change it (what is sent replaces; not the status)."""

    permission_classes = [InterventionRule]
    serializer_class = InterventionOutput

    def get(self, request: Request, pk: int) -> Response:
        return Response(_output(request, pk))

    @extend_schema(request=InterventionChange, responses={200: InterventionOutput, 400: ERROR, 404: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        intervention = _intervention(pk)
        data = InterventionChange(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        services.intervention_update(
            intervention=intervention,
            data=_resolved(given),
            neighborhoods=_rows(Neighborhood, given["neighborhoods"], "neighborhoods")
            if "neighborhoods" in given
            else None,
            partners=_rows(Partner, given["partners"], "partners") if "partners" in given else None,
        )
        return Response(_output(request, pk))


class InterventionTransitionApi(GenericAPIView):
    """Move an intervention one step: proposed → agreed → in_progress → delivered → verified, or
    cancelled (with the reason as note). Verifying needs a note, and is for supervisors too."""

    permission_classes = [RulePermission.of(read=can_read_interventions, write=can_read_interventions)]
    serializer_class = TransitionInput

    @extend_schema(
        request=TransitionInput, responses={200: InterventionOutput, 400: ERROR, 403: ERROR, 404: ERROR}
    )
    def post(self, request: Request, pk: int) -> Response:
        intervention = _intervention(pk)
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = data.validated_data["status"]
        if not can_move_intervention(request.user, wanted):
            raise PermissionDenied(
                "Supervisors, coordinators and admins verify; coordinators and admins make other moves."
            )
        services.intervention_transition(
            intervention=intervention, status=wanted, note=data.validated_data["note"], actor=request.user
        )
        return Response(_output(request, pk))


class InterventionHistoryApi(GenericAPIView):
    """Every move of an intervention, oldest first, with who made it and why."""

    permission_classes = [InterventionRule]
    serializer_class = StatusChangeOutput
    pagination_class = None

    @extend_schema(responses={200: StatusChangeOutput(many=True), 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        intervention = _intervention(pk)
        return Response(StatusChangeOutput(intervention.changes.select_related("actor"), many=True).data)


class InterventionDocumentApi(GenericAPIView):
    """Attach (PUT the bytes) or download one document: a PDF or a photo, judged by its bytes.

    The document's UUID is chosen by the sender, so re-sending the same file stores it once (200);
    other bytes under a stored UUID are a conflict (409).
    """

    permission_classes = [InterventionRule]
    parser_classes = [RawBodyParser]
    body_limit_setting = "DOCUMENT_MAX_BYTES"
    serializer_class = DocumentOutput

    def _document(self, pk: int, uuid: Any) -> Any:
        document = _intervention(pk).documents.filter(uuid=uuid).first()
        if document is None:
            raise NotFound("No document with this UUID on this intervention.")
        return document

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERROR})
    def get(self, request: Request, pk: int, uuid: Any) -> FileResponse:
        document = self._document(pk, uuid)
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = "attachment"
        return response

    @extend_schema(
        parameters=[OpenApiParameter("name", str, description="What the document is (default: document).")],
        request={"application/pdf": OpenApiTypes.BINARY, "image/jpeg": OpenApiTypes.BINARY},
        responses={201: DocumentOutput, 200: DocumentOutput, 400: ERROR, 404: ERROR, 409: ERROR, 413: ERROR},
    )
    def put(self, request: Request, pk: int, uuid: Any) -> Response:
        intervention = _intervention(pk)
        name = str(request.query_params.get("name", ""))[:200].replace("\x00", "")
        try:
            result = services.intervention_document_add(
                intervention=intervention,
                raw=request.data if isinstance(request.data, bytes) else b"",
                name=name,
                uploaded_by=request.user,
                document_uuid=uuid,
            )
        except DocumentError as exc:
            raise ValidationError({"document": [str(exc)]}) from None
        if result.status == "conflict":
            return Response(
                {"detail": "Another document is stored under this UUID; it was left unchanged."},
                status=status.HTTP_409_CONFLICT,
            )
        code = status.HTTP_201_CREATED if result.status == "created" else status.HTTP_200_OK
        return Response(DocumentOutput(result.document).data, status=code)


class InterventionSummaryApi(GenericAPIView):
    """Planned and spent rials, and counts: in total and by funding source, lead partner's kind,
    county and status, for the interventions overlapping a Jalali period (all when none is given)."""

    permission_classes = [InterventionRule]
    serializer_class = SummaryOutput

    @extend_schema(parameters=[SummaryParams], responses={200: SummaryOutput, 400: ERROR})
    def get(self, request: Request) -> Response:
        period = checked_query(SummaryParams, request).get("period")
        return Response(summary_body(period))


class _SummaryExport(GenericAPIView):
    permission_classes = [InterventionRule]

    def rows(self, request: Request) -> tuple[Any, list[Any]]:
        period = checked_query(SummaryParams, request).get("period")
        return period, summary_rows(summary_body(period))


class InterventionSummaryCsvApi(_SummaryExport):
    """The budget summary as CSV (Persian headers by default)."""

    @extend_schema(parameters=[SummaryParams], responses={(200, "text/csv"): str, 400: ERROR})
    def get(self, request: Request) -> StreamingHttpResponse:
        _period, rows = self.rows(request)
        return csv_response(filename="budget-summary.csv", columns=SUMMARY_COLUMNS, rows=rows)


class InterventionSummaryXlsxApi(_SummaryExport):
    """The budget summary as an Excel workbook, right to left in Persian."""

    @extend_schema(
        parameters=[SummaryParams],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes,
            400: ERROR,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        period, rows = self.rows(request)
        sheet = str(_("Budget")) + (f" {period.label.replace('/', '-')}" if period else "")
        return xlsx_response(filename="budget-summary.xlsx", sheet=sheet, columns=SUMMARY_COLUMNS, rows=rows)


class InterventionDeliveredApi(GenericAPIView):
    """Delivered interventions not yet verified, for the visit form's "seen working?" question.

    Every signed-in user (visitors too) may read this short list; it names no contact.
    """

    permission_classes = [SIGNED_IN]
    serializer_class = InterventionOutput
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("neighborhood", int, description="Only this neighbourhood's.")],
        responses=InterventionOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("neighborhood")
        if raw is not None and not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18):
            raise ValidationError({"neighborhood": ["A neighbourhood id, a whole number."]})
        ids = [int(raw)] if raw else None
        rows = selectors.intervention_list().filter(
            pk__in=selectors.interventions_delivered_in(neighborhood_ids=ids).values("pk")
        )
        return Response(InterventionOutput(rows, many=True, context={"contacts": False}).data)


class FundingSourceListApi(GenericAPIView):
    """Where the money comes from; admins keep the list."""

    permission_classes = [RulePermission.of(read=can_read_interventions, write=can_write_funding_sources)]
    serializer_class = FundingSourceOutput
    pagination_class = None

    @extend_schema(responses=FundingSourceOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(FundingSourceOutput(selectors.funding_source_list(), many=True).data)

    @extend_schema(request=FundingSourceInput, responses={201: FundingSourceOutput, 400: ERROR})
    def post(self, request: Request) -> Response:
        data = FundingSourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.funding_source_save(data=data.validated_data)
        return Response(FundingSourceOutput(source).data, status=status.HTTP_201_CREATED)


class FundingSourceDetailApi(GenericAPIView):
    """One funding source; admins rename or retire it (a retired one cannot be chosen again)."""

    permission_classes = [RulePermission.of(read=can_read_interventions, write=can_write_funding_sources)]
    serializer_class = FundingSourceOutput

    def _source(self, pk: int) -> FundingSource:
        source = FundingSource.objects.filter(pk=pk).first()
        if source is None:
            raise NotFound("No funding source with this id.")
        return source

    def get(self, request: Request, pk: int) -> Response:
        return Response(FundingSourceOutput(self._source(pk)).data)

    @extend_schema(request=FundingSourceInput, responses={200: FundingSourceOutput, 400: ERROR, 404: ERROR})
    def patch(self, request: Request, pk: int) -> Response:
        source = self._source(pk)
        data = FundingSourceInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(
            FundingSourceOutput(services.funding_source_save(source=source, data=data.validated_data)).data
        )


def _referral(request: Request, pk: int) -> Referral:
    referral = selectors.referral_list(user=request.user).filter(pk=pk).first()
    if referral is None:
        raise NotFound("No referral with this id that you may read.")
    return referral


class ReferralListApi(GenericAPIView):
    """Referrals you may read, nearest due first; a visit's reviewers or its visitor make them."""

    permission_classes = [SIGNED_IN]
    serializer_class = ReferralOutput

    @extend_schema(parameters=[ReferralFilters], responses=ReferralOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = checked_query(ReferralFilters, request)
        page = self.paginate_queryset(selectors.referral_list(user=request.user, filters=filters))
        return self.get_paginated_response(ReferralOutput(page, many=True, context=_context(request)).data)

    @extend_schema(
        request=ReferralInput, responses={201: ReferralOutput, 200: ReferralOutput, 400: ERROR, 403: ERROR}
    )
    def post(self, request: Request) -> Response:
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        visit = visit_get(user=request.user, pk=given["visit"])
        if visit is None:
            raise ValidationError({"visit": [f"No visit {given['visit']} that you may read."]})
        if not can_refer_from_visit(request.user, visit):
            raise PermissionDenied("A visit's findings are referred by its reviewers or by its visitor.")
        referral, new = services.referral_create(
            visit=visit,
            need=given["need"],
            service=given.get("service"),
            partner=_rows(Partner, [given["partner"]], "partner")[0],
            due_date=given["due_date"],
            note=given["note"],
            created_by=request.user,
            client_uuid=given.get("client_uuid"),
        )
        body = ReferralOutput(_referral(request, referral.pk), context=_context(request)).data
        return Response(body, status=status.HTTP_201_CREATED if new else status.HTTP_200_OK)


class ReferralDetailApi(GenericAPIView):
    permission_classes = [SIGNED_IN]
    serializer_class = ReferralOutput

    def get(self, request: Request, pk: int) -> Response:
        return Response(ReferralOutput(_referral(request, pk), context=_context(request)).data)


class ReferralTransitionApi(GenericAPIView):
    """Record the partner's answer: sent → accepted or declined (reason as note), accepted → resolved."""

    permission_classes = [SIGNED_IN]
    serializer_class = ReferralTransitionInput

    @extend_schema(
        request=ReferralTransitionInput, responses={200: ReferralOutput, 400: ERROR, 403: ERROR, 404: ERROR}
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = _referral(request, pk)
        if not can_answer_referrals(request.user):
            raise PermissionDenied("Supervisors, coordinators and admins record a partner's answer.")
        data = ReferralTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.referral_transition(referral=referral, actor=request.user, **data.validated_data)
        return Response(ReferralOutput(_referral(request, pk), context=_context(request)).data)


class ReferralInterventionApi(GenericAPIView):
    """Turn a referral into a proposed intervention led by its partner (coordinators and admins)."""

    permission_classes = [SIGNED_IN]
    serializer_class = InterventionOutput

    @extend_schema(request=None, responses={201: InterventionOutput, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request: Request, pk: int) -> Response:
        referral = _referral(request, pk)
        if not can_write_interventions(request.user):
            raise PermissionDenied("Coordinators and admins create interventions.")
        intervention = services.referral_to_intervention(referral=referral, actor=request.user)
        return Response(_output(request, intervention.pk), status=status.HTTP_201_CREATED)


class ReferralPartnersApi(GenericAPIView):
    """The nearest active partners offering a service that answers a need (or the service given),
    near a visit or a place."""

    permission_classes = [SIGNED_IN]
    serializer_class = ReferralPartnerOutput
    pagination_class = None

    @extend_schema(
        parameters=[ReferralPartnersParams], responses={200: ReferralPartnerOutput(many=True), 400: ERROR}
    )
    def get(self, request: Request) -> Response:
        given = checked_query(ReferralPartnersParams, request)
        if "visit" in given:
            visit = visit_get(user=request.user, pk=given["visit"])
            if visit is None:
                raise ValidationError({"visit": [f"No visit {given['visit']} that you may read."]})
            lon, lat = visit.point.x, visit.point.y
        else:
            lon, lat = given["lon"], given["lat"]
        services = [given["service"]] if given.get("service") else NEED_SERVICES[given["need"]]
        partners = selectors.referral_partners(services=services, lon=lon, lat=lat, limit=given["limit"])
        return Response(ReferralPartnerOutput(partners, many=True).data)
