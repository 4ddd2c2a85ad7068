// Small geometry helpers for hints on the phone; the server decides for real.

/** Is [lon, lat] inside a GeoJSON Polygon or MultiPolygon (even-odd rule, holes respected)? */
function contains(geometry, [x, y]) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.reduce((inside, ring) => inside !== inRing(ring, x, y), false));
}

function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Planar area in square degrees: enough to pick the smaller of two nested shapes. */
function roughArea(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const [outer] of polygons) {
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
      total += (outer[j][0] + outer[i][0]) * (outer[j][1] - outer[i][1]);
    }
  }
  return Math.abs(total / 2);
}

/** The smallest neighbourhood feature containing the point, as the server's rule does. */
export function neighbourhoodAt(features, point) {
  const hits = features.filter((f) => f.geometry && contains(f.geometry, point));
  hits.sort((a, b) => roughArea(a.geometry) - roughArea(b.geometry));
  return hits[0] || null;
}

/** Great-circle distance in metres between two [lon, lat] points. */
export function metresBetween([lon1, lat1], [lon2, lat2]) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}
