// The Mahalleh field app: sign-in, my visits (with their sync state), a new
// visit form, and settings. Screens are plain DOM built with h(); routes are
// the URL hash (#/visits, #/new, #/settings).

import { allFeatures, ApiError, clearSession, request, saveSession, session } from "./api.js";
import { metresBetween, neighbourhoodAt } from "./geo.js";
import { jalali, lang, latinDigits, localDigits, parseNumber, setLang, t } from "./i18n.js";
import * as assignments from "./assignments.js";
import * as basemap from "./basemap.js";
import * as history from "./history.js";
import * as outbox from "./outbox.js";
import { downscale } from "./photos.js";
import * as storage from "./storage.js";
import { Sync } from "./sync.js";
import { searchKey } from "./text.js";

const config = JSON.parse(document.getElementById("field-config").textContent);
const screen = document.getElementById("screen");
const VISIT_ROLES = ["visitor", "coordinator", "admin"];
const FORM_VERSION = "field-1";
const NEARBY_PARTNERS = 15;
const NEARBY_METRES = 2000; // without a search, only partners within walking reach are offered

let lists = { neighbourhoods: [], partners: [], interventions: [] };
let draft = null; // the visit being recorded, kept while the visitor switches tabs

const sync = new Sync({
  batchSize: config.syncMaxBatch,
  onChange: () => {
    renderChrome();
    if (session() && route() === "visits") renderVisits();
  },
  afterRun: () => refreshFromServer(),
});

/** Fetch the visitor's assignments and visits (with review states); offline, keep the last. */
async function refreshFromServer() {
  const user = session();
  if (!user || !navigator.onLine) return;
  try {
    await Promise.all([assignments.refresh(user.username), history.refresh(user.username, config.historyDays)]);
    if (route() === "visits") renderVisits();
    if (route() === "assignments") renderAssignments();
  } catch {
    // Offline or refused: the kept copies stay.
  }
}

