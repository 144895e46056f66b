"use strict";
// Dashboard: map, timeline per dyad with retaliation links, filterable table.
const BBOX = [24, 10, 64, 43]; // lon0, lat0, lon1, lat1 (the map's extent)
const W = 800, H = 560;
function project(lon, lat) {
  return [(lon - BBOX[0]) / (BBOX[2] - BBOX[0]) * W, H - (lat - BBOX[1]) / (BBOX[3] - BBOX[1]) * H];
}
function ringPath(ring) {
  return ring.map((p, i) => (i ? "L" : "M") + project(p[0], p[1]).map(v => v.toFixed(1)).join(",")).join("") + "Z";
}
async function drawOutlines(map) {
  let geo;
  try { geo = await (await fetch("/static/build/region.geojson")).json(); } catch (e) { return; }
  for (const f of geo.features || []) {
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polys.map(p => p.map(ringPath).join("")).join("");
    const path = svg("path", { d, class: "country" });
    path.appendChild(svg("title", {}, f.properties.name));
    map.appendChild(path);
  }
}
function radius(e) {
  const k = (e.fatalities && e.fatalities.best) || 0, w = (e.injured && e.injured.best) || 0;
  return 4 + 3 * Math.sqrt(k + w / 3);
}
function status(e) { return (e.review && e.review.status) || "unreviewed"; }
function drawPoints(layer, events) {
  layer.replaceChildren();
  for (const e of events) {
    if (e.latitude === null || e.longitude === null) continue;
    const [x, y] = project(e.longitude, e.latitude);
    const c = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius(e).toFixed(1),
      class: `ev ${sideClass(e.actor_side)} ${status(e)}`, "data-id": e.id });
    c.appendChild(svg("title", {}, `${e.date || "?"} ${e.event_type} ${e.actor || "?"} -> ${e.target || "?"} at ${e.location || e.country}`));
    c.addEventListener("click", () => { location.href = `/event/${encodeURIComponent(e.id)}`; });
    layer.appendChild(c);
  }
}
function drawTimeline(tl, events, links) {
  tl.replaceChildren();
  const dated = events.filter(e => e.date);
  if (!dated.length) return;
  const t = s => new Date(s + "T00:00:00Z").getTime();
  const t0 = Math.min(...dated.map(e => t(e.date))), t1 = Math.max(...dated.map(e => t(e.date))) || t0 + 1;
  const rows = [...new Set(dated.map(e => `${e.actor_side || "?"} -> ${e.target_side || "?"}`))].sort();
  const x = s => 120 + (t(s) - t0) / Math.max(t1 - t0, 1) * 660;
  const y = r => 30 + rows.indexOf(r) * Math.min(40, 170 / Math.max(rows.length, 1));
  const pos = {};
  rows.forEach(r => tl.appendChild(svg("text", { x: 4, y: y(r) + 4, class: "axis" }, r)));
  tl.appendChild(svg("text", { x: 120, y: 214, class: "axis" }, new Date(t0).toISOString().slice(0, 10)));
  tl.appendChild(svg("text", { x: 700, y: 214, class: "axis" }, new Date(t1).toISOString().slice(0, 10)));
  for (const e of dated) {
    const r = `${e.actor_side || "?"} -> ${e.target_side || "?"}`;
    pos[e.id] = [x(e.date), y(r)];
    const c = svg("circle", { cx: pos[e.id][0], cy: pos[e.id][1], r: 5, class: `ev ${sideClass(e.actor_side)} ${status(e)}`, "data-id": e.id });
    c.appendChild(svg("title", {}, `${e.date} ${e.event_type} ${e.location || ""}`));
    c.addEventListener("click", () => { location.href = `/event/${encodeURIComponent(e.id)}`; });
    tl.appendChild(c);
  }
  for (const l of links) {
    const a = pos[l.to_event], b = pos[l.from_event];
    if (!a || !b) continue;
    const mx = (a[0] + b[0]) / 2, my = Math.min(a[1], b[1]) - 25;
    const p = svg("path", { d: `M${a[0]},${a[1]} Q${mx},${my} ${b[0]},${b[1]}`, class: "link" });
    p.appendChild(svg("title", {}, l.text));
    tl.appendChild(p);
  }
}
function drawTable(tbody, events) {
  tbody.replaceChildren();
  for (const e of events) {
    const tr = el("tr", { "data-id": e.id });
    const date = el("td");
    date.appendChild(el("a", { href: `/event/${encodeURIComponent(e.id)}` }, e.date || "-"));
    tr.appendChild(date);
    for (const v of [e.event_type, e.mode || "", e.actor || "?", e.target || "?", `${e.location || ""} ${e.country || ""}`,
      figure(e.fatalities), figure(e.injured), `${e.n_publishers}/${e.n_documents}`]) tr.appendChild(el("td", {}, v));
    tr.appendChild(el("td", { class: "disputed" }, Object.keys(e.disputed || {}).join(", ")));
    tr.appendChild(el("td", {}, status(e)));
    tbody.appendChild(tr);
  }
}
async function load() {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
  document.getElementById("csv").href = `/api/events.csv?${params}`;
  document.getElementById("geojson").href = `/api/events.geojson?${params}`;
  params.set("per_page", "500");
  const [page, links] = await Promise.all([api(`/api/events?${params}`), api("/api/links")]);
  document.getElementById("count").textContent = `(${page.total})`;
  drawPoints(document.getElementById("points"), page.items);
  drawTimeline(document.getElementById("timeline"), page.items, links.items);
  drawTable(document.querySelector("#events tbody"), page.items);
  document.body.dataset.loaded = "1";
}
document.addEventListener("DOMContentLoaded", async () => {
  const map = document.getElementById("map");
  await drawOutlines(map);
  map.appendChild(svg("g", { id: "points" }));
  whoAmI();
  const form = document.getElementById("filters");
  form.addEventListener("submit", ev => { ev.preventDefault(); load(); });
  form.addEventListener("reset", () => setTimeout(load, 0));
  load();
});
