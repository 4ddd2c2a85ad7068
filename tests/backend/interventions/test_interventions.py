"""Interventions through the API: who may write, allowed moves, bad input, documents, verification
by a later counted visit, budgets summed, and partners' contacts kept to coordinators and admins."""

import io
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from backend.accounts.models import Role
from backend.interventions.models import FundingSource, Intervention, StatusChange
from backend.surveys.models import Visit
from tests.factories import NeighborhoodFactory, PartnerFactory, square, visit_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    return NeighborhoodFactory(code="IV1", county="Qazvin", boundary=square(50.0, 36.25))


@pytest.fixture
def charity(db):
    return PartnerFactory(kind="charity", name="خیریه آب", services=["water_sanitation", "food"])


@pytest.fixture
def source(db):
    return FundingSource.objects.create(name="اعتبارات امور اجتماعی استان")


def body(place, partner, **fields):
    return {
        "neighborhoods": [place.pk],
        "lead_partner": partner.pk,
        "kind": "water_sanitation",
        "title": "لوله‌کشی آب",
        "planned_start": "1405/09/01",
        "planned_end": "1405/10/30",
        "budget_planned": 500_000_000,
        **fields,
    }


def create(client, place, partner, **fields):
    response = client.post("/api/v1/interventions/", body(place, partner, **fields), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def move(client, pk, status, note=""):
    return client.post(
        f"/api/v1/interventions/{pk}/transition/", {"status": status, "note": note}, format="json"
    )


def test_coordinators_write_planners_and_supervisors_read_visitors_do_not(
    coordinator, planner, supervisor, visitor, place, charity
):
    made = create(coordinator, place, charity)
    assert made["status"] == "proposed"
    assert made["planned_start"] == "2026-11-22" and made["planned_start_jalali"] == "1405/09/01"
    for reader in (planner, supervisor):
        assert reader.get(f"/api/v1/interventions/{made['id']}/").status_code == 200
        assert reader.post("/api/v1/interventions/", body(place, charity), format="json").status_code == 403
    assert visitor.get("/api/v1/interventions/").status_code == 403
    assert Intervention.objects.count() == 1


def test_moves_follow_the_allowed_order_and_record_who_and_why(coordinator, supervisor, place, charity):
    pk = create(coordinator, place, charity)["id"]
    assert move(coordinator, pk, "delivered").status_code == 400  # proposed → delivered skips steps
    for step in ("agreed", "in_progress", "delivered"):
        response = move(coordinator, pk, step)
        assert response.status_code == 200, response.content
    delivered = response.json()
    assert delivered["actual_start"] == delivered["actual_end"] == timezone.localdate().isoformat()
    refused = move(coordinator, pk, "proposed")
    assert refused.status_code == 400 and "can only become verified" in refused.json()["detail"]
    assert move(supervisor, pk, "verified").status_code == 400  # a note is needed
    assert move(supervisor, pk, "verified", "دیدم که آب می‌آید").json()["status"] == "verified"
    assert move(coordinator, pk, "cancelled", "x").status_code == 400  # verified is the end
    history = coordinator.get(f"/api/v1/interventions/{pk}/history/").json()
    assert [h["to_status"] for h in history] == ["proposed", "agreed", "in_progress", "delivered", "verified"]
    assert history[-1]["actor"] == supervisor.user.username and history[-1]["note"] == "دیدم که آب می‌آید"


def test_supervisors_verify_but_make_no_other_move(coordinator, supervisor, place, charity):
    pk = create(coordinator, place, charity)["id"]
    assert move(supervisor, pk, "agreed").status_code == 403
    assert Intervention.objects.get(pk=pk).status == "proposed"


def test_cancelling_needs_a_reason(coordinator, place, charity):
    pk = create(coordinator, place, charity)["id"]
    assert move(coordinator, pk, "cancelled").status_code == 400
    cancelled = move(coordinator, pk, "cancelled", "the partner withdrew").json()
    assert cancelled["status"] == "cancelled" and cancelled["status_note"] == "the partner withdrew"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"budget_planned": -1}, "budget_planned", "greater than or equal to 0"),
        ({"budget_spent": 10_000}, "funding_source", "funding source"),
        ({"planned_end": "1405/08/01"}, "planned_end", "before the planned start"),
        ({"actual_start": "2026-12-01", "actual_end": "2026-11-01"}, "actual_end", "before the actual start"),
        ({"neighborhoods": []}, "neighborhoods", ""),
        ({"neighborhoods": [999999]}, "neighborhoods", "999999"),
        ({"funding_source": 999999}, "funding_source", "999999"),
        ({"kind": "magic"}, "kind", "not a valid choice"),
        ({"status": "verified"}, "status", "Unknown field"),
        ({"planned_start": "1405/13/01"}, "planned_start", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(
    coordinator, place, charity, fields, field, words
):
    response = coordinator.post("/api/v1/interventions/", body(place, charity, **fields), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert words in str(response.json()["errors"][field])
    assert Intervention.objects.count() == 0


def test_a_bad_change_changes_nothing(coordinator, place, charity):
    pk = create(coordinator, place, charity)["id"]
    response = coordinator.patch(
        f"/api/v1/interventions/{pk}/", {"budget_spent": 5, "title": "new"}, format="json"
    )
    assert response.status_code == 400 and "funding_source" in response.json()["errors"]
    assert Intervention.objects.get(pk=pk).title == "لوله‌کشی آب"


def test_partner_contacts_only_for_coordinators_and_admins(
    coordinator, admin, planner, supervisor, place, charity
):
    pk = create(coordinator, place, charity)["id"]
    for client, sees in ((coordinator, True), (admin, True), (planner, False), (supervisor, False)):
        lead = client.get(f"/api/v1/interventions/{pk}/").json()["lead_partner_details"]
        assert ("phone" in lead) is sees and ("contact_name" in lead) is sees
        listed = client.get("/api/v1/interventions/").json()["results"][0]["lead_partner_details"]
        assert ("phone" in listed) is sees
        assert (charity.phone in client.get("/api/v1/interventions/").content.decode()) is sees


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "JPEG")
    return out.getvalue()


def put_document(client, pk, raw, key=None, content_type="application/pdf"):
    key = key or uuid.uuid4()
    return client.put(
        f"/api/v1/interventions/{pk}/documents/{key}/?name=قرارداد", raw, content_type=content_type
    )


def test_documents_are_pdfs_or_photos_by_their_bytes_and_stored_once(coordinator, planner, place, charity):
    pk = create(coordinator, place, charity)["id"]
    key = uuid.uuid4()
    assert put_document(coordinator, pk, _pdf(), key).status_code == 201
    assert put_document(coordinator, pk, _pdf(), key).status_code == 200  # a resend
    assert put_document(coordinator, pk, _jpeg(), key).status_code == 409
    assert put_document(coordinator, pk, _jpeg(), content_type="image/jpeg").status_code == 201
    pretend = put_document(coordinator, pk, b"%PDF-1.7 not really", content_type="application/pdf")
    assert pretend.status_code == 400 and "PDF cannot be read" in pretend.json()["detail"]
    html = put_document(coordinator, pk, b"<html>hello</html>", content_type="application/pdf")
    assert html.status_code == 400 and "neither a PDF nor a photo" in html.json()["detail"]
    assert put_document(planner, pk, _pdf()).status_code == 403
    documents = coordinator.get(f"/api/v1/interventions/{pk}/").json()["documents"]
    assert [d["content_type"] for d in documents] == ["application/pdf", "image/jpeg"]
    assert documents[0]["name"] == "قرارداد"
    download = planner.get(documents[0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_oversized_document_is_refused(coordinator, place, charity, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    pk = create(coordinator, place, charity)["id"]
    response = put_document(coordinator, pk, _pdf() + b"\n" * 2000)
    assert response.status_code == 413
    assert Intervention.objects.get(pk=pk).documents.count() == 0


def delivered(coordinator, place, partner, end: date):
    pk = create(coordinator, place, partner)["id"]
    for step in ("agreed", "in_progress"):
        move(coordinator, pk, step)
    day = end.isoformat()
    coordinator.patch(f"/api/v1/interventions/{pk}/", {"actual_start": day, "actual_end": day}, format="json")
    assert move(coordinator, pk, "delivered").json()["actual_end"] == day
    return pk


def report_seen(visitor, pk, when):
    payload = visit_payload(interventions_seen=[pk], visited_at=when.isoformat())
    response = visitor.post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 201, response.content
    return Visit.objects.get(client_uuid=payload["client_uuid"])


def status_of(client, pk):
    return client.get(f"/api/v1/interventions/{pk}/").json()


def test_a_counted_visit_after_the_end_verifies_and_an_earlier_or_rejected_one_does_not(
    coordinator, visitor, place, charity
):
    end = timezone.localdate() - timedelta(days=10)
    pk = delivered(coordinator, place, charity, end)
    before = report_seen(visitor, pk, timezone.now() - timedelta(days=20))
    assert status_of(coordinator, pk)["status"] == "delivered"
    after = report_seen(visitor, pk, timezone.now() - timedelta(days=2))
    shown = status_of(coordinator, pk)
    assert shown["status"] == "verified" and shown["verified_by_visit"] == after.pk
    assert before.pk != after.pk
    Visit.objects.filter(pk=after.pk).update(review_state="rejected")
    assert status_of(coordinator, pk)["status"] == "delivered"
    verified_only = coordinator.get("/api/v1/interventions/?status=verified").json()
    assert verified_only["count"] == 0


def test_a_visit_naming_an_unknown_intervention_is_refused(visitor):
    payload = visit_payload(interventions_seen=[987654])
    response = visitor.post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 400 and "987654" in str(response.json())
    assert not Visit.objects.filter(client_uuid=payload["client_uuid"]).exists()


def test_delivered_list_is_open_to_visitors_without_contacts(coordinator, visitor, place, charity):
    pk = delivered(coordinator, place, charity, timezone.localdate())
    create(coordinator, place, charity)  # proposed: not listed
    listed = visitor.get(f"/api/v1/interventions/delivered/?neighborhood={place.pk}")
    assert listed.status_code == 200 and [i["id"] for i in listed.json()] == [pk]
    assert charity.phone not in listed.content.decode()
    assert visitor.get("/api/v1/interventions/delivered/?neighborhood=x").status_code == 400


def test_budget_summary_adds_up_like_a_plain_sum(coordinator, planner, charity, source):
    mosque = PartnerFactory(kind="mosque", services=["food"])
    a = NeighborhoodFactory(code="S1", county="Qazvin", boundary=square(50.0, 36.25))
    b = NeighborhoodFactory(code="S2", county="Takestan", boundary=square(50.2, 36.25))
    rows = [
        ([a], charity, 300_000_000, 120_000_000, source.pk, "1405/02/01"),
        ([b], mosque, 50_000_000, None, None, "1405/09/01"),
        ([a, b], charity, 70_000_000, 70_000_000, source.pk, "1405/09/05"),
        ([b], mosque, 10_000_000, 0, None, "1404/03/01"),  # another year
    ]
    for places, partner, planned, spent, funding, start in rows:
        create(
            coordinator,
            places[0],
            partner,
            neighborhoods=[p.pk for p in places],
            kind="food",
            budget_planned=planned,
            budget_spent=spent,
            funding_source=funding,
            planned_start=start,
            planned_end=start,
        )
    summary = planner.get("/api/v1/interventions/summary/?period=۱۴۰۵").json()
    in_year = rows[:3]
    assert summary["period"] == "1405"
    assert summary["total"]["planned"] == sum(r[2] for r in in_year)
    assert summary["total"]["spent"] == sum(r[3] or 0 for r in in_year)
    assert summary["total"]["count"] == 3
    by_source = {g["key"]: g["spent"] for g in summary["by_funding_source"]}
    assert by_source == {str(source.pk): 190_000_000, None: 0}
    by_county = {g["key"]: g["planned"] for g in summary["by_county"]}
    assert by_county == {"Qazvin": 300_000_000, "Takestan": 50_000_000, None: 70_000_000}
    by_kind = {g["key"]: g["planned"] for g in summary["by_partner_kind"]}
    assert by_kind == {"charity": 370_000_000, "mosque": 50_000_000}
    for dimension in ("by_funding_source", "by_partner_kind", "by_county", "by_status"):
        assert sum(g["planned"] for g in summary[dimension]) == summary["total"]["planned"]
    month = planner.get("/api/v1/interventions/summary/?period=1405/09").json()
    assert month["total"]["count"] == 2
    assert planner.get("/api/v1/interventions/summary/?period=1405/13").status_code == 400
    everything = planner.get("/api/v1/interventions/summary/").json()
    assert everything["total"]["planned"] == sum(r[2] for r in rows)


def test_budget_exports_have_persian_headers_and_a_right_to_left_sheet(coordinator, planner, place, charity):
    create(coordinator, place, charity)
    csv_text = b"".join(
        planner.get("/api/v1/interventions/summary.csv", HTTP_ACCEPT_LANGUAGE="fa").streaming_content
    ).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("گروه‌بندی")
    assert "500000000" in csv_text
    from openpyxl import load_workbook

    response = planner.get("/api/v1/interventions/summary.xlsx", HTTP_ACCEPT_LANGUAGE="fa")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(2, 4).value == 500_000_000


def test_funding_sources_are_kept_by_admins(admin, coordinator, planner):
    made = admin.post("/api/v1/funding-sources/", {"name": "شهرداری"}, format="json")
    assert made.status_code == 201
    assert coordinator.post("/api/v1/funding-sources/", {"name": "x"}, format="json").status_code == 403
    assert [s["name"] for s in planner.get("/api/v1/funding-sources/").json()] == ["شهرداری"]
    retired = admin.patch(
        f"/api/v1/funding-sources/{made.json()['id']}/", {"is_active": False}, format="json"
    )
    assert retired.json()["is_active"] is False


def test_a_retired_funding_source_cannot_be_chosen(coordinator, place, charity, source):
    source.is_active = False
    source.save()
    response = coordinator.post(
        "/api/v1/interventions/", body(place, charity, funding_source=source.pk), format="json"
    )
    assert response.status_code == 400 and "no longer in use" in response.json()["detail"]


def test_every_move_is_one_status_change_row(coordinator, place, charity):
    pk = create(coordinator, place, charity)["id"]
    move(coordinator, pk, "agreed")
    move(coordinator, pk, "delivered")  # refused
    assert StatusChange.objects.filter(intervention_id=pk).count() == 2


def test_role_visitor_cannot_transition(make_client, coordinator, place, charity):
    pk = create(coordinator, place, charity)["id"]
    assert move(make_client(Role.VISITOR), pk, "agreed").status_code == 403


def test_the_page_form_takes_jalali_dates_and_tomans_and_refuses_bad_ones(
    client, coordinator, place, charity
):
    client.force_login(coordinator.user)
    form = {
        "title": "آب‌رسانی",
        "kind": "water_sanitation",
        "neighborhoods": [place.pk],
        "lead_partner": charity.pk,
        "planned_start": "۱۴۰۵/۰۹/۰۱",
        "budget_planned": "۲۵٬۰۰۰٬۰۰۰",
        "households": "۴۰",
    }
    bad = client.post("/interventions/new/", {**form, "planned_end": "1405/08/01"})
    assert bad.status_code == 400 and "پیش از شروع" in bad.content.decode()  # in Persian
    assert client.post("/interventions/new/", {**form, "budget_planned": "lots"}).status_code == 400
    assert Intervention.objects.count() == 0
    made = client.post("/interventions/new/", form)
    assert made.status_code == 302
    stored = Intervention.objects.get()
    assert (stored.budget_planned, stored.households, stored.planned_start) == (
        250_000_000,
        40,
        date(2026, 11, 22),
    )
    page = client.get(f"/interventions/{stored.pk}/").content.decode()
    assert 'value="۲۵٬۰۰۰٬۰۰۰"' in page and 'value="۱۴۰۵/۰۹/۰۱"' in page  # shown as typed


def test_visitors_cannot_open_the_interventions_pages(client, visitor):
    client.force_login(visitor.user)
    assert client.get("/interventions/").status_code == 403
    assert client.get("/interventions/new/").status_code == 403


def test_the_page_totals_count_every_match_not_only_the_listed_rows(
    client, coordinator, place, charity, monkeypatch
):
    monkeypatch.setattr("backend.interventions.views.LISTED", 1)
    create(coordinator, place, charity, budget_planned=100_000_000)
    create(coordinator, place, charity, budget_planned=300_000_000)
    client.force_login(coordinator.user)
    page = client.get("/interventions/").content.decode()
    assert page.count("<tr data-id=") == 1
    assert "۴۰٬۰۰۰٬۰۰۰ تومان" in page  # 400,000,000 rials planned in all
