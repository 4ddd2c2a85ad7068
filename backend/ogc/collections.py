"""The collections the OGC API serves: the GIS exports' datasets, under the REST API's rules.

Each is an export dataset (backend.exports.datasets) — the same attributes a planner gets in a
GeoPackage, contact fields only for the roles that may read them — with what OGC API adds: which
attribute is the feature id, which time ``datetime`` filters, and which properties filter.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from backend.accounts.permissions import (
    can_list_visits,
    can_read_all_visits,
    can_read_interventions,
    can_read_partner_contacts,
    can_read_partners,
    can_read_priorities,
)
from backend.exports import datasets
from backend.exports.fields import Dataset
from backend.planning.selectors import profile_default
from geo.indicators import SCORED


@dataclass(frozen=True)
class Collection:
    id: str
    title: Any
    description: Any
    rule: Callable[[Any], bool]
    build: Callable[[Any], Dataset]  # the dataset, for this user
    ids: str  # the field path of each feature's id
    filters: tuple[str, ...]  # the dataset's field names that ?name=value filters on
    temporal: str | None = None  # the field path ?datetime= filters on


def _neighborhoods(user: Any) -> Dataset:
    return datasets.neighborhoods(profile=profile_default())  # no default profile: no rows


COLLECTIONS = {
    c.id: c
    for c in [
        Collection(
            id="neighborhoods",
            title=_("Neighbourhoods by need"),
            description=_(
                "Each neighbourhood's boundary with its score, rank and main reasons (default profile)."
            ),
            rule=can_read_priorities,
            build=_neighborhoods,
            ids="neighborhood_id",
            filters=("code", "county", "city", "settlement", "rank"),
        ),
        Collection(
            id="partners",
            title=_("Partners"),
            description=_(
                "Mosques, NGOs, charities, volunteer groups and agencies that work in the neighbourhoods."
            ),
            rule=can_read_partners,
            build=lambda user: datasets.partners(filters={}, contacts=can_read_partner_contacts(user)),
            ids="id",
            filters=("kind", "is_active", "ref"),
        ),
        Collection(
            id="visits",
            title=_("Visits (counted)"),
            description=_(
                "Field visits that count towards the scores: where they were and what the visitor saw."
            ),
            rule=can_read_all_visits,
            build=lambda user: datasets.visits(user=user, filters={}),
            ids="id",
            # The scored choice questions (geo.indicators), by their export columns.
            filters=("nbhd_code", "visitor", *(i.column for i in SCORED if i.kind == "choice")),
            temporal="visited_at",
        ),
        Collection(
            id="interventions",
            title=_("Interventions"),
            description=_("Help delivered or planned, over the neighbourhoods it serves, with its status."),
            rule=can_read_interventions,
            build=lambda user: datasets.interventions(),
            ids="id",
            filters=("kind", "status"),
            temporal="created_at",
        ),
        Collection(
            id="assignments",
            title=_("Assignments"),
            description=_("Neighbourhoods given to teams and visitors to visit, with their progress."),
            rule=can_list_visits,  # every role; the selector keeps each to their own
            build=lambda user: datasets.assignments(user=user),
            ids="id",
            filters=("team", "nbhd_code", "assignee", "status", "overdue"),
            temporal="created_at",
        ),
    ]
}


def readable(user: Any) -> list[Collection]:
    """The collections user may read, in the order they are listed."""
    return [c for c in COLLECTIONS.values() if c.rule(user)]
