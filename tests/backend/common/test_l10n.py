"""geo's refusals in the language shown: every code translated, with the same named values."""

import re

import pytest
from django.utils import translation

from backend.common.l10n import GEOMETRY_MESSAGES, geometry_message
from geo.shapes import MESSAGES, GeometryError, parse_geojson

NAMES = re.compile(r"%\((\w+)\)s")


def test_every_geo_message_has_its_translation_with_the_same_values():
    assert set(GEOMETRY_MESSAGES) == set(MESSAGES)
    for code, english in MESSAGES.items():
        with translation.override("en"):
            assert str(GEOMETRY_MESSAGES[code]) == english  # the msgid is geo's own English
        with translation.override("fa"):
            persian = str(GEOMETRY_MESSAGES[code])
        assert persian != english, code
        assert sorted(NAMES.findall(persian)) == sorted(NAMES.findall(english)), code


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fa", "طول جغرافیایی ۱۹۰٫۵ بیرون از بازهٔ ۱۸۰- تا ۱۸۰ است."),
        ("en", "Longitude 190.5 is outside -180..180."),
    ],
)
def test_a_refusal_reads_in_the_language_shown_with_its_digits(language, expected):
    with pytest.raises(GeometryError) as refused:
        parse_geojson({"type": "Point", "coordinates": [190.5, 36]}, allowed=["Point"])
    with translation.override(language):
        assert geometry_message(refused.value) == expected
