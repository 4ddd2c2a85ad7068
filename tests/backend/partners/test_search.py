"""Persian-aware, typo-tolerant partner search on /api/v1/partners/?q=…"""

import pytest
from django.contrib.gis.geos import Point

from tests.factories import PartnerFactory

PARTNERS = "/api/v1/partners/"


def names(client, **params):
    response = client.get(PARTNERS, params)
    assert response.status_code == 200, response.json()
    return [f["properties"]["name"] for f in response.json()["features"]]


def make(name, **fields):
    # Through the model's clean(), as every write path does, so name_search is real.
    partner = PartnerFactory.build(name=name, **fields)
    partner.full_clean()
    partner.save()
    return partner


@pytest.fixture
def registry(db):
    for name, kind in [
        ("مسجد جامع کوی بلاغی", "mosque"),
        ("مسجد النبی", "mosque"),
        ("کتاب‌خانه امید", "school"),
        ("خیریه رحمت", "charity"),
        ("مدرسه شماره ۱۲", "school"),
        ("گروه جهادی شهید کاظمی", "jihadi_group"),
    ]:
        make(name, kind=kind)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("خيريه رحمت", "خیریه رحمت"),  # Arabic yeh → Persian
        ("كاظمي", "گروه جهادی شهید کاظمی"),  # Arabic kaf and yeh
        ("شماره 12", "مدرسه شماره ۱۲"),  # Latin digits find Persian ones
        ("شماره ١٢", "مدرسه شماره ۱۲"),  # Arabic-Indic digits too
        ("کتابخانه", "کتاب‌خانه امید"),  # no space vs ZWNJ
        ("کتاب خانه", "کتاب‌خانه امید"),  # space vs ZWNJ
        ("کتاب\u200cخانه امید", "کتاب‌خانه امید"),  # the same ZWNJ
        ("مسجدُ النَّبی", "مسجد النبی"),  # diacritics ignored
        ("مسجدالنبی", "مسجد النبی"),  # words run together
        ("بلاقی", "مسجد جامع کوی بلاغی"),  # a typo (ق for غ)
        ("جهادي شهيد کاضمی", "گروه جهادی شهید کاظمی"),  # typo plus Arabic letters
    ],
)
def test_persian_variants_find_each_other(registry, visitor, query, expected):
    assert names(visitor, q=query)[0] == expected


def test_name_stored_with_arabic_letters_is_found_with_persian_ones(visitor):
    make("مسجد علي ابن ابيطالب")
    assert names(visitor, q="علی") == ["مسجد علي ابن ابيطالب"]


def test_exact_words_rank_before_near_misses(registry, visitor):
    found = names(visitor, q="مسجد")
    assert set(found[:2]) == {"مسجد جامع کوی بلاغی", "مسجد النبی"}
    assert "خیریه رحمت" not in found


def test_search_combines_with_kind_and_bbox(registry, visitor):
    make("مسجد دور", kind="mosque", point=Point(50.5, 36.5, srid=4326))
    assert set(names(visitor, q="مسجد", kind="mosque")) == {"مسجد جامع کوی بلاغی", "مسجد النبی", "مسجد دور"}
    assert names(visitor, q="مسجد", bbox="50.4,36.4,50.6,36.6") == ["مسجد دور"]
    assert names(visitor, q="مدرسه", kind="mosque") == []


@pytest.mark.parametrize("query", ["", "   ", "\u200c", "ـــ", "م" * 101])
def test_empty_or_very_long_search_is_refused(visitor, query):
    response = visitor.get(PARTNERS, {"q": query})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_like_wildcards_are_literal(registry, visitor):
    assert names(visitor, q="%") == []
    assert names(visitor, q="_") == []
