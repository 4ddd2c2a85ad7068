"""Teams, assignments and their progress, driven by real visits through the API."""

from datetime import timedelta

import jdatetime
import mapbox_vector_tile
import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.fieldwork.models import Assignment, Team
from backend.surveys.models import Visit
from tests.backend.openrosa.test_openrosa import instance, odk, submit  # noqa: F401 (odk: a fixture)
from tests.backend.planning.test_tiles import tile_of
from tests.factories import NeighborhoodFactory, square, visit_payload

pytestmark = pytest.mark.django_db


def soon(days=7):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def area(db):
    """Two neighbourhoods in county A, one in county B."""
    return [
        NeighborhoodFactory(code="A1", county="A", boundary=square(50.0, 36.25)),
        NeighborhoodFactory(code="A2", county="A", boundary=square(50.02, 36.25)),
        NeighborhoodFactory(code="B1", county="B", boundary=square(50.1, 36.25)),
    ]


@pytest.fixture
def team(planner, visitor, supervisor, area):
    body = {
        "name": "تیم شمال",
        "supervisors": [supervisor.user.username],
        "members": [visitor.user.username],
        "counties": ["A"],
    }
    response = planner.post("/api/v1/teams/", body, format="json")
    assert response.status_code == 201, response.data
    return Team.objects.get(pk=response.json()["id"])


def assign(client, team, neighborhood, assignee, **fields):
    body = {
        "team": team.pk,
        "neighborhood": neighborhood.pk,
        "assignee": assignee,
        "due_date": soon(),
        "target_visits": 2,
        "note": "",
        **fields,
    }
    return client.post("/api/v1/assignments/", body, format="json")


def visit_in(client, neighborhood, **fields):
    """Record a visit in the neighbourhood, made now unless visited_at says otherwise."""
    lon, lat = neighborhood.boundary.point_on_surface.coords
    fields.setdefault("visited_at", timezone.now().isoformat())
    body = visit_payload(point={"type": "Point", "coordinates": [lon, lat]}, **fields)
    response = client.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 201, response.data
    return response.json()


def status_of(client, assignment_id):
    body = client.get(f"/api/v1/assignments/{assignment_id}/").json()
    return body["status"], body["visits_done"]


