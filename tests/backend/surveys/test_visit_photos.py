"""PUT/GET /api/v1/visits/<client_uuid>/photos/<photo_uuid>/: stored once, checked by bytes, no EXIF."""

import io
import uuid

import pytest
from PIL import Image

from backend.accounts.models import Role
from backend.surveys.models import VisitPhoto
from backend.surveys.photos import EXIF_ORIENTATION
from backend.surveys.services import MAX_PHOTOS_PER_VISIT
from tests.factories import VisitFactory

GPS_IFD = 0x8825
ARTIST = 0x013B


def url(visit, photo_uuid=None) -> str:
    return f"/api/v1/visits/{visit.client_uuid}/photos/{photo_uuid or uuid.uuid4()}/"


def image_bytes(fmt: str = "JPEG", size=(64, 48), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt, **save)
    return out.getvalue()


def phone_jpeg() -> bytes:
    """A JPEG as a phone writes it: orientation, GPS position, owner name, a comment."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    exif[ARTIST] = "Reza Ahmadi"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 15.0, 30.0), 3: "E", 4: (50.0, 0.0, 20.0)})
    return image_bytes(exif=exif.tobytes(), comment=b"home of family X")


def put(client, target: str, body: bytes, content_type: str = "image/jpeg"):
    return client.put(target, data=body, content_type=content_type)


@pytest.fixture
def own_visit(visitor):
    return VisitFactory(visitor=visitor.user)


def test_a_photo_is_stored_once_and_listed_on_the_visit(visitor, own_visit):
    target = url(own_visit)
    body = image_bytes()
    first = put(visitor, target, body)
    assert first.status_code == 201, first.data
    again = put(visitor, target, body)
    assert again.status_code == 200
    assert again.json()["photo_uuid"] == first.json()["photo_uuid"]
    assert VisitPhoto.objects.count() == 1
    listed = visitor.get(f"/api/v1/visits/{own_visit.pk}/").json()["properties"]["photos"]
    assert [p["photo_uuid"] for p in listed] == [first.json()["photo_uuid"]]
    assert listed[0]["url"].endswith(target)
    assert (listed[0]["width"], listed[0]["height"], listed[0]["content_type"]) == (64, 48, "image/jpeg")


def test_other_bytes_under_a_stored_photo_uuid_are_a_conflict(visitor, own_visit):
    target = url(own_visit)
    put(visitor, target, image_bytes())
    response = put(visitor, target, image_bytes(size=(10, 10)))
    assert response.status_code == 409
    assert VisitPhoto.objects.get().width == 64


def test_stored_photos_keep_orientation_and_no_other_metadata(visitor, own_visit):
    response = put(visitor, url(own_visit), phone_jpeg())
    assert response.status_code == 201
    with VisitPhoto.objects.get().image.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert dict(exif) == {EXIF_ORIENTATION: 6}
        assert not exif.get_ifd(GPS_IFD)
        assert "comment" not in image.info and "xmp" not in image.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_by_their_bytes_whatever_the_declared_type(visitor, own_visit, fmt):
    response = put(visitor, url(own_visit), image_bytes(fmt), content_type="application/octet-stream")
    assert response.status_code == 201
    assert response.json()["content_type"] == f"image/{fmt.lower()}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (image_bytes("GIF"), "The photo is a GIF image; send JPEG, PNG or WebP."),
        (b"%PDF-1.7 not a photo at all", "The file is not an image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "The file is not an image"),
        (image_bytes()[:200], "The image cannot be read"),
    ],
)
def test_bytes_that_are_not_an_accepted_photo_are_refused(visitor, own_visit, body, message):
    response = put(visitor, url(own_visit), body)  # declared as image/jpeg: the bytes decide
    assert response.status_code == 400
    assert response.json()["errors"]["photo"][0].startswith(message)
    assert VisitPhoto.objects.count() == 0


def test_a_decompression_bomb_is_refused_before_decoding(visitor, own_visit):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # 64 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    response = put(visitor, url(own_visit), out.getvalue())
    assert response.status_code == 400
    assert "8000×8000 pixels; at most 40,000,000 pixels" in response.json()["detail"]
    assert VisitPhoto.objects.count() == 0


def test_a_photo_over_the_size_limit_is_413(visitor, own_visit, settings):
    settings.PHOTO_MAX_BYTES = 1000
    response = put(visitor, url(own_visit), image_bytes(size=(400, 400)))
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["detail"]
    assert VisitPhoto.objects.count() == 0


def test_a_visit_takes_a_limited_number_of_photos(visitor, own_visit):
    for _ in range(MAX_PHOTOS_PER_VISIT):
        assert put(visitor, url(own_visit), image_bytes()).status_code == 201
    response = put(visitor, url(own_visit), image_bytes())
    assert response.status_code == 400
    assert f"at most {MAX_PHOTOS_PER_VISIT} photos" in response.json()["detail"]


def test_photos_go_only_to_your_own_stored_visit(make_client, visitor, own_visit):
    other = make_client(Role.VISITOR)
    assert put(other, url(own_visit), image_bytes()).status_code == 404
    missing = VisitFactory.build(client_uuid=uuid.uuid4())
    response = put(visitor, url(missing), image_bytes())
    assert response.status_code == 404
    assert "send the visit first" in response.json()["detail"]
    assert put(make_client(Role.PLANNER), url(own_visit), image_bytes()).status_code == 403
    assert VisitPhoto.objects.count() == 0


def test_photo_download_follows_visit_access(make_client, visitor, own_visit):
    target = url(own_visit)
    put(visitor, target, image_bytes())
    mine = visitor.get(target)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(mine.streaming_content))).size == (64, 48)
    assert make_client(Role.PLANNER).get(target).status_code == 200
    assert make_client(Role.VISITOR).get(target).status_code == 404
    assert make_client(None).get(target).status_code == 401
