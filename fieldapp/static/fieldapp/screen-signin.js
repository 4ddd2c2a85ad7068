// The sign-in screen: a token for this phone, then the lists kept for offline use.

import { ApiError, request, saveSession, session } from "./api.js";
import { latinDigits, t } from "./i18n.js";
import { app, form, loadLists, screen, VISIT_ROLES } from "./state.js";
import * as storage from "./storage.js";
import { h, notice } from "./ui.js";

export function renderSignIn() {
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
      app.sync.needsSignIn = false;
      notice("");
      await loadLists();
      storage.persist();
      location.hash = "#/assignments";
      app.render();
      app.sync.run();
    } catch (error) {
      notice(error instanceof ApiError && error.status === 400 ? t("signInFailed") : error.message, "error");
    }
  };
  screen.replaceChildren(
    h(
      "form",
      { class: "card", onsubmit: submit },
      h("h2", {}, t("signInTitle")),
      app.sync.needsSignIn ? h("p", { class: "warn" }, t("signInAgain")) : null,
      h("label", { for: "username" }, t("username")),
      username,
      h("label", { for: "password" }, t("password")),
      password,
      h("button", { type: "submit", class: "primary" }, t("signIn")),
    ),
  );
}
