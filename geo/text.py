"""Persian text helpers: letter and digit normalisation, numbers, Jalali dates.

Field teams type on Persian, Arabic and Latin keyboards, so the same word may
arrive with Arabic ي/ك or Persian ی/ک, with Persian (۱۲۳), Arabic-Indic (١٢٣)
or Latin digits, and with or without a zero-width non-joiner (ZWNJ).
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

import jdatetime
import phonenumbers

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", PERSIAN_DIGITS)
_ARABIC_TO_PERSIAN_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # Alef maksura
        "ك": "ک",  # Arabic kaf
        "ۀ": "ه",  # heh with yeh above: written either way
        "ة": "ه",  # teh marbuta
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
    }
)
# Harakat, tanwin, superscript alef and tatweel: decoration, not spelling.
_DECORATION = re.compile("[\u064b-\u065f\u0670\u0640]")
# Control characters (NUL among them, which PostgreSQL text cannot hold) mean nothing in a name.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ZWNJ, ZWJ, no-break and other odd spaces all read as a plain space.
_SPACES = re.compile("[\u200c\u200d\u00a0\u2000-\u200b\u202f\u205f\u3000\\s]+")


def to_latin_digits(text: str) -> str:
    """Return text with Persian and Arabic-Indic digits replaced by Latin ones."""
    return text.translate(_TO_LATIN_DIGITS)


def to_persian_digits(text: str) -> str:
    """Return text with Latin digits replaced by Persian ones, for display."""
    return text.translate(_TO_PERSIAN_DIGITS)


def normalize_persian(text: str) -> str:
    """Return text with Arabic letter forms mapped to Persian and digits made Latin.

    Keeps ZWNJ, spacing and diacritics: this is the form we store for display.
    """
    return to_latin_digits(unicodedata.normalize("NFC", text)).translate(_ARABIC_TO_PERSIAN_LETTERS)


def search_key(text: str) -> str:
    """Return the form of text that searches compare: normalised, undecorated, lower case."""
    normalised = _DECORATION.sub("", normalize_persian(_CONTROL.sub("", text)))
    return _SPACES.sub(" ", normalised).strip().casefold()


def parse_decimal(text: str) -> float:
    """Return the number in text, accepting Persian/Arabic digits and separators.

    Raise ValueError when text is not a finite number.
    """
    cleaned = to_latin_digits(text.strip()).replace("٫", ".").replace("٬", "").replace(",", "")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def parse_whole(text: str, max_digits: int | None = None) -> int | None:
    """Return the whole number text writes (Persian and Arabic-Indic digits too), or None.

    Only the ten digits count: "¹" and "½" pass str.isdigit() but int() cannot read them.
    """
    digits = to_latin_digits(text)
    if not (digits.isascii() and digits.isdigit()) or (max_digits and len(digits) > max_digits):
        return None
    return int(digits)


def jalali_datetime(moment: datetime, tz: tzinfo) -> str:
    """Return an aware datetime as a Jalali 'YYYY/MM/DD HH:MM' string in the time zone tz."""
    local = moment.astimezone(tz)
    return f"{_jalali_day(local.date())} {local:%H:%M}"


def jalali_date(moment: datetime, tz: tzinfo) -> str:
    """Return an aware datetime's Jalali date 'YYYY/MM/DD' in the time zone tz."""
    return _jalali_day(moment.astimezone(tz).date())


@lru_cache(maxsize=4096)
def _jalali_day(day: date) -> str:
    # Cached: an export of a million visits converts a few hundred distinct days.
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def jalali_day(day: date) -> str:
    """Return a calendar day as a Jalali 'YYYY/MM/DD' string."""
    return _jalali_day(day)


def parse_jalali_date(text: str) -> date:
    """Return the day a Jalali 'YYYY/MM/DD' names (any digits); raise ValueError otherwise."""
    parts = to_latin_digits(text.strip()).split("/")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not a Jalali date like 1405/09/01.")
    year, month, day = (int(p) for p in parts)
    return jdatetime.date(year, month, day).togregorian()


