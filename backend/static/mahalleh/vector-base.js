// A readable style for vector base maps whatever their schema (OpenMapTiles, Protomaps, GDAL's
// OSM layers): each layer is styled by what its name says it holds; points and labels are left
// out. Leaflet.VectorGrid looks styles up by layer name; this answers for any name. Used by the
// pages' maps (geo/maps.py) and the field app alike.
"use strict";
window.MahallehVectorBase = {
  styles: new Proxy(
    {},
    {
      get(_styles, layer) {
        const name = String(layer).toLowerCase();
        if (/water|ocean|river|lake/.test(name)) return { fill: true, fillColor: "#a8d4ec", fillOpacity: 1, stroke: false };
        if (/build/.test(name)) return { fill: true, fillColor: "#d8d0c8", fillOpacity: 0.9, stroke: false };
        if (/road|transport|street|highway|line/.test(name)) return { color: "#ffffff", weight: 2, opacity: 1 };
        if (/boundar|admin/.test(name)) return { color: "#8e8aa3", weight: 1, dashArray: "4 3" };
        if (/land|park|earth|polygon|green|cover|area/.test(name)) return { fill: true, fillColor: "#e8ecd9", fillOpacity: 1, stroke: false };
        return [];
      },
    },
  ),
};
