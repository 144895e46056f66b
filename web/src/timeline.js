// The timeline per directed dyad (server-aggregated) and the overview strip whose brush sets the period.
import { axisBottom } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleSqrt, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { el } from "./lib/dom.js";
import { clean, count, dateText, markerRadius, sideColour } from "./lib/format.js";
import { DAY, binSpan, dateSpan, parseDay, snapDays } from "./lib/time.js";

const SVG = "http://www.w3.org/2000/svg";

function tooltip(container) {
  const tip = el("div", { class: "chart-tip", role: "tooltip", hidden: true });
  container.appendChild(tip);
  return {
    show(ev, lines) {
      tip.replaceChildren(...lines.map((l, i) => el(i ? "div" : "strong", {}, l)));
      tip.hidden = false;
      const box = container.getBoundingClientRect();
      const x = Math.min(ev.clientX - box.left + 12, box.width - 240);
      tip.style.left = `${Math.max(0, x)}px`;
      tip.style.top = `${ev.clientY - box.top + 12}px`;
    },
    hide() { tip.hidden = true; },
  };
}

function actorSide(dyad) {
  return dyad === "other" ? "" : dyad.split(" -> ")[0];
}

function dyadLabel(dyad) {
  return dyad === "other" ? "other dyads" : dyad.replace(" -> ", " → ");
}