/** Build an element: h("button", {type: "button", onclick}, "text", child, ...). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function notice(text, kind = "info") {
  const box = document.getElementById("notice");
  box.textContent = text;
  box.className = `notice ${kind}`;
  box.hidden = !text;
  clearTimeout(notice.timer);
  if (text && kind === "info") notice.timer = setTimeout(() => (box.hidden = true), 6000);
}

function route() {
  const [name] = location.hash.replace(/^#\//, "").split("/");
  return ["assignments", "visits", "new", "settings", "fix", "refer"].includes(name) ? name : "assignments";
}

/** What follows the route's name in the hash: #/fix/<client_uuid>. */
function routeArg() {
  return location.hash.replace(/^#\//, "").split("/")[1] || "";
}

function form() {
  return config.form[lang()];
}

// ---- chrome: title bar, network state, sync button, tabs -------------------

function renderChrome() {
  const titles = { new: "tabNew", visits: "tabVisits", settings: "tabSettings" };
  document.title = `${t("appTitle")} — ${t(titles[route()] || "tabAssignments")}`;
  document.getElementById("title").textContent = t("appTitle");
  const net = document.getElementById("net");
  net.textContent = navigator.onLine ? t("online") : t("offline");
  net.className = `net ${navigator.onLine ? "on" : "off"}`;
  const button = document.getElementById("sync-now");
  button.textContent = sync.running ? t("syncing") : t("syncNow");
  button.disabled = sync.running;
  button.hidden = !session();
  button.onclick = () => sync.run();
  const tabs = document.getElementById("tabs");
  tabs.hidden = !session();
  for (const link of tabs.querySelectorAll("a")) {
    const name = link.dataset.tab;
    link.textContent = t(`tab${name[0].toUpperCase()}${name.slice(1)}`);
    if (name === route()) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function render() {
  removeMap();
  renderChrome();
  if (!session() || sync.needsSignIn) return renderSignIn();
  const screens = {
    assignments: renderAssignments,
    visits: renderVisits,
    new: renderNewVisit,
    settings: renderSettings,
    refer: renderRefer,
  };
  (screens[route()] || renderFix)();
}

// ---- sign-in ----------------------------------------------------------------

function renderSignIn() {
  const username = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  if (session()) username.value = session().username;
  const submit = async (event) => {
    event.preventDefault();
    if (!navigator.onLine) return notice(t("signInOffline"), "error");
    try {
      const answer = await request("POST", "/api/v1/auth/token/", {
        json: { username: latinDigits(username.value.trim()), password: password.value },
        token: "",
      });
      if (!VISIT_ROLES.includes(answer.role)) return notice(t("notVisitor"), "error");
      saveSession(answer);
      sync.needsSignIn = false;
      notice("");
      await loadLists();
      storage.persist();
      location.hash = "#/assignments";
      render();
      sync.run();
    } catch (error) {
      notice(error instanceof ApiError && error.status === 400 ? t("signInFailed") : error.message, "error");
    }
  };
  screen.replaceChildren(
    h(
      "form",
      { class: "card", onsubmit: submit },
      h("h2", {}, t("signInTitle")),
      sync.needsSignIn ? h("p", { class: "warn" }, t("signInAgain")) : null,
      h("label", { for: "username" }, t("username")),
      username,
      h("label", { for: "password" }, t("password")),
      password,
      h("button", { type: "submit", class: "primary" }, t("signIn")),
    ),
  );
}

// ---- lists kept for offline use (cached by the service worker) ----------------

async function loadLists() {
  try {
    const neighbourhoods = await allFeatures("/api/v1/neighborhoods/?page_size=1000");
    const box = extent(neighbourhoods);
    const bbox = box ? `&bbox=${box.join(",")}` : "";
    const partners = await allFeatures(`/api/v1/partners/?is_active=true&page_size=1000${bbox}`);
    const interventions = await request("GET", "/api/v1/interventions/delivered/");
    lists = { neighbourhoods, partners, interventions };
    localStorage.setItem("mahalleh.listsAt", String(Date.now()));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) sync.needsSignIn = true;
    // Offline with nothing cached yet: the form works without hints.
  }
}

/** [west, south, east, north] around every neighbourhood, with a margin for partners just outside. */
function extent(features) {
  const points = features.flatMap((f) => f.geometry.coordinates.flat(2));
  if (!points.length) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const margin = 0.02;
  const round = (v) => Math.round(v * 1e4) / 1e4;
  return [Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin].map(round);
}

function neighbourhoodName(id) {
  const feature = lists.neighbourhoods.find((f) => f.id === id);
  if (!feature) return null;
  return lang() === "en" && feature.properties.name_en ? feature.properties.name_en : feature.properties.name;
}

// ---- my visits ------------------------------------------------------------------

const STATE_LABEL = {
  [outbox.State.WAITING]: "stateWaiting",
  [outbox.State.PHOTOS]: "statePhotos",
  [outbox.State.SENT]: "stateSent",
  [outbox.State.REFUSED]: "stateRefused",
};

/** The phone's own visits, and those the server has from this visitor that the phone does not. */
async function myVisits() {
  const owner = session().username;
  const local = await outbox.visitsOf(owner);
  const server = new Map(history.cached(owner).map((v) => [v.client_uuid, v]));
  const mine = local.map((visit) => ({ ...visit, server: server.get(visit.client_uuid) }));
  const known = new Set(local.map((v) => v.client_uuid));
  for (const visit of server.values()) {
    if (known.has(visit.client_uuid)) continue;
    mine.push({
      client_uuid: visit.client_uuid,
      state: outbox.State.SENT,
      neighborhood: visit.neighborhood,
      outside: visit.outside,
      payload: { visited_at: visit.visited_at },
      photo_uuids: Array(visit.photos).fill(null),
      server: visit,
    });
  }
  return mine.sort((a, b) => new Date(b.payload.visited_at) - new Date(a.payload.visited_at));
}

async function renderVisits() {
  const [visits, kept, changes] = await Promise.all([myVisits(), storage.status(), outbox.changesOf(session().username)]);
  if (route() !== "visits") return;
  const waiting = visits.filter(outbox.unsent).length;
  const atRisk = waiting && (!kept.persisted || kept.nearlyFull);
  const status = [
    h("p", { class: waiting ? "warn" : "ok", id: "outbox-summary" }, waiting ? t("waitingCount", waiting) : t("allSent")),
    atRisk ? h("p", { class: "warn", id: "storage-risk" }, kept.nearlyFull ? t("storageNearlyFull") : t("storageAtRisk")) : null,
    sync.lastOk ? h("p", { class: "muted" }, t("lastSync", jalali(sync.lastOk))) : null,
    sync.lastError && sync.retryAt ? h("p", { class: "muted" }, t("retryIn", Math.max(1, Math.round((sync.retryAt - Date.now()) / 1000)))) : null,
  ];
  const items = visits.map((visit) =>
    h(
      "li",
      { class: `visit ${visit.state}`, "data-uuid": visit.client_uuid, "data-state": visit.state },
      h(
        "div",
        { class: "visit-head" },
        h("strong", {}, placeOf(visit)),
        h("span", { class: `badge ${visit.state}` }, t(STATE_LABEL[visit.state])),
      ),
      h("div", { class: "muted" }, jalali(visit.payload.visited_at)),
      visit.photo_uuids.length ? h("div", { class: "muted" }, t("photosCount", visit.photo_uuids.length)) : null,
      visit.state === outbox.State.REFUSED ? h("div", { class: "reason" }, visit.reason) : null,
      visit.server
        ? h("div", { class: `review ${visit.server.review_state}`, "data-review": visit.server.review_state }, t(`review_${visit.server.review_state}`))
        : null,
      visit.server?.review_state === "has_issues" && visit.server.review_note
        ? h("div", { class: "reason review-note" }, t("reviewNote", visit.server.review_note))
        : null,
      ...changes
        .filter((c) => c.visit_id === visit.server?.id && c.state !== outbox.State.SENT)
        .map((c) => h("div", { class: `change ${c.state}`, "data-change": c.state }, t(`change_${c.kind}_${c.state}`), c.reason ? `: ${c.reason}` : "")),
      visit.server?.review_state === "has_issues" &&
      !changes.some((c) => c.visit_id === visit.server.id && c.kind === "correction" && c.state === outbox.State.WAITING)
        ? h("a", { class: "button", href: `#/fix/${visit.client_uuid}`, id: `fix-${visit.client_uuid}` }, t("answerSupervisor"))
        : null,
      visit.server && visit.server.review_state !== "rejected"
        ? h("a", { class: "button", href: `#/refer/${visit.client_uuid}`, id: `refer-${visit.client_uuid}` }, t("refer"))
        : null,
    ),
  );
  screen.replaceChildren(
    h("section", { class: "card" }, h("h2", {}, t("visitsTitle")), ...status),
    items.length ? h("ul", { class: "visits" }, items) : h("p", { class: "card muted" }, t("noVisits")),
  );
}

/** Where a visit is: the server's answer once sent, the phone's guess before. */
function placeOf(visit) {
  if (visit.neighborhood) return neighbourhoodName(visit.neighborhood) || visit.hint || "—";
  if (visit.outside) return t("outside");
  return visit.hint || "—";
}

// ---- a new visit ------------------------------------------------------------------

function newDraft() {
  return {
    client_uuid: crypto.randomUUID(), // made at capture time: the visit's identity for every resend
    started_at: new Date().toISOString(),
    assignment: null, // the assignment it was started from, if any
    point: null,
    accuracy: null,
    accepted: false,
    gps: "idle",
    answers: {},
    harms: {},
    ppr: "",
    partners: new Set(),
    seen: new Set(), // delivered interventions seen working
    photos: [],
    notes: "",
    filter: "",
  };
}

function renderNewVisit() {
  draft ??= newDraft();
  const f = form();
  const location = h("section", { class: "card", id: "location" });
  const partners = h("section", { class: "card", id: "partners" });
  const seen = h("section", { class: "card", id: "seen" });
  const photos = h("section", { class: "card", id: "photos" });
  screen.replaceChildren(
    h("h2", { class: "screen-title" }, t("newTitle")),
    location,
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("visitTime")),
      h("p", { id: "visit-time", class: "big" }, jalali(draft.started_at)),
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("indicators")),
      Object.entries(f.choices).map(([name, field]) =>
        choiceGroup(name, field.label, field.options, draft.answers[name] ?? "", (value) => (draft.answers[name] = value)),
      ),
      pprField(f.persons_per_room),
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("harms")),
      Object.entries(f.harms).map(([name, label]) =>
        choiceGroup(
          name,
          label,
          [["yes", t("yes")], ["no", t("no")], ["", t("unknown")]],
          draft.harms[name] ?? "",
          (value) => (draft.harms[name] = value),
        ),
      ),
    ),
    partners,
    seen,
    photos,
    h(
      "section",
      { class: "card" },
      h("label", { for: "notes" }, t("notes")),
      h("textarea", { id: "notes", rows: 3, maxlength: 4000, oninput: (e) => (draft.notes = e.target.value) }, draft.notes),
    ),
    h("button", { type: "button", class: "primary wide", id: "save", onclick: saveDraft }, t("save")),
  );
  renderLocation(location);
  renderPartners(partners);
  renderSeen(seen);
  renderPhotos(photos);
  if (draft.gps === "idle") locate();
}

