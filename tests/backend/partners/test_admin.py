"""The Django admin keeps the registry to the same rules as the API and pages."""

import pytest
from django.conf import settings

from backend.accounts.models import Role
from backend.partners.models import Liaison, NeighborhoodCoverage, Partner
from backend.partners.selectors import coverage_measured
from backend.partners.services import coverage_refresh
from tests.factories import NeighborhoodFactory, PartnerFactory, UserFactory, square


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def partner_form(**overrides):
    data = {
        "kind": "charity",
        "name": "خيريه نور",
        "point": '{"type": "Point", "coordinates": [50.01, 36.26]}',
        "address": "",
        "capacity": "",
        "is_active": "on",
        "contact_name": "",
        "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
    }
    data.update(overrides)
    return data


def test_admin_normalises_phone_and_search_name(admin_client):
    response = admin_client.post("/admin/partners/partner/add/", partner_form())
    assert response.status_code == 302, response.context["adminform"].errors
    partner = Partner.objects.get()
    assert partner.phone == "+989121234567"
    assert partner.name_search == "خیریه نور"


def test_admin_refuses_a_bad_phone(admin_client):
    response = admin_client.post("/admin/partners/partner/add/", partner_form(phone="12345"))
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].errors
    assert not Partner.objects.exists()


def test_admin_liaison_phone_and_mosque_rule(admin_client):
    mosque = PartnerFactory()
    ngo = PartnerFactory(kind="ngo")
    form = {"name": "امام", "mosque": mosque.pk, "is_active": "on", "phone": "+98 935 111 2233"}
    assert admin_client.post("/admin/partners/liaison/add/", form).status_code == 302
    assert Liaison.objects.get().phone == "+989351112233"
    response = admin_client.post("/admin/partners/liaison/add/", {**form, "mosque": ngo.pk})
    assert response.status_code == 200
    assert Liaison.objects.count() == 1


def test_admin_changes_keep_the_coverage_table_true(admin_client):
    """Added, moved, deactivated and deleted in the admin: the kept coverage agrees with a full
    measurement after each step, as it does after the API's changes."""

    def kept() -> dict:
        return {
            row.neighborhood_id: (row.partners_within_walk, row.nearest_m)
            for row in NeighborhoodCoverage.objects.all()
        }

    def full() -> dict:
        measured = coverage_measured(walk_m=settings.WALKING_DISTANCE_METRES)
        return {c.neighborhood_id: (c.partners_within_walk, c.nearest_m) for c in measured}

    NeighborhoodFactory(code="A", boundary=square(50.0, 36.25))
    NeighborhoodFactory(code="B", boundary=square(50.05, 36.25))
    coverage_refresh()
    assert admin_client.post("/admin/partners/partner/add/", partner_form()).status_code == 302
    partner = Partner.objects.get()
    assert kept() == full() and kept() != {}
    moved = partner_form(point='{"type": "Point", "coordinates": [50.055, 36.255]}')
    assert admin_client.post(f"/admin/partners/partner/{partner.pk}/change/", moved).status_code == 302
    assert kept() == full()
    off = {**moved}
    del off["is_active"]
    assert admin_client.post(f"/admin/partners/partner/{partner.pk}/change/", off).status_code == 302
    assert kept() == full()
    admin_client.post(f"/admin/partners/partner/{partner.pk}/change/", moved)
    bulk = {"action": "delete_selected", "_selected_action": [partner.pk], "post": "yes"}
    assert admin_client.post("/admin/partners/partner/", bulk).status_code == 302
    assert not Partner.objects.exists()
    assert kept() == full()
