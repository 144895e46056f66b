// The dashboard page: filters and period in the URL, map, timeline per dyad with reciprocity, events table.
import { api, prefetch } from "../lib/api.js";
import { errorNotice, header, notice } from "../lib/chrome.js";
import { byId, clear, el } from "../lib/dom.js";
import { count, dateText, figure, percent, range } from "../lib/format.js";
import { COLUMNS, DEFAULT_COLUMNS, FILTERS, PHONE_COLUMNS, filterQuery, parseState, serializeState } from "../lib/state.js";
import { createMap, extentPath } from "../map.js";
import { COLUMN_LABELS, createTable, pagePath } from "../table.js";
import { createOverview, createTimeline } from "../timeline.js";

let meta;
let state;
let map;
let overview;
let timeline;
let table;
let loads = 0;

const timelinePath = filters => `/api/dash/timeline?${filterQuery(filters)}`;

/** The first screen's data requests, started while the page still waits for /api/dash/meta (they need only
 * the state in the URL): the map's extent, the timeline and the first page of the table. */
function prefetchFirstScreen(st) {
  prefetch(timelinePath(st.filters));
  prefetch(pagePath(st));
  if (!st.map) prefetch(extentPath(st.filters));
}

const phone = () => window.matchMedia("(max-width: 640px)").matches;
const columns = () => state.cols || (phone() ? PHONE_COLUMNS : DEFAULT_COLUMNS);

function writeUrl(push) {
  const qs = serializeState(state);
  const url = `${location.pathname}${qs ? `?${qs}` : ""}`;
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

function fillForm() {
  const form = byId("filters");
  for (const k of FILTERS) if (form.elements[k]) form.elements[k].value = state.filters[k] || "";
}

function buildForm() {
  const form = byId("filters");
  const type = form.elements.type;
  for (const t of meta.event_types) type.append(el("option", { value: t }, t.toLowerCase()));
  const mode = form.elements.mode;
  for (const m of meta.modes) mode.append(el("option", { value: m }, m));
  const sides = byId("side-list");
  for (const s of meta.profile.sides) sides.append(el("option", { value: s.label }));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const data = new FormData(form);
    const f = {};
    for (const k of FILTERS) {
      const v = String(data.get(k) || "").trim();
      if (v) f[k] = v;
    }
    state = { ...state, filters: f, page: 1, event: null };
    writeUrl(true);
    loadAll();
  });
  byId("clear-filters").addEventListener("click", clearFilters);
}

function clearFilters() {
  state = { ...state, filters: {}, page: 1, event: null };
  fillForm();
  writeUrl(true);
  loadAll();
}

function setPeriod(period) {
  const f = { ...state.filters };
  delete f.since;
  delete f.until;
  if (period) [f.since, f.until] = period;
  state = { ...state, filters: f, page: 1 };
  fillForm();
  writeUrl(true);
  loadAll();
}

function periodText() {
  const { since, until } = state.filters;
  const box = byId("period");
  clear(box);
  if (!since && !until) {
    box.append(`whole period (${meta.first || "?"} – ${meta.last || "?"}); drag on the strip to choose a period`);
    return;
  }
  box.append(el("strong", {}, `${since || "start"} – ${until || "end"}`), " ",
    el("button", { type: "button", id: "clear-period", onclick: () => setPeriod(null) }, "whole period"));
}

function downloads() {
  const q = filterQuery(state.filters);
  byId("csv").href = `/api/events.csv${q ? `?${q}` : ""}`;
  byId("geojson").href = `/api/events.geojson${q ? `?${q}` : ""}`;
}

function columnChooser() {
  const box = byId("columns");
  clear(box);
  const cols = columns();
  for (const c of COLUMNS) {
    const input = el("input", { type: "checkbox", name: "col", value: c, checked: cols.includes(c) });
    input.addEventListener("change", () => {
      const chosen = [...box.querySelectorAll("input:checked")].map(i => i.value);
      state = { ...state, cols: chosen.length ? chosen : null };
      writeUrl(true);
      loadTable();
    });
    box.append(el("label", {}, input, ` ${COLUMN_LABELS[c]}`));
  }
}

async function loadTable() {
  const page = await table.show(state, columns());
  byId("count").textContent = `(${count(page.total)})`;
  columnChooser();
  return page;
}

function reciprocityTable(data) {
  const box = byId("reciprocity");
  clear(box);
  box.append(el("h3", {}, "Who answers whom"));
  if (!data.items.length) {
    box.append(el("p", { class: "note" }, "No attacks between two known sides in this period."));
  } else {
    const t = el("table", { class: "recip" });
    t.append(el("thead", {}, el("tr", {}, ...["dyad", "acts", "answered ≤1 d", "≤3 d", "≤7 d", "≤14 d",
      "median delay", "stated"].map(h => el("th", { scope: "col" }, h)))));
    const body = el("tbody");
    for (const r of data.items) {
      const w = r.answered_within || {};
      const med = r.median_delay_days === null ? "–" : `${r.median_delay_days.toFixed(1)} d`;
      const medRange = r.median_delay_range_days ? ` (${range(...r.median_delay_range_days.map(v => v.toFixed(1)))})` : "";
      body.append(el("tr", {}, el("th", { scope: "row" }, r.dyad.replace(" -> ", " → ")), el("td", {}, count(r.actions)),
        ...["1", "3", "7", "14"].map(k => el("td", {}, percent(w[k]))), el("td", {}, med + medRange),
        el("td", {}, count(r.stated_retaliations))));
    }
    t.append(body);
    box.append(el("div", { class: "table-scroll" }, t));
    box.append(el("p", { class: "note" }, "answered: share of a dyad's acts followed by an act the other way within the " +
      "window (surely, by the dates' precision); stated: acts the other side said it was answering."));
  }
  const d = data.data;
  box.append(el("p", { class: "note" }, `Used ${count(d.used)} of ${count(d.selected)} events` +
    (Object.keys(d.dropped || {}).length ? `; left out: ${Object.entries(d.dropped).map(([k, v]) => `${v} ${k}`).join("; ")}` : "")));
  for (const w of d.warnings || []) box.append(el("p", { class: "warning" }, w));
}

