"""Template filters for interventions: a status in the page's language."""

from django import template

from backend.interventions.models import InterventionStatus

register = template.Library()


@register.filter
def intervention_status(value: str) -> str:
    """The label of an intervention's current status (with_status: verified once seen working)."""
    return str(InterventionStatus(value).label)
