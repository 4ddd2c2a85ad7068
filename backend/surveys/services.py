"""Writes for neighbourhoods and visits. Each runs in one transaction."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.common.audit import log_bulk_created
from backend.common.services import instances_build, instances_copy, model_update
from backend.jobs.services import scores_stale
from backend.surveys.models import Neighborhood, SettlementType, Visit, VisitPhoto
from backend.surveys.photos import CleanPhoto, clean_photo
from backend.surveys.quality import visits_flag, visits_preflag
from geo.indicators import INDICATORS

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
def neighborhood_create(
    *,
    code: str = "",
    name: str = "",
    boundary: MultiPolygon,
    name_en: str = "",
    county: str = "",
    city: str = "",
    population: int | None = None,
    households: int | None = None,
    settlement_type: str = SettlementType.INFORMAL,
) -> Neighborhood:
    """Create a neighbourhood and claim the stored visits that fall inside it. What is missing
    or wrong is refused by the model's checks, each field named."""
    neighborhood = Neighborhood(
        code=code,
        name=name,
        boundary=boundary,
        name_en=name_en,
        county=county,
        city=city,
        population=population,
        households=households,
        settlement_type=settlement_type,
    )
    neighborhood.full_clean()
    neighborhood.save()
    visits_follow_boundary(old=None, new=neighborhood.boundary)
    scores_stale()
    return neighborhood


@transaction.atomic
def neighborhood_update(*, neighborhood: Neighborhood, data: dict[str, Any]) -> Neighborhood:
    """Change a neighbourhood; when its boundary moves, re-place the visits it touched."""
    old_boundary = neighborhood.boundary
    model_update(neighborhood, fields=NEIGHBORHOOD_FIELDS, data=data)
    visits_follow_boundary(old=old_boundary, new=neighborhood.boundary)
    scores_stale()
    return neighborhood


@transaction.atomic
def neighborhood_delete(*, neighborhood: Neighborhood) -> None:
    """Delete a neighbourhood; its visits stay and move to whatever now covers them."""
    boundary = neighborhood.boundary
    neighborhood.delete()
    visits_follow_boundary(old=boundary, new=None)
    scores_stale()


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
        # The database sets their outside_neighborhood flag too (migration 0008).
        return cursor.rowcount


UNIQUE_VIOLATION = "23505"


StoredStatus = Literal["created", "duplicate", "conflict"]


@dataclass(frozen=True)
class Stored:
    """A submitted visit that is stored: now (created), already (duplicate), or another one under
    its UUID (conflict: the stored one, left untouched)."""

    status: StoredStatus
    visit: Visit


@dataclass(frozen=True)
class Refused:
    """A submitted visit that is not stored, and why, by field."""

    errors: dict[str, list[str]]
    status: Literal["invalid"] = "invalid"


VisitSubmission = Stored | Refused  # what became of one submitted visit


VISIT_FIELDS = (
    "point",
    "gps_accuracy_m",
    "visited_at",
    "form_version",
    *(indicator.field for indicator in INDICATORS),
    "extra",
    "notes",
    "form_opened_at",
    "form_saved_at",
    "assignment_id",
    "interventions_seen",
)
# The fields of the first fingerprints, always counted. A field added since (a new indicator too)
# counts only when sent, so that an old visit's resend still matches the fingerprint it was stored with.
FINGERPRINTED_FIRST = frozenset(
    (
        "client_uuid", "point", "gps_accuracy_m", "visited_at", "form_version", "water", "sanitation",
        "housing", "persons_per_room", "tenure", "electricity", "waste", "child_labour", "addiction",
        "scavenging", "female_headed_households", "unemployment", "extra", "notes",
    )
)  # fmt: skip


def visit_submit(*, visitor: User, data: dict[str, Any]) -> VisitSubmission:
    """Store one visit once, however often it is sent (see visits_submit)."""
    return visits_submit(visitor=visitor, batch=[data])[0]


def visits_submit(*, visitor: User, batch: list[dict[str, Any]]) -> list[VisitSubmission]:
    """Store a batch of validated visits, each exactly once; one result per item, in order.

    A new client_uuid is ``created``; the same UUID with the same content is a
    ``duplicate`` (nothing changes); the same UUID with other content, or from
    another visitor, is a ``conflict`` and the stored visit is left untouched;
    an item naming unknown partners or breaking a table rule is ``invalid``.
    Safe under concurrent sends of the same batch: the unique index decides who
    wins, and the loser re-reads what the winner stored.
    """
    batch = [_normalise(data) for data in batch]
    fingerprints = [visit_fingerprint(visitor=visitor, data=data) for data in batch]
    one_by_one = False
    for _attempt in range(5):
        try:
            return _submit(visitor, batch, fingerprints, one_by_one=one_by_one)
        except IntegrityError as exc:
            if _sqlstate(exc) != UNIQUE_VIOLATION:
                # A table rule the input checks missed: find the item(s) that break it.
                one_by_one = True
            # Otherwise a concurrent request stored one of these UUIDs first and has
            # committed; the next attempt sees its rows and answers duplicate/conflict.
    raise RuntimeError("Could not store the batch after repeated concurrent conflicts.")


