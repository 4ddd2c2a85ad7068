// The base map kept on the phone for offline use: which tiles cover the visitor's area at the
// chosen zooms, how big they are, fetching them (the service worker keeps each one it fetches)
// and freeing the space again. Pure helpers first, then what touches the network and the cache.

export const CACHE = "mahalleh-basemap"; // the service worker's cache of base map tiles

/** The tile (x, y) of a longitude and latitude at zoom z (Web Mercator, y from the north). */
export function tileOf(lon, lat, z) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n);
  return [Math.min(Math.max(x, 0), n - 1), Math.min(Math.max(y, 0), n - 1)];
}

/** [west, south, east, north] around every position of these GeoJSON geometries, or null. */
export function bboxOf(geometries) {
  let box = null;
  const visit = (c) => {
    if (typeof c[0] === "number") {
      box = box ? [Math.min(box[0], c[0]), Math.min(box[1], c[1]), Math.max(box[2], c[0]), Math.max(box[3], c[1])] : [c[0], c[1], c[0], c[1]];
    } else c.forEach(visit);
  };
  geometries.filter(Boolean).forEach((g) => visit(g.coordinates));
  return box;
}

/** Every [z, x, y] over box from zoom `from` to `to`, kept within the base map's own zooms. */
export function tilesFor(box, from, to, { minZoom = 0, maxZoom = 22 } = {}) {
  const tiles = [];
  for (let z = Math.max(from, minZoom); z <= Math.min(to, maxZoom); z++) {
    const [x0, y0] = tileOf(box[0], box[3], z);
    const [x1, y1] = tileOf(box[2], box[1], z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push([z, x, y]);
  }
  return tiles;
}

/** The address of a tile from the {z}/{x}/{y} template. */
export function tileUrl(template, [z, x, y]) {
  return template.replace("{z}", z).replace("{x}", x).replace("{y}", y);
}

/** Megabytes the tiles will take, from the base map's average tile size. */
export function estimateMb(count, tileBytes) {
  return (count * tileBytes) / 1024 / 1024;
}

/**
 * Fetch the tiles a few at a time; the service worker keeps each. Calls progress(done, total).
 * Resolves with how many could not be fetched; stops early when signal is aborted.
 */
export async function download(urls, progress, { parallel = 4, signal } = {}) {
  let next = 0;
  let done = 0;
  let failed = 0;
  async function worker() {
    while (next < urls.length && !signal?.aborted) {
      const url = urls[next++];
      try {
        const response = await fetch(url, { signal });
        if (!response.ok && response.status !== 404) failed++; // 404: the file has no tile there
      } catch {
        failed++;
      }
      progress(++done, urls.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, urls.length) }, worker));
  return failed;
}

/** How many tiles the phone keeps. */
export async function keptCount() {
  if (!("caches" in self)) return 0;
  return (await (await caches.open(CACHE)).keys()).length;
}

/** Free the space: forget every kept tile. */
export async function forget() {
  if ("caches" in self) await caches.delete(CACHE);
}
