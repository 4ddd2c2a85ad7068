"""Writes for the partner registry and its liaisons, and the coverage they give.

Every change to a partner or a liaison measures again the coverage of the neighbourhoods it can
touch (and only those), and queues a score recompute.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from backend.common.services import model_update
from backend.jobs.services import scores_stale
from backend.partners.models import Liaison, NeighborhoodCoverage, Partner, PartnerKind
from backend.partners.selectors import (
    LIAISON_MOSQUE,
    coverage_measured,
    coverage_stale_ids,
    coverage_touched,
)

if TYPE_CHECKING:
    from backend.surveys.models import Neighborhood

Place = tuple[float, float, str]  # lon, lat, partner kind

PARTNER_FIELDS = (
    "ref",
    "kind",
    "name",
    "point",
    "address",
    "services",
    "capacity",
    "is_active",
    "contact_name",
    "phone",
)
LIAISON_FIELDS = ("ref", "name", "mosque", "is_active", "phone")


@transaction.atomic
def partner_create(
    *,
    kind: str = "",
    name: str = "",
    point: Point,
    ref: str | None = None,
    address: str = "",
    services: list[str] | None = None,
    capacity: int | None = None,
    is_active: bool = True,
    contact_name: str = "",
    phone: str = "",
    coverage: bool = True,
) -> Partner:
    """Register a partner (what is missing or wrong is refused by the model's checks).
    ``coverage=False`` leaves coverage to one coverage_refresh() later (a bulk import)."""
    partner = Partner(
        kind=kind,
        name=name,
        point=point,
        ref=ref,
        address=address,
        services=services or [],
        capacity=capacity,
        is_active=is_active,
        contact_name=contact_name,
        phone=phone,
    )
    partner.full_clean()
    partner.save()
    if coverage:
        coverage_follow(places=_places(partner))
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, data: dict[str, Any], coverage: bool = True) -> Partner:
    """Change a partner's details; set is_active=False to deactivate it."""
    before = _places(partner)
    model_update(partner, fields=PARTNER_FIELDS, data=data)
    if coverage:
        coverage_follow(places=[*before, *_places(partner)])
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner) -> None:
    """Delete a partner (the admin's; the registry deactivates instead) and measure what it reached."""
    before = _places(partner)
    partner.delete()
    coverage_follow(places=before)


def _places(partner: Partner) -> list[Place]:
    """Where an active partner reaches from (an inactive one reaches nothing), as its kind and,
    for a mosque with an active liaison, as a liaison mosque."""
    if not (partner.is_active and partner.point):
        return []
    places = [(partner.point.x, partner.point.y, partner.kind)]
    if partner.kind == PartnerKind.MOSQUE and partner.liaisons.filter(is_active=True).exists():
        places.append((partner.point.x, partner.point.y, LIAISON_MOSQUE))
    return places


@transaction.atomic
def liaison_create(
    *,
    name: str = "",
    mosque: Partner | None = None,
    neighborhoods: Iterable["Neighborhood"] = (),
    ref: str | None = None,
    is_active: bool = True,
    phone: str = "",
) -> Liaison:
    """Register an Imam Mahalleh for a mosque, with the neighbourhoods assigned to them."""
    liaison = Liaison(name=name, mosque=mosque, ref=ref, is_active=is_active, phone=phone)
    liaison.full_clean()
    liaison.save()
    liaison.neighborhoods.set(neighborhoods)
    coverage_follow(places=_mosque(liaison), neighborhoods=liaison.neighborhoods.values_list("id", flat=True))
    return liaison


@transaction.atomic
def liaison_update(*, liaison: Liaison, data: dict[str, Any]) -> Liaison:
    """Change a liaison; ``neighborhoods`` replaces the assigned neighbourhoods."""
    before = (_mosque(liaison), set(liaison.neighborhoods.values_list("id", flat=True)))
    model_update(liaison, fields=LIAISON_FIELDS, data={k: v for k, v in data.items() if k != "neighborhoods"})
    if "neighborhoods" in data:
        liaison.neighborhoods.set(data["neighborhoods"])
    after = set(liaison.neighborhoods.values_list("id", flat=True))
    coverage_follow(places=[*before[0], *_mosque(liaison)], neighborhoods=before[1] | after)
    return liaison


@transaction.atomic
def liaison_delete(*, liaison: Liaison) -> None:
    """Delete a liaison and measure again the neighbourhoods they served and their mosque reached."""
    places, served = _mosque(liaison), list(liaison.neighborhoods.values_list("id", flat=True))
    liaison.delete()
    coverage_follow(places=places, neighborhoods=served)


def _mosque(liaison: Liaison) -> list[Place]:
    point = liaison.mosque.point
    return [(point.x, point.y, LIAISON_MOSQUE)] if point else []


def coverage_follow(*, places: list[Place], neighborhoods: Iterable[int] = ()) -> int:
    """Measure again the neighbourhoods these places (and these ids) can touch; queue a recompute."""
    ids = sorted({*coverage_touched(places=places), *neighborhoods})
    scores_stale()
    return coverage_refresh(ids=ids) if ids else 0


def coverage_refresh(*, ids: list[int] | None = None) -> int:
    """Measure the coverage of these neighbourhoods (every one when None) and keep it."""
    walk_m = settings.WALKING_DISTANCE_METRES
    now = timezone.now()
    rows = [
        NeighborhoodCoverage(
            neighborhood_id=c.neighborhood_id,
            walk_m=walk_m,
            liaisons=c.liaisons,
            liaison_mosque_m=c.liaison_mosque_m,
            partners_within_walk=c.partners_within_walk,
            nearest_m=c.nearest_m,
            measured_at=now,
        )
        for c in coverage_measured(walk_m=walk_m, ids=ids)
    ]
    NeighborhoodCoverage.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["neighborhood"],
        update_fields=[
            "walk_m",
            "liaisons",
            "liaison_mosque_m",
            "partners_within_walk",
            "nearest_m",
            "measured_at",
        ],
    )
    return len(rows)


def coverage_refresh_stale() -> int:
    """Measure the neighbourhoods added, or whose boundary changed, since they were last measured."""
    ids = coverage_stale_ids(walk_m=settings.WALKING_DISTANCE_METRES)
    return coverage_refresh(ids=ids) if ids else 0