@transaction.atomic
def _submit(
    visitor: User, batch: list[dict[str, Any]], fingerprints: list[str], *, one_by_one: bool
) -> list[VisitSubmission]:
    stored = Visit.objects.in_bulk([data["client_uuid"] for data in batch], field_name="client_uuid")
    unknown_partners = unknown_partners_of(batch)
    unknown_assignments = _unknown_assignments(batch)
    unknown_interventions = _unknown_interventions(batch)
    results: list[VisitSubmission | None] = [None] * len(batch)
    rows: dict[Any, dict[str, Any]] = {}  # the fields of the visits to store, by UUID
    stores: dict[int, tuple[StoredStatus, Any]] = {}  # the items answered by one of those
    for index, (data, fingerprint) in enumerate(zip(batch, fingerprints, strict=True)):
        client_uuid = data["client_uuid"]
        existing = stored.get(client_uuid)
        if existing is not None:
            same = existing.content_sha256 == fingerprint
            results[index] = Stored("duplicate" if same else "conflict", existing)
            continue
        if client_uuid in rows:  # sent twice in one batch: the first is stored
            same = rows[client_uuid]["content_sha256"] == fingerprint
            stores[index] = ("duplicate" if same else "conflict", client_uuid)
            continue
        missing = sorted(set(partner_ids(data)) & unknown_partners)
        if missing:
            message = f"Partner {', '.join(map(str, missing))} does not exist."
            results[index] = Refused({"partners_met": [message]})
            continue
        if data.get("assignment_id") in unknown_assignments:
            message = f"Assignment {data['assignment_id']} does not exist."
            results[index] = Refused({"assignment": [message]})
            continue
        missing = sorted(set(data.get("interventions_seen") or []) & unknown_interventions)
        if missing:
            message = f"Intervention {', '.join(map(str, missing))} does not exist."
            results[index] = Refused({"interventions_seen": [message]})
            continue
        fields = {field: data[field] for field in VISIT_FIELDS if field in data}
        rows[client_uuid] = {
            **fields,
            "client_uuid": client_uuid,
            "visitor_id": visitor.pk,
            "content_sha256": fingerprint,
        }
        stores[index] = ("created", client_uuid)
    new = dict(zip(rows, instances_build(Visit, rows.values()), strict=True))
    for visit in new.values():
        Visit.visitor.field.set_cached_value(visit, visitor)  # as Visit(visitor=visitor) would
    for index, (status, client_uuid) in stores.items():
        results[index] = Stored(status, new[client_uuid])

    visits_preflag(list(new.values()), received_at=timezone.now())
    with disable_auditlog():  # logged below, once per visit, however they were inserted
        broken = _insert(new, one_by_one=one_by_one)
    for index, result in enumerate(results):
        if isinstance(result, Stored) and result.status == "created" and result.visit.client_uuid in broken:
            results[index] = Refused({"non_field_errors": [broken[result.visit.client_uuid]]})
    inserted = [visit for key, visit in new.items() if key not in broken]
    _link_partners(inserted, {data["client_uuid"]: data for data in batch})
    visits_flag(inserted)
    log_bulk_created(inserted, actor=visitor)
    if inserted:
        scores_stale()
    return [result for result in results if result is not None]


def _insert(visits: dict[Any, Visit], *, one_by_one: bool) -> dict[Any, str]:
    """Insert visits; return the UUIDs a table rule refused, with why (looked for one by one)."""
    if not one_by_one:
        instances_copy(list(visits.values()))
        # COPY reads nothing back: the ids, and what the triggers set, by UUID.
        stored = Visit.objects.filter(client_uuid__in=list(visits)).values_list(
            "client_uuid", "pk", *SET_BY_DATABASE
        )
        for client_uuid, pk, neighborhood_id, flags in stored:
            visit = visits[client_uuid]
            visit.pk, visit.neighborhood_id, visit.quality_flags = pk, neighborhood_id, flags
            visit._state.adding, visit._state.db = False, "default"
        return {}
    broken: dict[Any, str] = {}
    for key, visit in visits.items():
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError as exc:
            if _sqlstate(exc) == UNIQUE_VIOLATION:
                raise
            broken[key] = f"The visit breaks a database rule: {exc.__cause__ or exc}"
    _read_placed([visit for key, visit in visits.items() if key not in broken])
    return broken


def _link_partners(visits: list[Visit], data_by_uuid: dict[Any, dict[str, Any]]) -> None:
    through = Visit.partners_met.through
    through.objects.bulk_create(
        through(visit_id=visit.pk, partner_id=partner_id)
        for visit in visits
        for partner_id in sorted(set(partner_ids(data_by_uuid[visit.client_uuid])))
    )


# What the database's triggers set when a visit is stored: its place, and the flag that follows it.
SET_BY_DATABASE = ("neighborhood_id", "quality_flags")


def _read_placed(visits: list[Visit]) -> None:
    """Fetch what the database's triggers set on freshly inserted visits."""
    if not visits:
        return
    stored = Visit.objects.filter(pk__in=[v.pk for v in visits]).values_list("pk", *SET_BY_DATABASE)
    placed = {pk: rest for pk, *rest in stored}
    for visit in visits:
        visit.neighborhood_id, visit.quality_flags = placed[visit.pk]