async function loadReciprocity() {
  const box = byId("reciprocity");
  box.setAttribute("aria-busy", "true");
  clear(box).append(el("h3", {}, "Who answers whom"), el("p", { class: "note" }, "computing the delays…"));
  try {
    const { since, until, country } = state.filters;
    reciprocityTable(await api(`/api/dash/reciprocity?${filterQuery({ since, until, country })}`));
  } catch (err) {
    errorNotice(box, err, loadReciprocity);
  } finally {
    box.removeAttribute("aria-busy");
  }
}

async function showDetail() {
  const box = byId("detail");
  map.select(state.event, null);
  table.select(state.event);
  timeline.select(state.event);
  if (!state.event) {
    clear(box).append(el("h3", {}, "Event"), el("p", { class: "note" },
      "Choose an event on the map, the timeline or the table to see it here; the link then opens its sources, " +
      "review and audit trail."));
    return;
  }
  clear(box).append(el("p", {}, "loading…"));
  try {
    const e = await api(`/api/events/${encodeURIComponent(state.event)}`);
    map.select(e.id, e);
    const close = el("button", { type: "button", class: "close", "aria-label": "close", onclick: () => select(null) }, "×");
    const dl = el("dl");
    const put = (k, v) => dl.append(el("dt", {}, k), el("dd", { "data-field": k }, v));
    put("date", dateText(e.date, e.date_precision));
    put("who", `${e.actor || "actor not reported"} → ${e.target || "target not reported"}`);
    put("place", e.location ? `${e.location}, ${e.country || ""}` : e.country ? `${e.country} (place not known)` : "no place");
    put("killed", figure(e.fatalities) || "not reported");
    put("injured", figure(e.injured) || "not reported");
    put("sources", `${e.n_publishers} publisher(s), ${e.n_documents} report(s)`);
    put("review", e.review.status);
    const first = (e.mentions || [])[0];
    clear(box).append(close, el("h3", {}, `${e.event_type.toLowerCase()}${e.mode ? ` (${e.mode})` : ""}`), dl);
    if (first) box.append(el("blockquote", {}, first.evidence || ""));
    box.append(el("a", { href: `/event/${encodeURIComponent(e.id)}`, class: "button", id: "open-event" },
      "sources, review and audit →"));
  } catch (err) {
    errorNotice(box, err);
  }
}

function select(id) {
  state = { ...state, event: id };
  writeUrl(true);
  showDetail();
}

async function loadAll() {
  const box = byId("state-box");
  box.hidden = true;
  periodText();
  downloads();
  const { since, until, ...rest } = state.filters;
  const wide = filterQuery(rest);
  const body = document.body;
  body.dataset.loaded = "";
  const mine = ++loads;
  const current = () => mine === loads;
  try {
    // each panel is drawn as soon as its own answer comes (the first paint waits for none of the others)
    const main = api(timelinePath(state.filters));
    const whole = since || until ? api(`/api/dash/timeline?${wide}`) : main;
    const drawn = main.then(tl => { if (current()) timeline.show(tl); });
    const overviewDrawn = whole.then(all => { if (current()) overview.show(all, since, until); });
    const [page] = await Promise.all([loadTable(), map.show(state.filters, state.map), drawn, overviewDrawn]);
    if (!current()) return;
    byId("dash").classList.toggle("empty", page.total === 0);
    if (page.total === 0) {
      notice(box, "empty", "No events match these filters.", "", { label: "clear the filters", run: clearFilters });
    }
    loadReciprocity();
    await showDetail();
    body.dataset.loaded = "1";
    if (!window.fpFirstPaint) window.fpFirstPaint = performance.now();
  } catch (err) {
    errorNotice(box, err, loadAll);
    body.dataset.loaded = "error";
  }
}

async function boot() {
  header("dashboard");
  const box = byId("state-box");
  prefetchFirstScreen(parseState(location.search));
  try {
    meta = await api("/api/dash/meta");
  } catch (err) {
    byId("boot").hidden = true;
    errorNotice(box, err, () => location.reload());
    byId("dash").classList.add("blocked");
    document.body.dataset.loaded = "error";
    return;
  }
  byId("boot").hidden = true;
  if (phone()) byId("filter-box").open = false;
  byId("profile-title").textContent = meta.profile.title;
  state = parseState(location.search);
  buildForm();
  fillForm();
  map = createMap(byId("map"), { meta, onSelect: select, onView: v => { state = { ...state, map: v }; writeUrl(false); } });
  overview = createOverview(byId("overview"), { onBrush: setPeriod });
  timeline = createTimeline(byId("timeline"), { meta, onSelect: select, onPeriod: setPeriod });
  table = createTable(byId("table"), {
    onSelect: select,
    onState: change => {
      state = { ...state, ...change };
      writeUrl(true);
      loadTable();
    },
  });
  window.addEventListener("popstate", () => {
    const prev = state;
    state = parseState(location.search);
    fillForm();
    if (serializeState({ ...prev, event: null, map: null }) === serializeState({ ...state, event: null, map: null })) {
      showDetail().then(() => { document.body.dataset.loaded = "1"; });
    } else loadAll();
  });
  await loadAll();
}

boot();
