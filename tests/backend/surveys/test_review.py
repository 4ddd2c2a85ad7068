"""Reviewing visits: states, versions, bulk decisions, edits, corrections, history and comments."""

import uuid

import pytest
from auditlog.models import LogEntry

from backend.accounts.models import Role
from backend.surveys.models import Visit, VisitEvent
from tests.concurrency import concurrently
from tests.factories import PartnerFactory, VisitFactory

pytestmark = pytest.mark.django_db


def review_url(visit):
    return f"/api/v1/visits/{visit.pk}/review/"


def review(client, visit, state="approved", note="", version=None):
    body = {"state": state, "note": note, "version": version or visit.version}
    return client.post(review_url(visit), body, format="json")


@pytest.fixture
def visit(neighborhood):
    return VisitFactory()


def test_every_visit_output_carries_review_state_version_and_flags(planner, visit):
    props = planner.get(f"/api/v1/visits/{visit.pk}/").json()["properties"]
    assert props["review_state"] == "received"
    assert props["version"] == 1
    assert props["quality_flags"] == []
    assert props["review_note"] == ""
    listed = planner.get("/api/v1/visits/").json()["features"][0]["properties"]
    assert listed["review_state"] == "received" and listed["version"] == 1


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN])
@pytest.mark.parametrize("state", ["approved", "has_issues", "rejected"])
def test_reviewers_decide(make_client, visit, role, state):
    client = make_client(role)
    response = review(client, visit, state, note="کوچه را دوباره ببینید")
    assert response.status_code == 200, response.data
    props = response.json()["properties"]
    assert props["review_state"] == state
    assert props["version"] == 2
    assert props["review_note"] == "کوچه را دوباره ببینید"
    event = VisitEvent.objects.get(visit=visit)
    assert (event.kind, event.state, event.version, event.actor) == ("review", state, 2, client.user)


@pytest.mark.parametrize("role", [Role.VISITOR, Role.PLANNER])
def test_visitors_and_planners_cannot_review(make_client, role):
    client = make_client(role)
    own = VisitFactory(visitor=client.user)
    assert review(client, own).status_code == 403
    bulk = client.post("/api/v1/visits/review/", {"ids": [own.pk], "state": "approved"}, format="json")
    assert bulk.status_code == 403
    assert Visit.objects.get(pk=own.pk).review_state == "received"


def test_outsiders_cannot_review(outsider, visit):
    assert review(outsider, visit).status_code == 401


def test_any_decision_can_follow_any_other(supervisor, visit):
    for version, state in enumerate(["rejected", "approved", "has_issues", "approved"], start=1):
        response = review(supervisor, visit, state, note="x", version=version)
        assert response.status_code == 200
    assert Visit.objects.get(pk=visit.pk).version == 5


