"""Referrals from a visit to a partner offering the service that answers what it found."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from backend.interventions.models import Referral
from tests.factories import NeighborhoodFactory, PartnerFactory, VisitFactory, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    return NeighborhoodFactory(code="RF", boundary=square(50.0, 36.25))


@pytest.fixture
def visit(visitor, place):
    return VisitFactory(visitor=visitor.user, point=Point(50.005, 36.255, srid=4326))


@pytest.fixture
def near(db):
    return PartnerFactory(
        kind="ngo", name="نزدیک", services=["child_support"], point=Point(50.006, 36.255, srid=4326)
    )


@pytest.fixture
def far(db):
    return PartnerFactory(
        kind="ngo", name="دور", services=["child_support"], point=Point(50.05, 36.255, srid=4326)
    )


def refer(client, visit, partner, **fields):
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    body = {"visit": visit.pk, "need": "child_labour", "partner": partner.pk, "due_date": due, **fields}
    return client.post("/api/v1/referrals/", body, format="json")


def test_the_nearest_active_partners_offering_the_service_are_proposed(supervisor, visit, near, far):
    PartnerFactory(kind="ngo", services=["food"], point=Point(50.0051, 36.255, srid=4326))  # wrong service
    PartnerFactory(
        kind="ngo", services=["child_support"], is_active=False, point=Point(50.0052, 36.255, srid=4326)
    )
    response = supervisor.get(f"/api/v1/referrals/partners/?visit={visit.pk}&need=child_labour")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [near.pk, far.pk]
    assert response.json()[0]["distance_m"] < response.json()[1]["distance_m"]
    assert supervisor.get("/api/v1/referrals/partners/?need=child_labour").status_code == 400


def test_the_visitor_and_reviewers_refer_and_others_may_not(
    visitor, supervisor, planner, make_client, visit, near
):
    assert refer(visitor, visit, near).status_code == 201
    assert refer(supervisor, visit, near).status_code == 201
    assert refer(planner, visit, near).status_code == 403
    another = make_client("visitor")
    assert refer(another, visit, near).status_code == 400  # they cannot read that visit
    made = Referral.objects.order_by("pk").first()
    assert made.service == "child_support" and made.neighborhood.code == "RF"


def test_a_partner_not_offering_the_service_is_refused(supervisor, visit):
    grocer = PartnerFactory(kind="charity", name="بقالی", services=["food"])
    response = refer(supervisor, visit, grocer)
    assert response.status_code == 400 and "does not offer" in response.json()["detail"]
    wrong = refer(supervisor, visit, grocer, service="legal_aid")
    assert wrong.status_code == 400 and "service" in wrong.json()["errors"]
    assert Referral.objects.count() == 0


def test_answers_move_the_referral_and_a_decline_needs_a_reason(
    supervisor, coordinator, visitor, visit, near
):
    pk = refer(visitor, visit, near).json()["id"]

    def move(client, status, note=""):
        return client.post(
            f"/api/v1/referrals/{pk}/transition/", {"status": status, "note": note}, format="json"
        )

    assert move(visitor, "accepted").status_code == 403
    assert move(coordinator, "resolved").status_code == 400  # sent → resolved skips acceptance
    assert move(coordinator, "declined").status_code == 400
    assert move(coordinator, "accepted").json()["status"] == "accepted"
    assert move(supervisor, "resolved").json()["status"] == "resolved"
    assert [r["id"] for r in visitor.get("/api/v1/referrals/").json()["results"]] == [pk]


def test_a_referral_becomes_an_intervention_led_by_its_partner(coordinator, supervisor, visit, near, place):
    pk = refer(supervisor, visit, near).json()["id"]
    assert supervisor.post(f"/api/v1/referrals/{pk}/intervention/").status_code == 403
    made = coordinator.post(f"/api/v1/referrals/{pk}/intervention/")
    assert made.status_code == 201
    intervention = made.json()
    assert intervention["lead_partner"] == near.pk and intervention["kind"] == "child_support"
    assert intervention["neighborhoods"] == [place.pk] and intervention["status"] == "proposed"
    referral = coordinator.get(f"/api/v1/referrals/{pk}/").json()
    assert referral["status"] == "accepted" and referral["intervention"] == intervention["id"]
    assert coordinator.post(f"/api/v1/referrals/{pk}/intervention/").status_code == 400


def test_partner_contacts_in_referrals_only_for_coordinators_and_admins(
    supervisor, coordinator, planner, visitor, visit, near
):
    refer(visitor, visit, near)
    for client, sees in ((coordinator, True), (planner, False), (supervisor, False), (visitor, False)):
        text = client.get("/api/v1/referrals/").content.decode()
        assert (near.phone in text) is sees
        assert (near.contact_name in text) is sees


def test_a_supervisor_refers_from_the_review_page_and_a_coordinator_records_the_answer(
    client, supervisor, coordinator, visit, near, far
):
    client.force_login(supervisor.user)
    review = client.get(f"/review/?visit={visit.pk}").content.decode()
    assert f"/interventions/referrals/new/?visit={visit.pk}" in review
    form = client.get(f"/interventions/referrals/new/?visit={visit.pk}&need=child_labour")
    assert form.status_code == 200
    page = form.content.decode()
    assert page.index(near.name) < page.index(far.name)  # nearest first
    assert near.phone not in page
    bad = client.post(
        "/interventions/referrals/new/",
        {"visit": visit.pk, "need": "child_labour", "partner": near.pk, "due_date": "1405/13/01"},
    )
    assert bad.status_code == 200 and Referral.objects.count() == 0
    sent = client.post(
        "/interventions/referrals/new/",
        {"visit": visit.pk, "need": "child_labour", "partner": near.pk, "due_date": "۱۴۰۵/۱۰/۰۱"},
    )
    assert sent.status_code == 302 and Referral.objects.get().partner == near
    client.force_login(coordinator.user)
    listed = client.get("/interventions/referrals/").content.decode()
    assert near.phone in listed  # coordinators see contacts
    referral = Referral.objects.get()
    client.post(f"/interventions/referrals/{referral.pk}/answer/", {"status": "declined", "note": ""})
    assert Referral.objects.get().status == "sent"  # a decline needs a reason
    client.post(f"/interventions/referrals/{referral.pk}/answer/", {"status": "accepted", "note": ""})
    assert Referral.objects.get().status == "accepted"
    made = client.post(f"/interventions/referrals/{referral.pk}/intervention/")
    assert made.status_code == 302 and Referral.objects.get().intervention is not None


def test_referral_pages_are_closed_to_visitors(client, visitor, visit):
    client.force_login(visitor.user)
    assert client.get(f"/interventions/referrals/new/?visit={visit.pk}").status_code == 403
    assert client.get("/interventions/referrals/").status_code == 403


def test_a_resent_referral_is_stored_once(visitor, visit, near):
    key = "6f1c2a3e-0000-4000-8000-000000000001"
    first = refer(visitor, visit, near, client_uuid=key)
    again = refer(visitor, visit, near, client_uuid=key, note="resent")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["note"] == ""
    assert Referral.objects.count() == 1
