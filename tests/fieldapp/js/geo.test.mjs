// The phone's geometry hints: which neighbourhood a point seems to fall in, and distances.
import assert from "node:assert/strict";
import { test } from "node:test";

import { metresBetween, neighbourhoodAt } from "../../../fieldapp/static/fieldapp/geo.js";

const square = (id, x0, y0, size, hole = null) => ({
  id,
  geometry: {
    type: "Polygon",
    coordinates: [
      [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]],
      ...(hole ? [hole] : []),
    ],
  },
});

test("the smallest neighbourhood holding the point wins, as on the server", () => {
  const big = square(1, 50, 36, 1);
  const small = square(2, 50.2, 36.2, 0.1);
  assert.equal(neighbourhoodAt([big, small], [50.25, 36.25]).id, 2);
  assert.equal(neighbourhoodAt([big, small], [50.5, 36.5]).id, 1);
  assert.equal(neighbourhoodAt([big, small], [52, 36.5]), null);
});

test("a point in a hole is outside", () => {
  const holed = square(3, 50, 36, 1, [[50.4, 36.4], [50.6, 36.4], [50.6, 36.6], [50.4, 36.6], [50.4, 36.4]]);
  assert.equal(neighbourhoodAt([holed], [50.5, 36.5]), null);
  assert.equal(neighbourhoodAt([holed], [50.1, 36.1]).id, 3);
});

test("distances are great-circle metres", () => {
  assert.equal(metresBetween([50, 36], [50, 36]), 0);
  // A degree of latitude is about 111.2 km on the mean sphere.
  assert.ok(Math.abs(metresBetween([50, 36], [50, 37]) - 111_195) < 10);
  // A degree of longitude shrinks with the cosine of the latitude.
  const east = metresBetween([50, 36], [51, 36]);
  assert.ok(Math.abs(east - 111_195 * Math.cos((36 * Math.PI) / 180)) < 100);
});
