"""The Django admin keeps the registry to the same rules as the API and pages."""

import pytest

from backend.accounts.models import Role
from backend.partners.models import Liaison, Partner
from tests.factories import PartnerFactory, UserFactory


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
