"""Neighbourhoods in the Django admin are written by the same services as the API: visits follow a
redrawn or deleted boundary, and a recompute is queued."""

import pytest
from django.contrib.gis.geos import Point

from backend.accounts.models import Role
from backend.surveys.models import Neighborhood, Visit
from tests.factories import NeighborhoodFactory, UserFactory, VisitFactory, neighborhood_admin_form, square
from tests.jobs import clear_queue, queued


@pytest.fixture
def boss(client, transactional_db):
    clear_queue()
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_a_boundary_redrawn_in_the_admin_takes_its_visits_and_queues_a_recompute(boss):
    neighborhood = NeighborhoodFactory(code="N1", boundary=square(50.0, 36.25))
    visit = VisitFactory(point=Point(50.015, 36.255, srid=4326))  # east of it
    assert Visit.objects.get(pk=visit.pk).neighborhood_id is None
    clear_queue()
    wider = neighborhood_admin_form(neighborhood, boundary=square(50.0, 36.25, size=0.02).geojson)
    response = boss.post(f"/admin/surveys/neighborhood/{neighborhood.pk}/change/", wider)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Visit.objects.get(pk=visit.pk).neighborhood_id == neighborhood.pk
    assert queued("planning.recompute") == 1


def test_a_neighbourhood_added_in_the_admin_claims_the_visits_inside(boss):
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    template = NeighborhoodFactory.build(code="NEW", boundary=square(50.0, 36.25))
    assert boss.post("/admin/surveys/neighborhood/add/", neighborhood_admin_form(template)).status_code == 302
    assert Visit.objects.get(pk=visit.pk).neighborhood.code == "NEW"
    assert queued("planning.recompute") == 1


def test_a_bulk_delete_in_the_admin_lets_the_visits_go(boss):
    outer = NeighborhoodFactory(code="OUT", boundary=square(50.0, 36.25, size=0.02))
    inner = NeighborhoodFactory(code="IN", boundary=square(50.0, 36.25))
    visit = VisitFactory(point=Point(50.005, 36.255, srid=4326))
    assert Visit.objects.get(pk=visit.pk).neighborhood_id == inner.pk  # the smaller one holds it
    bulk = {"action": "delete_selected", "_selected_action": [inner.pk], "post": "yes"}
    assert boss.post("/admin/surveys/neighborhood/", bulk).status_code == 302
    assert not Neighborhood.objects.filter(pk=inner.pk).exists()
    assert Visit.objects.get(pk=visit.pk).neighborhood_id == outer.pk  # the one that now covers it
