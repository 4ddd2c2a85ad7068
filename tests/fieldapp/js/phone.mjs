// What the field app's modules expect of a phone's browser, in Node: an IndexedDB (fake-indexeddb,
// in memory), the vendored idb library on window, localStorage, navigator.onLine, and a fetch that
// each test answers as the server would. Import this before the app's modules.
import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import vm from "node:vm";

globalThis.window = globalThis;
globalThis.navigator ??= {};
Object.defineProperty(globalThis.navigator, "onLine", { value: true, configurable: true, writable: true });

const kept = new Map();
globalThis.localStorage = {
  getItem: (key) => (kept.has(key) ? kept.get(key) : null),
  setItem: (key, value) => kept.set(key, String(value)),
  removeItem: (key) => kept.delete(key),
  clear: () => kept.clear(),
};

// The same idb build the app loads from /static/vendor/idb/idb.umd.js.
const idb = new URL("../../../backend/static/vendor/idb/idb.umd.js", import.meta.url);
vm.runInThisContext(readFileSync(idb, "utf8"), { filename: idb.pathname });

/** Answer the app's requests with handler({method, path, json, body}) → [status, body] or throw. */
export function serve(handler) {
  globalThis.fetch = async (path, { method, body }) => {
    const json = typeof body === "string" ? JSON.parse(body) : undefined;
    const [status, answer] = await handler({ method, path, json, body });
    return new Response(answer === undefined ? "" : JSON.stringify(answer), { status });
  };
}
