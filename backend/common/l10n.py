"""Text in the language being shown: numbers, days, money and distances in its digits, and
geo's refusals translated. The pages' template filters (common/templatetags/mahalleh.py) are
these functions; code that writes messages, maps or files calls them directly.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from geo.shapes import GeometryError
from geo.text import format_tomans, jalali_datetime, to_persian_digits
from geo.text import jalali_day as geo_jalali_day


def persian() -> bool:
    """Whether the language being shown is Persian."""
    return (get_language() or "").startswith("fa")


def local_digits(text: str) -> str:
    """text with Persian digits when the language being shown is Persian."""
    return to_persian_digits(text) if persian() else text


def digits(value: object) -> str:
    """value with Persian digits (and ٫ for the decimal point) when the language is Persian."""
    text = str(value)
    return to_persian_digits(text).replace(".", "٫") if persian() else text


def distance(metres: float | None) -> str:
    """A distance as '350 m' or '2.4 km', in the language's digits."""
    if metres is None:
        return "—"
    if metres < 1000:
        return local_digits(gettext("%(n)s m") % {"n": round(metres)})
    return local_digits(gettext("%(n)s km") % {"n": f"{metres / 1000:.1f}"})


def jalali_local(moment: datetime | None) -> str | None:
    """A UTC datetime in Jalali, in the project's time zone ('1405/09/07 13:30'), Latin digits."""
    if moment is None:
        return None
    return jalali_datetime(moment, timezone.get_default_timezone())


def jalali(moment: datetime | None) -> str:
    """An aware datetime as a Jalali date and time in Tehran, in the language's digits."""
    return "—" if moment is None else local_digits(jalali_datetime(moment, timezone.get_default_timezone()))


def jalali_day(day: date | None) -> str:
    """A calendar day in Jalali, in the language's digits."""
    return "—" if day is None else local_digits(geo_jalali_day(day))


def tomans(rials: int | None) -> str:
    """Whole rials as tomans with thousands separators, in the language's digits: '۱۲٬۵۰۰٬۰۰۰ تومان'."""
    if rials is None:
        return "—"
    return gettext("%(n)s tomans") % {"n": format_tomans(rials, persian=persian())}


def percent(share: float | None) -> str:
    """A share 0–1 as a whole percentage in the language's digits, or — when unknown."""
    return "—" if share is None else local_digits(f"{round(share * 100)}") + ("٪" if persian() else "%")


def listing(items: list[str]) -> str:
    """items joined with the language's comma (، in Persian)."""
    return gettext(", ").join(str(item) for item in items)


# geo.shapes.MESSAGES in the language being shown, code by code (a test holds the two to the same
# codes and the same named values).
GEOMETRY_MESSAGES = {
    "not_geometry": gettext_lazy("Expected a GeoJSON geometry object with 'type' and 'coordinates'."),
    "wrong_type": gettext_lazy("Expected a geometry of type %(allowed)s, got %(got)s."),
    "no_coordinates": gettext_lazy("The geometry has no 'coordinates'."),
    "unknown_members": gettext_lazy("Unknown geometry member(s): %(members)s."),
    "too_many_vertices": gettext_lazy("The geometry has more than %(limit)s vertices."),
    "malformed": gettext_lazy("The %(kind)s is malformed: %(detail)s."),
    "empty": gettext_lazy("The %(kind)s is empty."),
    "not_position": gettext_lazy("Each position must be [longitude, latitude]."),
    "longitude_not_number": gettext_lazy("The longitude %(value)s is not a number."),
    "latitude_not_number": gettext_lazy("The latitude %(value)s is not a number."),
    "longitude_not_finite": gettext_lazy("The longitude %(value)s is not a finite number."),
    "latitude_not_finite": gettext_lazy("The latitude %(value)s is not a finite number."),
    "longitude_range": gettext_lazy("Longitude %(value)s is outside -180..180."),
    "latitude_range": gettext_lazy(
        "Latitude %(value)s is outside -90..90 (GeoJSON positions are [longitude, latitude])."
    ),
    "no_area": gettext_lazy("The polygon has no area%(detail)s; check its rings."),
    "bbox_numbers": gettext_lazy("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat."),
    "bbox_order": gettext_lazy("bbox minimums must be smaller than its maximums."),
    "ring_short": gettext_lazy("A polygon ring needs at least 4 positions (the last repeats the first)."),
    "ring_open": gettext_lazy("A polygon ring is not closed: its last position must repeat the first."),
    "nesting": gettext_lazy("The coordinates are not nested as the geometry type requires."),
}


def geometry_message(error: GeometryError) -> str:
    """A refused geometry's message in the language being shown, numbers in its digits."""
    values = {
        name: digits(value) if isinstance(value, int | float) else value
        for name, value in error.params.items()
    }
    return str(GEOMETRY_MESSAGES[error.code]) % values
