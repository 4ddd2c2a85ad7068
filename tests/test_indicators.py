"""Every part that knows the indicators agrees with their registry (geo.indicators): the model, the
API, the field app, the XLSForm, the score, its aggregates, the exports and the labels."""

from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import models
from django.utils import translation

from backend.accounts.models import Role
from backend.exports.datasets import visits as visits_dataset
from backend.openrosa.xform import forms
from backend.planning.models import COMPONENT_LABELS
from backend.planning.selectors import visit_aggregates
from backend.surveys.models import Visit
from backend.surveys.serializers import VisitInput
from fieldapp.views import _form as phone_form
from geo import scoring
from geo.indicators import BY_FIELD, INDICATORS, SCORED
from tests.factories import UserFactory, visit_payload

XF = "{http://www.w3.org/2002/xforms}"


def test_the_registry_is_well_formed():
    assert len(BY_FIELD) == len(INDICATORS)
    columns = [indicator.column for indicator in INDICATORS]
    assert len(set(columns)) == len(columns) and all(len(column) <= 10 for column in columns)
    for indicator in INDICATORS:
        values = [value for value, _label in indicator.choices]
        assert (indicator.kind == "choice") == bool(values), indicator.field
        assert set(indicator.lacking) <= set(values), indicator.field
        assert bool(indicator.component) == bool(indicator.need), indicator.field
        if indicator.kind == "choice" and indicator.component:
            assert indicator.lacking, f"{indicator.field} is scored but nothing counts as lacking"


def test_what_counts_as_lacking_is_un_habitat_s():
    """The deprivations' rules said a second time (SDG 11.1.1): a change to one must be meant."""
    pinned = {
        "water": {"unimproved", "none"},
        "sanitation": {"unimproved", "open_defecation"},
        "housing": {"semi_durable", "non_durable"},  # semi-durable housing is not durable
        "tenure": {"informal_deed", "none"},  # nor is a qolnameh secure tenure
    }
    assert {field: set(BY_FIELD[field].lacking) for field in pinned} == pinned
    assert BY_FIELD["persons_per_room"].component == "living_area"


def test_the_model_has_a_column_of_each_with_its_answers_and_label():
    for indicator in INDICATORS:
        field = Visit._meta.get_field(indicator.field)
        kind = {"choice": models.CharField, "yes_no": models.BooleanField, "number": models.DecimalField}
        assert isinstance(field, kind[indicator.kind]), indicator.field
        assert [value for value, _label in field.choices or []] == [v for v, _l in indicator.choices]
        with translation.override("en"):
            assert str(field.verbose_name) == indicator.label


def test_the_score_has_a_component_of_each_scored_indicator():
    components = [indicator.component for indicator in SCORED]
    assert set(components) == {*scoring.DEPRIVATIONS, *scoring.HARMS}
    assert set(components) <= set(scoring.DEFAULT_WEIGHTS) and set(components) <= set(COMPONENT_LABELS)
    for indicator in SCORED:
        expected = 0.5 if indicator.is_harm else 1.0
        assert scoring.DEFAULT_WEIGHTS[str(indicator.component)] == expected


@pytest.mark.django_db
def test_the_aggregates_count_what_each_indicator_found(visitor, neighborhood):
    lacking = {i.field: i.lacking[0] for i in INDICATORS if i.kind == "choice" and i.lacking}
    harms = {i.field: True for i in INDICATORS if i.is_harm}
    crowded = settings.CROWDING_PERSONS_PER_ROOM + 1
    body = visit_payload(**lacking, **harms, persons_per_room=crowded)
    assert visitor.post("/api/v1/visits/", body, format="json").status_code == 201
    # Counted neither for nor against anything.
    unanswered = visit_payload(**dict.fromkeys(lacking, ""), **dict.fromkeys(harms), persons_per_room=None)
    assert visitor.post("/api/v1/visits/", unanswered, format="json").status_code == 201
    visit = Visit.objects.first()
    row = visit_aggregates(
        crowding=settings.CROWDING_PERSONS_PER_ROOM,
        since=visit.visited_at.replace(year=2000),
        until=visit.received_at.replace(year=3000),
    )[neighborhood.pk]
    for indicator in SCORED:
        found, answered = row[f"{indicator.component}_found"], row[f"{indicator.component}_answered"]
        assert (found, answered) == (1, 1), indicator.field


def test_the_api_and_the_field_app_ask_each_one():
    assert set(BY_FIELD) <= set(VisitInput().fields)
    form = phone_form("en")
    asked = {*form["choices"], *form["harms"], "persons_per_room"}
    assert asked == set(BY_FIELD)
    for indicator in INDICATORS:
        if indicator.kind == "choice":
            assert form["choices"][indicator.field]["options"] == [list(c) for c in indicator.choices]
        assert form["harms"].get(indicator.field, indicator.label) == indicator.label


def test_the_xlsform_asks_each_one_with_the_registry_answers():
    root = ElementTree.fromstring(forms()["mahalleh_visit"].xml)
    (data,) = root.find(f"{{http://www.w3.org/1999/xhtml}}head/{XF}model/{XF}instance")
    assert set(BY_FIELD) <= {child.tag.removeprefix(XF) for child in data}
    for indicator in INDICATORS:
        if indicator.kind == "choice":
            (listed,) = [i for i in root.iter(f"{XF}instance") if i.attrib.get("id") == indicator.field]
            assert [n.text for n in listed.iter(f"{XF}name")] == [v for v, _l in indicator.choices]


@pytest.mark.django_db
def test_the_visit_export_has_a_column_of_each():
    admin = UserFactory(role=Role.ADMIN)
    columns = {field.source: field.name for field in visits_dataset(user=admin, filters={}).fields}
    assert {i.field: i.column for i in INDICATORS}.items() <= columns.items()


def test_every_label_is_translated_to_persian():
    labels = [i.label for i in INDICATORS] + [i.need for i in SCORED]
    labels += [label for i in INDICATORS for _value, label in i.choices]
    with translation.override("fa"):
        untranslated = [label for label in labels if translation.gettext(label) == label]
    assert untranslated == []