def test_a_stale_version_is_a_409_naming_the_current_one(supervisor, coordinator, visit):
    assert review(supervisor, visit, "approved", version=1).status_code == 200
    response = review(coordinator, visit, "rejected", version=1)
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert "version 2" in response.json()["detail"]
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.review_state, stored.version) == ("approved", 2)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_wins_the_other_gets_409(make_client, neighborhood):
    visit = VisitFactory()
    first = make_client(Role.SUPERVISOR)
    token = first._credentials["HTTP_AUTHORIZATION"]
    answers = concurrently(
        token,
        6,
        lambda client: (
            client.post(
                review_url(visit), {"state": "rejected", "note": "", "version": 1}, format="json"
            ).status_code
        ),
    )
    assert sorted(answers) == [200, 409, 409, 409, 409, 409]
    assert VisitEvent.objects.filter(visit=visit).count() == 1
    assert Visit.objects.get(pk=visit.pk).version == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"state": "edited", "version": 1}, "state"),
        ({"state": "received", "version": 1}, "state"),
        ({"state": "maybe", "version": 1}, "state"),
        ({"state": "approved"}, "version"),
        ({"state": "approved", "version": 1, "note": "x" * 2001}, "note"),
        ({"state": "has_issues", "version": 1, "note": "  "}, "note"),
        ({"state": "approved", "version": 1, "colour": "red"}, "colour"),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(supervisor, visit, body, field):
    response = supervisor.post(review_url(visit), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Visit.objects.get(pk=visit.pk).version == 1
    assert not VisitEvent.objects.exists()


def test_reviewing_an_unknown_visit_is_404(supervisor):
    response = supervisor.post(
        "/api/v1/visits/999999/review/", {"state": "approved", "version": 1}, format="json"
    )
    assert response.status_code == 404


def test_bulk_review_gives_one_result_per_id(supervisor, neighborhood):
    visits = VisitFactory.create_batch(3)
    ids = [v.pk for v in visits]
    response = supervisor.post("/api/v1/visits/review/", {"ids": ids, "state": "rejected"}, format="json")
    assert response.status_code == 200, response.data
    assert response.json()["results"] == [{"id": pk, "review_state": "rejected", "version": 2} for pk in ids]
    assert set(Visit.objects.values_list("review_state", flat=True)) == {"rejected"}


@pytest.mark.parametrize(
    ("extra_ids", "message"),
    [([999999], "No visit 999999"), ([], None)],
)
def test_bulk_review_is_all_or_nothing(supervisor, neighborhood, extra_ids, message):
    visits = VisitFactory.create_batch(2)
    ids = [v.pk for v in visits] + extra_ids
    body = {"ids": ids, "state": "approved"} if message else {"ids": ids * 251, "state": "approved"}
    response = supervisor.post("/api/v1/visits/review/", body, format="json")
    assert response.status_code == 400
    if message:
        assert message in response.json()["detail"]
    else:
        assert "500" in response.json()["detail"]
    assert set(Visit.objects.values_list("review_state", flat=True)) == {"received"}
    assert not VisitEvent.objects.exists()


def test_bulk_review_refuses_an_empty_list(supervisor):
    response = supervisor.post("/api/v1/visits/review/", {"ids": [], "state": "approved"}, format="json")
    assert response.status_code == 400


def test_a_reviewer_edit_keeps_the_old_values(supervisor, visit):
    partner = PartnerFactory()
    body = {"version": 1, "water": "none", "persons_per_room": "۴٫۵", "partners_met": [partner.pk]}
    response = supervisor.patch(f"/api/v1/visits/{visit.pk}/", body, format="json")
    assert response.status_code == 200, response.data
    props = response.json()["properties"]
    assert (props["review_state"], props["version"], props["water"]) == ("edited", 2, "none")
    assert props["partners_met"] == [partner.pk]
    history = supervisor.get(f"/api/v1/visits/{visit.pk}/history/").json()
    assert [e["kind"] for e in history] == ["created", "edit"]
    assert history[1]["changes"] == {
        "water": ["", "none"],
        "persons_per_room": [None, 4.5],
        "partners_met": [[], [partner.pk]],
    }
    assert history[1]["actor"] == supervisor.user.username
    assert history[1]["at_jalali"].startswith("14")


def test_an_edit_that_moves_the_point_moves_the_visit(supervisor, visit, neighborhood):
    body = {"version": 1, "point": {"type": "Point", "coordinates": [51.4, 35.7]}}
    props = supervisor.patch(f"/api/v1/visits/{visit.pk}/", body, format="json").json()["properties"]
    assert props["neighborhood"] is None
    assert "outside_neighborhood" in props["quality_flags"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"water": "none"}, "version"),
        ({"version": 1, "water": "lake"}, "water"),
        ({"version": 1, "review_state": "approved"}, "review_state"),
        ({"version": 1, "visitor": 1}, "visitor"),
        ({"version": 1, "partners_met": [999999]}, "partners_met"),
        ({"version": 1, "persons_per_room": 51}, "persons_per_room"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(supervisor, visit, body, field):
    response = supervisor.patch(f"/api/v1/visits/{visit.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Visit.objects.get(pk=visit.pk).version == 1


def test_an_edit_on_a_stale_version_is_409(supervisor, visit):
    review(supervisor, visit, "approved")
    response = supervisor.patch(f"/api/v1/visits/{visit.pk}/", {"version": 1, "water": "none"}, format="json")
    assert response.status_code == 409
    assert Visit.objects.get(pk=visit.pk).water == ""


@pytest.mark.parametrize("role", [Role.PLANNER, Role.VISITOR])
def test_non_reviewers_cannot_edit_others_visits(make_client, visit, role):
    response = make_client(role).patch(f"/api/v1/visits/{visit.pk}/", {"version": 1}, format="json")
    assert response.status_code == 403


def test_a_visitor_corrects_a_visit_marked_with_issues_exactly_once(visitor, supervisor):
    visit = VisitFactory(visitor=visitor.user)
    url = f"/api/v1/visits/{visit.pk}/"
    early = visitor.patch(url, {"version": 1, "water": "none"}, format="json")
    assert early.status_code == 403  # not marked as having issues yet
    review(supervisor, visit, "has_issues", note="آب را دوباره بپرسید")
    body = {"version": 2, "water": "none", "client_uuid": str(uuid.uuid4())}
    first = visitor.patch(url, body, format="json")
    assert first.status_code == 200, first.data
    assert first.json()["properties"]["review_state"] == "received"
    assert first.json()["properties"]["version"] == 3
    again = visitor.patch(url, body, format="json")  # the answer was lost; the phone sends it again
    assert again.status_code == 200
    assert again.json()["properties"]["version"] == 3
    assert VisitEvent.objects.filter(kind="correction").count() == 1
    kinds = [e["kind"] for e in visitor.get(f"{url}history/").json()]
    assert kinds == ["created", "review", "correction"]


def test_a_visitor_cannot_correct_someone_elses_visit(visitor, supervisor, neighborhood):
    other = VisitFactory()
    review(supervisor, other, "has_issues", note="x")
    response = visitor.patch(f"/api/v1/visits/{other.pk}/", {"version": 2, "water": "none"}, format="json")
    assert response.status_code == 403
    assert Visit.objects.get(pk=other.pk).water == ""


def test_the_comment_thread_is_between_reviewers_and_the_visitor(visitor, supervisor, planner, make_client):
    visit = VisitFactory(visitor=visitor.user)
    url = f"/api/v1/visits/{visit.pk}/comments/"
    assert supervisor.post(url, {"text": "عکس کوچه کجاست؟"}, format="json").status_code == 201
    key = str(uuid.uuid4())
    for _attempt in range(2):  # a resend from the phone is stored once
        assert (
            visitor.post(url, {"text": "فردا می‌فرستم", "client_uuid": key}, format="json").status_code == 201
        )
    thread = visitor.get(url).json()
    assert [c["text"] for c in thread] == ["عکس کوچه کجاست؟", "فردا می‌فرستم"]
    assert thread[1]["author"] == visitor.user.username
    assert planner.get(url).status_code == 403
    assert make_client(Role.VISITOR).get(url).status_code == 404
    history = supervisor.get(f"/api/v1/visits/{visit.pk}/history/").json()
    assert [e["kind"] for e in history] == ["created", "comment", "comment"]


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "x" * 2001}, {"text": "ok", "extra": 1}, {}])
def test_bad_comments_are_refused(supervisor, visit, body):
    response = supervisor.post(f"/api/v1/visits/{visit.pk}/comments/", body, format="json")
    assert response.status_code == 400
    assert not VisitEvent.objects.exists()


