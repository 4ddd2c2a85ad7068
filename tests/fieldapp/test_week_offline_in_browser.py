"""A week offline: 300 visits with a 1600 px photo each wait in the outbox, survive a reload, and
reach the server exactly once when the phone is online again.

The visits go into the outbox through the app's own outbox module (recording 300 through the
form is the form test's job, many times over); everything after that is the app's own sync.
"""

import time

import pytest

from backend.demo.services import DEMO_USERS
from backend.surveys.models import Visit, VisitPhoto
from tests.browser import browser_page
from tests.fieldapp.test_field_app_in_browser import PHONE, WAIT, Network, sign_in_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISITS = 300

FILL_OUTBOX = """
async ({owner, count, lon, lat}) => {
  const outbox = await import("/static/fieldapp/outbox.js");
  const canvas = new OffscreenCanvas(1600, 1200);
  const paint = canvas.getContext("2d");
  for (let i = 0; i < count; i++) {
    // A photo with some detail (a plain colour would compress to nothing).
    paint.fillStyle = `hsl(${(i * 37) % 360} 50% 50%)`;
    paint.fillRect(0, 0, 1600, 1200);
    for (let k = 0; k < 60; k++) {
      paint.fillStyle = `hsl(${(i * 13 + k * 29) % 360} 70% ${20 + (k % 60)}%)`;
      paint.fillRect((k * 211 + i * 7) % 1500, (k * 97 + i * 3) % 1100, 40 + (k % 9) * 30, 30 + (k % 7) * 25);
    }
    const grain = paint.createImageData(320, 200); // and some grain, like a real photo's
    for (let p = 0; p < grain.data.length; p++) grain.data[p] = p % 4 === 3 ? 255 : Math.random() * 255;
    paint.putImageData(grain, (i * 53) % 1280, (i * 31) % 1000);
    const blob = await canvas.convertToBlob({type: "image/jpeg", quality: 0.8});
    const uuid = crypto.randomUUID();
    const visitedAt = new Date(Date.now() - (count - i) * 30 * 60_000); // every half hour, a week back
    await outbox.addVisit(
      {
        client_uuid: uuid,
        owner,
        created_at: Date.now() + i,
        hint: null,
        payload: {
          client_uuid: uuid,
          point: {type: "Point", coordinates: [lon + (i % 20) * 0.00001, lat]},
          gps_accuracy_m: 8,
          visited_at: visitedAt.toISOString(),
          form_opened_at: new Date(visitedAt - 300_000).toISOString(),
          form_saved_at: visitedAt.toISOString(),
          form_version: "field-1",
          water: "none",
          partners_met: [],
          notes: `visit ${i}`,
        },
      },
      [{photo_uuid: crypto.randomUUID(), blob, width: 1600, height: 1200}],
    );
  }
  return (await navigator.storage.estimate()).usage;
}
"""


def test_a_week_offline_then_everything_stored_exactly_once(live_server, demo):
    visitor, _neighborhood, inside = demo
    username = DEMO_USERS["visitor"][0]
    with browser_page(**PHONE) as (page, log):
        network = Network(page.context)
        sign_in_on_phone(page, live_server.url, wait_for="#outbox-summary.ok")

        network.set_offline(True)
        page.wait_for_selector(".net.off", timeout=WAIT)
        usage = page.evaluate(
            FILL_OUTBOX, {"owner": username, "count": VISITS, "lon": inside.x, "lat": inside.y}
        )
        page.reload()  # still offline: everything is still there
        page.wait_for_selector("#outbox-summary.warn", timeout=WAIT)
        assert page.locator("li.visit[data-state=waiting]").count() == VISITS
        assert Visit.objects.filter(visitor=visitor).count() == 0

        network.set_offline(False)
        started = time.perf_counter()
        page.wait_for_selector("#outbox-summary.ok", timeout=180_000)
        seconds = time.perf_counter() - started
        assert page.locator("li.visit[data-state=sent]").count() == VISITS
    print(f"week offline: {VISITS} visits, outbox {usage / 1e6:.0f} MB, sent in {seconds:.0f} s")
    stored = Visit.objects.filter(visitor=visitor)
    assert stored.count() == VISITS
    assert VisitPhoto.objects.filter(visit__visitor=visitor).count() == VISITS
    assert all(v.photos.count() == 1 for v in stored.prefetch_related("photos"))
    assert log.console_errors == []
    assert log.external_requests == []
