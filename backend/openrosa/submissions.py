"""Reading an OpenRosa submission (the XML ODK Collect sends) into the API's visit shape, safely."""

import uuid
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from backend.openrosa.xform import Form
from backend.surveys.models import CHOICE_INDICATORS, HARM_INDICATORS

MAX_XML_BYTES = 1024 * 1024
PHOTO_FIELDS = ("photo_1", "photo_2", "photo_3")
_YES_NO = {"yes": True, "no": False, "unknown": None, "": None}


class SubmissionError(Exception):
    """A submission we cannot take; status is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Submission:
    form: Form
    instance_id: uuid.UUID
    data: dict[str, Any]  # the body POST /api/v1/visits/ takes
    photos: dict[str, str]  # question → attachment file name


def parse(xml: bytes, forms: dict[str, Form]) -> Submission:
    """Read the submission XML; raise SubmissionError for anything we would not store."""
    if len(xml) > MAX_XML_BYTES:
        raise SubmissionError(413, _("The submission XML is larger than 1 MB."))
    try:
        # No DTD, hence no entities: a "billion laughs" or an external entity never expands.
        root = fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SubmissionError(
            400, _("The submission declares a DTD or entities; they are not accepted.")
        ) from None
    except ParseError as exc:
        raise SubmissionError(
            400, _("The submission is not well-formed XML: %(error)s") % {"error": exc}
        ) from None
    form = forms.get(root.attrib.get("id", ""))
    if form is None:
        known = ", ".join(forms) or _("none")
        raise SubmissionError(
            404,
            _("No form %(id)r here; the forms are: %(known)s.")
            % {"id": root.attrib.get("id", ""), "known": known},
        )
    values = {_local(child.tag): (child.text or "").strip() for child in root}
    instance_id = _instance_id(root)
    data: dict[str, Any] = {
        "client_uuid": str(instance_id),
        "visited_at": values.get("started") or values.get("ended") or "",
        # How long the form was open flags a hurried visit (too_fast).
        "form_opened_at": values.get("started") or None,
        "form_saved_at": values.get("ended") or None,
        "form_version": f"odk-{root.attrib.get('version', '')}"[:32],
        "notes": values.get("notes", ""),
        **_location(values.get("location", "")),
    }
    for name in CHOICE_INDICATORS:
        data[name] = values.get(name, "")
    for name in HARM_INDICATORS:
        answer = values.get(name, "")
        data[name] = _YES_NO.get(answer, answer)  # anything else: the serializer names it
    if values.get("persons_per_room"):
        data["persons_per_room"] = values["persons_per_room"]
    if values.get("assignment"):
        data["assignment"] = values["assignment"]  # the serializer names a bad one
    if values.get("partners_met"):
        data["partners_met"] = values["partners_met"].split()
    if values.get("interventions_seen"):
        data["interventions_seen"] = values["interventions_seen"].split()
    photos = {name: values[name] for name in PHOTO_FIELDS if values.get(name)}
    return Submission(form, instance_id, data, photos)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _instance_id(root: Element) -> uuid.UUID:
    for meta in root:
        if _local(meta.tag) == "meta":
            for child in meta:
                if _local(child.tag) == "instanceID":
                    text = (child.text or "").strip().removeprefix("uuid:")
                    try:
                        return uuid.UUID(text)
                    except ValueError:
                        break
    raise SubmissionError(
        400, _("The submission has no meta/instanceID of the form uuid:…; nothing was stored.")
    )


def _location(text: str) -> dict[str, Any]:
    """ODK's geopoint is 'latitude longitude altitude accuracy'; the API takes GeoJSON [lon, lat]."""
    parts = text.split()
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return {"point": text}  # the serializer refuses it by name
    if len(numbers) < 2:
        return {"point": None}
    located: dict[str, Any] = {"point": {"type": "Point", "coordinates": [numbers[1], numbers[0]]}}
    if len(numbers) >= 4:
        located["gps_accuracy_m"] = numbers[3]
    return located