/** A question answered with large touch buttons (a radio group). */
function choiceGroup(name, label, options, value, onPick) {
  return h(
    "fieldset",
    { class: "choices", id: `q-${name}` },
    h("legend", {}, label),
    options.map(([optionValue, optionLabel]) =>
      h(
        "label",
        { class: "pill" },
        h("input", {
          type: "radio",
          name,
          value: optionValue,
          checked: optionValue === value,
          onchange: () => onPick(optionValue),
        }),
        h("span", {}, optionLabel),
      ),
    ),
  );
}

function pprField(label) {
  const error = h("p", { class: "error", id: "ppr-error", hidden: true }, t("pprInvalid"));
  return h(
    "div",
    { class: "field" },
    h("label", { for: "persons_per_room" }, label),
    h("input", {
      id: "persons_per_room",
      inputmode: "decimal",
      placeholder: t("pprHint"),
      value: draft.ppr,
      oninput: (e) => {
        draft.ppr = e.target.value;
        error.hidden = pprValid();
      },
    }),
    error,
  );
}

function pprValid() {
  if (!draft.ppr.trim()) return true;
  const value = parseNumber(draft.ppr);
  return value >= 0 && value <= 50;
}

// ---- location: GPS, accuracy and the small map -----------------------------------

let map = null;