export function createTimeline(container, { meta, onSelect, onPeriod }) {
  const sides = meta.profile.sides;
  const tip = tooltip(container);
  const holder = el("div", { class: "chart" });
  container.appendChild(holder);
  let last = null;
  let selected = null;

  function draw(data) {
    last = data;
    holder.replaceChildren();
    container.dataset.mode = data.mode;
    const width = Math.max(300, holder.clientWidth || container.clientWidth || 600);
    const narrow = width < 600;
    const rows = data.dyads;
    const rowH = narrow ? 46 : 40;
    const longest = Math.max(0, ...rows.map(r => dyadLabel(r).length));
    const left = narrow ? 8 : Math.min(Math.round(width * 0.35), 16 + Math.ceil(longest * 6.8));
    const fit = narrow ? 60 : Math.floor((left - 12) / 6.8);
    const short = s => (s.length > fit ? `${s.slice(0, fit - 1)}…` : s);
    const right = 12;
    const top = 8;
    const height = top + rows.length * rowH + 30;
    const svg = select(holder).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("width", width)
      .attr("height", height).attr("role", "img").attr("aria-label", "timeline per dyad").attr("class", "timeline");
    if (!rows.length) return;
    let lo;
    let hi;
    if (data.mode === "events") {
      lo = parseDay(data.first);
      hi = new Date(parseDay(data.last).getTime() + DAY);
    } else {
      lo = binSpan(data.bins.length ? data.bins[0].bin : data.first, data.unit)[0];
      hi = binSpan(data.bins.length ? data.bins[data.bins.length - 1].bin : data.last, data.unit)[1];
    }
    if (hi - lo < 7 * DAY) {
      lo = new Date(lo.getTime() - 3 * DAY);
      hi = new Date(hi.getTime() + 3 * DAY);
    }
    const x = scaleUtc().domain([lo, hi]).range([left, width - right]);
    const y = dyad => top + rows.indexOf(dyad) * rowH + rowH * (narrow ? 0.62 : 0.5);
    const defs = svg.append("defs");
    defs.append("marker").attr("id", "arrow").attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
      .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto-start-reverse")
      .append("path").attr("d", "M0,0L10,5L0,10z").attr("class", "link-head");
    const grid = svg.append("g").attr("class", "rows");
    rows.forEach((r, i) => {
      grid.append("line").attr("x1", left).attr("x2", width - right).attr("y1", y(r)).attr("y2", y(r))
        .attr("class", "row-line");
      grid.append("text").attr("x", narrow ? left : left - 8).attr("y", narrow ? top + i * rowH + 12 : y(r) + 4)
        .attr("text-anchor", narrow ? "start" : "end").attr("class", "row-label").text(clean(short(dyadLabel(r))))
        .append("title").text(clean(dyadLabel(r)));
    });
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - 26})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor((width - left) / 90))));
    const links = svg.append("g").attr("class", "links");
    const marks = svg.append("g").attr("class", "marks");
    if (data.mode === "events") drawEvents(data, { x, y, links, marks });
    else drawBins(data, { x, y, links, marks, rowH });
  }

  function drawEvents(data, { x, y, links, marks }) {
    const pos = {};
    for (const e of data.events) {
      const [a, b] = dateSpan(e.date, e.date_precision);
      const cx = e.date_precision === "day" ? x(new Date(a.getTime() + DAY / 2)) : (x(a) + x(b)) / 2;
      const cy = y(e.dyad) + (e.kind === "statement" ? -9 : 3);
      pos[e.id] = [cx, cy];
      const colour = sideColour(sides, actorSide(e.dyad));
      const g = marks.append("g").attr("class", `mark ${e.kind}${e.id === selected ? " selected" : ""}`)
        .attr("data-id", e.id).attr("tabindex", 0).attr("role", "button")
        .attr("aria-label", `${e.date} ${e.type} ${e.actor || "?"} to ${e.target || "?"}`);
      if (e.date_precision !== "day") {
        g.append("line").attr("x1", x(a)).attr("x2", x(b)).attr("y1", cy).attr("y2", cy).attr("class", "span")
          .attr("stroke", colour);
      }
      const r = markerRadius(e.killed, e.injured, { min: 3.5, max: 10 });
      if (e.kind === "statement") {
        g.append("path").attr("d", `M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`)
          .attr("stroke", colour).attr("class", "statement-mark");
      } else {
        g.append("circle").attr("cx", cx).attr("cy", cy).attr("r", r).attr("fill", colour).attr("class", "act-mark");
      }
      const lines = [`${dateText(e.date, e.date_precision)} · ${e.type.toLowerCase()}${e.mode ? ` (${e.mode})` : ""}`,
        `${e.actor || "actor not reported"} → ${e.target || "target not reported"}`,
        `${e.place || "place not known"}${e.country ? `, ${e.country}` : ""}`,
        `killed ${e.killed ?? "?"} · injured ${e.injured ?? "?"} · ${e.sources} source(s) · ${e.review}`];
      g.on("mouseenter", ev => tip.show(ev, lines)).on("mouseleave", () => tip.hide())
        .on("click", () => onSelect(e.id)).on("keydown", ev => { if (ev.key === "Enter") onSelect(e.id); });
    }
    for (const l of data.links) {
      const a = pos[l.from];
      const b = pos[l.to];
      if (!a || !b) continue;
      const mx = (a[0] + b[0]) / 2;
      const my = Math.min(a[1], b[1]) - 18 - Math.min(40, Math.abs(a[0] - b[0]) / 4);
      links.append("path").attr("d", `M${a[0]},${a[1]}Q${mx},${my} ${b[0]},${b[1]}`).attr("class", "link")
        .attr("marker-end", "url(#arrow)").attr("data-from", l.from).attr("data-to", l.to)
        .on("mouseenter", ev => tip.show(ev, ["stated retaliation", `"${l.text}"`]))
        .on("mouseleave", () => tip.hide());
    }
  }

  function drawBins(data, { x, y, links, marks, rowH }) {
    const max = Math.max(1, ...data.bins.map(b => b.n));
    const h = scaleSqrt().domain([0, max]).range([0, rowH / 2 - 4]);
    const centre = {};
    for (const b of data.bins) {
      const [s, e] = binSpan(b.bin, data.unit);
      const x0 = x(s);
      const w = Math.max(1, x(e) - x0 - 0.5);
      const base = y(b.dyad);
      const colour = sideColour(sides, actorSide(b.dyad));
      const height = Math.max(1.5, h(b.n));
      const rect = marks.append("rect").attr("x", x0).attr("width", w).attr("class", `bin ${b.kind}`)
        .attr("data-bin", b.bin).attr("data-n", b.n);
      if (b.kind === "statement") rect.attr("y", base + 1).attr("height", height).attr("stroke", colour);
      else rect.attr("y", base - height).attr("height", height).attr("fill", colour);
      centre[`${b.bin}|${b.dyad}`] = [x0 + w / 2, base - (b.kind === "act" ? height / 2 : 0)];
      const label = data.unit === "day" ? b.bin : `${data.unit} of ${b.bin}`;
      rect.on("mouseenter", ev => tip.show(ev, [`${label}`, dyadLabel(b.dyad),
        `${count(b.n)} ${b.kind === "act" ? "act(s)" : "statement(s)"}${b.killed ? ` · ${count(b.killed)} killed` : ""}`,
        "click: show this period"]))
        .on("mouseleave", () => tip.hide())
        .on("click", () => onPeriod(snapDays(s.getTime(), e.getTime())));
    }
    for (const l of data.links.slice(0, 150)) {  // the busiest pairs of bins
      const a = centre[`${l.from_bin}|${l.from_dyad}`];
      const b = centre[`${l.to_bin}|${l.to_dyad}`];
      if (!a || !b) continue;
      const mx = (a[0] + b[0]) / 2;
      const my = Math.min(a[1], b[1]) - 14 - Math.min(30, Math.abs(a[0] - b[0]) / 4);
      links.append("path").attr("d", `M${a[0]},${a[1]}Q${mx},${my} ${b[0]},${b[1]}`).attr("class", "link")
        .attr("stroke-width", 1 + Math.log2(l.n)).attr("stroke-opacity", 0.45).attr("marker-end", "url(#arrow)")
        .on("mouseenter", ev => tip.show(ev, [`${count(l.n)} stated retaliation(s)`,
          `${dyadLabel(l.from_dyad)} (${l.from_bin}) answering ${dyadLabel(l.to_dyad)} (${l.to_bin})`]))
        .on("mouseleave", () => tip.hide());
    }
  }

  new ResizeObserver(() => { if (last) draw(last); }).observe(holder);
  return {
    show(data) { draw(data); },
    select(id) {
      selected = id;
      if (last && last.mode === "events") draw(last);
    },
  };
}

