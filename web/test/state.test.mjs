import assert from "node:assert/strict";
import { test } from "node:test";
import { filterQuery, parseState, safeNext, serializeState } from "../src/lib/state.js";

test("the URL state round-trips", () => {
  const qs = "since=2024-01-01&until=2024-02-15&country=IRQ&type=ASSAULT&q=drone&sort=killed&order=asc&page=3&per_page=100&cols=date%2Ckilled&event=ev-abc123&map=6%2F33.1000%2F44.2000";
  const st = parseState(qs);
  assert.deepEqual(st.filters, { since: "2024-01-01", until: "2024-02-15", country: "IRQ", type: "ASSAULT", q: "drone" });
  assert.equal(st.sort, "killed");
  assert.equal(st.order, "asc");
  assert.equal(st.page, 3);
  assert.equal(st.per_page, 100);
  assert.deepEqual(st.cols, ["date", "killed"]);
  assert.equal(st.event, "ev-abc123");
  assert.deepEqual(st.map, { zoom: 6, lat: 33.1, lon: 44.2 });
  assert.deepEqual(parseState(serializeState(st)), st);
});

test("defaults stay out of the URL and bad values are dropped", () => {
  assert.equal(serializeState(parseState("")), "");
  const st = parseState("since=yesterday&min_sources=x&page=-2&per_page=7&cols=nope&event=%3Cscript%3E&map=99/0/0&sort=a;b");
  assert.deepEqual(st.filters, {});
  assert.equal(st.page, 1);
  assert.equal(st.per_page, 50);
  assert.equal(st.cols, null);
  assert.equal(st.event, null);
  assert.equal(st.map, null);
  assert.equal(st.sort, "date");
});

test("API filters and the login return path", () => {
  assert.equal(filterQuery({ country: "SYR", since: "2024-01-01" }, { page: 2, zoom: 0, x: null }), "since=2024-01-01&country=SYR&page=2&zoom=0");
  assert.equal(safeNext("/event/ev-1?x=1"), "/event/ev-1?x=1");
  assert.equal(safeNext("//evil.example/"), "/");
  assert.equal(safeNext("https://evil.example/"), "/");
  assert.equal(safeNext("/\\evil"), "/");
  assert.equal(safeNext(null), "/");
});
