// The review editors' fields: what each correctable field is and how its value is shown and sent.
// Pure (unit-tested): figureValue turns the editor's inputs into the API's value.
import { figure, valueText } from "./format.js";

export const FIELDS = [
  { key: "event_type", label: "type", editor: "select", choices: "event_types" },
  { key: "mode", label: "mode", editor: "select", choices: "modes", none: "not reported" },
  { key: "date", label: "date", editor: "date" },
  { key: "date_precision", label: "date precision", editor: "select", choices: "date_precisions" },
  { key: "actor", label: "actor", editor: "actor" },
  { key: "target", label: "target", editor: "actor" },
  { key: "claimed_by", label: "claimed by", editor: "names" },
  { key: "location", label: "place", editor: "text", max: 200 },
  { key: "country", label: "country", editor: "country" },
  { key: "position", label: "position", editor: "pin", fields: ["latitude", "longitude"] },
  { key: "geo_precision", label: "geo precision", editor: "select", choices: "geo_precisions", none: "not known" },
  { key: "fatalities", label: "killed", editor: "figure" },
  { key: "injured", label: "injured", editor: "figure" },
  { key: "retaliation_for", label: "retaliation for", editor: "texts" },
];

export const GEO_PRECISIONS = [["1", "1: the place itself"], ["2", "2: near the place / part of a district"],
  ["3", "3: the province, country or larger"]];

/** An event's value of a field as text. */
export function shown(e, key) {
  if (key === "position") {
    return e.latitude === null || e.latitude === undefined ? "–" : `${e.latitude}, ${e.longitude}`;
  }
  const v = e[key];
  if (key === "fatalities" || key === "injured") return figure(v) || "not reported";
  if (key === "geo_precision") return v ? String(v) : "–";
  return valueText(v === "" ? null : v);
}

/** The machine's value of a corrected field (null when the field was not corrected). */
export function machineShown(e, key) {
  const review = e.review || {};
  const keys = key === "position" ? ["latitude", "longitude"] : [key];
  if (!keys.some(k => (review.corrected || []).includes(k))) return null;
  const m = { ...e, ...review.machine };
  return shown(m, key);
}

/** The API value of a figure editor: kind exact | range | atleast | unknown, numbers as text. */
export function figurePayload(kind, low, high, best) {
  const n = v => (v === "" || v === null || v === undefined ? null : Number(v));
  if (kind === "unknown") return null;
  if (kind === "exact") return n(low);
  if (kind === "atleast") return best === "" || best === undefined ? { low: n(low), high: null } : { low: n(low), high: null, best: n(best) };
  const out = { low: n(low), high: n(high) };
  if (best !== "" && best !== undefined && best !== null) out.best = n(best);
  return out;
}

/** The editor's starting kind for a figure {best, low, high}. */
export function figureKind(c) {
  if (!c || (c.low === null && c.best === null)) return "unknown";
  if (c.high === null || c.high === undefined) return "atleast";
  return c.low === c.high ? "exact" : "range";
}
