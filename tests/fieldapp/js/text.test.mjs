// The phone's searchKey against the same vectors pytest holds geo.text.search_key to.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { searchKey } from "../../../fieldapp/static/fieldapp/text.js";

const vectors = JSON.parse(readFileSync(new URL("../../vectors/search_key.json", import.meta.url), "utf8"));

test("searchKey gives what the server's search_key gives", () => {
  assert.ok(vectors.length >= 10);
  for (const { text, key } of vectors) assert.equal(searchKey(text), key, JSON.stringify(text));
});

test("Arabic and Persian spellings of a name find each other", () => {
  assert.equal(searchKey("مسجد علي"), searchKey("مسجد علی"));
  assert.ok(searchKey("كانون جهادي امام").includes(searchKey("جهادی")));
});
