"""Writes for the partner registry and its liaisons."""

from typing import Any

from django.db import transaction

from backend.common.services import model_update
from backend.partners.models import Liaison, Partner

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
def partner_create(**data: Any) -> Partner:
    """Register a partner."""
    partner = Partner(**{k: v for k, v in data.items() if k in PARTNER_FIELDS})
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, data: dict[str, Any]) -> Partner:
    """Change a partner's details; set is_active=False to deactivate it."""
    model_update(partner, fields=PARTNER_FIELDS, data=data)
    return partner


@transaction.atomic
def liaison_create(**data: Any) -> Liaison:
    """Register an Imam Mahalleh for a mosque, with the neighbourhoods assigned to them."""
    liaison = Liaison(**{k: v for k, v in data.items() if k in LIAISON_FIELDS})
    liaison.full_clean()
    liaison.save()
    liaison.neighborhoods.set(data.get("neighborhoods") or [])
    return liaison


@transaction.atomic
def liaison_update(*, liaison: Liaison, data: dict[str, Any]) -> Liaison:
    """Change a liaison; ``neighborhoods`` replaces the assigned neighbourhoods."""
    model_update(liaison, fields=LIAISON_FIELDS, data=data)
    if "neighborhoods" in data:
        liaison.neighborhoods.set(data["neighborhoods"])
    return liaison
