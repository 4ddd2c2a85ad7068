"""The kept coverage table follows partner, liaison and boundary changes, neighbourhood by
neighbourhood, and always agrees with measuring everything again."""

import random

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point

from backend.partners import services
from backend.partners.models import NeighborhoodCoverage, PartnerKind
from backend.partners.selectors import coverage_measured, coverage_stale_ids, neighborhood_coverage
from backend.surveys.services import neighborhood_update
from tests.factories import NeighborhoodFactory, PartnerFactory, square


def _kept() -> dict:
    return {
        row.neighborhood_id: (row.liaisons, row.liaison_mosque_m, row.partners_within_walk, row.nearest_m)
        for row in NeighborhoodCoverage.objects.all()
    }


def _full() -> dict:
    return {
        c.neighborhood_id: (c.liaisons, c.liaison_mosque_m, c.partners_within_walk, c.nearest_m)
        for c in coverage_measured(walk_m=settings.WALKING_DISTANCE_METRES)
    }


@pytest.fixture
def grid(db):
    """Sixty neighbourhoods on a grid, some partners, the table measured once."""
    rng = random.Random(7)
    areas = [
        NeighborhoodFactory(
            code=f"G{i:02d}", boundary=square(50.0 + (i % 10) * 0.02, 36.2 + (i // 10) * 0.02)
        )
        for i in range(60)
    ]
    for _ in range(25):
        PartnerFactory(
            kind=rng.choice(PartnerKind.values[:4]),
            point=Point(50.0 + rng.random() * 0.2, 36.2 + rng.random() * 0.12, srid=4326),
        )
    services.coverage_refresh()
    return areas, rng


def test_each_partner_change_measures_only_what_it_touches_and_agrees_with_everything(grid):
    areas, rng = grid
    assert _kept() == _full()
    before = {row.pk: row.measured_at for row in NeighborhoodCoverage.objects.all()}

    # A mosque far east of everything of its kind: only the neighbourhoods near it change.
    mosque = services.partner_create(
        kind=PartnerKind.MOSQUE, name="مسجد تازه", point=Point(50.185, 36.305, srid=4326), services=[]
    )
    after = {row.pk: row.measured_at for row in NeighborhoodCoverage.objects.all()}
    measured_again = {pk for pk in after if after[pk] != before[pk]}
    assert 0 < len(measured_again) < len(areas)
    assert _kept() == _full()

    moves = [
        lambda p: services.partner_update(partner=p, data={"point": Point(50.01, 36.21, srid=4326)}),
        lambda p: services.partner_update(partner=p, data={"kind": PartnerKind.NGO}),
        lambda p: services.partner_update(partner=p, data={"is_active": False}),
        lambda p: services.partner_update(partner=p, data={"is_active": True}),
    ]
    for move in moves:
        move(mosque)
        assert _kept() == _full()
    for partner in rng.sample(list(type(mosque).objects.exclude(pk=mosque.pk)), 5):
        x, y = partner.point.x + rng.uniform(-0.05, 0.05), partner.point.y + rng.uniform(-0.05, 0.05)
        services.partner_update(partner=partner, data={"point": Point(x, y, srid=4326)})
        assert _kept() == _full()


def test_liaison_changes_follow_too(grid):
    areas, _rng = grid
    mosque = services.partner_create(
        kind=PartnerKind.MOSQUE, name="مسجد محل", point=Point(50.05, 36.25, srid=4326), services=[]
    )
    liaison = services.liaison_create(
        name="امام محله", mosque=mosque, neighborhoods=[areas[0].pk, areas[1].pk]
    )
    assert _kept() == _full()
    assert _kept()[areas[0].pk][0] == 1
    services.liaison_update(liaison=liaison, data={"neighborhoods": [areas[5].pk]})
    assert _kept() == _full()
    services.liaison_update(liaison=liaison, data={"is_active": False})
    assert _kept() == _full()


def test_a_redrawn_or_new_neighbourhood_is_measured_live_until_the_next_recompute(grid):
    areas, _rng = grid
    neighborhood_update(neighborhood=areas[3], data={"boundary": square(50.3, 36.4)})
    added = NeighborhoodFactory(code="NEW", boundary=square(50.1, 36.1))
    assert set(coverage_stale_ids(walk_m=settings.WALKING_DISTANCE_METRES)) == {areas[3].pk, added.pk}
    # Readers never see the stale row: it is measured for them.
    read = {c.neighborhood_id: c for c in neighborhood_coverage(walk_m=settings.WALKING_DISTANCE_METRES)}
    assert {
        nid: (c.liaisons, c.liaison_mosque_m, c.partners_within_walk, c.nearest_m) for nid, c in read.items()
    } == _full()
    assert [c.code for c in read.values()] == sorted(c.code for c in read.values())
    assert services.coverage_refresh_stale() == 2
    assert coverage_stale_ids(walk_m=settings.WALKING_DISTANCE_METRES) == []
    assert _kept() == _full()