function locate() {
  draft.gps = "locating";
  refreshLocation();
  if (!navigator.geolocation) {
    draft.gps = "failed";
    return refreshLocation();
  }
  const current = draft;
  navigator.geolocation.getCurrentPosition(
    (position) => {
      current.point = [position.coords.longitude, position.coords.latitude];
      current.accuracy = position.coords.accuracy;
      current.accepted = current.accuracy <= config.gpsWarnMetres;
      current.gps = "found";
      if (current === draft) refreshLocation(true);
    },
    (error) => {
      current.gps = error.code === error.PERMISSION_DENIED ? "denied" : "failed";
      if (current === draft) refreshLocation();
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
  );
}

function refreshLocation(partnersToo = false) {
  const section = document.getElementById("location");
  if (section && route() === "new") renderLocation(section);
  const partners = document.getElementById("partners");
  if (partnersToo && partners) renderPartners(partners);
  const seen = document.getElementById("seen");
  if (partnersToo && seen) renderSeen(seen);
}

function renderLocation(section) {
  const rows = [h("h3", {}, t("location"))];
  let warned = false; // a poor fix shows its own "try again" beside "accept"
  if (draft.gps === "locating") rows.push(h("p", { class: "muted" }, t("locating")));
  if (draft.gps === "denied") rows.push(h("p", { class: "error" }, t("gpsDenied")));
  if (draft.gps === "failed") rows.push(h("p", { class: "error" }, t("gpsFailed")));
  if (draft.point) {
    const metres = Math.round(draft.accuracy);
    rows.push(
      h("p", { class: "big", id: "accuracy" }, t("accuracy", metres)),
      h("p", { class: "muted coords", dir: "ltr" }, localDigits(`${draft.point[1].toFixed(5)}, ${draft.point[0].toFixed(5)}`)),
    );
    warned = metres > config.gpsWarnMetres && !draft.accepted;
    if (warned) {
      rows.push(
        h("p", { class: "warn", id: "gps-warning" }, t("poorAccuracy", metres, config.gpsWarnMetres)),
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", onclick: locate }, t("retryGps")),
          h("button", { type: "button", id: "accept-gps", onclick: () => ((draft.accepted = true), refreshLocation()) }, t("acceptGps")),
        ),
      );
    }
    const hit = neighbourhoodAt(lists.neighbourhoods, draft.point);
    draft.hint = hit ? neighbourhoodName(hit.id) : null;
    if (lists.neighbourhoods.length) {
      rows.push(h("p", { id: "hint", class: "hint" }, hit ? t("seemsIn", draft.hint) : t("seemsOutside")));
    }
  }
  if (draft.gps !== "locating" && !warned) {
    rows.push(h("button", { type: "button", onclick: locate }, draft.point ? t("retryGps") : t("getLocation")));
  }
  // A named region, not hidden: Leaflet keeps its controls (and, by keyboard, the map) focusable.
  const mapBox = h("div", { id: "map", class: "map", dir: "ltr", role: "region", "aria-label": t("visitMap") });
  removeMap();
  section.replaceChildren(...rows, mapBox);
  drawMap(mapBox);
}

/** Leaflet must let go of its map before the map's element leaves the page. */
function removeMap() {
  map?.remove();
  map = null;
}

/** The server's base map (its own tiles, kept by the service worker once seen) as a Leaflet layer:
 * images, or vector tiles drawn in the style the pages' maps use (mahalleh/vector-base.js). */
function baseLayer() {
  const options = {
    attribution: config.tileAttribution,
    maxZoom: 19,
    minNativeZoom: config.tileMinZoom || 0,
    maxNativeZoom: config.tileMaxZoom || 19,
    ...(config.tileBounds ? { bounds: config.tileBounds } : {}),
  };
  if (config.tileVector) {
    return L.vectorGrid.protobuf(config.tileUrl, { ...options, vectorTileLayerStyles: window.MahallehVectorBase.styles });
  }
  return L.tileLayer(config.tileUrl, options);
}

function drawMap(container) {
  map = L.map(container, {
    zoomControl: true,
    attributionControl: Boolean(config.tileUrl),
    zoomAnimation: false,
    fadeAnimation: false,
  });
  if (config.tileUrl) baseLayer().addTo(map);
  const assigned = new Set(assignments.cached(session().username).map((a) => a.neighborhood));
  const areas = L.geoJSON(
    { type: "FeatureCollection", features: lists.neighbourhoods },
    {
      style: (f) =>
        assigned.has(f.id) ? { color: "#b45309", weight: 4, fillOpacity: 0.15 } : { color: "#0b5d3b", weight: 2, fillOpacity: 0.08 },
    },
  );
  // The view first: Leaflet cannot draw vector layers on a map without one.
  const latlng = draft.point && [draft.point[1], draft.point[0]];
  const around = latlng && neighbourhoodAt(lists.neighbourhoods, draft.point);
  if (around) map.fitBounds(L.geoJSON(around).getBounds().extend(latlng), { padding: [12, 12] });
  else if (latlng) map.setView(latlng, 16);
  else if (areas.getLayers().length) map.fitBounds(areas.getBounds());
  else map.setView(config.center, 12);
  areas.addTo(map);
  if (latlng) {
    L.circle(latlng, { radius: draft.accuracy, color: "#b45309", weight: 1, fillOpacity: 0.15 }).addTo(map);
    L.marker(latlng).addTo(map);
  }
}

// ---- partners met --------------------------------------------------------------

