// "My visits": the phone's own, with their sync and review states, and those the server has.

import { session } from "./api.js";
import * as history from "./history.js";
import { jalali, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { app, neighbourhoodName, screen } from "./state.js";
import * as storage from "./storage.js";
import { h, route } from "./ui.js";

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

export async function renderVisits() {
  const [visits, kept, changes] = await Promise.all([myVisits(), storage.status(), outbox.changesOf(session().username)]);
  if (route() !== "visits") return;
  const waiting = visits.filter(outbox.unsent).length;
  const atRisk = waiting && (!kept.persisted || kept.nearlyFull);
  const status = [
    h("p", { class: waiting ? "warn" : "ok", id: "outbox-summary" }, waiting ? t("waitingCount", waiting) : t("allSent")),
    atRisk ? h("p", { class: "warn", id: "storage-risk" }, kept.nearlyFull ? t("storageNearlyFull") : t("storageAtRisk")) : null,
    app.sync.lastOk ? h("p", { class: "muted" }, t("lastSync", jalali(app.sync.lastOk))) : null,
    app.sync.lastError && app.sync.retryAt ? h("p", { class: "muted" }, t("retryIn", Math.max(1, Math.round((app.sync.retryAt - Date.now()) / 1000)))) : null,
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