def unknown_partners_of(batch: list[dict[str, Any]]) -> set[int]:
    wanted = {pk for data in batch for pk in partner_ids(data)}
    if not wanted:
        return set()
    partners = Visit.partners_met.field.related_model._default_manager  # by the relation, as below
    return wanted - set(partners.filter(pk__in=wanted).values_list("pk", flat=True))


def _unknown_assignments(batch: list[dict[str, Any]]) -> set[int]:
    wanted = {data["assignment_id"] for data in batch if data.get("assignment_id")}
    if not wanted:
        return set()
    # Named through the relation, so that surveys need not import the app above it.
    assignments = Visit._meta.get_field("assignment").related_model._default_manager
    return wanted - set(assignments.filter(pk__in=wanted).values_list("pk", flat=True))


def _unknown_interventions(batch: list[dict[str, Any]]) -> set[int]:
    wanted = {pk for data in batch for pk in data.get("interventions_seen") or []}
    if not wanted:
        return set()
    # By name: the visit keeps plain ids, and surveys import nothing from the apps above them.
    interventions = apps.get_model("interventions", "Intervention")._default_manager
    return wanted - set(interventions.filter(pk__in=wanted).values_list("pk", flat=True))


def partner_ids(data: dict[str, Any]) -> list[int]:
    return [int(pk) for pk in data.get("partners_met") or []]


def _sqlstate(exc: IntegrityError) -> str | None:
    return getattr(exc.__cause__, "sqlstate", None)


MAX_PHOTOS_PER_VISIT = 12


@dataclass(frozen=True)
class PhotoSubmission:
    status: Literal["created", "duplicate", "conflict"]
    photo: VisitPhoto


def visit_photo_submit(*, visit: Visit, photo_uuid: Any, raw: bytes) -> PhotoSubmission:
    """Store a photo of a visit once per photo_uuid, cleaned of metadata.

    The same UUID with the same bytes is a ``duplicate``; with other bytes or for
    another visit, a ``conflict``. Raises PhotoError for bytes that are not a
    photo we accept, ValidationError when the visit has all the photos it may.
    """
    digest = hashlib.sha256(raw).hexdigest()
    existing = VisitPhoto.objects.filter(photo_uuid=photo_uuid).first()
    if existing is None:
        clean = clean_photo(raw, max_pixels=settings.PHOTO_MAX_PIXELS)
        try:
            return PhotoSubmission("created", _photo_insert(visit, photo_uuid, digest, clean))
        except IntegrityError as exc:
            if _sqlstate(exc) != UNIQUE_VIOLATION:
                raise
            existing = VisitPhoto.objects.get(photo_uuid=photo_uuid)
    same = existing.visit_id == visit.pk and existing.sha256 == digest
    return PhotoSubmission("duplicate" if same else "conflict", existing)


@transaction.atomic
def _photo_insert(visit: Visit, photo_uuid: Any, digest: str, clean: CleanPhoto) -> VisitPhoto:
    # Lock the visit so concurrent uploads cannot pass the photo limit together.
    Visit.objects.select_for_update().filter(pk=visit.pk).first()
    if visit.photos.count() >= MAX_PHOTOS_PER_VISIT:
        raise ValidationError(f"A visit has at most {MAX_PHOTOS_PER_VISIT} photos.")
    photo = VisitPhoto(
        photo_uuid=photo_uuid,
        visit=visit,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size_bytes=len(clean.content),
        sha256=digest,  # of the bytes as sent, so a resend is recognised
    )
    photo.image.save("photo", ContentFile(clean.content), save=False)
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        photo.image.delete(save=False)
        raise
    return photo


def visit_fingerprint(*, visitor: User, data: dict[str, Any]) -> str:
    """Return a SHA-256 of what the visitor submitted, stable across resends."""
    canonical = {field: data.get(field) for field in (*VISIT_FIELDS, "client_uuid")}
    for field in canonical.keys() - FINGERPRINTED_FIRST:
        if canonical[field] in (None, []):
            del canonical[field]
    if "interventions_seen" in canonical:
        canonical["interventions_seen"] = sorted(set(canonical["interventions_seen"] or []))
    canonical["visitor"] = visitor.pk
    canonical["partners_met"] = sorted(set(partner_ids(data)))
    return hashlib.sha256(_CANONICAL.encode(canonical).encode()).hexdigest()


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    ppr = data.get("persons_per_room")
    if ppr is not None and not isinstance(ppr, Decimal):
        # Stored with one decimal place, as the form asks for it.
        data = {**data, "persons_per_room": Decimal(str(round(float(ppr), 1)))}
    return data


def _json_default(value: Any) -> Any:
    if isinstance(value, Point):  # a visit's only geometry
        return [round(c, 7) for c in value.coords]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)


# Made once: json.dumps with options builds a new encoder on every call.
_CANONICAL = json.JSONEncoder(sort_keys=True, default=_json_default, ensure_ascii=False)
