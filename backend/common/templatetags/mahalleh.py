"""Template filters for numbers, days, money and distances in the page's language: the functions
of backend.common.l10n, registered for the templates (a score's reasons: planning's ``scores``)."""

from django import template

from backend.common import l10n

register = template.Library()

for _name in ("digits", "distance", "jalali_day", "tomans", "percent", "jalali"):
    register.filter(_name, getattr(l10n, _name))
