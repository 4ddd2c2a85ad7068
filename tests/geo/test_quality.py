"""geo.quality: the flags a visit earns from its own answers, at and around each threshold."""

from datetime import UTC, datetime, timedelta

import pytest

from geo import quality

RULES = quality.Rules(gps_warn_m=50, min_form_seconds=60, max_persons_per_room=10, late_upload_days=7)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def answers(**changes):
    base = {
        "gps_accuracy_m": 8.0,
        "form_opened_at": NOW - timedelta(minutes=15),
        "form_saved_at": NOW - timedelta(minutes=5),
        "persons_per_room": 2.5,
        "visited_at": NOW - timedelta(hours=1),
        "received_at": NOW,
        "inside_neighborhood": True,
    }
    return quality.Answers(**{**base, **changes})


def test_a_careful_visit_earns_nothing():
    assert quality.flags_of(answers(), RULES) == []


@pytest.mark.parametrize(
    ("changes", "flags"),
    [
        ({"gps_accuracy_m": 50.0}, []),
        ({"gps_accuracy_m": 50.1}, ["poor_gps"]),
        ({"gps_accuracy_m": None}, ["no_gps_accuracy"]),
        ({"inside_neighborhood": False}, ["outside_neighborhood"]),
        ({"form_saved_at": NOW - timedelta(minutes=15) + timedelta(seconds=59)}, ["too_fast"]),
        ({"form_saved_at": NOW - timedelta(minutes=14)}, []),
        ({"form_opened_at": None}, []),  # without both times nothing is known
        ({"persons_per_room": 10.0}, []),
        ({"persons_per_room": 10.5}, ["implausible"]),
        ({"visited_at": NOW - timedelta(days=7)}, []),
        ({"visited_at": NOW - timedelta(days=7, seconds=1)}, ["late_upload"]),
    ],
)
def test_each_threshold(changes, flags):
    assert quality.flags_of(answers(**changes), RULES) == flags


def test_flags_keep_one_order():
    found = quality.flags_of(
        answers(gps_accuracy_m=None, inside_neighborhood=False, persons_per_room=30), RULES
    )
    assert found == ["no_gps_accuracy", "outside_neighborhood", "implausible"]
    assert quality.with_flag(found, quality.NEAR_DUPLICATE, True) == [
        "no_gps_accuracy",
        "outside_neighborhood",
        "near_duplicate",
        "implausible",
    ]
    assert quality.with_flag(found, quality.IMPLAUSIBLE, False) == ["no_gps_accuracy", "outside_neighborhood"]
