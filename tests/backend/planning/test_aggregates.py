"""The SQL aggregates behind the scores, checked against plain Python on the same visits."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from backend.planning import selectors
from backend.surveys.models import Visit
from geo.indicators import INDICATORS, SCORED
from tests.factories import LiaisonFactory, NeighborhoodFactory, PartnerFactory, VisitFactory, square

FLAG = [None, True, False]


def answers(rng: random.Random) -> dict[str, object]:
    """A random answer to every indicator of the registry, unanswered ones included."""
    chosen: dict[str, object] = {}
    for indicator in INDICATORS:
        if indicator.kind == "choice":
            chosen[indicator.field] = rng.choice(["", *(value for value, _label in indicator.choices)])
        elif indicator.kind == "yes_no":
            chosen[indicator.field] = rng.choice(FLAG)
        else:
            chosen[indicator.field] = rng.choice(
                [None, Decimal("1.5"), Decimal("3.0"), Decimal("3.5"), Decimal("6")]
            )
    return chosen


@pytest.fixture
def surveyed(db):
    """Three neighbourhoods: two with 60 random visits each, one never visited."""
    rng = random.Random(11)
    areas = [
        NeighborhoodFactory(boundary=square(50.0 + 0.02 * i, 36.25), population=1000 * (i + 1))
        for i in range(3)
    ]
    for area in areas[:2]:
        x, y = area.boundary.extent[:2]
        for _ in range(60):
            VisitFactory(
                point=Point(x + rng.uniform(0.001, 0.009), y + rng.uniform(0.001, 0.009), srid=4326),
                visited_at=timezone.now() - timedelta(days=rng.randint(1, 400)),
                **answers(rng),
            )
    VisitFactory(point=Point(51.0, 37.0, srid=4326))  # outside every neighbourhood: not counted
    return areas


def plain_python(visits, crowding):
    """The same counts, one visit at a time (the rules of each are pinned in tests/test_indicators.py)."""
    counts = {}
    for indicator in SCORED:
        answered = [getattr(v, indicator.field) for v in visits]
        answered = [a for a in answered if a is not None and a != ""]
        if indicator.kind == "choice":
            found = sum(a in indicator.lacking for a in answered)
        elif indicator.kind == "number":
            found = sum(a > crowding for a in answered)
        else:
            found = sum(answered)
        counts[indicator.component] = (found, len(answered))
    return counts


def test_sql_aggregates_match_plain_python(surveyed):
    observed = selectors.neighborhood_observations(crowding=3.0, walk_m=800, window_days=365)
    assert set(observed) == {a.pk for a in surveyed}
    window_start = timezone.now() - timedelta(days=365)
    for area in surveyed[:2]:
        every = list(Visit.objects.filter(neighborhood=area))
        visits = [v for v in every if v.visited_at >= window_start]  # the score window's
        got = observed[area.pk]
        assert len(every) == 60 and 0 < len(visits) < 60
        assert got.observations.visits == len(visits)
        assert dict(got.observations.counts) == plain_python(visits, Decimal("3.0"))
        ages = [(timezone.now() - v.visited_at).total_seconds() / 86400 for v in visits]
        assert got.observations.mean_age_days == pytest.approx(sum(ages) / len(ages), abs=0.01)
        assert got.last_visit_at == max(v.visited_at for v in every)  # however old
        assert got.observations.population == area.population
    never = observed[surveyed[2].pk]
    assert never.observations.visits == 0 and never.last_visit_at is None


def test_crowding_threshold_is_a_setting(surveyed):
    strict = selectors.neighborhood_observations(crowding=1.0, walk_m=800, window_days=365)
    loose = selectors.neighborhood_observations(crowding=5.0, walk_m=800, window_days=365)
    area = surveyed[0].pk
    assert (
        strict[area].observations.counts["living_area"][0] > loose[area].observations.counts["living_area"][0]
    )


def test_coverage_feeds_the_observations(surveyed):
    first, second, _third = surveyed
    mosque = PartnerFactory(point=Point(50.005, 36.255, srid=4326))  # inside the first
    LiaisonFactory(mosque=mosque).neighborhoods.add(first)
    observed = selectors.neighborhood_observations(crowding=3.0, walk_m=800, window_days=365)
    assert observed[first.pk].observations.has_liaison is True
    assert observed[first.pk].observations.nearest_partner_m == 0
    assert observed[second.pk].observations.has_liaison is False
    assert observed[second.pk].observations.nearest_partner_m == pytest.approx(0.015 * 89_800, rel=0.01)
