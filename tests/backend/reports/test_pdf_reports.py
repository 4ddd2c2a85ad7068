"""The PDF reports: read back with a PDF text extractor, for the words, pages, fonts and privacy;
drawn to PNG for a person to look at; and nothing fetched from off the machine while rendering."""

import io
import socket
from datetime import timedelta
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.utils import timezone
from PIL import Image
from weasyprint import HTML

from backend.accounts.models import Role
from backend.fieldwork.models import Team
from backend.jobs.models import Job
from backend.planning.services import scores_recompute
from backend.reports import pdf
from backend.reports.pdf import LocalFetcher
from geo.text import to_persian_digits
from tests.browser import ARTIFACTS
from tests.factories import (
    LiaisonFactory,
    NeighborhoodFactory,
    PartnerFactory,
    VisitFactory,
    default_profile,
    square,
)
from tests.jobs import clear_queue, run_worker

pytestmark = pytest.mark.django_db
PHONE = "+989121234567"
LIAISON_PHONE = "+989351112233"


@pytest.fixture
def place(make_client):
    profile = default_profile()
    area = NeighborhoodFactory(name="کوی فرهنگیان", code="QZ-017", county="قزوین", boundary=square(50, 36.25))
    mosque = PartnerFactory(name="مسجد جامع", phone=PHONE, point=area.boundary.point_on_surface)
    LiaisonFactory(name="شیخ رضایی", mosque=mosque, phone=LIAISON_PHONE).neighborhoods.add(area)
    visitor = make_client(Role.VISITOR)
    visit = None
    for days in (3, 40, 70):
        visit = VisitFactory(
            visitor=visitor.user,
            point=area.boundary.point_on_surface,
            visited_at=timezone.now() - timedelta(days=days),
            review_state="approved",
            water="unimproved",
            housing="non_durable",
            child_labour=True,
        )
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 60)).save(photo, "JPEG")
    answer = visitor.put(
        f"/api/v1/visits/{visit.client_uuid}/photos/0b8f2a64-3f0e-4f5e-9a49-5d1c0d7e2a10/",
        data=photo.getvalue(),
        content_type="image/jpeg",
    )
    assert answer.status_code == 201, answer.content
    scores_recompute(profiles=[profile], as_of=timezone.now() - timedelta(days=30))
    scores_recompute(profiles=[profile])  # two points of history draw the score-over-time chart
    return area


@pytest.fixture
def spy(monkeypatch):
    """The reports' own fetcher, kept so a test can read what it fetched and refused."""
    made: list[LocalFetcher] = []
    real = pdf.fetcher

    def keep() -> LocalFetcher:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(pdf, "fetcher", keep)
    return made


def read(answer) -> pypdf.PdfReader:
    assert answer.status_code == 200, answer.content[:300]
    assert answer["Content-Type"] == "application/pdf" and "no-store" in answer["Cache-Control"]
    return pypdf.PdfReader(io.BytesIO(answer.content))


def plain(text: str) -> str:
    """Text as extractors return Persian: without zero-width non-joiners or hamza above (PDFium
    puts ٔ after the letter that follows it), one space between words."""
    return " ".join(text.replace("\u200c", "").replace("\u0654", "").split())


def page_texts(content: bytes) -> list[str]:
    """Each page's text in reading order, plain. PDFium's extractor, not pypdf's: pypdf gives the
    digits of a right-to-left line in the order they are drawn (۱۴۰۵ as ۵۰۴۱). Neither gives the
    lam-alef ligature back as لا, so the names here have none."""
    return [plain(page.get_textpage().get_text_bounded()) for page in pypdfium2.PdfDocument(content)]


def text_of(answer) -> str:
    return "\n".join(page_texts(answer.content))