/** The overview strip: every matching event over the whole period; its brush sets the period. */
export function createOverview(container, { onBrush }) {
  const holder = el("div", { class: "chart overview" });
  container.appendChild(holder);
  let last = null;
  let period = null;
  let quiet = false;

  function totals(data) {
    if (data.mode === "bins") {
      const by = new Map();
      for (const b of data.bins) by.set(b.bin, (by.get(b.bin) || 0) + b.n);
      return { unit: data.unit, bins: [...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
    }
    const by = new Map();
    for (const e of data.events) by.set(e.date, (by.get(e.date) || 0) + 1);
    return { unit: "day", bins: [...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  }

  function draw() {
    const data = last;
    holder.replaceChildren();
    if (!data || !data.first) return;
    const width = Math.max(300, holder.clientWidth || 600);
    const height = 64;
    const t = totals(data);
    let lo = binSpan(t.bins.length ? t.bins[0][0] : data.first, t.unit)[0];
    let hi = binSpan(t.bins.length ? t.bins[t.bins.length - 1][0] : data.last, t.unit)[1];
    if (hi - lo < 14 * DAY) {
      lo = new Date(lo.getTime() - 7 * DAY);
      hi = new Date(hi.getTime() + 7 * DAY);
    }
    const x = scaleUtc().domain([lo, hi]).range([8, width - 8]);
    const max = Math.max(1, ...t.bins.map(b => b[1]));
    const h = scaleSqrt().domain([0, max]).range([0, height - 26]);
    const svg = select(holder).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("width", width)
      .attr("height", height).attr("class", "overview-svg").attr("role", "img")
      .attr("aria-label", "events over the whole period; drag to choose a period");
    const g = svg.append("g");
    for (const [bin, n] of t.bins) {
      const [s, e] = binSpan(bin, t.unit);
      g.append("rect").attr("x", x(s)).attr("width", Math.max(1, x(e) - x(s) - 0.3)).attr("y", height - 22 - h(n))
        .attr("height", h(n)).attr("class", "overview-bar");
    }
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - 20})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
    const brush = brushX().extent([[8, 0], [width - 8, height - 20]]).on("end", ev => {
      if (quiet || !ev.sourceEvent) return;
      if (!ev.selection) onBrush(null);
      else onBrush(snapDays(x.invert(ev.selection[0]).getTime(), x.invert(ev.selection[1]).getTime()));
    });
    const bg = svg.append("g").attr("class", "brush").call(brush);
    if (period) {
      const a = period[0] ? parseDay(period[0]) : lo;
      const b = period[1] ? new Date(parseDay(period[1]).getTime() + DAY) : hi;
      quiet = true;
      bg.call(brush.move, [Math.max(8, x(a)), Math.min(width - 8, x(b))]);
      quiet = false;
    }
  }

  new ResizeObserver(() => { if (last) draw(); }).observe(holder);
  return {
    show(data, since, until) {
      last = data;
      period = since || until ? [since || null, until || null] : null;
      draw();
    },
  };
}
