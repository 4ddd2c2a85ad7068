"""The OpenRosa server, following the examples of https://docs.getodk.org/openrosa/ ."""

import base64
import hashlib
import io
import uuid
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.accounts.models import Role
from backend.openrosa.xform import forms
from backend.surveys.models import CHOICE_INDICATORS, Visit
from tests.factories import PASSWORD, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db
NS = {"x": "http://openrosa.org/xforms/xformsList", "m": "http://openrosa.org/xforms/xformsManifest"}
RESPONSE = "{http://openrosa.org/http/response}"


@pytest.fixture
def odk(client):
    """A client that signs every request with HTTP Basic, as ODK Collect does."""

    def sign_in(role=Role.VISITOR, user=None):
        user = user or UserFactory(role=role)
        credentials = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
        client.defaults["HTTP_AUTHORIZATION"] = f"Basic {credentials}"
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the phone's language; Persian checked below
        client.user = user
        return client

    return sign_in


def instance(
    instance_id=None,
    *,
    form_id="mahalleh_visit",
    water="unimproved",
    partners="",
    photo="",
    meta=True,
    extra="",
):
    instance_id = instance_id or uuid.uuid4()
    meta_xml = f"<meta><instanceID>uuid:{instance_id}</instanceID></meta>" if meta else ""
    return (
        f'<?xml version="1.0"?><data xmlns:jr="http://openrosa.org/javarosa" '
        f'xmlns:orx="http://openrosa.org/xforms" id="{form_id}" version="2026112801">'
        "<started>2026-11-28T10:00:00.000+03:30</started><ended>2026-11-28T10:20:00.000+03:30</ended>"
        "<location>36.255 50.005 1280.0 4.5</location>"
        f"<water>{water}</water><sanitation>improved</sanitation><housing>semi_durable</housing>"
        "<tenure>informal_deed</tenure><electricity>legal</electricity><waste>none</waste>"
        "<persons_per_room>3.5</persons_per_room><child_labour>yes</child_labour><addiction>unknown</addiction>"
        "<scavenging>no</scavenging><female_headed_households/><unemployment>yes</unemployment>"
        f"<partners_met>{partners}</partners_met><photo_1>{photo}</photo_1><photo_2/><photo_3/>"
        f"<notes>کوچه‌ها خاکی است</notes>{extra}{meta_xml}</data>"
    ).encode()


