// Formatting shared by every page. Pure functions (unit-tested under node: web/test/).

// Bidirectional-text controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM) can make a sentence
// display reversed or reordered: shown as U+FFFD, never obeyed (as the server's own guard does).
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Report text ready for display: bidi controls shown as U+FFFD, other control characters dropped. */
export function clean(text) {
  if (text === null || text === undefined) return "";
  return String(text).replace(BIDI, "\uFFFD").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
}

/** A link target from report data: only http(s) URLs; anything else (javascript:, data:, ...) is null. */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/** One notation for a range: "34", "25–34", "≥34" (at least), "" (not known). */
export function range(low, high) {
  if (low === null || low === undefined) return high === null || high === undefined ? "" : `≤${high}`;
  if (high === null || high === undefined) return `≥${low}`;
  return low === high ? String(low) : `${low}–${high}`;
}

/** A casualty figure {best, low, high}: the best figure, with the sources' range after it when they differ:
 * "34", "34 (25–34)", "≥34", "30 (≥25)". */
export function figure(c) {
  if (!c) return "";
  const r = range(c.low, c.high);
  const best = c.best === null || c.best === undefined ? null : String(c.best);
  if (best === null) return r;
  if (r === "" || r === best || (r === `≥${best}`)) return r || best;
  return `${best} (${r})`;
}

/** The numeric value a figure sorts and sizes by (best, else low, else 0). */
export function figureValue(c) {
  if (!c) return 0;
  const v = c.best ?? c.low ?? 0;
  return Number.isFinite(v) ? v : 0;
}

/** Marker radius in px for an event's deaths and injured: a square-root scale capped at `max`. */
export function markerRadius(killed, injured, { min = 4, max = 16 } = {}) {
  const k = Number.isFinite(killed) && killed > 0 ? killed : 0;
  const w = Number.isFinite(injured) && injured > 0 ? injured : 0;
  return Math.min(max, min + 2 * Math.sqrt(k + w / 3));
}

/** Cluster radius in px for a count of events: logarithmic, capped. */
export function clusterRadius(n, { min = 11, max = 22 } = {}) {
  return Math.min(max, min + 4 * Math.log10(Math.max(1, n)));
}

/** "1,234" */
export function count(n) {
  return Number(n || 0).toLocaleString("en-US");
}

/** A share 0..1 as "42 %"; null as "–". */
export function percent(x) {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : `${Math.round(x * 100)} %`;
}

/** A date with its precision: "2024-02-02", "2024-02 (month)", "≈2024-02-02". */
export function dateText(date, precision) {
  if (!date) return "undated";
  if (precision === "month") return `${date.slice(0, 7)} (month)`;
  if (precision === "approximate") return `≈${date}`;
  return date;
}

/** The colour of a side label from the profile's sides (others: grey). */
export function sideColour(sides, label) {
  const s = (sides || []).find(x => x.label === label || x.id === label);
  return s ? s.colour : "#7f8c8d";
}

/** A JSON value from the audit log as short text. */
export function valueText(v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "string") return v;
  if (typeof v === "object" && !Array.isArray(v) && ("low" in v || "best" in v)) return figure(v) || "not known";
  if (Array.isArray(v)) return v.length ? v.map(valueText).join("; ") : "none";
  return JSON.stringify(v);
}

/** A dispute list from the server ("25 vs 34+", "3-5") in the dashboard's one notation ("25 vs ≥34", "3–5"). */
export function disputeText(values) {
  return values.map(v => String(v).replace(/^(\d+)\+$/, "≥$1").replace(/^(\d+)-(\d+)$/, "$1–$2")).join(" vs ");
}
