"""Writes for help delivered: interventions and their moves, documents, referrals, funding sources.

Every write is one transaction; a refused one changes nothing. Callers (apis, views) check who
may write with backend.accounts.permissions; these functions check what may be written.
"""

import hashlib
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.services import model_update
from backend.interventions.documents import clean_document
from backend.interventions.models import (
    INTERVENTION_MOVES,
    NEED_SERVICES,
    REFERRAL_MOVES,
    FundingSource,
    Intervention,
    InterventionDocument,
    InterventionStatus,
    Referral,
    ReferralStatus,
    StatusChange,
)
from backend.interventions.selectors import with_status
from backend.partners.models import Partner, Service
from backend.surveys.models import Neighborhood, Visit

INTERVENTION_FIELDS = (
    "title",
    "description",
    "kind",
    "lead_partner",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "households",
    "budget_planned",
    "budget_spent",
    "funding_source",
)


def _check(intervention: Intervention, *, new_source: FundingSource | None = None) -> None:
    """Say in words what the table's rules would refuse (full_clean then checks them all)."""
    errors: dict[str, str] = {}
    for start, end, what in (
        ("planned_start", "planned_end", _("planned")),
        ("actual_start", "actual_end", _("actual")),
    ):
        first, last = getattr(intervention, start), getattr(intervention, end)
        if first and last and last < first:
            errors[end] = _("The %(what)s end is before the %(what)s start.") % {"what": what}
    for name in ("budget_planned", "budget_spent", "households"):
        value = getattr(intervention, name)
        if value is not None and value < 0:
            errors[name] = _("Must not be negative.")
    if intervention.budget_spent and intervention.funding_source_id is None:
        errors["funding_source"] = _("Money spent needs a funding source: say where it came from.")
    if new_source is not None and not new_source.is_active:
        errors["funding_source"] = _("This funding source is no longer in use.")
    if errors:
        raise ValidationError(errors)
    intervention.full_clean(exclude=["created_by"])


def _partners_of(lead: Partner, others: list[Partner]) -> list[Partner]:
    return [p for p in others if p.pk != lead.pk]


@transaction.atomic
def intervention_create(
    *,
    created_by: Any,
    neighborhoods: list[Neighborhood],
    partners: list[Partner] | None = None,
    title: str = "",
    kind: str = "",
    lead_partner: Partner | None = None,
    description: str = "",
    planned_start: date | None = None,
    planned_end: date | None = None,
    actual_start: date | None = None,
    actual_end: date | None = None,
    households: int | None = None,
    budget_planned: int | None = None,
    budget_spent: int | None = None,
    funding_source: FundingSource | None = None,
) -> Intervention:
    """Create a proposed intervention in the given neighbourhoods (what is missing or wrong is
    refused by its checks, each field named)."""
    if not neighborhoods:
        raise ValidationError({"neighborhoods": [_("Name at least one neighbourhood.")]})
    intervention = Intervention(
        created_by=created_by,
        title=title,
        kind=kind,
        lead_partner=lead_partner,
        description=description,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        households=households,
        budget_planned=budget_planned,
        budget_spent=budget_spent,
        funding_source=funding_source,
    )
    _check(intervention, new_source=funding_source)
    intervention.save()
    intervention.neighborhoods.set(neighborhoods)
    intervention.partners.set(_partners_of(intervention.lead_partner, partners or []))
    StatusChange.objects.create(
        intervention=intervention, to_status=intervention.status, actor=created_by, note=""
    )
    return intervention


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    data: dict[str, Any],
    neighborhoods: list[Neighborhood] | None = None,
    partners: list[Partner] | None = None,
) -> Intervention:
    """Change what is given; the status moves only through intervention_transition."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    for name in INTERVENTION_FIELDS:
        if name in data:
            setattr(intervention, name, data[name])
    _check(intervention, new_source=data.get("funding_source"))
    intervention.updated_at = timezone.now()
    intervention.save()
    if neighborhoods is not None:
        if not neighborhoods:
            raise ValidationError({"neighborhoods": [_("Name at least one neighbourhood.")]})
        intervention.neighborhoods.set(neighborhoods)
    if partners is not None or "lead_partner" in data:
        chosen = partners if partners is not None else list(intervention.partners.all())
        intervention.partners.set(_partners_of(intervention.lead_partner, chosen))
    return intervention


@transaction.atomic
def intervention_transition(
    *, intervention: Intervention, status: str, note: str, actor: Any, today: date | None = None
) -> Intervention:
    """Move an intervention one allowed step; starting and delivering fill in today's date if unset."""
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    current = with_status(Intervention.objects.filter(pk=intervention.pk)).get()
    allowed = INTERVENTION_MOVES[current.current_status]
    if status not in allowed:
        raise ValidationError({"status": [_transition_refused(current.current_status, status, allowed)]})
    note = note.strip()
    if status == InterventionStatus.CANCELLED and not note:
        raise ValidationError({"note": [_("Say why the intervention is cancelled.")]})
    if status == InterventionStatus.VERIFIED and not note:
        raise ValidationError({"note": [_("Say what you saw that shows the intervention works.")]})
    today = today or timezone.localdate()
    if status == InterventionStatus.IN_PROGRESS and current.actual_start is None:
        current.actual_start = today
    if status == InterventionStatus.DELIVERED:
        current.actual_start = current.actual_start or min(today, current.actual_end or today)
        current.actual_end = current.actual_end or max(today, current.actual_start)
    previous = current.status
    current.status = status
    current.status_note = note
    current.updated_at = timezone.now()
    current.full_clean(exclude=["created_by"])
    current.save()
    StatusChange.objects.create(
        intervention=current, from_status=previous, to_status=status, note=note, actor=actor
    )
    return current


