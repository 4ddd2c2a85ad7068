"""The OpenRosa server: /openrosa/formList, form download, manifest, media and submission.

ODK Collect, KoboCollect and Enketo use these with Basic authentication (over HTTPS in
production) as visitors; the protocol is https://docs.getodk.org/openrosa/.
"""

from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.authentication import BasicAuthentication
from backend.accounts.permissions import RulePermission, can_create_visit, signed_in
from backend.common.parsers import declared_length
from backend.openrosa.services import submission_receive
from backend.openrosa.submissions import SubmissionError
from backend.openrosa.xform import MEDIA, forms, md5_hex

XFORMS_LIST = "http://openrosa.org/xforms/xformsList"
MANIFEST = "http://openrosa.org/xforms/xformsManifest"
RESPONSE = "http://openrosa.org/http/response"
XML = "text/xml; charset=utf-8"


def _xml(root: ElementTree.Element) -> bytes:
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def openrosa_message(message: str, nature: str = "") -> bytes:
    """An <OpenRosaResponse>: ODK Collect shows its message to the person submitting."""
    root = ElementTree.Element("OpenRosaResponse", xmlns=RESPONSE)
    ElementTree.SubElement(root, "message", nature=nature).text = message
    return _xml(root)


class OpenRosaRenderer(BaseRenderer):
    """Errors raised by DRF (401, 403, 405) as an OpenRosaResponse; our own bodies pass through."""

    media_type = "text/xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return openrosa_message(str(data.get("detail", data)) if isinstance(data, dict) else str(data))


class AnyAccept(DefaultContentNegotiation):
    """ODK clients send all kinds of Accept headers; OpenRosa answers are XML whatever they say."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> Any:
        renderers = list(renderers)
        return renderers[0], renderers[0].media_type


@extend_schema(exclude=True)
class OpenRosaApi(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [RulePermission.of(read=can_create_visit, write=can_create_visit)]
    renderer_classes = [OpenRosaRenderer]
    parser_classes = [MultiPartParser]
    content_negotiation_class = AnyAccept

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["X-OpenRosa-Version"] = "1.0"
        response["X-OpenRosa-Accept-Content-Length"] = str(settings.OPENROSA_MAX_SUBMISSION_BYTES)
        return response


class FormListApi(OpenRosaApi):
    """GET /openrosa/formList[?formID=…]: the forms this server offers."""

    def get(self, request: Request) -> HttpResponse:
        wanted = request.query_params.get("formID")
        url = request.build_absolute_uri
        root = ElementTree.Element("xforms", xmlns=XFORMS_LIST)
        for form in forms().values():
            if wanted and form.form_id != wanted:
                continue
            item = ElementTree.SubElement(root, "xform")
            for tag, text in [
                ("formID", form.form_id),
                ("name", form.title),
                ("version", form.version),
                ("hash", f"md5:{form.md5}"),
                ("downloadUrl", url(reverse("openrosa-form", args=[form.form_id]))),
                ("manifestUrl", url(reverse("openrosa-manifest", args=[form.form_id]))),
            ]:
                ElementTree.SubElement(item, tag).text = text
        return HttpResponse(_xml(root), content_type=XML)


def _form(form_id: str) -> Any:
    form = forms().get(form_id)
    if form is None:
        raise Http404
    return form


class FormApi(OpenRosaApi):
    """GET /openrosa/forms/{id}/form.xml: the XForm."""

    def get(self, request: Request, form_id: str) -> HttpResponse:
        return HttpResponse(_form(form_id).xml, content_type=XML)


class ManifestApi(OpenRosaApi):
    """GET /openrosa/forms/{id}/manifest: the media files the form needs (partners, your assignments)."""

    def get(self, request: Request, form_id: str) -> HttpResponse:
        _form(form_id)
        root = ElementTree.Element("manifest", xmlns=MANIFEST)
        for filename, make in MEDIA.items():
            media = ElementTree.SubElement(root, "mediaFile")
            digest = md5_hex(make(request.user))
            url = request.build_absolute_uri(reverse("openrosa-media", args=[form_id, filename]))
            for tag, text in [("filename", filename), ("hash", f"md5:{digest}"), ("downloadUrl", url)]:
                ElementTree.SubElement(media, tag).text = text
        return HttpResponse(_xml(root), content_type=XML)


class MediaApi(OpenRosaApi):
    def get(self, request: Request, form_id: str, filename: str) -> HttpResponse:
        _form(form_id)
        if filename not in MEDIA:
            raise Http404
        return HttpResponse(MEDIA[filename](request.user), content_type="text/csv; charset=utf-8")


def _answer(message: str, status: int, nature: str = "") -> HttpResponse:
    return HttpResponse(openrosa_message(message, nature), status=status, content_type=XML)


class SubmissionApi(OpenRosaApi):
    """HEAD: may I submit, and how much? POST: one submission, multipart, XML plus photos."""

    def head(self, request: Request) -> HttpResponse:
        return HttpResponse(status=204)

    def post(self, request: Request) -> HttpResponse:
        if declared_length(request) > settings.OPENROSA_MAX_SUBMISSION_BYTES:
            return _answer(_("The submission is too large."), 413)
        files = request.FILES
        xml = files.get("xml_submission_file")
        if xml is None:
            return _answer(_("The request has no xml_submission_file part."), 400)
        attachments = {name: upload.read() for name, upload in files.items() if name != "xml_submission_file"}
        try:
            received = submission_receive(visitor=signed_in(request), xml=xml.read(), attachments=attachments)
        except SubmissionError as error:
            return _answer(str(error), error.status)
        if received.status == "created":
            return _answer(_("Visit stored. Thank you."), 201, "submit_success")
        added = _("This visit was already stored; %(count)d new photos added.")
        return _answer(added % {"count": received.photos_added}, 202, "submit_success")
