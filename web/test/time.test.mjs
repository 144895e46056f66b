import assert from "node:assert/strict";
import { test } from "node:test";
import { binSpan, dateSpan, isoDay, snapDays } from "../src/lib/time.js";

test("bins and date precision as intervals", () => {
  assert.deepEqual(binSpan("2024-02", "month").map(isoDay), ["2024-02-01", "2024-03-01"]);
  assert.deepEqual(binSpan("2024-12", "month").map(isoDay), ["2024-12-01", "2025-01-01"]);
  assert.deepEqual(binSpan("2024-02-05", "week").map(isoDay), ["2024-02-05", "2024-02-12"]);
  assert.deepEqual(binSpan("2024-02-05", "day").map(isoDay), ["2024-02-05", "2024-02-06"]);
  assert.deepEqual(dateSpan("2024-02-14", "month").map(isoDay), ["2024-02-01", "2024-03-01"]);
  assert.deepEqual(dateSpan("2024-02-14", "approximate").map(isoDay), ["2024-02-11", "2024-02-18"]);
});

test("a brushed interval snaps to whole days", () => {
  const t = s => Date.parse(`${s}Z`);
  assert.deepEqual(snapDays(t("2024-01-03T10:00:00"), t("2024-01-09T02:00:00")), ["2024-01-03", "2024-01-09"]);
  assert.deepEqual(snapDays(t("2024-01-09T00:00:00"), t("2024-01-03T00:00:00")), ["2024-01-03", "2024-01-08"]);
  assert.deepEqual(snapDays(t("2024-01-03T05:00:00"), t("2024-01-03T06:00:00")), ["2024-01-03", "2024-01-03"]);
});
