"""Writes for neighbourhoods and visits. Each runs in one transaction."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from backend.accounts.models import User
from backend.common.services import model_update
from backend.partners.models import Partner
from backend.surveys.models import Neighborhood, Visit

NEIGHBORHOOD_FIELDS = (
    "code",
    "name",
    "name_en",
    "county",
    "city",
    "boundary",
    "population",
    "households",
    "settlement_type",
)


@transaction.atomic
def neighborhood_create(**data: Any) -> Neighborhood:
    """Create a neighbourhood and claim the stored visits that fall inside it."""
    neighborhood = Neighborhood(**{k: v for k, v in data.items() if k in NEIGHBORHOOD_FIELDS})
    neighborhood.full_clean()
    neighborhood.save()
    visits_follow_boundary(old=None, new=neighborhood.boundary)
    return neighborhood


@transaction.atomic
def neighborhood_update(*, neighborhood: Neighborhood, data: dict[str, Any]) -> Neighborhood:
    """Change a neighbourhood; when its boundary moves, re-place the visits it touched."""
    old_boundary = neighborhood.boundary
    model_update(neighborhood, fields=NEIGHBORHOOD_FIELDS, data=data)
    visits_follow_boundary(old=old_boundary, new=neighborhood.boundary)
    return neighborhood


@transaction.atomic
def neighborhood_delete(*, neighborhood: Neighborhood) -> None:
    """Delete a neighbourhood; its visits stay and move to whatever now covers them."""
    boundary = neighborhood.boundary
    neighborhood.delete()
    visits_follow_boundary(old=boundary, new=None)


def visits_follow_boundary(*, old: GEOSGeometry | None, new: GEOSGeometry | None) -> int:
    """Re-place the visits a boundary change touched (inside the old or the new shape).

    Every way a boundary is created, moved or deleted (API, admin) ends here.
    """
    if old is None or new is None:
        area = new if old is None else old
    elif old.equals_exact(new):
        return 0
    else:
        area = old.union(new)
    if area is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE surveys_visit
               SET neighborhood_id = surveys_neighborhood_at(point)
             WHERE ST_Intersects(point, ST_GeomFromEWKB(%s))
            """,
            [bytes(area.ewkb)],
        )
        return cursor.rowcount


SubmitStatus = Literal["created", "duplicate", "conflict"]


@dataclass(frozen=True)
class VisitSubmission:
    status: SubmitStatus
    visit: Visit


VISIT_FIELDS = (
    "point",
    "gps_accuracy_m",
    "visited_at",
    "form_version",
    "water",
    "sanitation",
    "housing",
    "persons_per_room",
    "tenure",
    "electricity",
    "waste",
    "child_labour",
    "addiction",
    "scavenging",
    "female_headed_households",
    "unemployment",
    "extra",
    "notes",
)


def visit_submit(*, visitor: User, data: dict[str, Any]) -> VisitSubmission:
    """Store a visit once, whatever how often it is sent.

    A new client_uuid is ``created``; the same UUID with the same content is a
    ``duplicate`` (nothing changes); the same UUID with other content, or from
    another visitor, is a ``conflict`` and the stored visit is left untouched.
    Safe under concurrent sends: the unique index decides who wins.
    """
    data = _normalise(data)
    fingerprint = visit_fingerprint(visitor=visitor, data=data)
    existing = Visit.objects.filter(client_uuid=data["client_uuid"]).first()
    if existing is None:
        try:
            return VisitSubmission("created", _visit_insert(visitor, data, fingerprint))
        except IntegrityError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != "23505":  # unique_violation
                raise ValidationError(f"The visit breaks a database rule: {exc}") from None
            # Another request stored this UUID a moment ago: compare with what it stored.
            existing = Visit.objects.get(client_uuid=data["client_uuid"])
    status: SubmitStatus = "duplicate" if existing.content_sha256 == fingerprint else "conflict"
    return VisitSubmission(status, existing)


@transaction.atomic
def _visit_insert(visitor: User, data: dict[str, Any], fingerprint: str) -> Visit:
    partners = data.get("partners_met") or []
    visit = Visit(
        client_uuid=data["client_uuid"],
        visitor=visitor,
        content_sha256=fingerprint,
        **{field: data[field] for field in VISIT_FIELDS if field in data},
    )
    # Field checks here; the table's constraints (ranges, choices) are enforced by
    # PostgreSQL itself, and the input serializer has already checked the same rules.
    visit.full_clean(validate_unique=False, validate_constraints=False)
    visit.save()
    if partners:
        visit.partners_met.set(partners)
    visit.refresh_from_db(fields=["neighborhood"])  # set by the database trigger
    return visit


def visit_fingerprint(*, visitor: User, data: dict[str, Any]) -> str:
    """Return a SHA-256 of what the visitor submitted, stable across resends."""
    canonical = {field: data.get(field) for field in (*VISIT_FIELDS, "client_uuid")}
    canonical["visitor"] = visitor.pk
    canonical["partners_met"] = sorted(_pk(p) for p in data.get("partners_met") or [])
    text = json.dumps(canonical, sort_keys=True, default=_json_default, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    ppr = data.get("persons_per_room")
    if ppr is not None and not isinstance(ppr, Decimal):
        # Stored with one decimal place, as the form asks for it.
        data = {**data, "persons_per_room": Decimal(str(round(float(ppr), 1)))}
    return data


def _pk(partner: Partner | int) -> int:
    return partner.pk if isinstance(partner, Partner) else int(partner)


def _json_default(value: Any) -> Any:
    if isinstance(value, GEOSGeometry):
        return [round(c, 7) for c in value.coords]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)
