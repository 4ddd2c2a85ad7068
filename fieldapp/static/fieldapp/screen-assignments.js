// "My assignments": where to go next, on a map and by distance, offline after the first sync.

import { session } from "./api.js";
import * as assignments from "./assignments.js";
import { metresBetween } from "./geo.js";
import { jalali, localDigits, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { baseLayer, newDraft, removeMap } from "./screen-visit.js";
import { app, config, neighbourhoodName, screen } from "./state.js";
import { h, notice, route } from "./ui.js";

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

export async function renderAssignments() {
  const owner = session().username;
  const changes = await outbox.changesOf(owner);
  if (route() !== "assignments") return;
  const declining = new Set(changes.filter((c) => c.kind === "decline" && c.state === outbox.State.WAITING).map((c) => c.assignment_id));
  const mine = assignments.cached(owner).filter((a) => a.status !== "done");
  const fetched = assignments.fetchedAt(owner);
  const items = mine.map((a) => {
    const late = assignments.isOverdue(a);
    const place = neighbourhoodName(a.neighborhood) || a.neighborhood_name;
    const outline = app.lists.neighbourhoods.find((f) => f.id === a.neighborhood);
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
  app.map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomAnimation: false, fadeAnimation: false, keyboard: false });
  if (config.tileUrl) baseLayer().addTo(app.map);
  const late = new Set(mine.filter((a) => assignments.isOverdue(a)).map((a) => a.neighborhood));
  const wanted = new Set(mine.map((a) => a.neighborhood));
  const layer = L.geoJSON(
    { type: "FeatureCollection", features: app.lists.neighbourhoods.filter((f) => wanted.has(f.id)) },
    { style: (f) => ({ color: late.has(f.id) ? "#a4161a" : "#b45309", weight: 3, fillOpacity: 0.2 }) },
  );
  if (layer.getLayers().length) app.map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  else app.map.setView(config.center, 12);
  layer.addTo(app.map);
  if (here) L.circleMarker([here[1], here[0]], { radius: 6, color: "#0b5d3b" }).addTo(app.map);
}

function startFor(assignment) {
  app.draft = newDraft();
  app.draft.assignment = assignment.id;
  app.draft.assignmentPlace = assignment.neighborhood;
  location.hash = "#/new";
}

async function decline(assignment, reason) {
  if (!reason.trim()) return notice(t("declineNeedsReason"), "error");
  const path = `/api/v1/assignments/${assignment.id}/decline/`;
  await outbox.addChange({ owner: session().username, kind: "decline", assignment_id: assignment.id, method: "POST", path, body: { reason: reason.trim() } });
  notice(t("declineSaved"));
  renderAssignments();
  app.sync.run();
}
