// The dashboard's state in the URL: filters, period, table sort/page/columns, the selected event, the map view.
// Parse and serialise are pure (unit-tested); defaults are left out of the URL.

export const FILTERS = ["since", "until", "country", "side", "type", "mode", "min_sources", "q", "status"];
export const COLUMNS = ["date", "type", "mode", "actor", "target", "place", "country", "killed", "injured",
  "sources", "disputed", "review"];
export const DEFAULT_COLUMNS = ["date", "type", "actor", "target", "place", "killed", "injured", "sources", "review"];
export const PHONE_COLUMNS = ["date", "type", "place", "killed"];
export const DEFAULTS = { sort: "date", order: "desc", page: 1, per_page: 50, cols: null, event: null, map: null };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The state a query string describes (unknown keys ignored, bad values dropped). */
export function parseState(search) {
  const p = new URLSearchParams(search);
  const filters = {};
  for (const k of FILTERS) {
    const v = (p.get(k) || "").trim();
    if (!v) continue;
    if ((k === "since" || k === "until") && !DATE.test(v)) continue;
    if (k === "min_sources" && !/^\d+$/.test(v)) continue;
    filters[k] = v;
  }
  const state = { ...DEFAULTS, filters };
  const sort = p.get("sort");
  if (sort && /^[a-z_]+$/.test(sort)) state.sort = sort;
  if (p.get("order") === "asc" || p.get("order") === "desc") state.order = p.get("order");
  const page = Number(p.get("page"));
  if (Number.isInteger(page) && page >= 1) state.page = page;
  const per = Number(p.get("per_page"));
  if ([25, 50, 100, 200].includes(per)) state.per_page = per;
  const cols = p.get("cols");
  if (cols) {
    const list = cols.split(",").filter(c => COLUMNS.includes(c));
    if (list.length) state.cols = list;
  }
  const ev = p.get("event");
  if (ev && /^[\w.:-]{1,60}$/.test(ev)) state.event = ev;
  const map = p.get("map");
  if (map) {
    const [z, lat, lon] = map.split("/").map(Number);
    if ([z, lat, lon].every(Number.isFinite) && z >= 0 && z <= 18 && Math.abs(lat) <= 90 && Math.abs(lon) <= 360)
      state.map = { zoom: z, lat, lon };
  }
  return state;
}

/** The query string of a state (without "?"), defaults left out, in a stable order. */
export function serializeState(state) {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = state.filters && state.filters[k];
    if (v !== undefined && v !== null && String(v).trim() !== "") p.set(k, String(v).trim());
  }
  if (state.sort && state.sort !== DEFAULTS.sort) p.set("sort", state.sort);
  if (state.order && state.order !== DEFAULTS.order) p.set("order", state.order);
  if (state.page && state.page !== 1) p.set("page", String(state.page));
  if (state.per_page && state.per_page !== DEFAULTS.per_page) p.set("per_page", String(state.per_page));
  if (state.cols && state.cols.length) p.set("cols", state.cols.join(","));
  if (state.event) p.set("event", state.event);
  if (state.map) p.set("map", `${state.map.zoom}/${state.map.lat.toFixed(4)}/${state.map.lon.toFixed(4)}`);
  return p.toString();
}

/** The API query string of the filters (what /api/events.csv and every panel take). */
export function filterQuery(filters, extra = {}) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  return p.toString();
}

/** A same-origin path to return to after logging in (anything else: "/"). */
export function safeNext(next) {
  return typeof next === "string" && /^\/(?![/\\])[^\s]*$/.test(next) ? next : "/";
}
