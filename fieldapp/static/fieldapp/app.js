// The Mahalleh field app: sign-in, assignments, my visits (with their sync state), a new visit,
// corrections, referrals and settings, each screen in its own module (screen-*.js). Screens are
// plain DOM built with h(); routes are the URL hash (#/visits, #/new, #/settings).

import { session } from "./api.js";
import * as assignments from "./assignments.js";
import * as history from "./history.js";
import { lang, setLang, t } from "./i18n.js";
import { renderAssignments } from "./screen-assignments.js";
import { renderFix } from "./screen-fix.js";
import { renderRefer } from "./screen-refer.js";
import { renderSettings } from "./screen-settings.js";
import { renderSignIn } from "./screen-signin.js";
import { removeMap, renderNewVisit } from "./screen-visit.js";
import { renderVisits } from "./screen-visits.js";
import { app, config, loadLists } from "./state.js";
import * as storage from "./storage.js";
import { Sync } from "./sync.js";
import { route } from "./ui.js";

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

// What the screens reach through the shared state (state.js).
app.sync = sync;
app.render = render;
start();
