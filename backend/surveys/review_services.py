"""Writes for reviewing visits: decisions, edits by reviewers, corrections by visitors, comments.

Each change locks the visit's row and checks the version the caller saw, so two reviewers never
overwrite each other unseen; each writes one VisitEvent, which the visit's history reads back.
Corrections and comments made on a phone carry their own UUID: a resend is stored once.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.jobs.services import scores_stale
from backend.surveys.models import CHOICE_INDICATORS, HARM_INDICATORS, ReviewState, Visit, VisitEvent
from backend.surveys.quality import visits_flag
from backend.surveys.services import unknown_partners_of

# The answers a reviewer may correct, and a visitor may send again. Where and when stay as captured,
# except the point, which a reviewer may move (the database then re-places the visit).
EDITABLE_FIELDS = (
    *CHOICE_INDICATORS,
    "persons_per_room",
    *HARM_INDICATORS,
    "notes",
    "extra",
    "partners_met",
    "point",
)
MAX_BULK = 500


class StaleVersion(Exception):
    """The visit changed since the caller read it."""

    def __init__(self, current: int) -> None:
        super().__init__(f"The visit is at version {current}; reload it and try again.")
        self.current = current


@dataclass(frozen=True)
class EditResult:
    visit: Visit
    created: bool  # False: this correction (by its UUID) was stored before; nothing changed


def _locked(visit_id: int) -> Visit:
    return Visit.objects.select_for_update().get(pk=visit_id)


def _check_version(visit: Visit, version: int) -> None:
    if visit.version != version:
        raise StaleVersion(visit.version)


def _decide(visit: Visit, *, reviewer: User, state: str, note: str) -> VisitEvent:
    visit.review_state = state
    visit.version += 1
    visit.save(update_fields=["review_state", "version"])
    scores_stale()  # a decision changes which visits count
    return VisitEvent.objects.create(
        visit=visit,
        kind=VisitEvent.Kind.REVIEW,
        actor=reviewer,
        state=state,
        version=visit.version,
        note=note,
    )


@transaction.atomic
def visit_review(*, visit_id: int, reviewer: User, state: str, note: str, version: int) -> Visit:
    """Approve a visit, set it aside as having issues, or reject it; raise StaleVersion if it moved on."""
    visit = _locked(visit_id)
    _check_version(visit, version)
    _decide(visit, reviewer=reviewer, state=state, note=note)
    return visit


@transaction.atomic
def visits_review(*, ids: list[int], reviewer: User, state: str, note: str) -> list[Visit]:
    """Give many visits the same decision, all or none; return them in the order of ids.

    Only visits the reviewer may read are changed: an id outside their teams' areas is refused
    like an unknown one.
    """
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": [f"At most {MAX_BULK} visits at once; this list has {len(ids)}."]})
    # Locked in id order, so two bulk reviews of overlapping lists cannot deadlock.
    readable = Visit.objects.visible_to(reviewer).select_for_update().filter(pk__in=ids).order_by("pk")
    visits = {v.pk: v for v in readable}
    missing = sorted(set(ids) - set(visits))
    if missing:
        message = _("No visit %(ids)s; nothing was changed.") % {"ids": ", ".join(map(str, missing))}
        raise ValidationError({"ids": [message]})
    for visit in visits.values():
        _decide(visit, reviewer=reviewer, state=state, note=note)
    return [visits[pk] for pk in dict.fromkeys(ids)]


@transaction.atomic
def visit_edit(
    *,
    visit_id: int,
    editor: User,
    version: int,
    answers: dict[str, Any],
    correction: bool,
    client_uuid: Any = None,
) -> EditResult:
    """Change a visit's answers, keeping the old values in its history.

    A reviewer's edit leaves the visit ``edited``; a visitor's correction sends it back to
    ``received`` for the supervisor. A correction whose client_uuid is stored already changes nothing.
    """
    visit = _locked(visit_id)
    if client_uuid is not None:
        done = VisitEvent.objects.filter(client_uuid=client_uuid).first()
        if done is not None:
            if done.visit_id != visit.pk:
                raise ValidationError({"client_uuid": ["This UUID belongs to a change of another visit."]})
            return EditResult(visit, created=False)
    _check_version(visit, version)
    unknown = sorted(unknown_partners_of([answers]))
    if unknown:
        raise ValidationError({"partners_met": [f"Partner {', '.join(map(str, unknown))} does not exist."]})
    changes = _apply(visit, answers)
    if not changes and not correction:
        return EditResult(visit, created=False)
    visit.review_state = ReviewState.RECEIVED if correction else ReviewState.EDITED
    visit.version += 1
    visit.full_clean(validate_unique=False, validate_constraints=False)
    visit.save()
    if "partners_met" in changes:
        visit.partners_met.set(answers["partners_met"])
    if "point" in changes:
        visit.refresh_from_db(fields=["neighborhood"])  # the trigger placed it again
    visits_flag([visit])
    scores_stale()
    VisitEvent.objects.create(
        visit=visit,
        kind=VisitEvent.Kind.CORRECTION if correction else VisitEvent.Kind.EDIT,
        actor=editor,
        state=visit.review_state,
        version=visit.version,
        changes=changes,
        client_uuid=client_uuid,
    )
    return EditResult(visit, created=True)


def _apply(visit: Visit, answers: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the answers that differ on visit; return {field: [old, new]} in plain JSON values."""
    changes = {}
    for field in EDITABLE_FIELDS:
        if field not in answers:
            continue
        if field == "partners_met":
            old: Any = sorted(visit.partners_met.values_list("pk", flat=True))
            new: Any = sorted(set(answers[field]))
        else:
            old, new = getattr(visit, field), answers[field]
            if field == "persons_per_room" and new is not None:
                new = Decimal(str(round(float(new), 1)))
        if _plain(old) != _plain(new):
            changes[field] = [_plain(old), _plain(new)]
            if field != "partners_met":
                setattr(visit, field, new)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, Point):  # a visit's only geometry
        return [round(c, 7) for c in value.coords]
    if isinstance(value, Decimal):
        return float(value)
    return value


def visit_comment_add(*, visit: Visit, author: User, text: str, client_uuid: Any = None) -> VisitEvent:
    """Add a comment to a visit's thread; a resend under the same client_uuid is stored once."""
    if client_uuid is not None:
        done = VisitEvent.objects.filter(client_uuid=client_uuid).first()
        if done is not None:
            return _same_comment(done, visit)
    try:
        with transaction.atomic():
            return VisitEvent.objects.create(
                visit=visit,
                kind=VisitEvent.Kind.COMMENT,
                actor=author,
                version=visit.version,
                note=text,
                client_uuid=client_uuid,
            )
    except IntegrityError:  # the same comment, sent twice at once: the other one won
        return _same_comment(VisitEvent.objects.get(client_uuid=client_uuid), visit)


def _same_comment(event: VisitEvent, visit: Visit) -> VisitEvent:
    if event.visit_id != visit.pk or event.kind != VisitEvent.Kind.COMMENT:
        raise ValidationError({"client_uuid": ["This UUID belongs to another comment or change."]})
    return event
