// A new visit: its answers, the location with its small map, partners met, interventions seen
// working and photos, saved to the outbox.

import { session } from "./api.js";
import * as assignments from "./assignments.js";
import { metresBetween, neighbourhoodAt } from "./geo.js";
import { jalali, localDigits, parseNumber, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { downscale } from "./photos.js";
import { app, config, form, FORM_VERSION, NEARBY_METRES, NEARBY_PARTNERS, neighbourhoodName, screen } from "./state.js";
import * as storage from "./storage.js";
import { searchKey } from "./text.js";
import { h, notice, route } from "./ui.js";

export function newDraft() {
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

export function renderNewVisit() {
  app.draft ??= newDraft();
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
      h("p", { id: "visit-time", class: "big" }, jalali(app.draft.started_at)),
    ),
    h(
      "section",
      { class: "card" },
      h("h3", {}, t("indicators")),
      Object.entries(f.choices).map(([name, field]) =>
        choiceGroup(name, field.label, field.options, app.draft.answers[name] ?? "", (value) => (app.draft.answers[name] = value)),
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
          app.draft.harms[name] ?? "",
          (value) => (app.draft.harms[name] = value),
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
      h("textarea", { id: "notes", rows: 3, maxlength: 4000, oninput: (e) => (app.draft.notes = e.target.value) }, app.draft.notes),
    ),
    h("button", { type: "button", class: "primary wide", id: "save", onclick: saveDraft }, t("save")),
  );
  renderLocation(location);
  renderPartners(partners);
  renderSeen(seen);
  renderPhotos(photos);
  if (app.draft.gps === "idle") locate();
}

/** A question answered with large touch buttons (a radio group). */
export function choiceGroup(name, label, options, value, onPick) {
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
      value: app.draft.ppr,
      oninput: (e) => {
        app.draft.ppr = e.target.value;
        error.hidden = pprValid();
      },
    }),
    error,
  );
}

function pprValid() {
  if (!app.draft.ppr.trim()) return true;
  const value = parseNumber(app.draft.ppr);
  return value >= 0 && value <= 50;
}

// ---- location: GPS, accuracy and the small map -----------------------------------

function locate() {
  app.draft.gps = "locating";
  refreshLocation();
  if (!navigator.geolocation) {
    app.draft.gps = "failed";
    return refreshLocation();
  }
  const current = app.draft;
  navigator.geolocation.getCurrentPosition(
    (position) => {
      current.point = [position.coords.longitude, position.coords.latitude];
      current.accuracy = position.coords.accuracy;
      current.accepted = current.accuracy <= config.gpsWarnMetres;
      current.gps = "found";
      if (current === app.draft) refreshLocation(true);
    },
    (error) => {
      current.gps = error.code === error.PERMISSION_DENIED ? "denied" : "failed";
      if (current === app.draft) refreshLocation();
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
  if (app.draft.gps === "locating") rows.push(h("p", { class: "muted" }, t("locating")));
  if (app.draft.gps === "denied") rows.push(h("p", { class: "error" }, t("gpsDenied")));
  if (app.draft.gps === "failed") rows.push(h("p", { class: "error" }, t("gpsFailed")));
  if (app.draft.point) {
    const metres = Math.round(app.draft.accuracy);
    rows.push(
      h("p", { class: "big", id: "accuracy" }, t("accuracy", metres)),
      h("p", { class: "muted coords", dir: "ltr" }, localDigits(`${app.draft.point[1].toFixed(5)}, ${app.draft.point[0].toFixed(5)}`)),
    );
    warned = metres > config.gpsWarnMetres && !app.draft.accepted;
    if (warned) {
      rows.push(
        h("p", { class: "warn", id: "gps-warning" }, t("poorAccuracy", metres, config.gpsWarnMetres)),
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", onclick: locate }, t("retryGps")),
          h("button", { type: "button", id: "accept-gps", onclick: () => ((app.draft.accepted = true), refreshLocation()) }, t("acceptGps")),
        ),
      );
    }
    const hit = neighbourhoodAt(app.lists.neighbourhoods, app.draft.point);
    app.draft.hint = hit ? neighbourhoodName(hit.id) : null;
    if (app.lists.neighbourhoods.length) {
      rows.push(h("p", { id: "hint", class: "hint" }, hit ? t("seemsIn", app.draft.hint) : t("seemsOutside")));
    }
  }
  if (app.draft.gps !== "locating" && !warned) {
    rows.push(h("button", { type: "button", onclick: locate }, app.draft.point ? t("retryGps") : t("getLocation")));
  }
  // A named region, not hidden: Leaflet keeps its controls (and, by keyboard, the map) focusable.
  const mapBox = h("div", { id: "map", class: "map", dir: "ltr", role: "region", "aria-label": t("visitMap") });
  removeMap();
  section.replaceChildren(...rows, mapBox);
  drawMap(mapBox);
}

/** Leaflet must let go of its map before the map's element leaves the page. */
export function removeMap() {
  app.map?.remove();
  app.map = null;
}

/** The server's base map (its own tiles, kept by the service worker once seen) as a Leaflet layer:
 * images, or vector tiles drawn in the style the pages' maps use (mahalleh/vector-base.js). */
export function baseLayer() {
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
  app.map = L.map(container, {
    zoomControl: true,
    attributionControl: Boolean(config.tileUrl),
    zoomAnimation: false,
    fadeAnimation: false,
  });
  if (config.tileUrl) baseLayer().addTo(app.map);
  const assigned = new Set(assignments.cached(session().username).map((a) => a.neighborhood));
  const areas = L.geoJSON(
    { type: "FeatureCollection", features: app.lists.neighbourhoods },
    {
      style: (f) =>
        assigned.has(f.id) ? { color: "#b45309", weight: 4, fillOpacity: 0.15 } : { color: "#0b5d3b", weight: 2, fillOpacity: 0.08 },
    },
  );
  // The view first: Leaflet cannot draw vector layers on a map without one.
  const latlng = app.draft.point && [app.draft.point[1], app.draft.point[0]];
  const around = latlng && neighbourhoodAt(app.lists.neighbourhoods, app.draft.point);
  if (around) app.map.fitBounds(L.geoJSON(around).getBounds().extend(latlng), { padding: [12, 12] });
  else if (latlng) app.map.setView(latlng, 16);
  else if (areas.getLayers().length) app.map.fitBounds(areas.getBounds());
  else app.map.setView(config.center, 12);
  areas.addTo(app.map);
  if (latlng) {
    L.circle(latlng, { radius: app.draft.accuracy, color: "#b45309", weight: 1, fillOpacity: 0.15 }).addTo(app.map);
    L.marker(latlng).addTo(app.map);
  }
}

// ---- partners met --------------------------------------------------------------

function renderPartners(section) {
  const origin = app.draft.point || [config.center[1], config.center[0]];
  const wanted = searchKey(app.draft.filter);
  const nearby = app.lists.partners
    .map((p) => ({ partner: p, metres: metresBetween(origin, p.geometry.coordinates) }))
    .filter(({ partner, metres }) =>
      app.draft.partners.has(partner.id) ||
      (wanted ? searchKey(partner.properties.name).includes(wanted) : metres <= NEARBY_METRES),
    )
    .sort((a, b) => app.draft.partners.has(b.partner.id) - app.draft.partners.has(a.partner.id) || a.metres - b.metres)
    .slice(0, Math.max(NEARBY_PARTNERS, app.draft.partners.size));
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
            checked: app.draft.partners.has(partner.id),
            onchange: (e) => (e.target.checked ? app.draft.partners.add(partner.id) : app.draft.partners.delete(partner.id)),
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
    value: app.draft.filter,
    oninput: (e) => {
      app.draft.filter = e.target.value;
      renderPartners(section);
      document.getElementById("partner-filter").focus();
    },
  });
  section.replaceChildren(h("h3", {}, t("partnersMet")), filter, nearby.length ? list : h("p", { class: "muted" }, t("noPartners")));
}

