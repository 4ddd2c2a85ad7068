"""Template filters for numbers and distances shown in the page's language."""

from django import template
from django.utils.translation import get_language, gettext

from geo.text import to_persian_digits

register = template.Library()


def _local(text: str) -> str:
    return to_persian_digits(text) if (get_language() or "").startswith("fa") else text


@register.filter
def digits(value: object) -> str:
    """Return value with Persian digits when the page is in Persian."""
    return _local(str(value))


@register.filter
def distance(metres: float | None) -> str:
    """Return a distance as '350 m' or '2.4 km', in the page's digits."""
    if metres is None:
        return "—"
    if metres < 1000:
        return _local(gettext("%(n)s m") % {"n": round(metres)})
    return _local(gettext("%(n)s km") % {"n": f"{metres / 1000:.1f}"})
