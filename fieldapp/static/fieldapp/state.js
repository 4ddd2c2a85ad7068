// The field app's shared state: the server's configuration, the lists kept for offline use, and
// what the screens change (app.*).

import { allFeatures, ApiError, request } from "./api.js";
import { lang } from "./i18n.js";

export const config = JSON.parse(document.getElementById("field-config").textContent);
export const screen = document.getElementById("screen");
export const VISIT_ROLES = ["visitor", "coordinator", "admin"];
export const FORM_VERSION = "field-1";
export const NEARBY_PARTNERS = 15;
export const NEARBY_METRES = 2000; // without a search, only partners within walking reach are offered

/** What the screens share and change: the lists kept for offline use, the visit being recorded
 * (kept while the visitor switches tabs), the open Leaflet map, and what app.js sets up (the
 * sync, and how to draw the current screen again). */
export const app = {
  lists: { neighbourhoods: [], partners: [], interventions: [] },
  draft: null,
  map: null,
  sync: null,
  render: () => {},
};

export function form() {
  return config.form[lang()];
}

export async function loadLists() {
  try {
    const neighbourhoods = await allFeatures("/api/v1/neighborhoods/?page_size=1000");
    const box = extent(neighbourhoods);
    const bbox = box ? `&bbox=${box.join(",")}` : "";
    const partners = await allFeatures(`/api/v1/partners/?is_active=true&page_size=1000${bbox}`);
    const interventions = await request("GET", "/api/v1/interventions/delivered/");
    app.lists = { neighbourhoods, partners, interventions };
    localStorage.setItem("mahalleh.listsAt", String(Date.now()));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) app.sync.needsSignIn = true;
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

export function neighbourhoodName(id) {
  const feature = app.lists.neighbourhoods.find((f) => f.id === id);
  if (!feature) return null;
  return lang() === "en" && feature.properties.name_en ? feature.properties.name_en : feature.properties.name;
}
