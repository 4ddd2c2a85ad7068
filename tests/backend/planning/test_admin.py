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


def test_the_default_profile_cannot_be_deleted_in_the_admin(admin_client):
    default = default_profile()
    other = WeightProfile.objects.create(name="دیگر", weights={"water": 1})
    url = f"/admin/planning/weightprofile/{default.pk}/delete/"
    assert admin_client.get(url).status_code == 403  # no delete page for it
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    listing = admin_client.get("/admin/planning/weightprofile/")
    actions = [name for name, _label in listing.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions  # Django's own bulk delete would skip the rule
    bulk = {"action": "delete_selected_profiles", "_selected_action": [default.pk, other.pk]}
    admin_client.post("/admin/planning/weightprofile/", bulk)
    assert list(WeightProfile.objects.values_list("pk", flat=True)) == [default.pk]  # the other one went


def test_a_profile_made_in_the_admin_goes_through_the_service(client, transactional_db):
    clear_queue()
    default_profile()
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = {"name": "آب", "description": "", "weights": json.dumps({"water": 2})}
    assert client.post("/admin/planning/weightprofile/add/", form).status_code == 302
    assert WeightProfile.objects.get(name="آب").created_by == admin  # as the API records it
    assert queued("planning.recompute") == 1


def test_ticking_default_in_the_admin_moves_the_default(admin_client):
    default_profile()
    form = {"name": "نو", "description": "", "weights": json.dumps({"water": 1}), "is_default": "on"}
    response = admin_client.post("/admin/planning/weightprofile/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(WeightProfile.objects.filter(is_default=True).values_list("name", flat=True)) == ["نو"]