def jpeg(colour="red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def submit(client, xml: bytes, **photos: bytes):
    body = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
    body |= {name: SimpleUploadedFile(name, raw, "image/jpeg") for name, raw in photos.items()}
    return client.post("/openrosa/submission", body, HTTP_X_OPENROSA_VERSION="1.0")


def test_form_list_asks_for_basic_credentials(client):
    response = client.get("/openrosa/formList")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="Mahalleh"'
    assert response["X-OpenRosa-Version"] == "1.0"


def test_form_list_download_and_manifest_agree(odk):
    client = odk()
    PartnerFactory(name="مسجد جامع", kind="mosque")
    retired = PartnerFactory(name="قدیمی", is_active=False)
    listing = client.get("/openrosa/formList")
    assert listing.status_code == 200 and listing["Content-Type"].startswith("text/xml")
    assert listing["X-OpenRosa-Version"] == "1.0"
    (xform,) = ElementTree.fromstring(listing.content).findall("x:xform", NS)
    assert xform.findtext("x:formID", namespaces=NS) == "mahalleh_visit"
    assert xform.findtext("x:version", namespaces=NS) == "2026120201"
    assert xform.findtext("x:name", namespaces=NS) == "بازدید محله"
    download_url = xform.findtext("x:downloadUrl", namespaces=NS)
    assert download_url == "http://testserver/openrosa/forms/mahalleh_visit/form.xml"
    form = client.get(download_url)
    assert xform.findtext("x:hash", namespaces=NS) == "md5:" + hashlib.md5(form.content).hexdigest()
    manifest = ElementTree.fromstring(client.get(xform.findtext("x:manifestUrl", namespaces=NS)).content)
    media, assignments, interventions = manifest.findall("m:mediaFile", NS)
    assert media.findtext("m:filename", namespaces=NS) == "partners.csv"
    assert assignments.findtext("m:filename", namespaces=NS) == "assignments.csv"
    assert interventions.findtext("m:filename", namespaces=NS) == "interventions.csv"
    csv_body = client.get(media.findtext("m:downloadUrl", namespaces=NS)).content
    assert media.findtext("m:hash", namespaces=NS) == "md5:" + hashlib.md5(csv_body).hexdigest()
    text = csv_body.decode()
    assert text.startswith("name,label") and "مسجد جامع" in text and str(retired.pk) + "," not in text
    assert client.get("/openrosa/formList?formID=other").content.count(b"<xform>") == 0


def test_the_xform_is_made_by_pyxform_and_asks_what_the_field_app_asks():
    form = forms()["mahalleh_visit"]
    root = ElementTree.fromstring(form.xml)
    html = "{http://www.w3.org/1999/xhtml}"
    xf = "{http://www.w3.org/2002/xforms}"
    (data,) = root.find(f"{html}head/{xf}model/{xf}instance")
    asked = {child.tag.removeprefix(xf) for child in data}
    core = {"location", "started", "notes", "persons_per_room", "partners_met", *CHOICE_INDICATORS}
    core |= {"child_labour", "addiction", "scavenging", "female_headed_households", "unemployment", "meta"}
    assert core <= asked
    binds = {bind.attrib["nodeset"]: bind.attrib for bind in root.iter(f"{xf}bind")}
    assert binds["/data/location"]["type"] == "geopoint" and binds["/data/location"]["required"] == "true()"
    assert binds["/data/meta/instanceID"]["{http://openrosa.org/javarosa}preload"] == "uid"
    # The choices are the Visit model's own codes, so a submission maps onto the API unchanged.
    for name, choices in CHOICE_INDICATORS.items():
        (choice_list,) = [i for i in root.iter(f"{xf}instance") if i.attrib.get("id") == name]
        assert {n.text for n in choice_list.iter(f"{xf}name")} == {choice.value for choice in choices}, name
    assert 'lang="فارسی (fa)" default="true()"' in form.xml.decode()


def test_head_is_the_pre_check(odk, client):
    assert client.head("/openrosa/submission").status_code == 401
    response = odk().head("/openrosa/submission")
    assert response.status_code == 204
    assert response["X-OpenRosa-Accept-Content-Length"] == str(30 * 1024 * 1024)


def test_submission_lands_as_a_visit_with_its_photo(odk):
    client = odk()
    partner = PartnerFactory()
    instance_id = uuid.uuid4()
    response = submit(
        client, instance(instance_id, partners=str(partner.pk), photo="a.jpg"), **{"a.jpg": jpeg()}
    )
    assert response.status_code == 201, response.content
    message = ElementTree.fromstring(response.content).find(f"{RESPONSE}message")
    assert message.attrib["nature"] == "submit_success"
    visit = Visit.objects.get(client_uuid=instance_id)
    assert (visit.point.x, visit.point.y, visit.gps_accuracy_m) == (50.005, 36.255, 4.5)
    assert visit.visited_at.isoformat() == "2026-11-28T06:30:00+00:00"
    assert (visit.water, visit.child_labour, visit.addiction, visit.scavenging) == (
        "unimproved",
        True,
        None,
        False,
    )
    assert visit.female_headed_households is None and float(visit.persons_per_room) == 3.5
    assert list(visit.partners_met.all()) == [partner] and visit.visitor == client.user
    assert visit.form_version == "odk-2026112801" and visit.photos.count() == 1


def test_identical_resubmission_is_202_and_adds_new_photos_only(odk):
    client = odk()
    instance_id = uuid.uuid4()
    xml = instance(instance_id, photo="a.jpg")
    assert submit(client, xml, **{"a.jpg": jpeg()}).status_code == 201
    again = submit(client, xml, **{"a.jpg": jpeg()})
    assert again.status_code == 202 and b"0 new photos" in again.content
    # ODK splits a big submission: the same XML comes again with the rest of its photos.
    split = submit(client, instance(instance_id, photo="a.jpg"), **{"a.jpg": jpeg(), "b.jpg": jpeg("blue")})
    assert split.status_code == 202
    assert Visit.objects.filter(client_uuid=instance_id).count() == 1


def test_other_answers_under_a_stored_instance_id_are_409(odk):
    client = odk()
    instance_id = uuid.uuid4()
    assert submit(client, instance(instance_id)).status_code == 201
    response = submit(client, instance(instance_id, water="none"))
    assert response.status_code == 409
    assert Visit.objects.get(client_uuid=instance_id).water == "unimproved"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<data id="mahalleh_visit"><notes>&lol3;</notes></data>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<data id="mahalleh_visit"><notes>&x;</notes></data>"""


@pytest.mark.parametrize(
    ("xml", "status", "message"),
    [
        (instance(meta=False), 400, "no meta/instanceID"),
        (instance(form_id="household_census"), 404, "No form 'household_census' here"),
        (BOMB, 400, "DTD or entities"),
        (EXTERNAL, 400, "DTD or entities"),
        (b"<data id='mahalleh_visit'><notes>", 400, "not well-formed"),
        (instance(water="lake"), 400, "water"),
        (instance(partners="999999"), 400, "Partner 999999 does not exist"),
    ],
)
def test_bad_submissions_are_refused_with_a_message_and_nothing_stored(odk, xml, status, message):
    response = submit(odk(), xml)
    assert response.status_code == status, response.content
    assert message in ElementTree.fromstring(response.content).findtext(f"{RESPONSE}message")
    assert Visit.objects.count() == 0


def test_a_bad_photo_stores_nothing_and_a_missing_xml_part_is_400(odk):
    client = odk()
    response = submit(client, instance(photo="a.jpg"), **{"a.jpg": b"GIF89a not a photo"})
    assert response.status_code == 400 and b"a.jpg" in response.content
    assert Visit.objects.count() == 0
    assert (
        client.post("/openrosa/submission", {"other": SimpleUploadedFile("x.xml", b"<x/>")}).status_code
        == 400
    )


def test_oversized_submission_is_413(odk, settings):
    settings.OPENROSA_MAX_SUBMISSION_BYTES = 1000
    response = submit(odk(), instance(photo="a.jpg"), **{"a.jpg": jpeg()})
    assert response.status_code == 413 and Visit.objects.count() == 0


def test_only_field_roles_submit_and_wrong_passwords_are_refused(odk, client):
    assert submit(odk(Role.PLANNER), instance()).status_code == 403
    client.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(b"nobody:wrong").decode()
    assert submit(client, instance()).status_code == 401
    assert Visit.objects.count() == 0


def test_messages_follow_the_phones_language(odk):
    client = odk()
    response = client.post(
        "/openrosa/submission",
        {"xml_submission_file": SimpleUploadedFile("s.xml", instance(meta=False), "text/xml")},
        HTTP_ACCEPT_LANGUAGE="fa",
    )
    assert response.status_code == 400
    assert "چیزی ذخیره نشد" in ElementTree.fromstring(response.content).findtext(f"{RESPONSE}message")


def test_odk_offers_delivered_interventions_near_the_point_and_a_submission_verifies_one(odk, make_client):
    """The form lists delivered interventions with a box around their neighbourhoods (ODK filters
    them by the visit's point); ticking one in a later visit verifies it."""
    from datetime import date

    from backend.interventions.models import Intervention
    from backend.interventions.selectors import with_status
    from backend.interventions.services import intervention_create, intervention_transition
    from tests.factories import NeighborhoodFactory, PartnerFactory, square

    place = NeighborhoodFactory(code="OD", boundary=square(50.0, 36.25))
    coordinator = make_client("coordinator").user
    made = intervention_create(
        created_by=coordinator,
        neighborhoods=[place],
        lead_partner=PartnerFactory(services=["water_sanitation"]),
        kind="water_sanitation",
        title="لوله‌کشی",
    )
    end = date(2026, 11, 20)  # before the instance's visit (2026-11-28)
    for step in ("agreed", "in_progress"):
        intervention_transition(intervention=made, status=step, note="", actor=coordinator)
    Intervention.objects.filter(pk=made.pk).update(actual_start=end, actual_end=end)
    intervention_transition(intervention=made, status="delivered", note="", actor=coordinator)
    odk = odk()
    listed = odk.get("/openrosa/forms/mahalleh_visit/media/interventions.csv").content.decode()
    row = listed.splitlines()[1].split(",")
    assert row[0] == str(made.pk) and "لوله‌کشی" in row[1]
    assert [float(v) for v in row[2:]] == pytest.approx([50.0, 36.25, 50.01, 36.26])
    xform = forms()["mahalleh_visit"].xml.decode()
    assert "interventions_seen" in xform and "selected-at" in xform
    response = submit(odk, instance(extra=f"<interventions_seen>{made.pk}</interventions_seen>"))
    assert response.status_code == 201, response.content
    assert with_status(Intervention.objects.filter(pk=made.pk)).get().current_status == "verified"
