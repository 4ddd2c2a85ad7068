"""The field app's shell, service worker and web manifest.

Everything else the app does happens in the browser (fieldapp/static/fieldapp/)
against the REST API, so that it keeps working offline.
"""

import hashlib
import json
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from backend.basemaps.selectors import base_map_for, basemap_default
from backend.interventions.models import NEED_SERVICES, Need
from backend.partners.models import PartnerKind
from backend.surveys.models import CHOICE_INDICATORS, HARM_INDICATORS, indicator_label

# Cached by the service worker at install, so the app opens with no network.
STATIC_ASSETS = (
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "vendor/vectorgrid/Leaflet.VectorGrid.bundled.min.js",
    "mahalleh/vector-base.js",
    "vendor/idb/idb.umd.js",
    "mahalleh/fonts.css",
    "vendor/vazirmatn/Vazirmatn-Regular.ttf",
    "vendor/vazirmatn/Vazirmatn-Bold.ttf",
    "fieldapp/app.css",
    "fieldapp/app.js",
    "fieldapp/api.js",
    "fieldapp/assignments.js",
    "fieldapp/basemap.js",
    "fieldapp/geo.js",
    "fieldapp/history.js",
    "fieldapp/i18n.js",
    "fieldapp/outbox.js",
    "fieldapp/photos.js",
    "fieldapp/screen-assignments.js",
    "fieldapp/screen-fix.js",
    "fieldapp/screen-refer.js",
    "fieldapp/screen-settings.js",
    "fieldapp/screen-signin.js",
    "fieldapp/screen-visit.js",
    "fieldapp/screen-visits.js",
    "fieldapp/state.js",
    "fieldapp/storage.js",
    "fieldapp/sync.js",
    "fieldapp/text.js",
    "fieldapp/ui.js",
    "fieldapp/icons/icon-192.png",
    "fieldapp/icons/icon-512.png",
)
LANGUAGES = ("fa", "en")


def _label(field: str) -> str:
    return str(indicator_label(field))


def _form(language: str) -> dict[str, Any]:
    """The visit form's labels and choices in one language, from the models' own labels."""
    with translation.override(language):
        return {
            "choices": {
                name: {"label": _label(name), "options": [[v, str(label)] for v, label in choices.choices]}
                for name, choices in CHOICE_INDICATORS.items()
            },
            "harms": {name: _label(name) for name in HARM_INDICATORS},
            "persons_per_room": _label("persons_per_room"),
            "partner_kinds": {value: str(label) for value, label in PartnerKind.choices},
            # What a visitor may refer, and the partners' services that answer each need.
            "needs": {value: str(label) for value, label in Need.choices},
            "need_services": {str(n): [str(s) for s in services] for n, services in NEED_SERVICES.items()},
        }


@cache
def _fixed_config() -> tuple[dict[str, Any], str]:
    """What changes only with a deploy (the form, the files), and a digest of it and the files."""
    config = {
        "gpsWarnMetres": settings.FIELD_GPS_WARN_METRES,
        "syncMaxBatch": settings.SYNC_MAX_BATCH,
        "historyDays": settings.FIELD_HISTORY_DAYS,
        "basemapMaxMb": settings.FIELD_BASEMAP_MAX_MB,
        "center": list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]),
        "form": {language: _form(language) for language in LANGUAGES},
        "static": {name: static(name) for name in STATIC_ASSETS},
    }
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode())
    for name in STATIC_ASSETS:
        found = finders.find(name)
        if not isinstance(found, str):
            raise ImproperlyConfigured(f"The field app's {name} is missing from the static files.")
        with open(found, "rb") as asset:
            digest.update(asset.read())
    return config, digest.hexdigest()


def app_config() -> dict[str, Any]:
    """What the app needs to know about this server; its hash versions the offline cache. The
    base map is the admin's to change at any time, so it is read each time."""
    config, digest = _fixed_config()
    kept = basemap_default()
    base = base_map_for(kept)
    tiles = {
        "tileUrl": base.url if base else "",
        "tileVector": bool(base and base.vector),
        "tileAttribution": base.attribution if base else "",
        "tileMinZoom": base.min_native_zoom if base else 0,
        "tileMaxZoom": base.max_native_zoom if base else 0,
        "tileBounds": base.leaflet_bounds if base else None,
        "tileBytes": base.tile_bytes if base else 0,
        # The same map as a file, for ODK Collect's offline layers.
        "tileFile": reverse("basemap-file", args=[kept.name, kept.kind]) if kept else "",
    }
    version = hashlib.sha256((digest + json.dumps(tiles, sort_keys=True)).encode()).hexdigest()[:16]
    return {**config, **tiles, "version": version}


@require_GET
def shell(request: HttpRequest) -> HttpResponse:
    return render(request, "fieldapp/index.html", {"config": app_config()})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = app_config()
    response = render(
        request,
        "fieldapp/sw.js",
        {"version": config["version"], "assets": json.dumps(list(config["static"].values()))},
        content_type="text/javascript; charset=utf-8",
    )
    # The browser must always ask for a new worker; the worker itself caches the rest.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static(f"fieldapp/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append({**icons[-1], "purpose": "maskable"})
    body = {
        "name": "محله — بازدید میدانی",
        "short_name": "محله",
        "description": "ثبت بازدید از سکونتگاه‌های غیررسمی، حتی بدون اینترنت",
        "lang": "fa",
        "dir": "rtl",
        "start_url": "/field/",
        "scope": "/field/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5d3b",
        "icons": icons,
    }
    return JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
