"""The audit trail: who changed neighbourhoods, partners, liaisons and visits, when, from what to what."""

import io

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.core.management import call_command

from backend.accounts.models import Role
from backend.partners.models import Liaison, Partner
from backend.surveys.models import Neighborhood, Visit
from tests.factories import (
    LiaisonFactory,
    NeighborhoodFactory,
    PartnerFactory,
    UserFactory,
    neighborhood_admin_form,
    square,
    visit_payload,
)


def entries_for(instance) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(instance).order_by("timestamp", "pk"))


def test_partner_change_through_the_api_names_the_token_user_and_both_values(coordinator):
    partner = PartnerFactory(phone="+989121111111", name="مسجد جامع")
    response = coordinator.patch(
        f"/api/v1/partners/{partner.pk}/", {"phone": "09122222222", "name": "مسجد جامع نو"}, format="json"
    )
    assert response.status_code == 200, response.data
    change = entries_for(partner)[-1]
    assert change.action == LogEntry.Action.UPDATE
    assert change.actor == coordinator.user
    assert change.changes["phone"] == ["+989121111111", "+989122222222"]
    assert change.changes["name"] == ["مسجد جامع", "مسجد جامع نو"]
    assert change.remote_addr == "127.0.0.1"


def test_liaison_neighbourhoods_added_are_logged(coordinator):
    a, b = (
        NeighborhoodFactory(boundary=square(50.0, 36.25)),
        NeighborhoodFactory(boundary=square(50.1, 36.25)),
    )
    liaison = LiaisonFactory()
    liaison.neighborhoods.set([a])
    response = coordinator.patch(
        f"/api/v1/liaisons/{liaison.pk}/", {"neighborhoods": [a.pk, b.pk]}, format="json"
    )
    assert response.status_code == 200
    m2m = [entry for entry in entries_for(liaison) if "neighborhoods" in (entry.changes or {})]
    assert m2m[-1].actor == coordinator.user
    assert m2m[-1].changes["neighborhoods"]["operation"] == "add"
    assert m2m[-1].changes["neighborhoods"]["objects"] == [str(b)]


def test_synced_visits_are_logged_once_each_with_their_visitor(visitor, neighborhood):
    batch = [visit_payload(), visit_payload(), visit_payload()]
    for _ in range(2):  # the resend is a duplicate: no new visit, no new entry
        assert visitor.post("/api/v1/visits/sync/", {"visits": batch}, format="json").status_code == 200
    visits = Visit.objects.filter(client_uuid__in=[item["client_uuid"] for item in batch])
    assert visits.count() == 3
    for visit in visits:
        (created,) = entries_for(visit)
        assert created.action == LogEntry.Action.CREATE
        assert created.actor == visitor.user
        assert created.changes["water"] == ["None", "unimproved"]
        assert "content_sha256" not in created.changes
        # The bulk writer's entry is auditlog's own, but for the generated column and the moment
        # a "now" default is taken (once per batch there, once per row in auditlog).
        expected = {k: list(v) for k, v in model_instance_diff(None, visit).items() if k != "flag_count"}
        got = dict(created.changes)
        for name in ("received_at", "created_at", "updated_at"):
            if name in expected:
                assert name in got and got[name][1] == expected[name][1]
                got.pop(name), expected.pop(name)
        assert got == expected


def test_neighbourhood_edited_in_the_admin_names_the_admin(client, db):
    boss = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(boss)
    neighborhood = NeighborhoodFactory(code="N1", name="کوی قدیم", boundary=square(50.0, 36.25))
    form = neighborhood_admin_form(neighborhood, name="کوی نو")
    response = client.post(f"/admin/surveys/neighborhood/{neighborhood.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = entries_for(neighborhood)[-1]
    assert change.actor == boss
    assert change.changes["name"] == ["کوی قدیم", "کوی نو"]


def test_deletion_is_logged_with_what_was_there(admin):
    neighborhood = NeighborhoodFactory(code="GONE", boundary=square(50.0, 36.25))
    pk = neighborhood.pk
    assert admin.delete(f"/api/v1/neighborhoods/{pk}/").status_code == 204
    deleted = LogEntry.objects.get(
        content_type__model="neighborhood", object_pk=str(pk), action=LogEntry.Action.DELETE
    )
    assert deleted.actor == admin.user
    assert deleted.object_repr.startswith("GONE")


def test_changes_without_a_request_have_no_actor(db):
    call_command("load_demo", stdout=io.StringIO())
    entry = LogEntry.objects.filter(content_type__model="partner").first()
    assert entry is not None and entry.actor is None


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.COORDINATOR, 403), (Role.PLANNER, 302), (Role.VISITOR, 302)],
)
def test_only_admins_read_the_audit_trail(client, db, role, status):
    """Entries hold phone numbers: coordinators (staff, for the partner admin) may not read them."""
    partner = PartnerFactory(phone="+989121111111")
    partner.phone = "+989123333333"
    partner.save()
    user = UserFactory(
        role=role, is_staff=role in (Role.ADMIN, Role.COORDINATOR), is_superuser=role == Role.ADMIN
    )
    client.force_login(user)
    response = client.get("/admin/auditlog/logentry/")
    assert response.status_code == status
    if status == 200:
        detail = client.get(
            f"/admin/auditlog/logentry/{LogEntry.objects.get_for_object(partner).first().pk}/change/"
        )
        assert "+989123333333" in detail.content.decode()


def test_models_in_the_trail():
    from auditlog.registry import auditlog

    for model in (Neighborhood, Visit, Partner, Liaison):
        assert auditlog.contains(model)
