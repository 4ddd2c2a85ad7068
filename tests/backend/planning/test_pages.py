"""The priority map and neighbourhood pages: who may open them, and what they show."""

import io
import re
from html import unescape

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from backend.accounts.models import Role
from backend.exports.formats import FORMATS
from tests.factories import NeighborhoodFactory, PartnerFactory, UserFactory, VisitFactory, square


@pytest.fixture
def town(db):
    visited = NeighborhoodFactory(code="V", name="کوی <b>لاله</b>", boundary=square(50.0, 36.25))
    unseen = NeighborhoodFactory(code="U", name="کوی نرگس", boundary=square(50.02, 36.25))
    for _ in range(3):
        VisitFactory(point=Point(50.005, 36.255, srid=4326), water="none", tenure="none")
    PartnerFactory(kind="ngo", name="<img src=x onerror=alert(1)>", point=Point(50.006, 36.256, srid=4326))
    call_command("recompute_scores", "--no-progress", stdout=io.StringIO())
    return visited, unseen


@pytest.fixture
def page_client(client):
    def sign_in(role):
        client.force_login(UserFactory(role=role))
        return client

    return sign_in


@pytest.mark.parametrize("role", [Role.PLANNER, Role.COORDINATOR, Role.ADMIN])
def test_planning_roles_open_the_pages(page_client, town, role):
    client = page_client(role)
    visited, _unseen = town
    html = client.get("/maps/priority/").content.decode()
    assert "کوی نرگس" in html and "نامعلوم" in html  # the never-visited one, as unknown
    page = client.get(f"/maps/neighborhoods/{visited.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "چرا این امتیاز" in text and "نبود آب سالم" in text
    assert re.search(r"۱۴۰\d/\d\d", text)  # Jalali months in Persian digits


@pytest.mark.parametrize("url", ["/maps/priority/", "/maps/priority/map/", "/maps/neighborhoods/{pk}/"])
def test_visitors_cannot_open_planner_pages(page_client, town, url):
    response = page_client(Role.VISITOR).get(url.format(pk=town[0].pk))
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client, town):
    response = client.get("/maps/priority/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_profile_page_is_400_with_a_message(page_client, town):
    response = page_client(Role.PLANNER).get("/maps/priority/", {"profile": "nope"})
    assert response.status_code == 400
    assert "nope" in response.content.decode()
    assert page_client(Role.PLANNER).get("/maps/neighborhoods/999999/").status_code == 404


def test_names_are_text_not_markup_in_maps(page_client, town):
    client = page_client(Role.PLANNER)
    for url in ("/maps/priority/map/", f"/maps/neighborhoods/{town[0].pk}/"):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html and "<b>لاله" not in html
        # Inside the map document (the iframe's src or srcdoc), names are escaped
        # again, because the map's popups and tooltips insert them as HTML.
        srcdoc = re.findall(r'srcdoc="([^"]*)"', html)
        document = unescape(srcdoc[0]) if srcdoc else html
        # Folium writes the data as JSON with \uXXXX escapes: read those too.
        document = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), document)
        if "priority" in url:  # the names come in the tiles; tooltips put them in as text nodes
            assert "لاله" not in document and "createTextNode" in document
            continue
        assert "<b>لاله" not in document and "&lt;b&gt;لاله" in document
        if "neighborhoods" in url:
            assert "<img src=x" not in document and "&lt;img src=x" in document


def test_many_visits_come_as_tiles_not_inline(page_client, town, settings):
    settings.MAP_INLINE_VISITS_MAX = 2
    html = page_client(Role.PLANNER).get("/maps/priority/map/").content.decode()
    assert "/tiles/visits/{z}/{x}/{y}.pbf" in html
    assert "vectorgrid/Leaflet.VectorGrid.bundled.min.js" in html


INLINE_HANDLER = r"<[a-zA-Z][^<>]*\son[a-z]+\s*="


def test_map_scripts_carry_the_pages_nonce(page_client, town):
    client = page_client(Role.PLANNER)
    for url in ("/maps/priority/map/", f"/maps/neighborhoods/{town[0].pk}/"):
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        srcdoc = re.findall(r'srcdoc="([^"]*)"', html)
        document = unescape(srcdoc[0]) if srcdoc else html
        scripts = re.findall(r"<script\b[^>]*>", document)
        assert any("src=" not in tag for tag in scripts)  # the inline map script itself
        assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
        # No inline event handlers in the page or the map: the policy would block them.
        page = re.sub(r'srcdoc="[^"]*"', "", html)
        for markup in (page, document):
            assert not re.search(INLINE_HANDLER, markup)
    assert not re.search(INLINE_HANDLER, client.get("/maps/priority/").content.decode())


@pytest.mark.parametrize(("role", "sees_phones"), [(Role.COORDINATOR, True), (Role.PLANNER, False)])
def test_the_page_names_its_imam_mahalleh_and_links_its_pdf(page_client, town, role, sees_phones):
    from tests.factories import LiaisonFactory, default_profile

    default_profile()
    visited, _unseen = town
    LiaisonFactory(name="شیخ احمدی", phone="+989351112233").neighborhoods.add(visited)
    LiaisonFactory(name="بازنشسته", is_active=False).neighborhoods.add(visited)
    text = page_client(role).get(f"/maps/neighborhoods/{visited.pk}/").content.decode()
    assert "شیخ احمدی" in text and "بازنشسته" not in text  # active liaisons only
    assert ("+989351112233" in text) is sees_phones
    assert f'data-export-url="/api/v1/reports/neighborhoods/{visited.pk}.pdf"' in text


def test_the_priority_table_offers_every_export_format_of_its_profile(page_client, town):
    html = page_client(Role.PLANNER).get("/maps/priority/").content.decode()
    form = html[html.index('<form class="export-job') :]
    form = form[: form.index("</form>")]
    assert "/api/v1/exports/neighborhoods.csv" in form and "profile=" in form
    assert re.findall(r'<option value="([\w.]+)">', form) == list(FORMATS)
