"""HTTP endpoints for reviewing visits: decide, decide many, correct, read history, comment."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.permissions import (
    RulePermission,
    can_comment_on_visit,
    can_correct_visit,
    can_list_visits,
    can_review_visits,
    signed_in,
)
from backend.common.schema import ERROR
from backend.surveys import review_services, selectors
from backend.surveys.models import Visit
from backend.surveys.review_serializers import (
    BulkReviewInput,
    BulkReviewOutput,
    CommentInput,
    CommentOutput,
    HistoryEntryOutput,
    ReviewInput,
    VisitEditInput,
)
from backend.surveys.serializers import VisitOutput


def readable_visit(request: Request, pk: int) -> Visit:
    visit = selectors.visit_get(user=request.user, pk=pk)
    if visit is None:
        raise NotFound()
    return visit


def visit_answer(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    """The visit as it now stands, read back the way every visit output is."""
    return Response(VisitOutput(readable_visit(request, pk), context={"request": request}).data, status=code)


def stale(exc: review_services.StaleVersion) -> Response:
    return Response({"detail": str(exc), "version": exc.current}, status=status.HTTP_409_CONFLICT)


class VisitReviewApi(GenericAPIView):
    """Approve a visit, set it aside as having issues (with a note for the visitor), or reject it.

    Send the ``version`` you reviewed: if someone changed the visit since, the answer is 409 with
    the current version, and nothing changes.
    """

    permission_classes = [RulePermission.of(read=can_review_visits, write=can_review_visits)]
    serializer_class = ReviewInput

    @extend_schema(request=ReviewInput, responses={200: VisitOutput, 400: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request: Request, pk: int) -> Response:
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        readable_visit(request, pk)
        try:
            review_services.visit_review(visit_id=pk, reviewer=signed_in(request), **data.validated_data)
        except review_services.StaleVersion as exc:
            return stale(exc)
        return visit_answer(request, pk)


class VisitBulkReviewApi(GenericAPIView):
    """Give up to 500 visits the same decision, in one transaction: all of them change, or none."""

    permission_classes = [RulePermission.of(read=can_review_visits, write=can_review_visits)]
    serializer_class = BulkReviewInput

    @extend_schema(
        operation_id="api_v1_visits_review_bulk",
        request=BulkReviewInput,
        responses={200: BulkReviewOutput, 400: ERROR},
    )
    def post(self, request: Request) -> Response:
        data = BulkReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        visits = review_services.visits_review(reviewer=signed_in(request), **data.validated_data)
        results = [{"id": v.pk, "review_state": v.review_state, "version": v.version} for v in visits]
        return Response({"results": results})


class VisitEditApi(GenericAPIView):
    """Mixed into the visit detail view: PATCH corrects a visit's answers, keeping the old ones.

    Reviewers edit any visit (it becomes ``edited``). A visitor answers "has issues" on their own
    visit with a correction (it goes back to ``received``); send a ``client_uuid`` made on the
    phone, so that a resend is stored once.
    """

    @extend_schema(
        request=VisitEditInput, responses={200: VisitOutput, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR}
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = VisitEditInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        answers: dict[str, Any] = dict(data.validated_data)
        version, client_uuid = answers.pop("version"), answers.pop("client_uuid", None)
        correction = not can_review_visits(request.user)
        if correction:
            visit = Visit.objects.filter(pk=pk).first()
            if visit is None:
                raise NotFound()
            resent = client_uuid is not None and visit.events.filter(client_uuid=client_uuid).exists()
            if not (
                can_correct_visit(request.user, visit) or (resent and visit.visitor_id == request.user.pk)
            ):
                raise PermissionDenied(
                    "Only a reviewer, or the visitor who made it once it is marked as having issues, "
                    "may correct a visit."
                )
        else:
            readable_visit(request, pk)
        try:
            review_services.visit_edit(
                visit_id=pk,
                editor=signed_in(request),
                version=version,
                answers=answers,
                correction=correction,
                client_uuid=client_uuid,
            )
        except review_services.StaleVersion as exc:
            return stale(exc)
        return visit_answer(request, pk)


class VisitHistoryApi(GenericAPIView):
    """Everything that happened to a visit, oldest first: created, reviews, edits with their diffs,
    corrections and comments."""

    permission_classes = [RulePermission.of(read=can_list_visits)]
    serializer_class = HistoryEntryOutput
    pagination_class = None

    @extend_schema(responses={200: HistoryEntryOutput(many=True), 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        history = selectors.visit_history(visit=readable_visit(request, pk))
        return Response(HistoryEntryOutput(history, many=True).data)


class VisitCommentsApi(GenericAPIView):
    """The thread about a visit, between its reviewers and the visitor who made it."""

    permission_classes = [RulePermission.of(read=can_list_visits, write=can_list_visits)]
    serializer_class = CommentOutput
    pagination_class = None

    def _visit(self, request: Request, pk: int) -> Visit:
        visit = readable_visit(request, pk)
        if not can_comment_on_visit(request.user, visit):
            raise PermissionDenied("The thread is between the visit's reviewers and its visitor.")
        return visit

    @extend_schema(responses={200: CommentOutput(many=True), 403: ERROR, 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        comments = selectors.visit_comments(visit=self._visit(request, pk))
        return Response(CommentOutput(comments, many=True).data)

    @extend_schema(request=CommentInput, responses={201: CommentOutput, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request: Request, pk: int) -> Response:
        visit = self._visit(request, pk)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = review_services.visit_comment_add(
            visit=visit, author=signed_in(request), **data.validated_data
        )
        return Response(CommentOutput(comment).data, status=status.HTTP_201_CREATED)
