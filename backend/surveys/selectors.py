"""Reads for neighbourhoods and visits, scoped to what the user may see.

Every other app reads visits through here: ``counted_visits()`` for what counts in scores,
maps and exports, ``visit_list()`` for what a user may read.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from backend.accounts.permissions import visit_scope
from backend.surveys.models import Neighborhood, Visit, VisitEvent, VisitPhoto, VisitQuerySet


def neighborhood_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Neighborhood]:
    """Return neighbourhoods, optionally filtered by county, city or settlement type."""
    filters = filters or {}
    queryset = Neighborhood.objects.all()
    for field in ("county", "city", "settlement_type"):
        if filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    return queryset


def counted_visits() -> VisitQuerySet:
    """Return the visits that count in scores, maps, tiles and default exports."""
    return Visit.objects.counted()


def visible_areas(*, user: Any) -> list[int] | None:
    """The neighbourhood ids a team's supervisor reads visits in; None when not limited so."""
    if visit_scope(user) != "teams":
        return None
    return list(Neighborhood.objects.filter(teams__supervisors=user).values_list("pk", flat=True).distinct())


def visible_neighborhood(*, user: Any, pk: int) -> Neighborhood | None:
    """The neighbourhood pk when user may see it (a team's supervisor: in their teams' areas)."""
    areas = visible_areas(user=user)
    if areas is not None and pk not in areas:
        return None
    return Neighborhood.objects.filter(pk=pk).first()


def counted_photos(*, neighborhood: Neighborhood) -> QuerySet[VisitPhoto]:
    """Return the photos of a neighbourhood's counted visits, newest visit first."""
    return (
        VisitPhoto.objects.filter(visit__in=counted_visits().filter(neighborhood=neighborhood))
        .select_related("visit")
        .order_by("-visit__visited_at", "id")
    )


def _last_review_note() -> Subquery:
    reviews = VisitEvent.objects.filter(visit=OuterRef("pk"), kind=VisitEvent.Kind.REVIEW)
    return Subquery(reviews.order_by("-at", "-id").values("note")[:1])


def visit_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Visit]:
    """Return the visits user may read: all of them, or only their own for visitors.

    Filters: ``neighborhood`` (an id, or ``"none"`` for visits outside every
    neighbourhood), ``visited_after`` / ``visited_before``, ``review_state`` and
    ``flag`` (lists: any of them), ``visitor`` (a username), ``counted`` (only
    the visits that count) and ``order`` (``"queue"``: flagged first, oldest first).
    """
    filters = filters or {}
    queryset: VisitQuerySet = (
        Visit.objects.visible_to(user)
        .select_related("visitor")
        # Visit outputs name partners by id only: no need to build whole Partner rows.
        .prefetch_related("photos", Prefetch("partners_met", queryset=_partners().only("id")))
        .annotate(review_note=_last_review_note())
    )
    if filters.get("counted"):
        queryset = queryset.counted()
    if filters.get("review_state"):
        queryset = queryset.filter(review_state__in=filters["review_state"])
    if filters.get("flag"):
        queryset = queryset.filter(quality_flags__overlap=filters["flag"])
    if filters.get("visitor"):
        queryset = queryset.filter(visitor__username=filters["visitor"])
    if filters.get("order") == "queue":
        queryset = queryset.order_by(F("flag_count").desc(), "received_at", "id")
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


def visit_get(*, user: Any, pk: int) -> Visit | None:
    """Return one visit user may read, or None."""
    return visit_list(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a visit's history: its creation, a review, an edit, a correction or a comment."""

    kind: str
    at: datetime
    actor: str
    version: int
    state: str = ""
    note: str = ""
    changes: dict[str, list[Any]] | None = None


def visit_history(*, visit: Visit) -> list[HistoryEntry]:
    """Return everything that happened to a visit, oldest first, its creation included."""
    created = HistoryEntry("created", visit.received_at, visit.visitor.username, 1, state="received")
    events = visit.events.select_related("actor").order_by("at", "id")
    return [created] + [
        HistoryEntry(e.kind, e.at, e.actor.username, e.version, e.state, e.note, e.changes or None)
        for e in events
    ]


def visit_comments(*, visit: Visit) -> QuerySet[VisitEvent]:
    """Return the comment thread of a visit, oldest first."""
    return visit.events.filter(kind=VisitEvent.Kind.COMMENT).select_related("actor").order_by("at", "id")


def own_visit(*, user: Any, client_uuid: Any) -> Visit | None:
    """Return user's own visit with this client_uuid, or None."""
    return Visit.objects.filter(visitor=user, client_uuid=client_uuid).first()


def _partners() -> Any:
    """The partner registry, named through the visit's relation: surveys import nothing of the
    apps built on them (partners use the neighbourhoods)."""
    return Visit.partners_met.field.related_model._default_manager.all()
