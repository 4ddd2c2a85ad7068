"""The priority map at 2,000 neighbourhoods, 100,000 visits and 5,000 partners, in Chromium.

Ours: the /maps/priority/ page (boundaries simplified for the zoom, visits as
vector tiles with counts, partners inline). The baseline: a naive Folium map
of the same data with every feature inline at full detail (all boundaries,
100,000 visit circles, 5,000 partners), loading the same local Leaflet.
Measured in the same headless Chromium: bytes received and the time from
navigation until the map's script has run and the first visits are drawn.
"""

import json
import time
from typing import Any

from bench.common import scored_map_workload

NEIGHBORHOODS = 2_000
VISITS = 100_000
PARTNERS = 5_000
TIMEOUT_MS = 300_000


def naive_map() -> str:
    """Every feature inline, as a first Folium map would draw it."""
    import folium
    from django.templatetags.static import static

    from backend.partners.models import Partner
    from backend.surveys.models import Neighborhood, Visit
    from geo import maps

    fmap = maps.local_map(maps.MapSettings(static=static), center=(36.27, 50.0), zoom=12)
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": json.loads(n.boundary.geojson),
                    "properties": {"name": n.name},
                }
                for n in Neighborhood.objects.all()
            ],
        },
        name="neighbourhoods",
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
    ).add_to(fmap)
    for name, points in (
        ("visits", Visit.objects.values_list("point", flat=True)),
        ("partners", Partner.objects.values_list("point", flat=True)),
    ):
        folium.GeoJson(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [p.x, p.y]},
                        "properties": {},
                    }
                    for p in points
                ],
            },
            name=name,
            marker=folium.CircleMarker(radius=3),
        ).add_to(fmap)
    return maps.finish(fmap)


def run() -> dict[str, float]:
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM

    _bbox, planner = scored_map_workload(NEIGHBORHOODS, VISITS, PARTNERS, planner="bench_planner")
    naive_html = naive_map()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(planner)
    start = time.perf_counter()
    document = client.get("/maps/priority/map/")
    render_s = time.perf_counter() - start
    if document.status_code != 200:
        raise RuntimeError(f"the priority map failed: {document.status_code}")

    server = LiveServerThread("127.0.0.1", _StaticFilesHandler)  # its own connection: the data is committed
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "bench_planner")
            page.fill("input[name=password]", "bench-password-1405")
            page.click("button.primary")
            page.wait_for_url("**/partners/")
            context.route(
                f"{base}/naive-map", lambda route: route.fulfill(body=naive_html, content_type="text/html")
            )

            def load(url: str, drawn: list[str], frame: bool) -> tuple[float, int]:
                """Open url; return seconds until every selector in drawn is there, and bytes received."""
                received: list[int] = []

                def count(response: Any) -> None:
                    if not response.ok:
                        return
                    length = response.headers.get("content-length")
                    try:
                        received.append(int(length) if length else len(response.body()))
                    except PlaywrightError:  # a body gone with a navigation: not received
                        return

                page.on("response", count)
                start = time.perf_counter()
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                scope = page.frame_locator("iframe.map") if frame else page
                for selector in drawn:
                    scope.locator(selector).first.wait_for(timeout=TIMEOUT_MS, state="attached")
                seconds = time.perf_counter() - start
                page.wait_for_timeout(500)  # let the last responses be counted
                page.remove_listener("response", count)
                return seconds, sum(received)

            # Drawn: the layer switcher exists (added after every layer), and for us the
            # first visit tile has been drawn too.
            layers = ".leaflet-control-layers"
            ours_s, ours_bytes = load(
                f"{base}/maps/priority/", [layers, ".leaflet-tile-container svg path"], frame=True
            )
            naive_s, naive_bytes = load(f"{base}/naive-map", [layers], frame=False)
            browser.close()
    finally:
        server.terminate()
    return {
        "ours_s": ours_s,
        "ours_bytes": ours_bytes,
        "naive_s": naive_s,
        "naive_bytes": naive_bytes,
        "render_s": render_s,
        "document_bytes": len(document.content),
    }


def report(r: dict[str, float]) -> str:
    def line(label: str, key: str) -> str:
        return f"  {label:<37} {r[key + '_bytes'] / 1e6:6.2f} MB, drawn in {r[key + '_s']:6.2f} s\n"

    return (
        f"priority_map: {NEIGHBORHOODS:,} neighbourhoods, {VISITS:,} visits, {PARTNERS:,} partners\n"
        + line("/maps/priority/ (simplified, tiles)", "ours")
        + f"    of which the map document {r['document_bytes'] / 1e6:.2f} MB,"
        f" built by the server in {r['render_s']:.2f} s\n"
        + line("naive Folium, everything inline", "naive")
        + f"  naive / ours: {r['naive_bytes'] / r['ours_bytes']:.1f}x the bytes,"
        f" {r['naive_s'] / r['ours_s']:.1f}x the time"
    )