function renderPartners(section) {
  const origin = draft.point || [config.center[1], config.center[0]];
  const wanted = searchKey(draft.filter);
  const nearby = lists.partners
    .map((p) => ({ partner: p, metres: metresBetween(origin, p.geometry.coordinates) }))
    .filter(({ partner, metres }) =>
      draft.partners.has(partner.id) ||
      (wanted ? searchKey(partner.properties.name).includes(wanted) : metres <= NEARBY_METRES),
    )
    .sort((a, b) => draft.partners.has(b.partner.id) - draft.partners.has(a.partner.id) || a.metres - b.metres)
    .slice(0, Math.max(NEARBY_PARTNERS, draft.partners.size));
  const list = h(
    "ul",
    { class: "partners" },
    nearby.map(({ partner, metres }) =>
      h(
        "li",
        {},
        h(
          "label",
          { class: "check" },
          h("input", {
            type: "checkbox",
            value: partner.id,
            checked: draft.partners.has(partner.id),
            onchange: (e) => (e.target.checked ? draft.partners.add(partner.id) : draft.partners.delete(partner.id)),
          }),
          h("span", {}, partner.properties.name),
          h(
            "small",
            {},
            `${form().partner_kinds[partner.properties.kind] || partner.properties.kind} · `,
            metres < 1000 ? t("metres", Math.round(metres)) : t("km", (metres / 1000).toFixed(1)),
          ),
        ),
      ),
    ),
  );
  const filter = h("input", {
    id: "partner-filter",
    type: "search",
    placeholder: t("partnersFilter"),
    "aria-label": t("partnersFilter"),
    value: draft.filter,
    oninput: (e) => {
      draft.filter = e.target.value;
      renderPartners(section);
      document.getElementById("partner-filter").focus();
    },
  });
  section.replaceChildren(h("h3", {}, t("partnersMet")), filter, nearby.length ? list : h("p", { class: "muted" }, t("noPartners")));
}

// ---- interventions seen working ------------------------------------------------------

/** The delivered interventions of the neighbourhood the visit is in (by its point or its assignment). */
function interventionsHere() {
  const here = draft.point ? neighbourhoodAt(lists.neighbourhoods, draft.point)?.id ?? null : null;
  const place = here ?? draft.assignmentPlace ?? null;
  return lists.interventions.filter((i) => draft.seen.has(i.id) || (place !== null && i.neighborhoods.includes(place)));
}

function renderSeen(section) {
  const offered = interventionsHere();
  if (!offered.length) return section.replaceChildren();
  section.replaceChildren(
    h(
      "fieldset",
      {},
      h("legend", {}, t("seenWorking")),
      offered.map((i) =>
        h(
          "label",
          { class: "check" },
          h("input", {
            type: "checkbox",
            name: "seen",
            value: i.id,
            checked: draft.seen.has(i.id),
            onchange: (e) => (e.target.checked ? draft.seen.add(i.id) : draft.seen.delete(i.id)),
          }),
          h("span", {}, i.title),
          h("small", {}, ` · ${i.kind_label}`),
        ),
      ),
    ),
  );
}

// ---- photos --------------------------------------------------------------------

function renderPhotos(section) {
  const input = h("input", {
    id: "photo-input",
    type: "file",
    accept: "image/*",
    capture: "environment",
    multiple: true,
    class: "visually-hidden",
    onchange: addPhotos,
  });
  const thumbs = draft.photos.map((photo) =>
    h(
      "figure",
      { class: "thumb" },
      h("img", { src: photo.url, alt: "" }),
      h(
        "button",
        {
          type: "button",
          "aria-label": t("removePhoto"),
          onclick: () => {
            URL.revokeObjectURL(photo.url);
            draft.photos = draft.photos.filter((p) => p !== photo);
            renderPhotos(section);
          },
        },
        "×",
      ),
    ),
  );
  section.replaceChildren(
    h("h3", {}, t("photos")),
    h("div", { class: "thumbs", id: "thumbs" }, thumbs),
    input,
    h("label", { for: "photo-input", class: "button" }, t("addPhoto")),
  );
}

async function addPhotos(event) {
  const current = draft;
  for (const file of event.target.files) {
    try {
      const { blob, width, height } = await downscale(file);
      current.photos.push({ photo_uuid: crypto.randomUUID(), blob, width, height, url: URL.createObjectURL(blob) });
    } catch {
      notice(t("photoFailed"), "error");
    }
  }
  const section = document.getElementById("photos");
  if (section && current === draft) renderPhotos(section);
}

// ---- saving to the outbox ----------------------------------------------------------

