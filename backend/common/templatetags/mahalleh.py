"""Template filters for numbers and distances shown in the page's language."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext

from geo.text import jalali_datetime, to_persian_digits

register = template.Library()


def _local(text: str) -> str:
    return to_persian_digits(text) if (get_language() or "").startswith("fa") else text


@register.filter
def digits(value: object) -> str:
    """Return value with Persian digits (and ٫ for the decimal point) when the page is in Persian."""
    text = _local(str(value))
    return text.replace(".", "٫") if text != str(value) else text


@register.filter
def distance(metres: float | None) -> str:
    """Return a distance as '350 m' or '2.4 km', in the page's digits."""
    if metres is None:
        return "—"
    if metres < 1000:
        return _local(gettext("%(n)s m") % {"n": round(metres)})
    return _local(gettext("%(n)s km") % {"n": f"{metres / 1000:.1f}"})


@register.filter
def jalali(moment: datetime | None) -> str:
    """Return an aware datetime as a Jalali date and time in Tehran, in the page's digits."""
    if moment is None:
        return "—"
    return _local(jalali_datetime(moment, timezone.get_default_timezone()))


def listing(items: list[str]) -> str:
    """Return items joined with the page language's comma (، in Persian)."""
    return gettext(", ").join(str(item) for item in items)


@register.filter
def reason_labels(score: object) -> str:
    """Return the names of a NeighborhoodScore's main reasons, joined for reading."""
    from backend.planning.models import COMPONENT_LABELS

    return listing([COMPONENT_LABELS[name] for name in getattr(score, "reasons", [])])
