"""Storing an OpenRosa submission: the same visit service as the phone app, photos once each."""

import uuid
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import error_summary
from backend.openrosa.submissions import SubmissionError, parse
from backend.openrosa.xform import forms
from backend.surveys.photos import PhotoError, clean_photo
from backend.surveys.serializers import VisitInput
from backend.surveys.services import Refused, visit_photo_submit, visit_submit

# Photos from ODK are named by the instance and the file, so a re-sent photo is the same photo.
PHOTO_NAMESPACE = uuid.UUID("6f0d5d43-4a43-4f6e-9a84-0b5b7f0b6d1e")


@dataclass(frozen=True)
class Received:
    status: Literal["created", "duplicate"]
    visit_id: int
    photos_added: int


def submission_receive(*, visitor: User, xml: bytes, attachments: dict[str, bytes]) -> Received:
    """Store a submission once however often it comes; raise SubmissionError (400/404/409/413)."""
    submission = parse(xml, forms())
    visit = VisitInput(data=submission.data)
    if not visit.is_valid():
        raise SubmissionError(400, error_summary(visit.errors))
    photos = {name: attachments[name] for name in submission.photos.values() if name in attachments}
    for name, raw in photos.items():  # every photo checked before anything is stored
        try:
            clean_photo(raw, max_pixels=settings.PHOTO_MAX_PIXELS)
        except PhotoError as exc:
            raise SubmissionError(400, f"{name}: {exc}") from None
    result = visit_submit(visitor=visitor, data=visit.validated_data)
    if result.status == "conflict":
        stored = _("A submission with this instanceID is stored with other answers; nothing was changed.")
        raise SubmissionError(409, stored)
    if isinstance(result, Refused):
        raise SubmissionError(400, error_summary(result.errors))
    added = 0
    for name, raw in photos.items():
        photo_uuid = uuid.uuid5(PHOTO_NAMESPACE, f"{submission.instance_id}/{name}")
        if visit_photo_submit(visit=result.visit, photo_uuid=photo_uuid, raw=raw).status == "created":
            added += 1
    return Received(result.status, result.visit.pk, added)
