"""Reads for partners and liaisons."""

from typing import Any

from django.db.models import QuerySet

from backend.partners.models import Liaison, Partner
from geo.text import search_key


def partner_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Partner]:
    """Return partners filtered by kind, service, active flag and name."""
    filters = filters or {}
    queryset = Partner.objects.all()
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("service"):
        queryset = queryset.filter(services__contains=[filters["service"]])
    if filters.get("is_active") is not None:
        queryset = queryset.filter(is_active=filters["is_active"])
    if filters.get("q"):
        queryset = queryset.filter(name_search__contains=search_key(filters["q"]))
    return queryset


def liaison_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Liaison]:
    """Return liaisons, optionally those assigned to one neighbourhood or one mosque."""
    filters = filters or {}
    queryset = Liaison.objects.select_related("mosque").prefetch_related("neighborhoods")
    if filters.get("neighborhood") is not None:
        queryset = queryset.filter(neighborhoods=filters["neighborhood"])
    if filters.get("mosque") is not None:
        queryset = queryset.filter(mosque=filters["mosque"])
    return queryset
