import assert from "node:assert/strict";
import { test } from "node:test";
import { clean, clusterRadius, dateText, disputeText, figure, markerRadius, range, safeUrl, sideColour, valueText } from "../src/lib/format.js";

test("one notation for ranges", () => {
  assert.equal(range(34, 34), "34");
  assert.equal(range(25, 34), "25–34");
  assert.equal(range(34, null), "≥34");
  assert.equal(range(null, null), "");
  assert.equal(figure({ best: 34, low: 34, high: null }), "≥34");
  assert.equal(figure({ best: 34, low: 25, high: null }), "34 (≥25)");
  assert.equal(figure({ best: 30, low: 25, high: 34 }), "30 (25–34)");
  assert.equal(figure({ best: 3, low: 3, high: 3 }), "3");
  assert.equal(figure({ best: null, low: null, high: null }), "");
  assert.equal(figure(null), "");
  assert.equal(disputeText(["25", "34+"]), "25 vs ≥34");
  assert.equal(disputeText(["3-5", "7"]), "3–5 vs 7");
});

test("marker sizes are capped whatever the figure", () => {
  assert.equal(markerRadius(0, 0), 4);
  assert.ok(markerRadius(10, 0) > markerRadius(1, 0));
  assert.equal(markerRadius(1e308, 1e308), 16);
  assert.equal(markerRadius(Infinity, NaN), 4);
  assert.equal(markerRadius(-5, null), 4);
  assert.ok(clusterRadius(1e9) <= 22);
  assert.ok(clusterRadius(100) > clusterRadius(2));
});

test("report text is displayed safely", () => {
  assert.equal(clean("killed 3\u202E01 injured"), "killed 3\uFFFD01 injured");
  assert.equal(clean("a\u0000b\u2066c"), "ab\uFFFDc");
  assert.equal(clean(null), "");
  assert.equal(safeUrl("javascript:alert(1)"), null);
  assert.equal(safeUrl("data:text/html,x"), null);
  assert.equal(safeUrl("JaVaScRiPt:alert(1)"), null);
  assert.equal(safeUrl("https://example.org/a?b=1"), "https://example.org/a?b=1");
  assert.equal(safeUrl("not a url"), null);
});

test("dates, colours and audit values", () => {
  assert.equal(dateText("2024-02-02", "day"), "2024-02-02");
  assert.equal(dateText("2024-02-01", "month"), "2024-02 (month)");
  assert.equal(dateText("2024-02-02", "approximate"), "≈2024-02-02");
  assert.equal(dateText(null, null), "undated");
  const sides = [{ id: "ISR", label: "Israel", colour: "#2b6cb0" }];
  assert.equal(sideColour(sides, "Israel"), "#2b6cb0");
  assert.equal(sideColour(sides, "ISR"), "#2b6cb0");
  assert.equal(sideColour(sides, "Somebody"), "#7f8c8d");
  assert.equal(valueText({ best: 41, low: 41, high: 41 }), "41");
  assert.equal(valueText(["a", "b"]), "a; b");
  assert.equal(valueText(null), "–");
});
