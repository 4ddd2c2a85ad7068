"""What the page chrome may offer the signed-in user."""

from typing import Any

from django.http import HttpRequest

from backend.accounts.permissions import (
    can_manage_assignments,
    can_read_all_jobs,
    can_read_dashboard,
    can_read_interventions,
    can_read_priorities,
    can_review_visits,
    can_write_partners,
    can_write_weight_profiles,
)


def abilities(request: HttpRequest) -> dict[str, Any]:
    """Return the flags the navigation bar uses."""
    return {
        "can_manage_registry": can_write_partners(request.user),
        "can_read_priorities": can_read_priorities(request.user),
        "can_edit_profiles": can_write_weight_profiles(request.user),
        "can_review_visits": can_review_visits(request.user),
        "can_manage_assignments": can_manage_assignments(request.user),
        "can_read_interventions": can_read_interventions(request.user),
        "can_read_all_jobs": can_read_all_jobs(request.user),
        "can_read_dashboard": can_read_dashboard(request.user),
    }
