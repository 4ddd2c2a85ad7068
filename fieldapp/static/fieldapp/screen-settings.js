// Settings: language, the base map kept for offline use, signing out.

import { clearSession, request, session } from "./api.js";
import * as assignments from "./assignments.js";
import * as basemap from "./basemap.js";
import * as history from "./history.js";
import { jalali, lang, localDigits, setLang, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { choiceGroup } from "./screen-visit.js";
import { app, config, screen } from "./state.js";
import * as storage from "./storage.js";
import { h, notice, route } from "./ui.js";

export async function renderSettings() {
  const listsAt = Number(localStorage.getItem("mahalleh.listsAt"));
  const kept = await storage.status();
  if (route() !== "settings") return;
  const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  screen.replaceChildren(
    h(
      "section",
      { class: "card" },
      h("h2", {}, t("settingsTitle")),
      choiceGroup("language", t("language"), [["fa", "فارسی"], ["en", "English"]], lang(), (value) => {
        setLang(value);
        notice("");
        app.render();
      }),
      h("p", {}, t("signedInAs", session().username)),
      h("p", { class: "muted" }, t("gpsThreshold", config.gpsWarnMetres)),
      h("p", { class: "muted" }, listsAt ? t("dataAge", jalali(listsAt)) : t("dataNone")),
      h("p", { id: "storage-persisted", class: kept.persisted ? "ok" : "warn" }, kept.persisted ? t("storagePersisted") : t("storageNotPersisted")),
      kept.usage !== null
        ? h("p", { id: "storage-usage", class: kept.nearlyFull ? "warn" : "muted" }, t("storageUsage", megabytes(kept.usage), megabytes(kept.quota)))
        : null,
      h("p", { class: "muted" }, t("version"), " ", h("code", { dir: "ltr" }, config.version)),
      h("button", { type: "button", class: "danger wide", id: "sign-out", onclick: signOut }, t("signOut")),
    ),
    config.tileUrl ? offlineMapCard() : null,
  );
}

/** Keep the base map over the visitor's assigned neighbourhoods (else all theirs) at chosen zooms. */
function offlineMapCard() {
  const ids = new Set(assignments.cached(session().username).map((a) => a.neighborhood));
  const mine = app.lists.neighbourhoods.filter((f) => ids.has(f.id));
  const area = basemap.bboxOf((mine.length ? mine : app.lists.neighbourhoods).map((f) => f.geometry));
  const zooms = [];
  for (let z = config.tileMinZoom; z <= config.tileMaxZoom; z++) zooms.push([String(z), localDigits(String(z))]);
  const choice = { from: String(Math.max(config.tileMinZoom, Math.min(13, config.tileMaxZoom))), to: String(config.tileMaxZoom) };
  const estimate = h("p", { id: "offline-map-estimate", "aria-live": "polite" });
  const kept = h("p", { id: "offline-map-kept", class: "muted" });
  const progress = h("progress", { id: "offline-map-progress", max: "1", value: "0", hidden: true, "aria-label": t("offlineMapProgress") });
  const status = h("p", { id: "offline-map-status", role: "status" });
  const start = h("button", { type: "button", class: "primary wide", id: "offline-map-download" }, t("offlineMapDownload"));
  const free = h("button", { type: "button", class: "wide", id: "offline-map-forget" }, t("offlineMapForget"));
  const select = (name, label) =>
    h("label", {}, label, " ", h("select", { id: `offline-map-${name}`, onchange: (e) => ((choice[name] = e.target.value), update()) },
      zooms.map(([value, shown]) => h("option", { value, ...(value === choice[name] ? { selected: true } : {}) }, shown))));
  const tiles = () => (area ? basemap.tilesFor(area, Number(choice.from), Number(choice.to)) : []);
  async function update() {
    const count = tiles().length;
    const mb = basemap.estimateMb(count, config.tileBytes);
    const tooBig = mb > config.basemapMaxMb;
    const told = [t("offlineMapEstimate", localDigits(String(count)), localDigits(mb.toFixed(1)))];
    if (tooBig) told.push(h("br"), t("offlineMapTooBig", localDigits(String(config.basemapMaxMb))));
    estimate.replaceChildren(...told);
    estimate.className = tooBig ? "warn" : "";
    start.disabled = tooBig || count === 0;
    kept.textContent = t("offlineMapKept", localDigits(String(await basemap.keptCount())));
  }
  start.onclick = async () => {
    start.disabled = true;
    progress.hidden = false;
    const urls = tiles().map((tile) => basemap.tileUrl(config.tileUrl, tile));
    const failed = await basemap.download(urls, (done, total) => {
      progress.value = done / total;
      status.textContent = `${localDigits(String(done))} / ${localDigits(String(total))}`;
    });
    status.textContent = t("offlineMapDone", failed ? localDigits(String(failed)) : "");
    update();
  };
  free.onclick = async () => {
    await basemap.forget();
    progress.hidden = true;
    status.textContent = "";
    update();
  };
  update();
  return h(
    "section",
    { class: "card", id: "offline-map" },
    h("h2", {}, t("offlineMapTitle")),
    h("p", { class: "muted" }, t("offlineMapArea", mine.length)),
    h("div", { class: "row" }, select("from", t("offlineMapFrom")), select("to", t("offlineMapTo"))),
    estimate,
    start,
    progress,
    status,
    kept,
    free,
    config.tileFile ? h("p", {}, h("a", { href: config.tileFile, download: "", id: "offline-map-file" }, t("offlineMapFile"))) : null,
  );
}

async function signOut() {
  const waiting = (await outbox.visitsOf(session().username)).filter(outbox.unsent);
  if (waiting.length && !confirm(t("signOutWaiting", waiting.length))) return;
  // Revoke the token on the server too when we can; offline, it simply stays unused.
  await request("POST", "/api/v1/auth/token/revoke/").catch(() => {});
  clearSession();
  history.forget();
  assignments.forget();
  app.draft = null;
  app.lists = { neighbourhoods: [], partners: [] };
  navigator.serviceWorker?.controller?.postMessage("forget-data");
  app.render();
}
