"""Template filters for field work: an assignment's status in the page's language."""

from django import template

from backend.fieldwork.models import AssignmentStatus

register = template.Library()


@register.filter
def assignment_status(value: str) -> str:
    """The label of a status with_progress worked out (open, in progress, done, …)."""
    return str(AssignmentStatus(value).label)
