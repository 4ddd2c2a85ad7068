"""Template filters for numbers and distances shown in the page's language."""

from datetime import date, datetime

from django import template
from django.utils.translation import get_language, gettext

from backend.common.serializers import jalali_local
from geo.text import format_tomans, to_persian_digits
from geo.text import jalali_day as geo_jalali_day

register = template.Library()


def _persian() -> bool:
    return (get_language() or "").startswith("fa")


def _local(text: str) -> str:
    return to_persian_digits(text) if _persian() else text


@register.filter
def digits(value: object) -> str:
    """Return value with Persian digits (and ٫ for the decimal point) when the page is in Persian."""
    text = str(value)
    return to_persian_digits(text).replace(".", "٫") if _persian() else text


@register.filter
def distance(metres: float | None) -> str:
    """Return a distance as '350 m' or '2.4 km', in the page's digits."""
    if metres is None:
        return "—"
    if metres < 1000:
        return _local(gettext("%(n)s m") % {"n": round(metres)})
    return _local(gettext("%(n)s km") % {"n": f"{metres / 1000:.1f}"})


@register.filter
def jalali_day(day: date | None) -> str:
    """Return a calendar day in Jalali, in the page's digits."""
    return "—" if day is None else _local(geo_jalali_day(day))


@register.filter
def tomans(rials: int | None) -> str:
    """Return whole rials as tomans with thousands separators, in the page's digits: '۱۲٬۵۰۰٬۰۰۰ تومان'."""
    if rials is None:
        return "—"
    return gettext("%(n)s tomans") % {"n": format_tomans(rials, persian=_persian())}


@register.filter
def percent(share: float | None) -> str:
    """Return a share 0–1 as a whole percentage in the page's digits, or — when unknown."""
    return "—" if share is None else _local(f"{round(share * 100)}") + ("٪" if _persian() else "%")


@register.filter
def jalali(moment: datetime | None) -> str:
    """Return an aware datetime as a Jalali date and time in Tehran, in the page's digits."""
    return "—" if moment is None else _local(jalali_local(moment))


def listing(items: list[str]) -> str:
    """Return items joined with the page language's comma (، in Persian)."""
    return gettext(", ").join(str(item) for item in items)


@register.filter
def reason_labels(score: object) -> str:
    """Return the names of a NeighborhoodScore's main reasons, joined for reading."""
    from backend.planning.models import COMPONENT_LABELS

    return listing([COMPONENT_LABELS[name] for name in getattr(score, "reasons", [])])
