// Referring what a visit found to a partner, saved on the phone first.

import { session } from "./api.js";
import { metresBetween } from "./geo.js";
import * as history from "./history.js";
import { t } from "./i18n.js";
import * as outbox from "./outbox.js";
import { choiceGroup } from "./screen-visit.js";
import { app, config, form, screen } from "./state.js";
import * as storage from "./storage.js";
import { h, notice, routeArg } from "./ui.js";

let referral = null; // the referral being written: {client_uuid, need, partner, note}
const REFERRAL_PARTNERS = 5;
const REFERRAL_DUE_DAYS = 14;

/** The nearest partners offering a service that answers the need, nearest first. */
function referralPartners(need, origin) {
  const services = form().need_services[need] || [];
  return app.lists.partners
    .filter((p) => (p.properties.services || []).some((s) => services.includes(s)))
    .map((p) => ({ partner: p, metres: metresBetween(origin, p.geometry.coordinates) }))
    .sort((a, b) => a.metres - b.metres)
    .slice(0, REFERRAL_PARTNERS);
}

export function renderRefer() {
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
  const partner = app.lists.partners.find((p) => p.id === referral.partner);
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
  app.sync.run();
}
