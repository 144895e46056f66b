// The map: Natural Earth outlines served by the app (no tiles), place labels, events clustered on the server
// per zoom level (counts, coloured by the acting side, sized on a capped scale), country-level events at
// their country, and the events without a place listed apart.
import L from "leaflet";
import { api } from "./lib/api.js";
import { clear, el } from "./lib/dom.js";
import { clusterRadius, count, dateText, figure, markerRadius, sideColour } from "./lib/format.js";
import { filterQuery } from "./lib/state.js";

const MAX_ZOOM = 12;

function pieBackground(bySide, sides) {
  const total = Object.values(bySide).reduce((a, b) => a + b, 0) || 1;
  const parts = Object.entries(bySide).sort((a, b) => b[1] - a[1]);
  if (parts.length === 1) return sideColour(sides, parts[0][0]);
  let at = 0;
  const stops = parts.map(([side, n]) => {
    const from = at;
    at += (n / total) * 360;
    return `${sideColour(sides, side)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  });
  return `conic-gradient(${stops.join(", ")})`;
}

function sideLines(bySide) {
  return Object.entries(bySide).sort((a, b) => b[1] - a[1])
    .map(([side, n]) => `${side || "unknown actor"}: ${count(n)}`).join(" · ");
}

/** The request for the box a map fits first (the matching events' extent). */
export function extentPath(filters) {
  return `/api/dash/extent?${filterQuery(filters)}`;
}

export function createMap(container, { meta, onSelect, onView }) {
  const sides = meta.profile.sides;
  const map = L.map(container, { minZoom: 2, maxZoom: MAX_ZOOM, worldCopyJump: true, zoomSnap: 1,
    attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
  map.setView([25, 30], 3);
  const outlines = L.layerGroup().addTo(map);
  const labels = L.layerGroup().addTo(map);
  const events = L.layerGroup().addTo(map);
  const highlight = L.layerGroup().addTo(map);
  let places = { countries: [], cities: [] };
  let filters = {};
  let token = 0;
  let selected = null;
  let fitted = false;
  let loads = 0;
  const status = el("div", { class: "map-status", "aria-live": "polite" });
  container.appendChild(status);

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const box = el("div", { class: "legend map-legend" });
    for (const s of sides) {
      const dot = el("span", { class: "dot" });
      dot.style.background = s.colour;
      box.append(el("div", {}, dot, ` ${s.label}`));
    }
    const other = el("span", { class: "dot" });
    other.style.background = sideColour([], "");
    box.append(el("div", {}, other, " other or unknown actor"));
    box.append(el("div", { class: "note" }, "size: deaths and injured (capped); numbers: events in a cluster"));
    box.append(el("div", { class: "note" }, el("span", { class: "dot ring" }), " known only to the country (precision 3)"));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);

  const unmappedCtl = L.control({ position: "bottomleft" });
  const unmappedBox = el("div", { class: "unmapped" });
  unmappedCtl.onAdd = () => {
    L.DomEvent.disableClickPropagation(unmappedBox);
    return unmappedBox;
  };
  unmappedCtl.addTo(map);

  async function drawBase() {
    try {
      const [world, pl] = await Promise.all([
        fetch("/static/build/world.geojson").then(r => (r.ok ? r.json() : null)),
        fetch("/static/build/places.json").then(r => (r.ok ? r.json() : null)),
      ]);
      if (world) L.geoJSON(world, { interactive: false, style: { className: "country", weight: 0.7 } }).addTo(outlines);
      if (pl) places = pl;
      drawLabels();
    } catch {
      status.textContent = "map outlines unavailable: events are drawn on a plain background";
    }
  }

  function drawLabels() {
    labels.clearLayers();
    const z = map.getZoom();
    const b = map.getBounds().pad(0.1);
    const add = (name, lat, lon, cls) => {
      if (!b.contains([lat, lon])) return;
      const icon = L.divIcon({ className: `place-label ${cls}`, html: el("span", {}, name), iconSize: null });
      L.marker([lat, lon], { icon, interactive: false, keyboard: false }).addTo(labels);
    };
    if (z >= 3) for (const [, name, lat, lon] of places.countries) add(name, lat, lon, "country-name");
    const minPop = z <= 2 ? 8e6 : z === 3 ? 5e6 : z === 4 ? 3e6 : z === 5 ? 1e6 : z === 6 ? 4e5 : 1e5;
    for (const [name, lat, lon, pop] of places.cities) if (pop >= minPop) add(name, lat, lon, "city-name");
  }

  function tooltipFor(c, where) {
    const box = el("div", { class: "tip" });
    box.append(el("strong", {}, c.n === 1 ? "1 event" : `${count(c.n)} events`), where ? ` ${where}` : "");
    if (c.first) box.append(el("div", {}, c.first === c.last ? c.first : `${c.first} – ${c.last}`));
    box.append(el("div", {}, sideLines(c.by_side)));
    if (c.killed || c.injured) box.append(el("div", {}, `killed ${count(c.killed)}, injured ${count(c.injured)}`));
    if (c.geo_precision === 3) box.append(el("div", { class: "note" }, "known only to the country (precision 3)"));
    return box;
  }

  async function listPopup(latlng, extra, title) {
    const box = el("div", { class: "popup-list" }, el("strong", {}, title), el("p", {}, "loading…"));
    const popup = L.popup({ maxWidth: 320, autoPanPadding: [20, 20] }).setLatLng(latlng).setContent(box).openOn(map);
    try {
      const page = await api(`/api/dash/events?${filterQuery(filters, { per_page: 20, ...extra })}`);
      const list = el("ul");
      for (const e of page.items) {
        list.append(el("li", {}, el("a", { href: `/event/${encodeURIComponent(e.id)}`, "data-id": e.id, onclick: ev => {
          ev.preventDefault();
          onSelect(e.id);
        } }, `${dateText(e.date, e.date_precision)} ${e.event_type.toLowerCase()}`),
        ` ${e.actor || "?"} → ${e.target || "?"}${e.location ? ` at ${e.location}` : ""}`,
        figure(e.fatalities) ? ` · killed ${figure(e.fatalities)}` : ""));
      }
      box.replaceChildren(el("strong", {}, title), list);
      if (page.total > page.items.length) box.append(el("p", { class: "note" },
        `${count(page.items.length)} newest of ${count(page.total)}: zoom in or narrow the filters`));
      popup.update();
    } catch (err) {
      box.replaceChildren(el("strong", {}, title), el("p", { class: "error" }, err.message));
    }
  }

  function drawCells(data) {
    events.clearLayers();
    for (const c of data.cells) {
      const where = c.place ? `at ${c.place}` : "";
      if (c.n === 1 && c.id) {
        const m = L.circleMarker([c.lat, c.lon], { radius: markerRadius(c.killed, c.injured), weight: 1.5,
          color: c.id === selected ? "#111" : "#fff", fillColor: pieColour(c), fillOpacity: 0.88,
          className: `ev-marker${c.id === selected ? " selected" : ""}` });
        m.bindTooltip(tooltipFor(c, where), { direction: "top" });
        m.on("click", () => onSelect(c.id));
        m.addTo(events);
        m.getElement()?.setAttribute("data-id", c.id);
        continue;
      }
      const r = clusterRadius(c.n);
      const dot = el("div", { class: "cluster-dot", "data-n": c.n }, el("span", {}, count(c.n)));
      dot.style.width = dot.style.height = `${2 * r}px`;
      dot.style.background = pieBackground(c.by_side, sides);
      const icon = L.divIcon({ className: "cluster", html: dot, iconSize: [2 * r, 2 * r] });
      const m = L.marker([c.lat, c.lon], { icon, keyboard: true, title: `${c.n} events`, zIndexOffset: 1000 });
      m.bindTooltip(tooltipFor(c, where), { direction: "top" });
      m.on("click", () => {
        const [s, w, n, e] = c.bounds;
        if (c.one_spot || map.getZoom() >= MAX_ZOOM - 1) {
          listPopup([c.lat, c.lon], { south: s, west: w, north: n, east: e, located: "site" },
            `${count(c.n)} events${c.place ? ` at ${c.place}` : " here"}`);
        } else {
          map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: Math.min(MAX_ZOOM, map.getZoom() + 3) });
        }
      });
      m.addTo(events);
    }
    for (const c of data.countries) {
      const r = clusterRadius(c.n, { min: 12 });
      const dot = el("div", { class: "cluster-dot country-level", "data-n": c.n, "data-country": c.country },
        el("span", {}, count(c.n)));
      dot.style.width = dot.style.height = `${2 * r}px`;
      dot.style.background = pieBackground(c.by_side, sides);
      const icon = L.divIcon({ className: "cluster", html: dot, iconSize: [2 * r, 2 * r] });
      const m = L.marker([c.lat, c.lon], { icon, title: `${c.n} events known only to ${c.country}` });
      m.bindTooltip(tooltipFor(c, `in ${c.country}, place not known`), { direction: "top" });
      m.on("click", () => listPopup([c.lat, c.lon], { country: c.country, located: "country" },
        `${count(c.n)} events known only to ${c.country}`));
      m.addTo(events);
    }
    clear(unmappedBox);
    if (data.unmapped) {
      unmappedBox.append(el("button", { type: "button", id: "unmapped", onclick: () =>
        listPopup(map.getCenter(), { located: "none" }, `${count(data.unmapped)} events without a place`) },
      `${count(data.unmapped)} without a place`));
    }
    status.textContent = data.total ? "" : "no events with a place match these filters";
  }

  function pieColour(c) {
    const top = Object.entries(c.by_side).sort((a, b) => b[1] - a[1])[0];
    return sideColour(sides, top ? top[0] : "");
  }

  async function load() {
    const mine = ++token;
    const b = map.getBounds();
    const box = { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() };
    container.setAttribute("aria-busy", "true");
    try {
      const data = await api(`/api/dash/map?${filterQuery(filters, { zoom: map.getZoom(), ...box })}`);
      if (mine !== token) return null;
      drawCells(data);
      container.dataset.loads = String(++loads);
      container.dataset.zoom = String(map.getZoom());
      return data;
    } finally {
      if (mine === token) container.removeAttribute("aria-busy");
    }
  }

  let moving = false;
  map.on("moveend", () => {
    drawLabels();
    const c = map.getCenter();
    onView({ zoom: map.getZoom(), lat: c.lat, lon: ((c.lng + 540) % 360) - 180 });
    if (!moving) load().catch(() => {});
  });

  return {
    map,
    ready: drawBase(),
    /** Load the events for `f`; fit the map to them the first time unless `view` is given. */
    async show(f, view) {
      filters = f;
      if (view) {
        moving = true;
        map.setView([view.lat, view.lon], view.zoom, { animate: false });
        moving = false;
        fitted = true;
        return load();
      }
      if (!fitted) {
        fitted = true;
        const { extent } = await api(extentPath(filters));
        if (extent) {
          const [s, w, n, e] = extent;
          moving = true;
          map.fitBounds(L.latLngBounds([[s, w], [n, e]]).pad(0.08), { maxZoom: 7, animate: false });
          moving = false;
        }
      }
      return load();
    },
    select(id, event) {
      selected = id;
      highlight.clearLayers();
      if (event && event.latitude !== null && event.longitude !== null && event.latitude !== undefined) {
        L.circleMarker([event.latitude, event.longitude], { radius: 18, className: "highlight-ring", fill: false,
          weight: 3, interactive: false }).addTo(highlight);
      }
    },
    invalidate() { map.invalidateSize(); },
  };
}
