import assert from "node:assert/strict";
import { test } from "node:test";
import { FIELDS, figureKind, figurePayload, machineShown, shown } from "../src/lib/fields.js";

test("every correctable field of the API has an editor", () => {
  const keys = new Set(FIELDS.flatMap(f => f.fields || [f.key]));
  for (const k of ["event_type", "date", "date_precision", "mode", "actor", "target", "location", "country", "latitude",
    "longitude", "geo_precision", "fatalities", "injured", "claimed_by", "retaliation_for"]) assert.ok(keys.has(k), k);
});

test("figure editors send the API's values", () => {
  assert.equal(figurePayload("exact", "3", "", ""), 3);
  assert.equal(figurePayload("unknown", "3", "5", ""), null);
  assert.deepEqual(figurePayload("range", "3", "5", ""), { low: 3, high: 5 });
  assert.deepEqual(figurePayload("range", "3", "5", "4"), { low: 3, high: 5, best: 4 });
  assert.deepEqual(figurePayload("atleast", "34", "", ""), { low: 34, high: null });
  assert.equal(figureKind({ best: 3, low: 3, high: 3 }), "exact");
  assert.equal(figureKind({ best: 34, low: 25, high: null }), "atleast");
  assert.equal(figureKind({ best: 4, low: 3, high: 5 }), "range");
  assert.equal(figureKind({ best: null, low: null, high: null }), "unknown");
});

test("the machine value is shown beside a correction only", () => {
  const e = { injured: { best: 41, low: 41, high: 41 }, latitude: 1, longitude: 2,
    review: { corrected: ["injured"], machine: { injured: { best: 34, low: 25, high: null } } } };
  assert.equal(shown(e, "injured"), "41");
  assert.equal(machineShown(e, "injured"), "34 (≥25)");
  assert.equal(machineShown(e, "position"), null);
  assert.equal(shown(e, "position"), "1, 2");
});
