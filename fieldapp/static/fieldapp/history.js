// The visitor's own visits as the server has them (the last few months), with their review
// state and the supervisor's note: fetched when online, kept in localStorage for offline use.

import { allFeatures, keptFor, request } from "./api.js";

const KEY = "mahalleh.history";

/** Fetch owner's visits since `days` ago and keep them; resolve with them. */
export async function refresh(owner, days) {
  const since = new Date(Date.now() - days * 86_400_000).toISOString();
  const features = await allFeatures(`/api/v1/visits/?visited_after=${encodeURIComponent(since)}&page_size=500`);
  const visits = features.map((f) => ({
    id: f.id,
    client_uuid: f.properties.client_uuid,
    visited_at: f.properties.visited_at,
    point: f.geometry?.coordinates ?? null, // where referral partners are looked for
    neighborhood: f.properties.neighborhood,
    outside: f.properties.outside_neighborhood,
    review_state: f.properties.review_state,
    review_note: f.properties.review_note,
    version: f.properties.version,
    photos: f.properties.photos.length,
    answers: f.properties, // what a correction starts from
    thread: [],
  }));
  // The thread of each visit waiting for the visitor's answer, to read offline.
  for (const visit of visits.filter((v) => v.review_state === "has_issues")) {
    visit.thread = await request("GET", `/api/v1/visits/${visit.id}/comments/`);
  }
  localStorage.setItem(KEY, JSON.stringify({ owner, at: Date.now(), visits }));
  return visits;
}

/** The visits last fetched for owner ([] when none, or fetched for someone else). */
export function cached(owner) {
  return keptFor(KEY, owner)?.visits ?? [];
}

export function forget() {
  localStorage.removeItem(KEY);
}