def embedded_fonts(document: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in document.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(str(descendant.get_object()["/BaseFont"]))
    return names


def save_pages(content: bytes, name: str) -> list[Path]:
    """Each page as a PNG beside the browser tests' screenshots, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    paths = []
    for number, page in enumerate(pypdfium2.PdfDocument(content), start=1):
        paths.append(ARTIFACTS / f"{name}-{number}.png")
        page.render(scale=1.4).to_pil().save(paths[-1])
    return paths


def test_a_neighbourhood_profile_is_a_persian_pdf_with_its_fonts_and_nothing_fetched(make_client, place, spy):
    answer = make_client(Role.COORDINATOR).get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf?lang=fa")
    document = read(answer)
    text = text_of(answer)
    assert "کوی فرهنگیان" in text  # the name, shaped and extractable as text
    assert "QZ-017" in document.pages[0].extract_text()  # PDFium gives a code in Persian as -017QZ
    assert "مسجد جامع" in text and "شیخ رضایی" in text  # its partner and its Imam Mahalleh
    assert PHONE in text and LIAISON_PHONE in text  # a coordinator reads the contacts
    assert f"صفحه ۱ از {to_persian_digits(str(len(document.pages)))}" in text  # page numbers
    assert len(document.pages) >= 1
    assert any("Vazirmatn" in name for name in embedded_fonts(document))
    (used,) = spy
    assert used.refused == [] and all(url.startswith(("file:", "data:")) for url in used.fetched)
    assert any(url.endswith("Vazirmatn-Regular.ttf") for url in used.fetched)
    assert save_pages(answer.content, "report-neighborhood")


def test_a_planner_reads_the_profile_without_phone_numbers(make_client, place):
    answer = make_client(Role.PLANNER).get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf")
    read(answer)
    text = text_of(answer)
    assert "مسجد جامع" in text and "شیخ رضایی" in text
    assert PHONE[3:] not in text and LIAISON_PHONE[3:] not in text


def test_the_profile_in_english(make_client, place):
    answer = make_client(Role.ADMIN).get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf?lang=en")
    read(answer)
    text = text_of(answer)
    assert "Why this score" in text and "Page 1 of" in text and "کوی فرهنگیان" in text


def test_the_monthly_report_has_a_cover_and_the_jalali_month(make_client, place, spy):
    answer = make_client(Role.PLANNER).get("/api/v1/reports/monthly.pdf?year=۱۴۰۵&month=9&lang=fa")
    document = read(answer)
    cover, *rest = page_texts(answer.content)
    assert rest  # the cover, then the figures
    assert "آذر ۱۴۰۵" in cover  # the month by name, the year in Persian digits
    assert "صفحه" not in cover  # the cover carries no page number
    assert f"صفحه ۲ از {to_persian_digits(str(len(document.pages)))}" in rest[0]
    assert "قزوین" in "".join(rest)  # the county's row
    assert any("Vazirmatn" in name for name in embedded_fonts(document))
    assert spy[0].refused == []
    assert save_pages(answer.content, "report-monthly")


def test_the_monthly_report_in_english_names_the_month_in_english(make_client, db):
    answer = make_client(Role.ADMIN).get("/api/v1/reports/monthly.pdf?year=1404&month=12&lang=en")
    read(answer)
    assert "Esfand 1404" in page_texts(answer.content)[0]


def test_nothing_remote_is_fetched_while_rendering_even_when_a_page_asks():
    """A listening socket on this machine stands for a server: the PDF engine never connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/logo.png"
    local = pdf.fetcher()
    html = f'<p>x</p><img src="{url}"><link rel="stylesheet" href="{url}.css">'
    assert HTML(string=html, url_fetcher=local).write_pdf().startswith(b"%PDF")
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()
    assert sorted(local.refused) == [url, f"{url}.css"]


def test_the_fetcher_refuses_files_outside_the_static_folders():
    local = pdf.fetcher()
    assert not local._allowed("file:///etc/passwd")
    assert not local._allowed("file:///work/../etc/passwd")
    assert local._allowed("data:text/plain,x")


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("year=1405&month=13", "month"),
        ("year=1405&month=0", "month"),
        ("year=1200&month=1", "year"),
        ("year=soon&month=1", "year"),
        ("month=1", "year"),
        ("year=1405&month=1&lang=de", "lang"),
        ("year=1405&month=1&colour=red", "colour"),
    ],
)
def test_a_bad_monthly_request_is_a_400_in_json_that_says_why(make_client, db, query, says):
    answer = make_client(Role.PLANNER).get(
        f"/api/v1/reports/monthly.pdf?{query}", HTTP_ACCEPT="application/pdf"
    )
    assert answer.status_code == 400 and answer["Content-Type"].startswith("application/json")
    assert says in str(answer.json())


def test_who_may_have_which_report(make_client, place):
    assert make_client(Role.VISITOR).get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf").status_code == 403
    assert make_client(Role.VISITOR).get("/api/v1/reports/monthly.pdf?year=1405&month=9").status_code == 403
    assert make_client(None).get("/api/v1/reports/monthly.pdf?year=1405&month=9").status_code in (401, 403)
    missing = make_client(Role.PLANNER).get("/api/v1/reports/neighborhoods/999999.pdf")
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]
    supervisor = make_client(Role.SUPERVISOR)
    team = Team.objects.create(name="شرق")
    team.supervisors.add(supervisor.user)
    team.neighborhoods.add(NeighborhoodFactory(boundary=square(50.3, 36.25)))
    outside = supervisor.get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf")
    assert outside.status_code == 404  # another team's neighbourhood: as if it were not there


def test_without_a_default_profile_the_profile_report_says_so(make_client, place):
    from backend.planning.models import WeightProfile

    WeightProfile.objects.update(is_default=False)
    answer = make_client(Role.PLANNER).get(f"/api/v1/reports/neighborhoods/{place.pk}.pdf")
    assert answer.status_code == 409 and "default weight profile" in answer.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_a_report_job_makes_the_pdf_its_owner_downloads_in_their_language(make_client, place):
    clear_queue()
    coordinator = make_client(Role.COORDINATOR)
    queued = coordinator.post("/api/v1/reports/monthly.pdf?year=1405&month=9&lang=fa")
    assert queued.status_code == 202, queued.content
    again = coordinator.post("/api/v1/reports/monthly.pdf?year=1405&month=9&lang=fa")
    assert again.status_code == 202
    profile = coordinator.post(f"/api/v1/reports/neighborhoods/{place.pk}.pdf")
    assert profile.status_code == 202
    run_worker()
    job = coordinator.get(queued.json()["job"]).json()
    assert job["state"] == "done" and job["filename"] == "mahalleh-1405-09.pdf" and job["progress"] == 1.0
    download = coordinator.get(job["download"])
    content = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert "آذر ۱۴۰۵" in page_texts(content)[0]
    made = coordinator.get(coordinator.get(profile.json()["job"]).json()["download"])
    text = "".join(page_texts(b"".join(made.streaming_content)))
    assert "کوی فرهنگیان" in text and PHONE in text  # the coordinator's own view, contacts and all
    assert make_client(Role.PLANNER).get(job["download"]).status_code == 404  # not theirs


def test_a_report_job_is_refused_before_it_is_queued_when_the_request_is_wrong(make_client, place):
    planner = make_client(Role.PLANNER)
    assert planner.post("/api/v1/reports/monthly.pdf?year=1405&month=13").status_code == 400
    assert planner.post("/api/v1/reports/neighborhoods/999999.pdf").status_code == 404
    assert make_client(Role.VISITOR).post("/api/v1/reports/monthly.pdf?year=1405&month=9").status_code == 403
    assert not Job.objects.exists()
