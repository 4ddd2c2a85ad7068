"""The admin keeps the funding sources through the same service as the API."""

import pytest

from backend.accounts.models import Role
from backend.interventions.models import FundingSource
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_added_renamed_and_retired_in_the_admin(admin_client):
    form = {"name": "اعتبارات استانی", "name_en": "Provincial credits", "is_active": "on"}
    assert admin_client.post("/admin/interventions/fundingsource/add/", form).status_code == 302
    source = FundingSource.objects.get()
    retired = {**form, "name": "اعتبارات استان"}
    del retired["is_active"]
    url = f"/admin/interventions/fundingsource/{source.pk}/change/"
    assert admin_client.post(url, retired).status_code == 302
    source.refresh_from_db()
    assert (source.name, source.is_active) == ("اعتبارات استان", False)


def test_a_duplicate_name_is_refused_and_nothing_is_added(admin_client):
    form = {"name": "خیریه", "name_en": "", "is_active": "on"}
    assert admin_client.post("/admin/interventions/fundingsource/add/", form).status_code == 302
    response = admin_client.post("/admin/interventions/fundingsource/add/", form)
    assert response.status_code == 200 and FundingSource.objects.count() == 1


def test_no_funding_source_is_deleted_in_the_admin(admin_client):
    source = FundingSource.objects.create(name="شهرداری")
    url = f"/admin/interventions/fundingsource/{source.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert FundingSource.objects.filter(pk=source.pk).exists()