async function saveDraft() {
  if (!draft.point || !draft.accepted) {
    document.getElementById("location").scrollIntoView();
    return notice(t("needLocation"), "error");
  }
  if (!pprValid()) {
    document.getElementById("persons_per_room").focus();
    return notice(t("pprInvalid"), "error");
  }
  const payload = {
    client_uuid: draft.client_uuid,
    point: { type: "Point", coordinates: draft.point.map((c) => Math.round(c * 1e7) / 1e7) },
    gps_accuracy_m: Math.round(draft.accuracy * 10) / 10,
    visited_at: draft.started_at,
    form_opened_at: draft.started_at,
    form_saved_at: new Date().toISOString(),
    form_version: FORM_VERSION,
    partners_met: [...draft.partners],
    notes: draft.notes.trim(),
  };
  if (draft.assignment) payload.assignment = draft.assignment;
  if (draft.seen.size) payload.interventions_seen = [...draft.seen];
  for (const [name, value] of Object.entries(draft.answers)) if (value) payload[name] = value;
  for (const [name, value] of Object.entries(draft.harms)) payload[name] = value === "" ? null : value === "yes";
  if (draft.ppr.trim()) payload.persons_per_room = parseNumber(draft.ppr);
  const photos = draft.photos.map(({ photo_uuid, blob, width, height }) => ({ photo_uuid, blob, width, height }));
  try {
    await outbox.addVisit(
      { client_uuid: draft.client_uuid, owner: session().username, payload, hint: draft.hint, created_at: Date.now() },
      photos,
    );
  } catch (error) {
    // Nothing was written (one transaction): the draft stays on screen for another try.
    return notice(storage.isQuotaError(error) ? t("storageFull") : t("saveFailed", error.message), "error");
  }
  draft.photos.forEach((p) => URL.revokeObjectURL(p.url));
  draft = null;
  notice(t("saved"));
  location.hash = "#/visits";
  sync.run();
}

// ---- my assignments: where to go next, offline after the first sync --------------

let here = null; // the last position the phone gave, for distances

function locateQuietly() {
  navigator.geolocation?.getCurrentPosition(
    (p) => {
      here = [p.coords.longitude, p.coords.latitude];
      if (route() === "assignments") renderAssignments();
    },
    () => {},
    { maximumAge: 10 * 60_000, timeout: 15_000 },
  );
}

async function renderAssignments() {
  const owner = session().username;
  const changes = await outbox.changesOf(owner);
  if (route() !== "assignments") return;
  const declining = new Set(changes.filter((c) => c.kind === "decline" && c.state === outbox.State.WAITING).map((c) => c.assignment_id));
  const mine = assignments.cached(owner).filter((a) => a.status !== "done");
  const fetched = assignments.fetchedAt(owner);
  const items = mine.map((a) => {
    const late = assignments.isOverdue(a);
    const place = neighbourhoodName(a.neighborhood) || a.neighborhood_name;
    const outline = lists.neighbourhoods.find((f) => f.id === a.neighborhood);
    const centre = outline ? L.geoJSON(outline).getBounds().getCenter() : null;
    const metres = here && centre ? metresBetween(here, [centre.lng, centre.lat]) : null;
    const reason = h("textarea", { id: `decline-reason-${a.id}`, rows: 2, maxlength: 2000, "aria-label": t("declineReason") });
    const declineBox = h(
      "div",
      { class: "decline", hidden: true, id: `decline-${a.id}` },
      h("label", { for: `decline-reason-${a.id}` }, t("declineReason")),
      reason,
      h("button", { type: "button", class: "danger", onclick: () => decline(a, reason.value) }, t("declineSend")),
    );
    return h(
      "li",
      { class: `visit assignment${late ? " overdue" : ""}`, "data-id": a.id, "data-status": a.status },
      h("div", { class: "visit-head" }, h("strong", {}, place), h("span", { class: `badge ${late ? "refused" : "waiting"}` }, late ? t("overdue") : t(`assignment_${a.status}`))),
      h("div", { class: late ? "error" : "muted" }, t("dueBy", localDigits(a.due_date_jalali))),
      h("div", {}, t("progress", a.visits_done, a.target_visits)),
      metres !== null ? h("div", { class: "muted" }, metres < 1000 ? t("metres", Math.round(metres)) : t("km", (metres / 1000).toFixed(1))) : null,
      a.note ? h("div", { class: "muted" }, a.note) : null,
      declining.has(a.id)
        ? h("div", { class: "change waiting" }, t("declineWaiting"))
        : h(
            "div",
            { class: "row" },
            h("button", { type: "button", class: "primary", id: `start-${a.id}`, onclick: () => startFor(a) }, t("startVisit")),
            h("button", { type: "button", onclick: () => (declineBox.hidden = !declineBox.hidden) }, t("decline")),
          ),
      declineBox,
    );
  });
  const mapBox = h("div", { id: "assignments-map", class: "map", dir: "ltr", role: "region", "aria-label": t("assignmentsMap") });
  removeMap();
  screen.replaceChildren(
    h("section", { class: "card" }, h("h2", {}, t("assignmentsTitle")), fetched ? h("p", { class: "muted" }, t("assignmentsAge", jalali(fetched))) : null),
    items.length ? h("ul", { class: "visits", id: "assignments" }, items) : h("p", { class: "card muted", id: "no-assignments" }, t("noAssignments")),
    items.length ? mapBox : null,
  );
  if (items.length) drawAssignmentsMap(mapBox, mine);
  if (!here) locateQuietly();
}