def test_a_team_by_county_by_list_or_by_drawing(team, planner, area):
    assert set(team.neighborhoods.values_list("code", flat=True)) == {"A1", "A2"}
    listed = planner.patch(f"/api/v1/teams/{team.pk}/", {"neighborhoods": [area[2].pk]}, format="json")
    assert listed.json()["neighborhoods"] == [area[2].pk]
    ring = [[49.99, 36.24], [50.015, 36.24], [50.015, 36.27], [49.99, 36.27], [49.99, 36.24]]
    drawn = {"type": "Polygon", "coordinates": [ring]}
    shaped = planner.patch(f"/api/v1/teams/{team.pk}/", {"area": drawn}, format="json")
    assert shaped.json()["neighborhoods"] == [area[0].pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": ["nobody"]}, "members"),
        ({"counties": ["A"], "neighborhoods": [1]}, "counties"),
        ({"neighborhoods": [999999]}, "neighborhoods"),
    ],
)
def test_bad_teams_are_refused(planner, area, change, field):
    response = planner.post("/api/v1/teams/", {"name": "x", **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Team.objects.exists()


def test_a_planner_cannot_be_a_member_nor_a_visitor_a_supervisor(planner, visitor, make_client, area):
    other = make_client(Role.PLANNER).user.username
    response = planner.post("/api/v1/teams/", {"name": "x", "members": [other]}, format="json")
    assert response.status_code == 400 and "members" in response.json()["errors"]
    response = planner.post(
        "/api/v1/teams/", {"name": "y", "supervisors": [visitor.user.username]}, format="json"
    )
    assert response.status_code == 400 and "supervisors" in response.json()["errors"]


@pytest.mark.parametrize("role", [Role.VISITOR, Role.SUPERVISOR, Role.COORDINATOR])
def test_only_planners_and_admins_write_teams(make_client, role, area):
    assert make_client(role).post("/api/v1/teams/", {"name": "x"}, format="json").status_code == 403


def test_progress_follows_counted_visits(team, planner, visitor, supervisor, area):
    visit_in(visitor, area[0], visited_at=(timezone.now() - timedelta(days=3)).isoformat())  # before it
    created = assign(planner, team, area[0], visitor.user.username)
    assert created.status_code == 201, created.data
    body = created.json()
    assert (body["status"], body["visits_done"], body["due_date_jalali"][:2]) == ("assigned", 0, "14")
    first = visit_in(visitor, area[0])
    assert status_of(planner, body["id"]) == ("in_progress", 1)
    # Made before the assignment existed: it does not count, however late it arrives.
    visit_in(visitor, area[0], visited_at=(timezone.now() - timedelta(hours=1)).isoformat())
    assert status_of(planner, body["id"]) == ("in_progress", 1)
    visit_in(visitor, area[0])
    assert status_of(planner, body["id"]) == ("done", 2)
    reviewed = supervisor.post(
        f"/api/v1/visits/{first['id']}/review/", {"state": "rejected", "version": 1}, format="json"
    )
    assert reviewed.status_code == 200
    assert status_of(planner, body["id"]) == ("in_progress", 1)
    supervisor.post(
        f"/api/v1/visits/{first['id']}/review/", {"state": "approved", "version": 2}, format="json"
    )
    assert status_of(planner, body["id"]) == ("done", 2)


def test_a_late_sync_of_a_visit_made_after_the_assignment_counts(team, planner, visitor, area):
    body = assign(planner, team, area[0], visitor.user.username, target_visits=1).json()
    Assignment.objects.filter(pk=body["id"]).update(created_at=timezone.now() - timedelta(days=9))
    made = (timezone.now() - timedelta(days=8)).isoformat()  # offline for a week, then synced
    point = {"type": "Point", "coordinates": list(area[0].boundary.point_on_surface.coords)}
    batch = {"visits": [visit_payload(point=point, visited_at=made)]}
    response = visitor.post("/api/v1/visits/sync/", batch, format="json")
    assert response.json()["results"][0]["status"] == "created"
    assert status_of(planner, body["id"]) == ("done", 1)


def test_a_team_wide_assignment_counts_every_members_visits(team, planner, visitor, make_client, area):
    other = make_client(Role.VISITOR)
    team.members.add(other.user)
    body = assign(planner, team, area[1], None).json()
    visit_in(visitor, area[1])
    visit_in(other, area[1])
    visit_in(make_client(Role.VISITOR), area[1])  # not in the team
    assert status_of(planner, body["id"]) == ("done", 2)


def test_a_visit_naming_another_assignment_counts_for_that_one_only(team, planner, visitor, area):
    first = assign(planner, team, area[0], visitor.user.username, target_visits=1).json()
    second = assign(planner, team, area[0], visitor.user.username, target_visits=1).json()
    visit_in(visitor, area[0], assignment=second["id"])
    assert status_of(planner, first["id"]) == ("assigned", 0)
    assert status_of(planner, second["id"]) == ("done", 1)
    assert Visit.objects.get().assignment_id == second["id"]


def test_a_visit_naming_an_unknown_assignment_is_refused(visitor, area):
    response = visitor.post("/api/v1/visits/", visit_payload(assignment=999999), format="json")
    assert response.status_code == 400
    assert "Assignment 999999 does not exist" in response.json()["detail"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"due_date": (timezone.localdate() - timedelta(days=1)).isoformat()}, "due_date"),
        ({"target_visits": 0}, "target_visits"),
        ({"target_visits": 51}, "target_visits"),
        ({"due_date": "1405/13/01"}, "due_date"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_assignments_are_refused(team, planner, visitor, area, fields, field):
    response = assign(planner, team, area[0], visitor.user.username, **fields)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Assignment.objects.exists()


def test_assignees_and_places_must_belong_to_the_team(team, planner, make_client, area):
    outsider = make_client(Role.VISITOR).user.username
    assert "assignee" in assign(planner, team, area[0], outsider).json()["errors"]
    inside = team.members.first().username
    assert "neighborhood" in assign(planner, team, area[2], inside).json()["errors"]
    assert not Assignment.objects.exists()


def test_jalali_due_dates_with_persian_digits_are_read(team, planner, visitor, area):
    day = jdatetime.date.fromgregorian(date=timezone.localdate() + timedelta(days=3))
    persian = day.strftime("%Y/%m/%d").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = assign(planner, team, area[0], visitor.user.username, due_date=persian)
    assert response.status_code == 201, response.data
    assert response.json()["due_date"] == (timezone.localdate() + timedelta(days=3)).isoformat()


def test_decline_and_cancel(team, planner, visitor, make_client, area):
    body = assign(planner, team, area[0], visitor.user.username).json()
    url = f"/api/v1/assignments/{body['id']}/decline/"
    assert make_client(Role.VISITOR).post(url, {"reason": "x"}, format="json").status_code == 403
    assert visitor.post(url, {"reason": ""}, format="json").status_code == 400
    declined = visitor.post(url, {"reason": "کوچه را آب گرفته"}, format="json")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert visitor.post(url, {"reason": "again"}, format="json").status_code == 400
    other = assign(planner, team, area[1], visitor.user.username).json()
    assert visitor.post(f"/api/v1/assignments/{other['id']}/cancel/").status_code == 403
    cancelled = planner.post(f"/api/v1/assignments/{other['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    assert visitor.get("/api/v1/assignments/mine/").json() == []


def test_mine_lists_open_work_nearest_due_first_and_overdue_shows(team, planner, visitor, area):
    late = assign(planner, team, area[0], visitor.user.username, due_date=soon(5)).json()
    early = assign(planner, team, area[1], visitor.user.username, due_date=soon(1)).json()
    shared = assign(planner, team, area[1], None, due_date=soon(9)).json()
    mine = visitor.get("/api/v1/assignments/mine/").json()
    assert [a["id"] for a in mine] == [early["id"], late["id"], shared["id"]]
    Assignment.objects.filter(pk=late["id"]).update(due_date=timezone.localdate() - timedelta(days=1))
    listed = planner.get("/api/v1/assignments/?overdue=true").json()["results"]
    assert [a["id"] for a in listed] == [late["id"]]
    assert planner.get("/api/v1/assignments/?status=assigned").json()["count"] == 3
    assert planner.get("/api/v1/assignments/?status=lost").status_code == 400


def test_supervisors_assign_only_for_their_teams(team, supervisor, make_client, area, visitor):
    assert assign(supervisor, team, area[0], visitor.user.username).status_code == 201
    stranger = make_client(Role.SUPERVISOR)
    Team.objects.create(name="other").supervisors.add(stranger.user)
    assert assign(stranger, team, area[0], visitor.user.username).status_code == 403
    assert assign(visitor, team, area[0], visitor.user.username).status_code == 403


def test_a_team_supervisor_reads_only_visits_in_the_teams_area(team, supervisor, visitor, make_client, area):
    inside = visit_in(visitor, area[0])
    outside = visit_in(visitor, area[2])
    ids = {f["id"] for f in supervisor.get("/api/v1/visits/").json()["features"]}
    assert ids == {inside["id"]}
    assert supervisor.get(f"/api/v1/visits/{outside['id']}/").status_code == 404
    review = {"state": "approved", "version": 1}
    assert (
        supervisor.post(f"/api/v1/visits/{outside['id']}/review/", review, format="json").status_code == 404
    )
    bulk = {"ids": [inside["id"], outside["id"]], "state": "approved"}
    assert supervisor.post("/api/v1/visits/review/", bulk, format="json").status_code == 400
    export = supervisor.get("/api/v1/exports/visits.csv")
    assert len(b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()) == 2
    unteamed = make_client(Role.SUPERVISOR)
    assert unteamed.get("/api/v1/visits/").json()["count"] == 2


def test_odk_collect_offers_the_visitors_open_assignments(team, planner, visitor, area, odk):  # noqa: F811
    odk_client = odk(user=visitor.user)
    body = assign(planner, team, area[0], visitor.user.username, target_visits=1).json()
    media = odk_client.get("/openrosa/forms/mahalleh_visit/media/assignments.csv")
    assert media.status_code == 200
    rows = media.content.decode().splitlines()
    assert rows[0] == "name,label" and rows[1].startswith(f"{body['id']},")
    xml = instance().replace(b"</ended>", f"</ended><assignment>{body['id']}</assignment>".encode())
    opened, saved = (timezone.now() + timedelta(seconds=s) for s in (5, 120))  # after the assignment
    xml = xml.replace(b"2026-11-28T10:00:00.000+03:30", opened.isoformat().encode())
    xml = xml.replace(b"2026-11-28T10:20:00.000+03:30", saved.isoformat().encode())
    assert submit(odk_client, xml).status_code == 201
    assert Visit.objects.get().assignment_id == body["id"]


def test_a_shared_assignment_is_listed_once_however_big_the_team(team, planner, visitor, make_client, area):
    for _ in range(3):
        team.members.add(make_client(Role.VISITOR).user)
    team.supervisors.add(make_client(Role.SUPERVISOR).user)
    shared = assign(planner, team, area[0], None).json()
    assert [a["id"] for a in visitor.get("/api/v1/assignments/mine/").json()] == [shared["id"]]
    assert visitor.get("/api/v1/assignments/").json()["count"] == 1
    assert planner.get("/api/v1/assignments/").json()["count"] == 1


def test_team_scoping_reaches_the_tiles_and_the_review_page(team, supervisor, visitor, area, client):
    inside = visit_in(visitor, area[0])
    outside = visit_in(visitor, area[2])
    for visit, place, expected in ((inside, area[0], 1), (outside, area[2], 0)):
        lon, lat = place.boundary.point_on_surface.coords
        x, y = tile_of(lon, lat, 16)
        tile = mapbox_vector_tile.decode(supervisor.get(f"/tiles/visits/16/{x}/{y}.pbf").content)
        assert len(tile.get("visits", {}).get("features", [])) == expected, visit["id"]
    client.force_login(supervisor.user)
    html = client.get("/review/?state=").content.decode()
    assert f'data-id="{inside["id"]}"' in html and f'data-id="{outside["id"]}"' not in html
    # Its filters offer only the team's places.
    assert f'<option value="{area[0].pk}">' in html and f'<option value="{area[2].pk}">' not in html
