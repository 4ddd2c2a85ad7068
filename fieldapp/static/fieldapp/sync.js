// Sending the outbox: on load, when the browser comes online, on the button and
// every minute, with exponential backoff after a failure. Every request is safe
// to repeat: visits are keyed by client_uuid and photos by photo_uuid, so a
// request whose answer was lost is simply sent again.

import { ApiError, request, session } from "./api.js";
import * as outbox from "./outbox.js";
import { State } from "./outbox.js";

const PERIOD_MS = 60_000;
const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

export class Sync {
  constructor({ batchSize, onChange, afterRun }) {
    this.batchSize = batchSize;
    this.onChange = onChange;
    this.afterRun = afterRun; // called after each pass that reached the server
    this.running = false;
    this.again = false;
    this.failures = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.lastOk = Number(localStorage.getItem("mahalleh.lastSync")) || null;
    this.lastError = null;
    this.needsSignIn = false;
  }

  start() {
    window.addEventListener("online", () => this.run());
    setInterval(() => {
      if (Date.now() >= this.retryAt) this.run();
    }, PERIOD_MS);
    this.run();
  }

  /** Send what is waiting; concurrent calls fold into one more pass. */
  async run() {
    if (this.running) {
      this.again = true;
      return;
    }
    const user = session();
    if (!user || !navigator.onLine) return;
    this.running = true;
    clearTimeout(this.retryTimer);
    this.onChange();
    try {
      await this.sendVisits(user.username);
      await this.sendPhotos(user.username);
      await this.sendChanges(user.username);
      this.failures = 0;
      this.retryAt = 0;
      this.lastError = null;
      this.needsSignIn = false;
      this.lastOk = Date.now();
      localStorage.setItem("mahalleh.lastSync", String(this.lastOk));
      this.afterRun?.();
    } catch (error) {
      this.failed(error);
    } finally {
      this.running = false;
      this.onChange();
      if (this.again) {
        this.again = false;
        this.run();
      }
    }
  }

  failed(error) {
    this.lastError = error.message;
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      this.needsSignIn = true; // nothing is dropped: the outbox waits for a new sign-in
      return;
    }
    this.failures += 1;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.failures - 1));
    const wait = delay / 2 + Math.random() * (delay / 2); // jitter: phones do not retry in step
    this.retryAt = Date.now() + wait;
    this.retryTimer = setTimeout(() => this.run(), wait);
  }

  async sendVisits(owner) {
    const waiting = await outbox.visitsIn(owner, State.WAITING);
    for (let i = 0; i < waiting.length; i += this.batchSize) {
      await this.sendBatch(waiting.slice(i, i + this.batchSize));
    }
  }

  /** Send one batch; a batch the server refuses as a whole is split until the culprit is alone. */
  async sendBatch(visits) {
    let answer;
    try {
      answer = await request("POST", "/api/v1/visits/sync/", { json: { visits: visits.map((v) => v.payload) } });
    } catch (error) {
      const wholeBatchRefused = error instanceof ApiError && (error.status === 400 || error.status === 413);
      if (!wholeBatchRefused) throw error;
      if (visits.length > 1) {
        const half = Math.ceil(visits.length / 2);
        await this.sendBatch(visits.slice(0, half));
        await this.sendBatch(visits.slice(half));
        return;
      }
      await outbox.updateVisit(visits[0].client_uuid, { state: State.REFUSED, reason: error.message });
      return;
    }
    for (const [index, result] of answer.results.entries()) {
      const visit = visits[index];
      if (result.status === "created" || result.status === "duplicate") {
        await outbox.updateVisit(visit.client_uuid, {
          state: visit.photo_uuids.length ? State.PHOTOS : State.SENT,
          server_id: result.id,
          neighborhood: result.neighborhood,
          outside: result.outside_neighborhood,
          sent_at: Date.now(),
        });
      } else {
        await outbox.updateVisit(visit.client_uuid, { state: State.REFUSED, reason: result.detail || result.status });
      }
    }
  }

  async sendPhotos(owner) {
    for (const visit of await outbox.visitsIn(owner, State.PHOTOS)) {
      for (const photo of await outbox.photosOf(visit.client_uuid)) {
        if (photo.state === State.WAITING) await this.sendPhoto(visit, photo);
      }
      await outbox.updateVisit(visit.client_uuid, { state: State.SENT });
    }
  }

  /** Corrections, comments and declined assignments, in the order they were made. */
  async sendChanges(owner) {
    for (const change of await outbox.changesOf(owner)) {
      if (change.state !== State.WAITING) continue;
      // Corrections and comments carry their UUID, so a resend is stored once; declining twice is refused.
      const json = change.kind === "decline" ? change.body : { ...change.body, client_uuid: change.client_uuid };
      try {
        await request(change.method, change.path, { json });
        await outbox.updateChange(change.client_uuid, { state: State.SENT, sent_at: Date.now() });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500 || [401, 429].includes(error.status)) throw error;
        // A stale version (someone reviewed it meanwhile), or a change no longer allowed.
        await outbox.updateChange(change.client_uuid, { state: State.REFUSED, reason: error.message });
      }
    }
  }

  async sendPhoto(visit, photo) {
    const path = `/api/v1/visits/${visit.client_uuid}/photos/${photo.photo_uuid}/`;
    try {
      await request("PUT", path, { body: photo.blob, contentType: "image/jpeg" });
      await outbox.updatePhoto(photo.photo_uuid, { state: State.SENT });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500 || [401, 403].includes(error.status)) throw error;
      // The server will never take this photo (not an image, too large, a conflict).
      await outbox.updatePhoto(photo.photo_uuid, { state: State.REFUSED, reason: error.message });
    }
  }
}
