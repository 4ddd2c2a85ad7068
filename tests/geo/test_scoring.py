"""geo.scoring: the need score, checked against examples computed by hand."""

import math

import pytest

from geo.scoring import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Context,
    Observations,
    Score,
    WeightError,
    check_weights,
    confidence,
    normalise,
    rank,
    score,
)

CONTEXT = Context(max_population=1000, walking_distance_m=800)


def test_worked_example_with_default_weights():
    obs = Observations(
        visits=10,
        mean_age_days=365,
        counts={
            "water": (3, 10),
            "sanitation": (5, 10),
            "living_area": (0, 8),
            "durable_housing": (10, 10),
            "tenure": (2, 10),
        },  # no harm question answered: the five harms are unknown
        population=1000,
        has_liaison=True,
        nearest_partner_m=400,
    )
    result = score(obs, check_weights(DEFAULT_WEIGHTS), CONTEXT)
    # Known, weighted: five deprivations (1 each) + population, liaison, distance (0.5 each) = 6.5.
    # Weighted need: 0.3 + 0.5 + 0 + 1 + 0.2 + 0.5 × 1 (population) + 0 + 0 = 2.5 → 100 × 2.5 / 6.5.
    assert result.value == pytest.approx(38.4615, abs=1e-4)
    assert result.contributions["durable_housing"] == pytest.approx(100 / 6.5)
    assert result.contributions["water"] == pytest.approx(30 / 6.5)
    assert result.contributions["population"] == pytest.approx(50 / 6.5)
    assert sum(result.contributions.values()) == pytest.approx(result.value)
    assert "child_labour" not in result.contributions and result.components["child_labour"] is None
    assert result.reasons == ["durable_housing", "sanitation", "population"]
    assert result.confidence == pytest.approx(10 / 15 * 0.5)


def test_single_weight_is_the_plain_share():
    weights = check_weights({"water": 2})
    result = score(Observations(visits=4, counts={"water": (1, 4)}), weights, CONTEXT)
    assert result.value == pytest.approx(25.0)
    assert result.reasons == ["water"]


@pytest.mark.parametrize(
    ("metres", "expected"), [(0, 0.0), (800, 0.0), (1200, 0.5), (1600, 1.0), (5000, 1.0), (None, 1.0)]
)
def test_partner_distance_rises_from_one_walk_to_two(metres, expected):
    values = normalise(Observations(visits=1, nearest_partner_m=metres), CONTEXT)
    assert values["partner_distance"] == pytest.approx(expected)


def test_population_is_log_scaled_and_optional():
    context = Context(max_population=9999, walking_distance_m=800)
    assert normalise(Observations(visits=1, population=99), context)["population"] == pytest.approx(0.5)
    assert normalise(Observations(visits=1, population=None), context)["population"] is None
    assert normalise(Observations(visits=1, population=0), context)["population"] == 0


def test_never_visited_is_unknown_not_zero():
    result = score(Observations(visits=0, population=500), check_weights(DEFAULT_WEIGHTS), CONTEXT)
    assert result.value is None
    assert result.confidence == 0
    assert result.reasons == []


def test_only_unknown_components_weighted_gives_no_score():
    result = score(Observations(visits=3), check_weights({"addiction": 1}), CONTEXT)
    assert result.value is None


def test_confidence_grows_with_visits_and_fades_with_age():
    assert confidence(5, 0) == pytest.approx(0.5)
    assert confidence(45, 0) == pytest.approx(0.9)
    assert confidence(5, 730) == pytest.approx(0.125)
    assert confidence(0, 0) == 0
    assert confidence(20, 10) > confidence(10, 10) > confidence(10, 100)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"water": -1}, "negative"),
        ({"water": 0, "tenure": 0}, "more than zero"),
        ({}, "more than zero"),
        ({"wealth": 1}, "Unknown components: wealth"),
        ({"water": "much"}, "must be a number"),
        ({"water": True}, "must be a number"),
        ({"water": math.nan}, "must be a number"),
        ({"water": math.inf}, "must be a number"),
        ({"water": 1e9}, "at most 1000"),
    ],
)
def test_bad_weights_are_refused_with_a_reason(weights, message):
    with pytest.raises(WeightError, match=message):
        check_weights(weights)


def test_missing_weights_count_as_zero():
    assert check_weights({"water": 1}) == {name: (1.0 if name == "water" else 0.0) for name in COMPONENTS}


def test_rank_highest_first_ties_share_unknown_last():
    def s(value):
        return Score(value, {}, {}, 1.0, [])

    ranks = rank({1: s(40.0), 2: s(75.5), 3: s(None), 4: s(40.0), 5: s(10.0)})
    assert ranks == {2: 1, 1: 2, 4: 2, 5: 4, 3: None}
