// The outbox and its sending, against a server played by the test: every visit stored exactly once
// however the network behaves, photos after their visit, a refused batch split to its culprit,
// retries backing off.
import assert from "node:assert/strict";
import { test } from "node:test";

import { serve } from "./phone.mjs";

const outbox = await import("../../../fieldapp/static/fieldapp/outbox.js");
const { Sync } = await import("../../../fieldapp/static/fieldapp/sync.js");
const { State } = outbox;

/** A server that keeps what it is sent, as the real one does: one visit per client_uuid. */
function server({ before } = {}) {
  const visits = new Map();
  const photos = [];
  const requests = [];
  serve(async (request) => {
    requests.push(request);
    const refusal = before?.(request, visits);
    if (refusal) return refusal;
    if (request.path === "/api/v1/visits/sync/") {
      const results = request.json.visits.map((payload) => {
        const status = visits.has(payload.client_uuid) ? "duplicate" : "created";
        visits.set(payload.client_uuid, payload);
        return { client_uuid: payload.client_uuid, status, id: [...visits.keys()].indexOf(payload.client_uuid) + 1 };
      });
      return [200, { results }];
    }
    if (request.method === "PUT" && request.path.includes("/photos/")) {
      photos.push(request.path);
      return [201, { ok: true }];
    }
    return [404, { detail: "Not found." }];
  });
  return { visits, photos, requests };
}

async function record(owner, count, { photoFor = -1 } = {}) {
  const uuids = [];
  for (let i = 0; i < count; i++) {
    const client_uuid = crypto.randomUUID();
    const photos = i === photoFor ? [{ photo_uuid: crypto.randomUUID(), blob: new Blob(["jpeg"]) }] : [];
    await outbox.addVisit({ client_uuid, owner, created_at: Date.now() + i, payload: { client_uuid, note: i } }, photos);
    uuids.push(client_uuid);
  }
  return uuids;
}

function signIn(username) {
  localStorage.setItem("mahalleh.session", JSON.stringify({ username, token: `token-${username}` }));
  return new Sync({ batchSize: 2, onChange() {} });
}

const statesOf = async (owner) => (await outbox.visitsOf(owner)).map((v) => v.state).sort();

test("every visit is stored once, in batches, and its photo follows it", async () => {
  const sync = signIn("maryam");
  const sent = await record("maryam", 5, { photoFor: 3 });
  const { visits, photos } = server();
  await sync.run();
  assert.deepEqual(await statesOf("maryam"), Array(5).fill(State.SENT));
  assert.deepEqual([...visits.keys()].sort(), [...sent].sort());
  assert.equal(photos.length, 1);
  const [visit] = (await outbox.visitsOf("maryam")).filter((v) => v.photo_uuids.length);
  const [photo] = await outbox.photosOf(visit.client_uuid);
  assert.equal(photo.state, State.SENT);
  assert.equal(photo.blob, null); // the full image leaves the phone once the server has it
});

test("an answer lost on the way leaves the visits waiting; the retry stores nothing twice", async () => {
  const sync = signIn("ali");
  await record("ali", 3);
  let drop = true;
  const { visits } = server({
    before(request, stored) {
      if (!drop) return null;
      drop = false;
      for (const payload of request.json.visits) stored.set(payload.client_uuid, payload); // stored…
      throw new TypeError("Failed to fetch"); // …but the answer never came back
    },
  });
  await sync.run();
  clearTimeout(sync.retryTimer);
  assert.equal(sync.failures, 1);
  assert.deepEqual(await statesOf("ali"), Array(3).fill(State.WAITING));
  await sync.run();
  assert.deepEqual(await statesOf("ali"), Array(3).fill(State.SENT));
  assert.equal(visits.size, 3);
});

test("a batch refused as a whole is split until the visit that breaks it is alone", async () => {
  const sync = new Sync({ batchSize: 8, onChange() {} });
  localStorage.setItem("mahalleh.session", JSON.stringify({ username: "reza", token: "t" }));
  const uuids = await record("reza", 6);
  const culprit = uuids[4];
  const { visits } = server({
    before: (request) =>
      request.json?.visits.some((v) => v.client_uuid === culprit) ? [400, { detail: "Malformed visit." }] : null,
  });
  await sync.run();
  const visitsNow = await outbox.visitsOf("reza");
  const refused = visitsNow.filter((v) => v.state === State.REFUSED);
  assert.deepEqual(refused.map((v) => [v.client_uuid, v.reason]), [[culprit, "Malformed visit."]]);
  assert.equal(visits.size, 5);
  assert.equal(visitsNow.filter((v) => v.state === State.SENT).length, 5);
});

test("failures back off, with jitter, up to ten minutes; an expired sign-in drops nothing", async () => {
  const sync = signIn("sara");
  await record("sara", 2);
  server({ before: () => [503, { detail: "Busy." }] });
  const waits = [];
  for (let i = 0; i < 12; i++) {
    const before = Date.now();
    await sync.run();
    clearTimeout(sync.retryTimer);
    waits.push(sync.retryAt - before);
  }
  const ceiling = (n) => Math.min(10 * 60_000, 5_000 * 2 ** n);
  waits.forEach((wait, n) => assert.ok(wait >= ceiling(n) / 2 - 5 && wait <= ceiling(n) + 5, `${n}: ${wait}`));
  assert.ok(waits.at(-1) <= 10 * 60_000 + 5);
  server({ before: () => [401, { detail: "Invalid token." }] });
  await sync.run();
  assert.equal(sync.needsSignIn, true);
  assert.deepEqual(await statesOf("sara"), [State.WAITING, State.WAITING]);
});
