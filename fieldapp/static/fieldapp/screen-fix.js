// Answering a supervisor: a correction and a reply, saved on the phone first.

import { session } from "./api.js";
import * as history from "./history.js";
import { jalali, localDigits, parseNumber, t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { choiceGroup } from "./screen-visit.js";
import { app, form, screen } from "./state.js";
import * as storage from "./storage.js";
import { h, notice, routeArg } from "./ui.js";

let fix = null; // the correction being made: {client_uuid, answers, harms, ppr, notes, reply}

const HARM_WORD = { true: "yes", false: "no", null: "" };

export function renderFix() {
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
  app.sync.run();
}
