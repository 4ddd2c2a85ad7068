// Keeping the outbox safe: ask the browser for persistent storage, so that it never evicts
// unsent visits under storage pressure, and say how much room they take.

const NEARLY_FULL = 0.8; // share of the quota past which unsent work is at risk

/** Ask once per start for persistent storage; resolve with whether it is granted. */
export async function persist() {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  try {
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

/** {persisted, usage, quota, atRisk} of this app's storage (null numbers when unknown). */
export async function status() {
  const persisted = Boolean(await navigator.storage?.persisted?.());
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : {};
  const usage = estimate.usage ?? null;
  const quota = estimate.quota ?? null;
  const nearlyFull = usage !== null && quota ? usage / quota > NEARLY_FULL : false;
  return { persisted, usage, quota, nearlyFull };
}

/** True for the error a write gives when the quota is full. */
export function isQuotaError(error) {
  return error?.name === "QuotaExceededError" || error?.inner?.name === "QuotaExceededError";
}
