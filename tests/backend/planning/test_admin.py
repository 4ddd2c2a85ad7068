"""Weight profiles in the Django admin follow the API's rules and queue a rescore."""

import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.accounts.models import Role
from backend.planning.models import NeighborhoodScore, WeightProfile
from tests.factories import NeighborhoodFactory, UserFactory, VisitFactory, default_profile
from tests.jobs import clear_queue, queued, run_worker


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    NeighborhoodFactory()
    VisitFactory(point=Point(50.005, 36.255, srid=4326), water="none", tenure="formal_deed")
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    return client


def test_admin_changes_weights_and_scores_follow(client, transactional_db):
    clear_queue()
    profile = default_profile()
    NeighborhoodFactory()
    VisitFactory(point=Point(50.005, 36.255, srid=4326), water="none", tenure="formal_deed")
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    form = {"name": profile.name, "description": "", "weights": json.dumps({"tenure": 1}), "is_default": "on"}
    response = client.post(f"/admin/planning/weightprofile/{profile.pk}/change/", form)
    assert response.status_code == 302
    assert queued("planning.recompute") == 1  # as the API does: the save queues a recompute
    run_worker()
    assert NeighborhoodScore.objects.get(profile=profile).score == 0.0  # tenure is secure here


@pytest.mark.parametrize("weights", ['{"water": -1}', '{"wealth": 2}', "{}", "[1]"])
def test_admin_refuses_bad_weights(admin_client, weights):
    form = {"name": "بد", "description": "", "weights": weights}
    response = admin_client.post("/admin/planning/weightprofile/add/", form)
    assert response.status_code == 200
    assert "weights" in response.context["adminform"].form.errors
    assert not WeightProfile.objects.filter(name="بد").exists()
