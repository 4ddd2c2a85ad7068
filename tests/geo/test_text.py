from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from geo.text import (
    jalali_date,
    jalali_datetime,
    normalize_persian,
    normalize_phone_ir,
    parse_decimal,
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
