"""Reads for neighbourhoods and visits, scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet

from backend.accounts.permissions import can_read_all_visits
from backend.surveys.models import Neighborhood, Visit, VisitPhoto


def neighborhood_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Neighborhood]:
    """Return neighbourhoods, optionally filtered by county, city or settlement type."""
    filters = filters or {}
    queryset = Neighborhood.objects.all()
    for field in ("county", "city", "settlement_type"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    return queryset


def visit_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Visit]:
    """Return the visits user may read: all of them, or only their own for visitors.

    ``filters["neighborhood"]`` is a neighbourhood id, or ``"none"`` for the
    visits that fell outside every neighbourhood.
    """
    filters = filters or {}
    queryset = Visit.objects.select_related("visitor").prefetch_related("photos", "partners_met")
    if not can_read_all_visits(user):
        queryset = queryset.filter(visitor=user)
    neighborhood = filters.get("neighborhood")
    if neighborhood == "none":
        queryset = queryset.filter(neighborhood__isnull=True)
    elif neighborhood is not None:
        queryset = queryset.filter(neighborhood_id=neighborhood)
    if filters.get("visited_after"):
        queryset = queryset.filter(visited_at__gte=filters["visited_after"])
    if filters.get("visited_before"):
        queryset = queryset.filter(visited_at__lt=filters["visited_before"])
    return queryset


def visit_photo_get(*, user: Any, client_uuid: Any, photo_uuid: Any) -> VisitPhoto | None:
    """Return a photo of a visit user may read, or None."""
    visits = visit_list(user=user).filter(client_uuid=client_uuid)
    return VisitPhoto.objects.filter(photo_uuid=photo_uuid, visit__in=visits).select_related("visit").first()


def own_visit(*, user: Any, client_uuid: Any) -> Visit | None:
    """Return user's own visit with this client_uuid, or None."""
    return Visit.objects.filter(visitor=user, client_uuid=client_uuid).first()
