// Talking to the Mahalleh API with the visitor's token.

const SESSION_KEY = "mahalleh.session";

/** The signed-in visitor ({token, username, role}) or null. */
export function session() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function saveSession(value) {
  localStorage.setItem(SESSION_KEY, JSON.stringify(value));
}

/** What was kept in localStorage under key for owner ({owner, at, …}), or null: none, unreadable,
 * or kept for someone else who used this phone before. */
export function keptFor(key, owner) {
  try {
    const stored = JSON.parse(localStorage.getItem(key));
    return stored?.owner === owner ? stored : null;
  } catch {
    return null;
  }
}

export function clearSession() {
  localStorage.removeItem(SESSION_KEY);
}

/** An answer the server gave (status and body); network failures throw a TypeError instead. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Send a request; resolve with the parsed body of a 2xx answer, reject with ApiError otherwise. */
export async function request(method, path, { json, body, contentType, token } = {}) {
  const headers = { Accept: "application/json" };
  const auth = token === undefined ? session()?.token : token; // token "" sends none
  if (auth) headers.Authorization = `Token ${auth}`;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (contentType) {
    headers["Content-Type"] = contentType;
  }
  const response = await fetch(path, { method, headers, body, cache: "no-store" });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/** Every feature of a paginated GeoJSON list, following its `next` links. */
export async function allFeatures(path) {
  const features = [];
  let next = path;
  while (next) {
    const page = await request("GET", next);
    features.push(...page.features);
    next = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
  }
  return features;
}