def normalize_phone_ir(text: str) -> str:
    """Return an Iranian phone number in E.164 form (+98…), or raise ValueError.

    Accepts +98…, 0098…, 09…, area-coded landlines (028…), spaces and dashes,
    and Persian or Arabic-Indic digits.
    """
    cleaned = to_latin_digits(text.strip())
    try:
        number = phonenumbers.parse(cleaned, "IR")
    except phonenumbers.NumberParseException:
        raise ValueError(f"{text!r} is not a phone number") from None
    if phonenumbers.region_code_for_number(number) != "IR" or not phonenumbers.is_valid_number(number):
        raise ValueError(f"{text!r} is not a valid Iranian phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


THOUSANDS = "٬"  # the Arabic thousands separator Persian uses (U+066C)


def format_tomans(rials: int | None, *, persian: bool = True) -> str:
    """Return whole rials as tomans (one toman is ten rials) with thousands separators.

    Persian: '۱۲٬۵۰۰٬۰۰۰'; otherwise '12,500,000'. Tomans are rounded down, as shops do.
    """
    if rials is None:
        return "—"
    tomans = f"{rials // 10:,}"
    return to_persian_digits(tomans.replace(",", THOUSANDS)) if persian else tomans


def parse_tomans(text: str) -> int:
    """Return whole rials from tomans typed in any digits, with or without separators."""
    cleaned = to_latin_digits(text.strip()).replace(THOUSANDS, "").replace(",", "").replace(" ", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(f"{text!r} is not a whole number of tomans.")
    return int(cleaned) * 10


@dataclass(frozen=True)
class Period:
    """A Jalali year, season, month or range of days as Gregorian days: start included, end
    excluded. ``kind`` is year, season, month or days: what the period before it is."""

    label: str
    start: date
    end: date
    kind: str = "days"

    def before(self) -> "Period":
        """The period of the same kind just before this one (the same number of days, for days)."""
        first = jdatetime.date.fromgregorian(date=self.start)
        if self.kind == "year":
            return _year(first.year - 1)
        if self.kind == "month":
            return _month(first.year - 1, 12) if first.month == 1 else _month(first.year, first.month - 1)
        if self.kind == "season":
            season = (first.month - 1) // 3 + 1
            return _season(first.year - 1, 4) if season == 1 else _season(first.year, season - 1)
        length = self.end - self.start
        return _days(jdatetime.date.fromgregorian(date=self.start - length), first - timedelta(days=1))


MAX_PERIOD_DAYS = 5 * 366
PERIOD_FORMS = "a year (1405), a month (1405-09), a season (1405-Q3) or days (1405-07-01..1405-09-30)"


def parse_jalali_period(text: str) -> Period:
    """Return the Jalali period text names, in any digits: a year ('1405'), a month ('1405-09' or
    '1405/09'), a season ('1405-Q3', Q1 being Farvardin to Khordad) or a range of days
    ('1405-07-01..1405-09-30', both days included). At most five years long."""
    cleaned = to_latin_digits(text.strip()).upper().replace("/", "-")
    if ".." in cleaned:
        first, _dots, last = cleaned.partition("..")
        start, end = _day(first, text), _day(last, text)
        if end < start:
            raise ValueError(f"{text!r}: the range ends before it starts.")
        if (end.togregorian() - start.togregorian()).days >= MAX_PERIOD_DAYS:
            raise ValueError(f"{text!r} is longer than five years; choose a shorter period.")
        return _days(start, end)
    parts = cleaned.split("-")
    if len(parts) == 2 and parts[1].startswith("Q"):
        year = _year_number(parts[0], text)
        season = parts[1][1:]
        if season not in ("1", "2", "3", "4"):
            raise ValueError(f"{text!r}: a season is Q1 to Q4.")
        return _season(year, int(season))
    if not 1 <= len(parts) <= 2 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not {PERIOD_FORMS}.")
    year = _year_number(parts[0], text)
    if len(parts) == 1:
        return _year(year)
    month = int(parts[1])
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: the month must be from 1 to 12.")
    return _month(year, month)


def month_of(day: date) -> Period:
    """The Jalali month holding a Gregorian day."""
    jalali = jdatetime.date.fromgregorian(date=day)
    return _month(jalali.year, jalali.month)


def months_ending(period: Period, count: int) -> list[Period]:
    """The count Jalali months ending with the one holding the period's last day, oldest first."""
    last = month_of(period.end - timedelta(days=1))
    first = jdatetime.date.fromgregorian(date=last.start)
    year, month, months = first.year, first.month, []
    for _step in range(count):
        months.append(_month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _year_number(part: str, text: str) -> int:
    if not (part.isascii() and part.isdigit()) or not 1300 <= int(part) <= 1500:
        raise ValueError(f"{text!r}: the year must be from 1300 to 1500.")
    return int(part)


def _day(part: str, text: str) -> jdatetime.date:
    pieces = part.split("-")
    if len(pieces) != 3 or not all(p.isascii() and p.isdigit() for p in pieces):
        raise ValueError(f"{text!r} is not {PERIOD_FORMS}.")
    try:
        return jdatetime.date(_year_number(pieces[0], text), int(pieces[1]), int(pieces[2]))
    except ValueError:
        raise ValueError(f"{text!r}: {part} is not a day of the Jalali calendar.") from None


def _year(year: int) -> Period:
    start, end = jdatetime.date(year, 1, 1), jdatetime.date(year + 1, 1, 1)
    return Period(f"{year}", start.togregorian(), end.togregorian(), "year")


def _month(year: int, month: int) -> Period:
    start = jdatetime.date(year, month, 1)
    end = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return Period(f"{year}/{month:02d}", start.togregorian(), end.togregorian(), "month")


def _season(year: int, season: int) -> Period:
    start = jdatetime.date(year, 3 * season - 2, 1)
    end = jdatetime.date(year + 1, 1, 1) if season == 4 else jdatetime.date(year, 3 * season + 1, 1)
    return Period(f"{year}-Q{season}", start.togregorian(), end.togregorian(), "season")


def _days(first: jdatetime.date, last: jdatetime.date) -> Period:
    label = f"{first.strftime('%Y/%m/%d')}..{last.strftime('%Y/%m/%d')}"
    return Period(label, first.togregorian(), last.togregorian() + timedelta(days=1), "days")
