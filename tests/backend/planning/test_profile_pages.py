"""Planners keep weight profiles from a page: checked like the API, scored at once."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.accounts.models import Role
from backend.planning.models import NeighborhoodScore, WeightProfile
from geo.scoring import COMPONENTS
from tests.factories import NeighborhoodFactory, UserFactory, VisitFactory, default_profile


@pytest.fixture
def planner_page(client, db):
    default_profile()
    NeighborhoodFactory()
    VisitFactory(point=Point(50.005, 36.255, srid=4326), water="none", tenure="formal_deed")
    client.force_login(UserFactory(role=Role.PLANNER))
    return client


def form(**weights):
    data = {"name": "آب و مالکیت", "description": ""}
    data.update({f"w_{name}": "" for name in COMPONENTS})
    data.update({f"w_{name}": value for name, value in weights.items()})
    return data


def test_planner_creates_a_profile_with_persian_digits(planner_page):
    assert planner_page.get("/maps/profiles/new/").status_code == 200
    response = planner_page.post("/maps/profiles/new/", form(water="۲", tenure="۰٫۵"))
    assert response.status_code == 302
    profile = WeightProfile.objects.get(name="آب و مالکیت")
    assert (profile.weights["water"], profile.weights["tenure"], profile.weights["addiction"]) == (
        2.0,
        0.5,
        0.0,
    )
    assert not NeighborhoodScore.objects.filter(profile=profile).exists()  # scored by the queued recompute
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())  # as the worker runs it
    score = NeighborhoodScore.objects.get(profile=profile)
    assert score.score == pytest.approx(100 * 2 / 2.5)  # water lacking, tenure secure
    edit = planner_page.post(f"/maps/profiles/{profile.pk}/", form(tenure="1"))
    assert edit.status_code == 302
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    assert NeighborhoodScore.objects.get(profile=profile).score == 0.0


@pytest.mark.parametrize(
    ("weights", "field"), [({"water": "-1"}, "weights"), ({}, "weights"), ({"water": "lots"}, "weights")]
)
def test_bad_weights_on_the_page_are_400_and_save_nothing(planner_page, weights, field):
    response = planner_page.post("/maps/profiles/new/", form(**weights))
    assert response.status_code == 400
    assert response.context["errors"][field]
    assert WeightProfile.objects.count() == 1


@pytest.mark.parametrize("role", [Role.VISITOR, Role.COORDINATOR])
def test_other_roles_cannot_edit_profiles(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/maps/profiles/").status_code == 403
    assert client.post("/maps/profiles/new/", form(water="1")).status_code == 403
