"""Template filters for numbers, days, money and distances in the page's language: the functions
of backend.common.l10n (and a score's reasons), registered for the templates."""

from django import template

from backend.common import l10n
from backend.planning.models import reason_labels

register = template.Library()

for _name in ("digits", "distance", "jalali_day", "tomans", "percent", "jalali"):
    register.filter(_name, getattr(l10n, _name))
register.filter("reason_labels", reason_labels)
