// Dates of the timeline: ISO days and the server's bins (day, week starting Monday, month) as UTC instants.
export const DAY = 86400000;

export function parseDay(s) {
  if (!s) return null;
  const [y, m, d] = s.split("-").map(Number);
  return new Date(Date.UTC(y, (m || 1) - 1, d || 1));
}

export function isoDay(date) {
  return new Date(date.getTime()).toISOString().slice(0, 10);
}

/** [start, end) of a bin ("2024-02-05" day or week, "2024-02" month). */
export function binSpan(bin, unit) {
  const start = parseDay(bin.length === 7 ? `${bin}-01` : bin);
  if (unit === "month") return [start, new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))];
  return [start, new Date(start.getTime() + (unit === "week" ? 7 : 1) * DAY)];
}

/** The interval an event's date stands for, by its precision. */
export function dateSpan(date, precision) {
  const d = parseDay(date);
  if (precision === "month") return [new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)),
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))];
  if (precision === "approximate") return [new Date(d.getTime() - 3 * DAY), new Date(d.getTime() + 4 * DAY)];
  return [d, new Date(d.getTime() + DAY)];
}

/** A brushed interval snapped to whole days: [since, until] as ISO days (until inclusive). */
export function snapDays(a, b) {
  const lo = Math.floor(Math.min(a, b) / DAY) * DAY;
  const hi = Math.max(lo + DAY, Math.ceil(Math.max(a, b) / DAY) * DAY);
  return [isoDay(new Date(lo)), isoDay(new Date(hi - DAY))];
}
