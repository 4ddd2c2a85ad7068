"""instances_build makes the instances Model(**row) makes, through Django's positional path."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.db.models.base import DEFERRED
from django.utils import timezone

from backend.common.services import instances_build
from backend.partners.models import Partner
from backend.surveys.models import Visit


def fields_of(instance):
    """The instance's field values; a default of now as "now" (the two were made a moment apart)."""
    now = timezone.now()
    return {
        k: "now" if isinstance(v, datetime) and abs(now - v) < timedelta(seconds=5) else v
        for k, v in vars(instance).items()
        if k != "_state"
    }


@pytest.mark.parametrize(
    ("model", "row"),
    [
        (
            Visit,
            {
                "client_uuid": uuid.uuid4(),
                "point": Point(50.0, 36.2, srid=4326),
                "visitor_id": 3,
                "water": "piped",
                "persons_per_room": None,
                "interventions_seen": [4],
            },
        ),
        (Visit, {"client_uuid": uuid.uuid4(), "visitor_id": 3, "quality_flags": ["poor_gps"]}),
        (Partner, {"name": "مسجد", "kind": "mosque"}),
    ],
)
def test_the_same_fields_and_defaults_as_the_constructor(model, row):
    built, again = instances_build(model, [row, row])
    made = model(**row)
    assert fields_of(built) == fields_of(made)
    assert built._state.adding and built.pk is None
    # A default such as a list is made for each instance, never shared.
    made_here = {name: value for name, value in fields_of(built).items() if name not in row}
    mutable = [name for name, value in made_here.items() if isinstance(value, list | dict)]
    assert mutable and all(getattr(built, name) is not getattr(again, name) for name in mutable)


def test_a_generated_column_is_left_for_the_database():
    (visit,) = instances_build(Visit, [{"client_uuid": uuid.uuid4(), "visitor_id": 1}])
    assert "flag_count" not in vars(visit) and Visit._meta.get_field("flag_count").generated
    assert DEFERRED not in vars(visit).values()