function drawAssignmentsMap(container, mine) {
  map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomAnimation: false, fadeAnimation: false, keyboard: false });
  if (config.tileUrl) baseLayer().addTo(map);
  const late = new Set(mine.filter((a) => assignments.isOverdue(a)).map((a) => a.neighborhood));
  const wanted = new Set(mine.map((a) => a.neighborhood));
  const layer = L.geoJSON(
    { type: "FeatureCollection", features: lists.neighbourhoods.filter((f) => wanted.has(f.id)) },
    { style: (f) => ({ color: late.has(f.id) ? "#a4161a" : "#b45309", weight: 3, fillOpacity: 0.2 }) },
  );
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  else map.setView(config.center, 12);
  layer.addTo(map);
  if (here) L.circleMarker([here[1], here[0]], { radius: 6, color: "#0b5d3b" }).addTo(map);
}

function startFor(assignment) {
  draft = newDraft();
  draft.assignment = assignment.id;
  draft.assignmentPlace = assignment.neighborhood;
  location.hash = "#/new";
}

async function decline(assignment, reason) {
  if (!reason.trim()) return notice(t("declineNeedsReason"), "error");
  const path = `/api/v1/assignments/${assignment.id}/decline/`;
  await outbox.addChange({ owner: session().username, kind: "decline", assignment_id: assignment.id, method: "POST", path, body: { reason: reason.trim() } });
  notice(t("declineSaved"));
  renderAssignments();
  sync.run();
}

// ---- answering a supervisor: a correction and a reply, saved on the phone first ----

let fix = null; // the correction being made: {client_uuid, answers, harms, ppr, notes, reply}

const HARM_WORD = { true: "yes", false: "no", null: "" };

function renderFix() {
  const owner = session().username;
  const visit = history.cached(owner).find((v) => v.client_uuid === routeArg());
  if (!visit) {
    location.hash = "#/visits";
    return;
  }
  const was = visit.answers;
  if (fix?.client_uuid !== visit.client_uuid) {
    fix = {
      client_uuid: visit.client_uuid,
      answers: Object.fromEntries(Object.keys(form().choices).map((n) => [n, was[n] || ""])),
      harms: Object.fromEntries(Object.keys(form().harms).map((n) => [n, HARM_WORD[was[n] ?? null]])),
      ppr: was.persons_per_room === null || was.persons_per_room === undefined ? "" : localDigits(String(Number(was.persons_per_room))),
      notes: was.notes || "",
      reply: "",
    };
  }
  const f = form();
  const thread = visit.thread.map((c) =>
    h("li", {}, h("strong", {}, c.author), " · ", h("span", { class: "muted" }, jalali(c.at)), h("p", {}, c.text)),
  );
  screen.replaceChildren(
    h("h2", { class: "screen-title" }, t("fixTitle")),
    h(
      "section",
      { class: "card" },
      h("p", { class: "reason review-note", id: "fix-note" }, t("reviewNote", visit.review_note || "—")),
      thread.length ? h("ul", { class: "thread", id: "thread" }, thread) : null,
      h("label", { for: "reply" }, t("reply")),
      h("textarea", { id: "reply", rows: 2, maxlength: 2000, oninput: (e) => (fix.reply = e.target.value) }, fix.reply),
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("indicators")),
      Object.entries(f.choices).map(([name, field]) =>
        choiceGroup(name, field.label, field.options, fix.answers[name], (value) => (fix.answers[name] = value)),
      ),
      h("label", { for: "fix-ppr" }, f.persons_per_room),
      h("input", { id: "fix-ppr", inputmode: "decimal", value: fix.ppr, oninput: (e) => (fix.ppr = e.target.value) }),
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("harms")),
      Object.entries(f.harms).map(([name, label]) =>
        choiceGroup(name, label, [["yes", t("yes")], ["no", t("no")], ["", t("unknown")]], fix.harms[name], (value) => (fix.harms[name] = value)),
      ),
      h("label", { for: "fix-notes" }, t("notes")),
      h("textarea", { id: "fix-notes", rows: 3, maxlength: 4000, oninput: (e) => (fix.notes = e.target.value) }, fix.notes),
    ),
    h("button", { type: "button", class: "primary wide", id: "send-correction", onclick: () => saveFix(visit) }, t("sendCorrection")),
  );
}

/** Keep the reply and the correction (only the answers that changed) in the outbox, then send. */
async function saveFix(visit) {
  const was = visit.answers;
  const body = { version: visit.version };
  for (const [name, value] of Object.entries(fix.answers)) if (value !== (was[name] || "")) body[name] = value;
  for (const [name, word] of Object.entries(fix.harms)) {
    const value = word === "" ? null : word === "yes";
    if (value !== (was[name] ?? null)) body[name] = value;
  }
  const ppr = fix.ppr.trim() ? parseNumber(fix.ppr) : null;
  if (Number.isNaN(ppr) || (ppr !== null && (ppr < 0 || ppr > 50))) return notice(t("pprInvalid"), "error");
  if (ppr !== (was.persons_per_room === null ? null : Number(was.persons_per_room))) body.persons_per_room = ppr;
  if (fix.notes.trim() !== (was.notes || "")) body.notes = fix.notes.trim();
  const owner = session().username;
  try {
    if (fix.reply.trim()) {
      const path = `/api/v1/visits/${visit.id}/comments/`;
      await outbox.addChange({ owner, kind: "comment", visit_id: visit.id, method: "POST", path, body: { text: fix.reply.trim() } });
    }
    await outbox.addChange({ owner, kind: "correction", visit_id: visit.id, method: "PATCH", path: `/api/v1/visits/${visit.id}/`, body });
  } catch (error) {
    return notice(storage.isQuotaError(error) ? t("storageFull") : t("saveFailed", error.message), "error");
  }
  fix = null;
  notice(t("correctionSaved"));
  location.hash = "#/visits";
  sync.run();
}

