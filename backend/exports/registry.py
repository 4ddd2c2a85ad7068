"""The exportable datasets by name: who may export each, its filters, and how it is built.

The GET that streams an export and the job that writes one to a file both start here, so they
check the same rule and the same parameters and produce the same rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from backend.accounts.permissions import (
    can_list_visits,
    can_read_partner_contacts,
    can_read_partners,
    can_read_priorities,
)
from backend.common.serializers import checked_params
from backend.exports import datasets
from backend.exports.formats import Dataset
from backend.exports.serializers import NeighborhoodExportParams, PartnerExportParams, VisitExportParams
from backend.planning.apis import profile_or_400


@dataclass(frozen=True)
class Export:
    rule: Callable[[Any], bool]
    params: type[serializers.Serializer]
    build: Callable[[Any, dict[str, Any]], Dataset]  # (user, checked parameters)

    def dataset(self, user: Any, query: dict[str, Any]) -> Dataset:
        """Check the rule and the query parameters (a 403 or a 400), and return the dataset."""
        if not self.rule(user):
            raise PermissionDenied("You may not export this dataset.")
        return self.build(user, checked_params(self.params, query))


EXPORTS = {
    "visits": Export(
        can_list_visits, VisitExportParams, lambda user, params: datasets.visits(user=user, filters=params)
    ),
    "neighborhoods": Export(
        can_read_priorities,
        NeighborhoodExportParams,
        lambda user, params: datasets.neighborhoods(
            profile=profile_or_400(params.get("profile")), bbox=params.get("bbox")
        ),
    ),
    "partners": Export(
        can_read_partners,
        PartnerExportParams,
        lambda user, params: datasets.partners(filters=params, contacts=can_read_partner_contacts(user)),
    ),
}
