"""The field app's shell, service worker and manifest as the server sends them."""

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders

from fieldapp.views import STATIC_ASSETS, app_config


def test_the_shell_is_persian_rtl_and_loads_only_our_own_files(client, db):  # db: the base map
    response = client.get("/field/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "#/")) for s in sources), sources
    config = json.loads(
        re.search(r'<script id="field-config" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert config["gpsWarnMetres"] == 50
    assert config["form"]["fa"]["choices"]["water"]["label"] == "آب"
    assert config["form"]["en"]["choices"]["water"]["label"] == "water"


def test_every_asset_the_service_worker_caches_exists_and_ours_load_nothing_remote():
    for name in STATIC_ASSETS:
        path = finders.find(name)
        assert path, name
        # Our own code; the vendored files are checked in the browser (no request leaves).
        if name.startswith("fieldapp/") and name.endswith((".js", ".css")):
            text = Path(path).read_text(encoding="utf-8")
            assert not re.search(r"""(?:src|href|url)\(?\s*=?\s*["']?https?://""", text), name


def test_every_module_of_the_app_is_cached_for_offline_use():
    """A module the app imports but the service worker does not keep breaks the app offline."""
    folder = Path(finders.find("fieldapp/app.js")).parent
    modules = {f"fieldapp/{path.name}" for path in folder.glob("*.js")}
    assert modules and modules <= set(STATIC_ASSETS), sorted(modules - set(STATIC_ASSETS))


def test_the_service_worker_is_versioned_and_never_cached_by_http(client, db):
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert f'const VERSION = "{app_config()["version"]}"' in body
    assert "/static/fieldapp/app.js" in body and '"/field/"' in body


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/field/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    assert (manifest["lang"], manifest["dir"]) == ("fa", "rtl")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_default_base_map_reaches_the_phone_and_a_new_one_changes_the_version(client, db, tmp_path):
    from backend.basemaps.services import basemap_add
    from tests.basemaps import mbtiles

    before = app_config()
    assert before["tileUrl"] == ""
    basemap_add(name="qazvin", source=mbtiles(tmp_path / "q.mbtiles"), is_default=True)
    after = app_config()
    assert after["tileUrl"].startswith("/basemaps/qazvin/{z}/{x}/{y}.png?v=")
    assert (after["tileMinZoom"], after["tileMaxZoom"]) == (10, 11)
    assert after["version"] != before["version"]
