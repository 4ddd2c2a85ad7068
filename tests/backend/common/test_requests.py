"""What every endpoint does with bad requests: clear 4xx, nothing written."""

import pytest

from backend.partners.models import Partner
from backend.surveys.models import Neighborhood, Visit

WRITE_ENDPOINTS = ["/api/v1/visits/", "/api/v1/neighborhoods/", "/api/v1/partners/", "/api/v1/liaisons/"]
READ_ENDPOINTS = [*WRITE_ENDPOINTS, "/api/schema/"]


def nothing_written() -> bool:
    return not (Visit.objects.exists() or Neighborhood.objects.exists() or Partner.objects.exists())


@pytest.mark.parametrize("url", WRITE_ENDPOINTS)
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"name": ', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"gps_accuracy_m": NaN}', "NaN is not allowed"),
        (b"[" * 100_000 + b"]" * 100_000, "nests JSON too deeply"),
        (b"[1, 2, 3]", "Expected a JSON object"),
    ],
)
def test_malformed_bodies(admin, url, raw, message):
    response = admin.generic("POST", url, raw, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert nothing_written()


@pytest.mark.parametrize("url", WRITE_ENDPOINTS)
def test_oversized_body_is_413(admin, url, settings):
    settings.MAX_JSON_BODY_BYTES = 10_000
    raw = b'{"notes": "' + b"x" * 20_000 + b'"}'
    response = admin.generic("POST", url, raw, content_type="application/json")
    assert response.status_code == 413
    assert "larger than 10000 bytes" in response.json()["detail"]
    assert nothing_written()


def test_wrong_content_type_is_415(admin):
    form = "application/x-www-form-urlencoded"
    response = admin.generic("POST", "/api/v1/visits/", b"a=b", content_type=form)
    assert response.status_code == 415


@pytest.mark.parametrize("url", WRITE_ENDPOINTS)
def test_anonymous_requests_are_401(outsider, url):
    assert outsider.get(url).status_code == 401
    assert outsider.post(url, {}, format="json").status_code == 401


def test_unknown_ids_are_404(admin):
    for url in ["/api/v1/visits/999/", "/api/v1/neighborhoods/999/", "/api/v1/partners/999/"]:
        response = admin.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_healthz_reports_versions(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"].startswith("PostgreSQL ")
    assert body["postgis"][0].isdigit()


def test_schema_is_openapi_3(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/visits/", "/api/v1/neighborhoods/", "/api/v1/partners/", "/api/v1/liaisons/"]:
        assert path in schema["paths"]


def test_schema_generation_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.parametrize("path", ["/accounts/login/", "/field/", "/healthz", "/api/v1/neighborhoods/"])
def test_security_headers_on_every_kind_of_response(client, db, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def policy_of(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, sources in directives}


@pytest.mark.parametrize("path", ["/accounts/login/", "/field/", "/api/docs/", "/api/v1/neighborhoods/"])
def test_content_security_policy_runs_only_our_own_scripts(client, db, path):
    policy = policy_of(client.get(path))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].startswith("'self'")
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert "http" not in " ".join(policy.values())  # nothing from another site


def test_base_map_host_is_the_only_other_image_source(settings):
    from backend.settings.base import _tile_origin

    assert _tile_origin("https://{s}.tiles.example.ir/{z}/{x}/{y}.png") == ["https://*.tiles.example.ir"]
    assert _tile_origin("") == []


@pytest.mark.parametrize(
    "query", ["page_size=0", "page_size=abc", "page_size=1001", "page_size=", "page=0", "page=-1", "page=x"]
)
def test_bad_page_parameters_are_400_naming_the_parameter(admin, query):
    response = admin.get(f"/api/v1/partners/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(query.split("=")[0] + ": Give a whole number")


def test_a_page_past_the_end_is_404_and_says_so(admin):
    response = admin.get("/api/v1/partners/?page=99")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no page 99")


def test_unknown_api_urls_answer_json_not_html(admin):
    for url in ("/api/v1/no-such-thing/", "/api/v1/partners/abc/", "/tiles/visits/x/1/2.pbf"):
        response = admin.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}
