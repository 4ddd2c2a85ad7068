"""The items query of OGC API – Features, read and checked: bbox, datetime, limit and paging,
and the collection's property filters. A bad value is a 400 that says what to send instead."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime

from backend.common.l10n import geometry_message
from backend.ogc.errors import invalid
from geo.shapes import GeometryError, parse_bbox
from geo.text import parse_whole, to_latin_digits

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Asked of every resource; f chooses JSON or HTML where Accept does not.
COMMON = ("f",)
ITEMS = ("bbox", "datetime", "limit", "offset")


@dataclass(frozen=True)
class ItemsQuery:
    bbox: tuple[float, float, float, float] | None = None
    since: datetime | None = None  # the datetime interval, half-open: since <= t < until
    until: datetime | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    properties: dict[str, str] = field(default_factory=dict)


def check_known(query: Any, known: tuple[str, ...] | list[str]) -> None:
    """The standard asks a 400 for a parameter the API does not define (a typo must not be ignored)."""
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise invalid(f"Unknown parameter {', '.join(unknown)}; this resource takes {', '.join(known)}.")


def items_query(query: Any, properties: list[str]) -> ItemsQuery:
    """Read an items request's query string (a QueryDict), given the filterable property names."""
    check_known(query, [*COMMON, *ITEMS, *properties])
    since, until = _interval(query["datetime"]) if "datetime" in query else (None, None)
    return ItemsQuery(
        bbox=_bbox(query["bbox"]) if "bbox" in query else None,
        since=since,
        until=until,
        limit=_whole(query.get("limit"), "limit", DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT),
        offset=_whole(query.get("offset"), "offset", 0, minimum=0, maximum=2**31),
        properties={name: query[name] for name in properties if name in query},
    )


def _whole(raw: str | None, name: str, default: int, *, minimum: int, maximum: int) -> int:
    if raw is None:
        return default
    number = parse_whole(raw, max_digits=12)
    if number is None or not minimum <= number <= maximum:
        shown = to_latin_digits(raw)[:20]
        raise invalid(f"{name} must be a whole number from {minimum} to {maximum:,}; got {shown!r}.")
    return number


def _bbox(raw: str) -> tuple[float, float, float, float]:
    parts = raw.split(",")
    if len(parts) == 6:  # a 3D box: its heights are not filtered on
        parts = [parts[0], parts[1], parts[3], parts[4]]
    try:
        return parse_bbox(",".join(parts))
    except GeometryError as exc:
        raise invalid(f"bbox: {geometry_message(exc)} (longitude and latitude, WGS 84)") from None


def _interval(raw: str) -> tuple[datetime | None, datetime | None]:
    """An instant (a date is its whole day) or start/end, either end open as '..' or empty."""
    if "/" not in raw:
        start, end = _moment(raw)
        return start, end
    if raw.count("/") != 1:
        raise invalid(f"datetime must be an instant or start/end; got {raw[:60]!r}.")
    left, right = raw.split("/")
    since = None if left in ("", "..") else _moment(left)[0]
    until = None if right in ("", "..") else _moment(right)[1]
    if since is None and until is None:
        raise invalid("datetime: at least one end of the interval must be given.")
    if since and until and since >= until:
        raise invalid("datetime: the interval ends before it starts.")
    return since, until


def _moment(text: str) -> tuple[datetime, datetime]:
    """The span an RFC 3339 instant names: a date-time (to the second), or a date (its day, UTC)."""
    text = to_latin_digits(text.strip())
    try:
        # A bare date first: Python would also read it as a date-time at midnight.
        day = parse_date(text) if len(text) == 10 else None
        moment = None if day else parse_datetime(text)
    except ValueError:
        moment = day = None
    if moment is not None:
        if moment.tzinfo is None:
            raise invalid(f"datetime {text[:40]!r} needs a time zone, e.g. 2026-03-21T08:30:00Z.")
        return moment, moment + timedelta(seconds=1)
    if day is not None:
        start = datetime.combine(day, time(), tzinfo=UTC)
        return start, start + timedelta(days=1)
    raise invalid(
        f"datetime {text[:40]!r} is not RFC 3339: send 2026-03-21, 2026-03-21T08:30:00Z,"
        " or start/end with '..' for an open end."
    )