def _transition_refused(current: str, wanted: str, allowed: tuple[str, ...]) -> str:
    if not allowed:
        return _("The status is %(current)s: it does not change any more.") % {"current": current}
    return _("From %(current)s the status can only become %(allowed)s, not %(wanted)s.") % {
        "current": current,
        "allowed": ", ".join(allowed),
        "wanted": wanted,
    }


@dataclass(frozen=True)
class DocumentSubmission:
    status: str  # created, duplicate, conflict
    document: InterventionDocument


def intervention_document_add(
    *, intervention: Intervention, raw: bytes, name: str, uploaded_by: Any, document_uuid: Any = None
) -> DocumentSubmission:
    """Attach a PDF or photo once per document UUID (a resend of the same bytes stores nothing)."""
    digest = hashlib.sha256(raw).hexdigest()
    document_uuid = document_uuid or uuid_module.uuid4()
    existing = InterventionDocument.objects.filter(uuid=document_uuid).first()
    if existing is not None:
        return _resent(existing, intervention, digest)
    clean = clean_document(raw, max_bytes=settings.DOCUMENT_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS)
    try:
        with transaction.atomic():
            Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
            if intervention.documents.count() >= settings.DOCUMENTS_PER_INTERVENTION:
                most = settings.DOCUMENTS_PER_INTERVENTION
                raise ValidationError(_("An intervention has at most %(n)s documents.") % {"n": most})
            document = InterventionDocument(
                uuid=document_uuid,
                intervention=intervention,
                name=(name.strip() or _("document"))[:200],
                content_type=clean.content_type,
                size=len(clean.content),
                sha256=digest,
                uploaded_by=uploaded_by,
            )
            document.file.save(f"document{clean.extension}", ContentFile(clean.content), save=False)
            document.save()
    except IntegrityError:  # a concurrent upload of the same UUID won
        return _resent(InterventionDocument.objects.get(uuid=document_uuid), intervention, digest)
    return DocumentSubmission("created", document)


def _resent(existing: InterventionDocument, intervention: Intervention, digest: str) -> DocumentSubmission:
    """A document UUID already stored: the same bytes for the same intervention are a duplicate."""
    same = existing.intervention_id == intervention.pk and existing.sha256 == digest
    return DocumentSubmission("duplicate" if same else "conflict", existing)


