"""/api/v1/partners/ and /api/v1/liaisons/: registry writes, phones and who may see them."""

import json

import pytest
from django.utils import translation

from backend.accounts.models import Role
from backend.partners.models import Liaison, Partner
from tests.factories import LiaisonFactory, NeighborhoodFactory, PartnerFactory

PARTNERS = "/api/v1/partners/"
LIAISONS = "/api/v1/liaisons/"
PHONE = "+989121234567"


def partner_body(**overrides):
    data = {
        "kind": "jihadi_group",
        "name": "گروه جهادي اميد",
        "point": {"type": "Point", "coordinates": [50.01, 36.26]},
        "services": ["housing_repair", "health"],
        "capacity": "۴۰",
        "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "contact_name": "خانم احمدی",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_registry_roles_create_partners_with_normalised_phone(make_client, role):
    response = make_client(role).post(PARTNERS, partner_body(), format="json")
    assert response.status_code == 201, response.data
    partner = Partner.objects.get()
    assert partner.phone == PHONE
    assert partner.capacity == 40
    assert partner.name_search == "گروه جهادی امید"
    assert response.json()["properties"]["phone"] == PHONE


@pytest.mark.parametrize("role", [Role.VISITOR, Role.PLANNER])
def test_other_roles_cannot_write_partners(make_client, role):
    partner = PartnerFactory()
    client = make_client(role)
    assert client.post(PARTNERS, partner_body(), format="json").status_code == 403
    assert client.patch(f"{PARTNERS}{partner.pk}/", {"is_active": False}, format="json").status_code == 403
    partner.refresh_from_db()
    assert partner.is_active is True


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"kind": "bank"}, "kind"),
        ({"services": ["weapons"]}, "services"),
        ({"point": {"type": "Point", "coordinates": [500, 36]}}, "point"),
        ({"capacity": -4}, "capacity"),
        ({"national_id": "123"}, "national_id"),
    ],
)
def test_bad_partner_input(coordinator, override, field):
    response = coordinator.post(PARTNERS, partner_body(**override), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Partner.objects.exists()


def test_deactivate_and_filter(coordinator):
    partner = PartnerFactory()
    response = coordinator.patch(f"{PARTNERS}{partner.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    assert coordinator.get(f"{PARTNERS}?is_active=false").json()["count"] == 1
    assert coordinator.get(f"{PARTNERS}?is_active=true").json()["count"] == 0
    assert coordinator.get(f"{PARTNERS}?kind=bank").status_code == 400


def test_liaison_must_belong_to_a_mosque(coordinator):
    ngo = PartnerFactory(kind="ngo")
    response = coordinator.post(LIAISONS, {"name": "x", "mosque": ngo.pk}, format="json")
    assert response.status_code == 400
    assert "mosque" in response.json()["errors"]
    # One rule, the model's, in the language asked for; nothing stored.
    response = coordinator.post(
        LIAISONS, {"name": "x", "mosque": ngo.pk}, format="json", HTTP_ACCEPT_LANGUAGE="fa"
    )
    with translation.override("fa"):
        persian = translation.gettext("A liaison's partner must be a mosque.")
    assert persian != "A liaison's partner must be a mosque."
    assert response.json()["errors"]["mosque"] == [persian]
    assert not Liaison.objects.exists()


def test_coordinator_assigns_liaison_to_neighbourhoods(coordinator):
    mosque = PartnerFactory()
    a, b = NeighborhoodFactory(), NeighborhoodFactory()
    response = coordinator.post(
        LIAISONS,
        {"name": "حجت‌الاسلام نمونه", "mosque": mosque.pk, "neighborhoods": [a.pk], "phone": "09351112233"},
        format="json",
    )
    assert response.status_code == 201, response.data
    liaison = Liaison.objects.get()
    assert liaison.phone == "+989351112233"
    response = coordinator.patch(f"{LIAISONS}{liaison.pk}/", {"neighborhoods": [a.pk, b.pk]}, format="json")
    assert sorted(response.json()["neighborhoods"]) == sorted([a.pk, b.pk])
    assert coordinator.get(f"{LIAISONS}?neighborhood={b.pk}").json()["count"] == 1


# The privacy matrix: every read endpoint, every role. Phones must never reach
# visitors or planners, in any field of any response.
READS = [
    lambda p, li: PARTNERS,
    lambda p, li: f"{PARTNERS}?q=مسجد",
    lambda p, li: f"{PARTNERS}{p.pk}/",
    lambda p, li: f"{PARTNERS}nearest/?lat=36.255&lon=50.005",
    lambda p, li: f"{PARTNERS}within/?lat=36.255&lon=50.005&radius_m=500",
    lambda p, li: f"/api/v1/neighborhoods/{NeighborhoodFactory().pk}/partners/",
    lambda p, li: LIAISONS,
    lambda p, li: f"{LIAISONS}{li.pk}/",
]


@pytest.mark.parametrize("read", READS)
@pytest.mark.parametrize(
    ("role", "sees_contacts"),
    [(Role.VISITOR, False), (Role.PLANNER, False), (Role.COORDINATOR, True), (Role.ADMIN, True)],
)
def test_contacts_privacy_matrix(make_client, role, sees_contacts, read):
    liaison = LiaisonFactory(phone="+989351112233")
    partner = liaison.mosque  # phone +989121234567, contact "آقای نمونه"
    response = make_client(role).get(read(partner, liaison))
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    for secret in ("+989121234567", "+989351112233", "آقای نمونه"):
        if not sees_contacts:
            assert secret not in text
    if sees_contacts:
        assert ("+989121234567" in text) or ("+989351112233" in text)
    assert ('"phone"' in text) is sees_contacts


def test_visits_do_not_leak_partner_phones(make_client):
    from tests.factories import VisitFactory

    partner = PartnerFactory()
    visit = VisitFactory()
    visit.partners_met.add(partner)
    text = json.dumps(make_client(Role.PLANNER).get("/api/v1/visits/").json(), ensure_ascii=False)
    assert partner.phone not in text
