// The visitor's open assignments (their own and their teams' shared ones), fetched when online
// and kept in localStorage, so that the list works offline after the first sync.

import { keptFor, request } from "./api.js";

const KEY = "mahalleh.assignments";

/** Fetch owner's open assignments and keep them; resolve with them. */
export async function refresh(owner) {
  const assignments = await request("GET", "/api/v1/assignments/mine/");
  localStorage.setItem(KEY, JSON.stringify({ owner, at: Date.now(), assignments }));
  return assignments;
}

/** The assignments last fetched for owner ([] when none, or fetched for someone else). */
export function cached(owner) {
  return keptFor(KEY, owner)?.assignments ?? [];
}

/** When the list was last fetched for owner, or null. */
export function fetchedAt(owner) {
  return keptFor(KEY, owner)?.at ?? null;
}

export function forget() {
  localStorage.removeItem(KEY);
}

/** Past its due date (a calendar day, compared in Tehran time) and not done. */
export function isOverdue(assignment, now = new Date()) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tehran" }).format(now);
  return assignment.status !== "done" && assignment.due_date < today;
}