// ---- interventions seen working ------------------------------------------------------

/** The delivered interventions of the neighbourhood the visit is in (by its point or its assignment). */
function interventionsHere() {
  const here = app.draft.point ? neighbourhoodAt(app.lists.neighbourhoods, app.draft.point)?.id ?? null : null;
  const place = here ?? app.draft.assignmentPlace ?? null;
  return app.lists.interventions.filter((i) => app.draft.seen.has(i.id) || (place !== null && i.neighborhoods.includes(place)));
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
            checked: app.draft.seen.has(i.id),
            onchange: (e) => (e.target.checked ? app.draft.seen.add(i.id) : app.draft.seen.delete(i.id)),
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
  const thumbs = app.draft.photos.map((photo) =>
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
            app.draft.photos = app.draft.photos.filter((p) => p !== photo);
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
  const current = app.draft;
  for (const file of event.target.files) {
    try {
      const { blob, width, height } = await downscale(file);
      current.photos.push({ photo_uuid: crypto.randomUUID(), blob, width, height, url: URL.createObjectURL(blob) });
    } catch {
      notice(t("photoFailed"), "error");
    }
  }
  const section = document.getElementById("photos");
  if (section && current === app.draft) renderPhotos(section);
}

// ---- saving to the outbox ----------------------------------------------------------

async function saveDraft() {
  if (!app.draft.point || !app.draft.accepted) {
    document.getElementById("location").scrollIntoView();
    return notice(t("needLocation"), "error");
  }
  if (!pprValid()) {
    document.getElementById("persons_per_room").focus();
    return notice(t("pprInvalid"), "error");
  }
  const payload = {
    client_uuid: app.draft.client_uuid,
    point: { type: "Point", coordinates: app.draft.point.map((c) => Math.round(c * 1e7) / 1e7) },
    gps_accuracy_m: Math.round(app.draft.accuracy * 10) / 10,
    visited_at: app.draft.started_at,
    form_opened_at: app.draft.started_at,
    form_saved_at: new Date().toISOString(),
    form_version: FORM_VERSION,
    partners_met: [...app.draft.partners],
    notes: app.draft.notes.trim(),
  };
  if (app.draft.assignment) payload.assignment = app.draft.assignment;
  if (app.draft.seen.size) payload.interventions_seen = [...app.draft.seen];
  for (const [name, value] of Object.entries(app.draft.answers)) if (value) payload[name] = value;
  for (const [name, value] of Object.entries(app.draft.harms)) payload[name] = value === "" ? null : value === "yes";
  if (app.draft.ppr.trim()) payload.persons_per_room = parseNumber(app.draft.ppr);
  const photos = app.draft.photos.map(({ photo_uuid, blob, width, height }) => ({ photo_uuid, blob, width, height }));
  try {
    await outbox.addVisit(
      { client_uuid: app.draft.client_uuid, owner: session().username, payload, hint: app.draft.hint, created_at: Date.now() },
      photos,
    );
  } catch (error) {
    // Nothing was written (one transaction): the app.draft stays on screen for another try.
    return notice(storage.isQuotaError(error) ? t("storageFull") : t("saveFailed", error.message), "error");
  }
  app.draft.photos.forEach((p) => URL.revokeObjectURL(p.url));
  app.draft = null;
  notice(t("saved"));
  location.hash = "#/visits";
  app.sync.run();
}
