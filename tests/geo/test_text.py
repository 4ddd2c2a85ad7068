import itertools
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from geo.text import (
    jalali_date,
    jalali_datetime,
    month_of,
    months_ending,
    normalize_persian,
    normalize_phone_ir,
    parse_decimal,
    parse_jalali_period,
    parse_whole,
    search_key,
    to_latin_digits,
    to_persian_digits,
)

TEHRAN = ZoneInfo("Asia/Tehran")


def test_digits_from_persian_and_arabic_indic():
    assert to_latin_digits("۱۲۳۴۵۶۷۸۹۰ و ١٢٣٤٥٦٧٨٩٠") == "1234567890 و 1234567890"
    assert to_persian_digits("1405/09/07") == "۱۴۰۵/۰۹/۰۷"


def test_arabic_letters_become_persian():
    assert normalize_persian("علي كريمي") == "علی کریمی"


@pytest.mark.parametrize(
    "variant",
    ["مسجد علی‌اکبر", "مسجد علي اكبر", "مسجدِ  علی\u200cاکبر", "مسـجد علی اکبر", "مسجد على اكبر"],
)
def test_search_key_matches_spelling_variants(variant):
    assert search_key(variant) == "مسجد علی اکبر"


@pytest.mark.parametrize(
    ("text", "value"),
    [("۲٫۵", 2.5), ("٣.٧٥", 3.75), ("12", 12.0), (" ۱٬۲۰۰ ", 1200.0), ("-0.5", -0.5)],
)
def test_parse_decimal_accepts_persian_forms(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "۱۲x"])
def test_parse_decimal_refuses_non_numbers(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_jalali_in_tehran_time():
    # 2026-03-20 21:00 UTC is 00:30 on 1 Farvardin 1405 in Tehran (UTC+03:30).
    moment = datetime(2026, 3, 20, 21, 0, tzinfo=UTC)
    assert jalali_datetime(moment, TEHRAN) == "1405/01/01 00:30"
    assert jalali_date(moment, TEHRAN) == "1405/01/01"


@pytest.mark.parametrize(
    "text",
    ["09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567", "0098-912-123-4567", "٠٩١٢١٢٣٤٥٦٧"],
)
def test_phone_spellings_normalise_to_e164(text):
    assert normalize_phone_ir(text) == "+989121234567"


def test_landline_with_area_code():
    assert normalize_phone_ir("028-3333 4444") == "+982833334444"


@pytest.mark.parametrize("text", ["12345", "not a phone", "+1 202 555 0100x"])
def test_bad_phone_is_refused(text):
    with pytest.raises(ValueError):
        normalize_phone_ir(text)


def test_search_key_drops_control_characters():
    assert search_key("مسجد\x00 جامع\x07") == "مسجد جامع"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("۱۲", 12), ("١٢", 12), ("¹", None), ("½", None), ("", None), (" 1", None), ("1e3", None)],
)
def test_parse_whole_reads_only_the_ten_digits_in_any_script(text, expected):
    assert parse_whole(text) == expected


def test_parse_whole_refuses_more_digits_than_allowed():
    assert parse_whole("123456789", max_digits=9) == 123456789
    assert parse_whole("1234567890", max_digits=9) is None


@pytest.mark.parametrize(
    ("text", "label", "start", "end", "before"),
    [
        ("1405", "1405", date(2026, 3, 21), date(2027, 3, 21), "1404"),
        ("1405-09", "1405/09", date(2026, 11, 22), date(2026, 12, 22), "1405/08"),
        ("۱۴۰۵/۰۱", "1405/01", date(2026, 3, 21), date(2026, 4, 21), "1404/12"),
        ("1405-Q3", "1405-Q3", date(2026, 9, 23), date(2026, 12, 22), "1405-Q2"),
        ("1405-q1", "1405-Q1", date(2026, 3, 21), date(2026, 6, 22), "1404-Q4"),
        # Across a Jalali new year, both ends included; the period before is as many days.
        (
            "1404-12-20..1405-01-10",
            "1404/12/20..1405/01/10",
            date(2026, 3, 11),
            date(2026, 3, 31),
            "1404/11/30..1404/12/19",
        ),
    ],
)
def test_jalali_periods_and_the_period_before(text, label, start, end, before):
    period = parse_jalali_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)
    previous = period.before()
    assert previous.label == before and previous.end == period.start
    assert period.kind != "days" or previous.end - previous.start == period.end - period.start


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1405-13", "month must be from 1 to 12"),
        ("1405-00", "month must be from 1 to 12"),
        ("1405-Q5", "Q1 to Q4"),
        ("1200", "year must be from 1300"),
        ("yesterday", "is not a year"),
        ("1399-01-01..1405-01-01", "longer than five years"),
        ("1405-05-01..1405-04-01", "ends before it starts"),
        ("1405-12-30..1406-01-01", "not a day"),  # 1405's Esfand has 29 days
        ("1405-07-01..", "is not a year"),
    ],
)
def test_bad_periods_say_what_to_write(text, says):
    with pytest.raises(ValueError, match=says):
        parse_jalali_period(text)


def test_the_months_ending_a_period_cross_the_jalali_new_year():
    months = months_ending(parse_jalali_period("1405-02"), 4)
    assert [m.label for m in months] == ["1404/11", "1404/12", "1405/01", "1405/02"]
    assert all(a.end == b.start for a, b in itertools.pairwise(months))  # no gap, no overlap
    assert months[-1].end == parse_jalali_period("1405-02").end


def test_a_year_ends_in_esfand_and_a_day_falls_in_its_month():
    assert months_ending(parse_jalali_period("1404"), 1)[0].label == "1404/12"
    assert month_of(date(2026, 3, 21)).label == "1405/01"  # Nowruz 1405
    assert month_of(date(2026, 3, 20)).label == "1404/12"


def test_search_key_gives_the_shared_vectors():
    """The field app's searchKey (tests/fieldapp/js/text.test.mjs) is held to the same answers."""
    vectors = json.loads((Path(__file__).parent.parent / "vectors" / "search_key.json").read_text("utf-8"))
    assert len(vectors) >= 10
    for vector in vectors:
        assert search_key(vector["text"]) == vector["key"], vector["text"]