def referral_create(
    *,
    visit: Visit,
    need: str,
    partner: Partner,
    due_date: date,
    created_by: Any,
    service: str | None = None,
    note: str = "",
    client_uuid: Any = None,
) -> tuple[Referral, bool]:
    """Send what a visit found to a partner that offers the service answering it.

    Return the referral and whether it is new: the same client_uuid again (a phone's resend)
    returns the stored one unchanged.
    """
    if client_uuid is not None:
        stored = Referral.objects.filter(client_uuid=client_uuid).first()
        if stored is not None:
            return stored, False
    try:
        return _referral_insert(visit, need, partner, due_date, created_by, service, note, client_uuid), True
    except IntegrityError:
        if client_uuid is None:
            raise
        return Referral.objects.get(client_uuid=client_uuid), False  # a concurrent resend won


@transaction.atomic
def _referral_insert(
    visit: Visit,
    need: str,
    partner: Partner,
    due_date: date,
    created_by: Any,
    service: str | None,
    note: str,
    client_uuid: Any,
) -> Referral:
    services = NEED_SERVICES[need]
    # Unsaid, the service is the first answering the need that the partner offers.
    service = service or next((s for s in services if s in partner.services), services[0])
    if service not in services:
        labels = ", ".join(str(Service(s).label) for s in services)
        message = _("This need is answered by %(services)s.") % {"services": labels}
        raise ValidationError({"service": [message]})
    if not partner.is_active:
        raise ValidationError({"partner": [_("%(partner)s is not active.") % {"partner": partner.name}]})
    if service not in partner.services:
        raise ValidationError(
            {
                "partner": [
                    _("%(partner)s does not offer %(service)s.")
                    % {"partner": partner.name, "service": Service(service).label}
                ]
            }
        )
    referral = Referral(
        client_uuid=client_uuid,
        visit=visit,
        neighborhood_id=visit.neighborhood_id,
        need=need,
        service=service,
        partner=partner,
        due_date=due_date,
        note=note,
        created_by=created_by,
    )
    referral.full_clean()
    referral.save()
    StatusChange.objects.create(referral=referral, to_status=referral.status, actor=created_by)
    return referral


@transaction.atomic
def referral_transition(*, referral: Referral, status: str, note: str, actor: Any) -> Referral:
    """Record the partner's answer: accepted or declined (with a reason), then resolved."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    allowed = REFERRAL_MOVES[referral.status]
    if status not in allowed:
        raise ValidationError({"status": [_transition_refused(referral.status, status, allowed)]})
    note = note.strip()
    if status == ReferralStatus.DECLINED and not note:
        raise ValidationError({"note": [_("Say why the partner declined.")]})
    previous = referral.status
    referral.status, referral.status_note, referral.updated_at = status, note, timezone.now()
    referral.save()
    StatusChange.objects.create(
        referral=referral, from_status=previous, to_status=status, note=note, actor=actor
    )
    return referral


@transaction.atomic
def referral_to_intervention(*, referral: Referral, actor: Any) -> Intervention:
    """Turn a referral into a proposed intervention led by its partner (accepting it if still sent)."""
    referral = Referral.objects.select_for_update().select_related("partner", "visit").get(pk=referral.pk)
    if referral.intervention_id is not None:
        raise ValidationError({"intervention": [_("This referral already became an intervention.")]})
    if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        raise ValidationError({"status": [_("Only a sent or accepted referral can become an intervention.")]})
    if referral.neighborhood is None:
        message = _("The visit was outside every neighbourhood; create the intervention by hand.")
        raise ValidationError({"neighborhood": [message]})
    intervention = intervention_create(
        created_by=actor,
        neighborhoods=[referral.neighborhood],
        lead_partner=referral.partner,
        kind=referral.service,
        title=str(referral.get_need_display())[:200],
        description=referral.note,
    )
    if referral.status == ReferralStatus.SENT:
        referral_transition(referral=referral, status=ReferralStatus.ACCEPTED, note="", actor=actor)
    Referral.objects.filter(pk=referral.pk).update(intervention=intervention, updated_at=timezone.now())
    return intervention


FUNDING_SOURCE_FIELDS = ("name", "name_en", "is_active")


@transaction.atomic
def funding_source_save(*, source: FundingSource | None = None, data: dict[str, Any]) -> FundingSource:
    """Add a funding source (source=None) or change one; retire it with is_active=False."""
    source = source or FundingSource()
    model_update(source, fields=FUNDING_SOURCE_FIELDS, data=data)
    return source
