// Which base map tiles cover the visitor's area, and how big they are.
import assert from "node:assert/strict";
import { test } from "node:test";

import { bboxOf, estimateMb, tileOf, tilesFor, tileUrl } from "../../../fieldapp/static/fieldapp/basemap.js";

test("tiles are numbered from the north-west, as in Web Mercator", () => {
  assert.deepEqual(tileOf(0, 0, 1), [1, 1]);
  assert.deepEqual(tileOf(-180, 85, 1), [0, 0]);
  assert.deepEqual(tileOf(50.0, 36.27, 12), [2616, 1604]); // Qazvin (checked with the formula in Python)
  assert.deepEqual(tileOf(200, -90, 3), [7, 7]); // clamped to the world
});

test("an area's tiles at each zoom, within the base map's own zooms", () => {
  const box = bboxOf([{ type: "Point", coordinates: [50.0, 36.27] }, { type: "Point", coordinates: [50.02, 36.29] }, null]);
  assert.deepEqual(box, [50.0, 36.27, 50.02, 36.29]);
  const tiles = tilesFor(box, 10, 14, { minZoom: 12, maxZoom: 13 });
  assert.deepEqual([...new Set(tiles.map(([z]) => z))], [12, 13]);
  assert.equal(new Set(tiles.map((t) => t.join("/"))).size, tiles.length);
  assert.equal(tileUrl("/basemaps/demo/{z}/{x}/{y}.png", [12, 2616, 1604]), "/basemaps/demo/12/2616/1604.png");
  assert.equal(estimateMb(1024, 1024), 1);
});