def test_history_of_a_visit_you_may_not_read_is_404(visitor, visit):
    assert visitor.get(f"/api/v1/visits/{visit.pk}/history/").status_code == 404


def test_filters_by_review_state_and_flag(supervisor, neighborhood):
    approved, flagged, plain = VisitFactory.create_batch(3)
    review(supervisor, approved, "approved")
    Visit.objects.filter(pk=flagged.pk).update(quality_flags=["poor_gps"])

    def ids(query):
        response = supervisor.get(f"/api/v1/visits/?{query}")
        assert response.status_code == 200, response.data
        return {f["id"] for f in response.json()["features"]}

    assert ids("review_state=approved") == {approved.pk}
    assert ids("review_state=received,approved") == {approved.pk, flagged.pk, plain.pk}
    assert ids("flag=poor_gps,too_fast") == {flagged.pk}
    queue = supervisor.get("/api/v1/visits/?review_state=received&order=queue").json()["features"]
    assert [f["id"] for f in queue] == [flagged.pk, plain.pk]


@pytest.mark.parametrize("query", ["review_state=maybe", "review_state=,", "flag=bad_luck", "order=random"])
def test_bad_filters_are_400(supervisor, query):
    assert supervisor.get(f"/api/v1/visits/?{query}").status_code == 400


def test_supervisors_read_partners_without_contacts_and_cannot_write_them(supervisor):
    PartnerFactory()
    feature = supervisor.get("/api/v1/partners/").json()["features"][0]
    assert "phone" not in feature["properties"] and "contact_name" not in feature["properties"]
    assert supervisor.post("/api/v1/partners/", {}, format="json").status_code == 403
    assert supervisor.get("/api/v1/neighborhoods/").status_code == 200
    assert supervisor.post("/api/v1/neighborhoods/", {}, format="json").status_code == 403


def test_reviews_edits_and_comments_are_in_the_audit_trail(supervisor, visit):
    review(supervisor, visit, "approved")
    supervisor.patch(f"/api/v1/visits/{visit.pk}/", {"version": 2, "water": "none"}, format="json")
    supervisor.post(f"/api/v1/visits/{visit.pk}/comments/", {"text": "خوب است"}, format="json")
    visit_changes = LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.UPDATE)
    assert any(e.changes_dict.get("review_state") == ["received", "approved"] for e in visit_changes)
    assert any(e.changes_dict.get("water") == ["", "none"] for e in visit_changes)
    assert all(e.actor == supervisor.user for e in visit_changes)
    events = LogEntry.objects.filter(content_type__model="visitevent", action=LogEntry.Action.CREATE)
    assert events.count() == 3