// ---- referring what a visit found to a partner, saved on the phone first ----------------

let referral = null; // the referral being written: {client_uuid, need, partner, note}
const REFERRAL_PARTNERS = 5;
const REFERRAL_DUE_DAYS = 14;

/** The nearest partners offering a service that answers the need, nearest first. */
function referralPartners(need, origin) {
  const services = form().need_services[need] || [];
  return lists.partners
    .filter((p) => (p.properties.services || []).some((s) => services.includes(s)))
    .map((p) => ({ partner: p, metres: metresBetween(origin, p.geometry.coordinates) }))
    .sort((a, b) => a.metres - b.metres)
    .slice(0, REFERRAL_PARTNERS);
}

function renderRefer() {
  const visit = history.cached(session().username).find((v) => v.client_uuid === routeArg());
  if (!visit) {
    location.hash = "#/visits";
    return;
  }
  if (referral?.client_uuid !== visit.client_uuid) referral = { client_uuid: visit.client_uuid, need: "", partner: null, note: "" };
  const offered = referral.need ? referralPartners(referral.need, visit.point || [config.center[1], config.center[0]]) : [];
  const choose = (need) => {
    referral.need = need;
    referral.partner = null;
    renderRefer();
  };
  screen.replaceChildren(
    h("h2", { class: "screen-title" }, t("referTitle")),
    h("section", { class: "card" }, choiceGroup("need", t("referNeed"), Object.entries(form().needs), referral.need, choose)),
    referral.need
      ? h(
          "section",
          { class: "card", id: "refer-partners" },
          h(
            "fieldset",
            {},
            h("legend", {}, t("referPartner")),
            offered.length
              ? offered.map(({ partner, metres }) =>
                  h(
                    "label",
                    { class: "check" },
                    h("input", {
                      type: "radio",
                      name: "partner",
                      value: partner.id,
                      checked: referral.partner === partner.id,
                      onchange: () => (referral.partner = partner.id),
                    }),
                    h("span", {}, partner.properties.name),
                    h("small", {}, " · ", metres < 1000 ? t("metres", Math.round(metres)) : t("km", (metres / 1000).toFixed(1))),
                  ),
                )
              : h("p", { class: "muted" }, t("noPartners")),
          ),
        )
      : null,
    h(
      "section",
      { class: "card" },
      h("label", { for: "refer-note" }, t("notes")),
      h("textarea", { id: "refer-note", rows: 2, maxlength: 2000, oninput: (e) => (referral.note = e.target.value) }, referral.note),
    ),
    h("button", { type: "button", class: "primary wide", id: "send-referral", onclick: () => saveReferral(visit) }, t("sendReferral")),
  );
}

/** Keep the referral in the outbox (it carries its own UUID, so a resend is stored once), then send. */
async function saveReferral(visit) {
  if (!referral.need || !referral.partner) return notice(t("referNeedsPartner"), "error");
  const partner = lists.partners.find((p) => p.id === referral.partner);
  const services = form().need_services[referral.need];
  const due = new Date(Date.now() + REFERRAL_DUE_DAYS * 86_400_000);
  const body = {
    visit: visit.id,
    need: referral.need,
    service: services.find((s) => partner.properties.services.includes(s)),
    partner: referral.partner,
    due_date: `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, "0")}-${String(due.getDate()).padStart(2, "0")}`,
    note: referral.note.trim(),
  };
  try {
    await outbox.addChange({ owner: session().username, kind: "referral", visit_id: visit.id, method: "POST", path: "/api/v1/referrals/", body });
  } catch (error) {
    return notice(storage.isQuotaError(error) ? t("storageFull") : t("saveFailed", error.message), "error");
  }
  referral = null;
  notice(t("referSaved"));
  location.hash = "#/visits";
  sync.run();
}

// ---- settings ------------------------------------------------------------------

async function renderSettings() {
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
        render();
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
  const mine = lists.neighbourhoods.filter((f) => ids.has(f.id));
  const area = basemap.bboxOf((mine.length ? mine : lists.neighbourhoods).map((f) => f.geometry));
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
  draft = null;
  lists = { neighbourhoods: [], partners: [] };
  navigator.serviceWorker?.controller?.postMessage("forget-data");
  render();
}

// ---- start -----------------------------------------------------------------------

async function start() {
  setLang(lang());
  window.addEventListener("hashchange", render);
  window.addEventListener("online", renderChrome);
  window.addEventListener("offline", renderChrome);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch(() => {});
  }
  storage.persist(); // asked at every start: browsers may grant it later, as the app is used
  if (session()) await loadLists();
  render();
  sync.start();
}

start();
