"""Template filters for scores: a score's reasons in the page's language."""

from django import template

from backend.planning.models import reason_labels

register = template.Library()
register.filter("reason_labels", reason_labels)
