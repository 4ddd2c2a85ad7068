// The outbox: every visit is written here first (IndexedDB, via the vendored idb
// library) and leaves the "waiting" state only after the server has confirmed it.
//
// visit.state: waiting (not confirmed) → photos (visit confirmed, photos still to
// send) → sent; or refused (the server said why, in visit.reason).
//
// Changes to visits already on the server wait here too: a correction of a visit a
// supervisor marked "has issues", or a comment in its thread. Each has its own UUID,
// made on the phone, so a resend is stored once. change.state: waiting → sent | refused.

const { openDB } = window.idb;

/** Where a visit (or a photo, or a change) stands. Only this module and sync.js move them. */
export const State = Object.freeze({
  WAITING: "waiting", // kept here, not yet confirmed by the server
  PHOTOS: "photos", // a visit the server confirmed whose photos are still to go
  SENT: "sent", // confirmed, all of it
  REFUSED: "refused", // the server will never take it; `reason` says why
});

/** Still the phone's to send (what "My visits" warns about while storage is at risk). */
export function unsent(visit) {
  return visit.state === State.WAITING || visit.state === State.PHOTOS;
}

const dbPromise = openDB("mahalleh", 2, {
  upgrade(db, oldVersion) {
    if (oldVersion < 1) {
      const visits = db.createObjectStore("visits", { keyPath: "client_uuid" });
      visits.createIndex("owner", "owner");
      const photos = db.createObjectStore("photos", { keyPath: "photo_uuid" });
      photos.createIndex("visit", "visit_uuid");
    }
    if (oldVersion < 2) {
      const changes = db.createObjectStore("changes", { keyPath: "client_uuid" });
      changes.createIndex("owner", "owner");
    }
  },
});

/** Keep a correction or comment for a stored visit until the server confirms it. */
export async function addChange(change) {
  const db = await dbPromise;
  await db.add("changes", { ...change, client_uuid: crypto.randomUUID(), state: State.WAITING, created_at: Date.now() });
}

/** owner's changes, oldest first (the order they must reach the server in). */
export async function changesOf(owner) {
  const db = await dbPromise;
  const changes = await db.getAllFromIndex("changes", "owner", owner);
  return changes.sort((a, b) => a.created_at - b.created_at);
}

export async function updateChange(clientUuid, changes) {
  const db = await dbPromise;
  const tx = db.transaction("changes", "readwrite");
  const change = await tx.store.get(clientUuid);
  if (change) await tx.store.put({ ...change, ...changes });
  await tx.done;
}

/** Store a new visit and its photos together, or neither. */
export async function addVisit(visit, photos) {
  const db = await dbPromise;
  const tx = db.transaction(["visits", "photos"], "readwrite");
  await Promise.all([
    tx.objectStore("visits").add({ ...visit, state: State.WAITING, photo_uuids: photos.map((p) => p.photo_uuid) }),
    ...photos.map((photo) => tx.objectStore("photos").add({ ...photo, visit_uuid: visit.client_uuid, state: State.WAITING })),
    tx.done,
  ]);
}

/** The visits recorded by owner on this phone, newest first. */
export async function visitsOf(owner) {
  const db = await dbPromise;
  const visits = await db.getAllFromIndex("visits", "owner", owner);
  return visits.sort((a, b) => b.created_at - a.created_at);
}

export async function visitsIn(owner, state) {
  return (await visitsOf(owner)).filter((visit) => visit.state === state).reverse();
}

export async function updateVisit(clientUuid, changes) {
  const db = await dbPromise;
  const tx = db.transaction("visits", "readwrite");
  const visit = await tx.store.get(clientUuid);
  if (visit) await tx.store.put({ ...visit, ...changes });
  await tx.done;
}

export async function photosOf(visitUuid) {
  const db = await dbPromise;
  return db.getAllFromIndex("photos", "visit", visitUuid);
}

/** Record what became of a photo; a sent photo's full image is dropped, its thumbnail kept. */
export async function updatePhoto(photoUuid, changes) {
  const db = await dbPromise;
  const tx = db.transaction("photos", "readwrite");
  const photo = await tx.store.get(photoUuid);
  if (photo) {
    const next = { ...photo, ...changes };
    if (next.state === State.SENT) next.blob = null;
    await tx.store.put(next);
  }
  await tx.done;
}
