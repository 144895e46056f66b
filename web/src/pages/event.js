// One event: its reviewed reading with the machine's value beside every correction, each source's sentence
// with the matched words highlighted, retaliation links, typed review editors (a reason for every edit),
// confirm/reject/reopen, merge and split, and the event's audit trail.
import L from "leaflet";
import { api } from "../lib/api.js";
import { errorNotice, header } from "../lib/chrome.js";
import { byId, clear, el } from "../lib/dom.js";
import { FIELDS, GEO_PRECISIONS, figureKind, figurePayload, machineShown, shown } from "../lib/fields.js";
import { clean, dateText, disputeText, figure, range, safeUrl, valueText } from "../lib/format.js";

const eventId = decodeURIComponent(location.pathname.split("/").pop());
let me = null;
let vocab = null;
let current = null;

function terms(m) {
  const out = [m.location, m.actor, m.target, m.mode];
  for (const f of [m.fatalities, m.injured]) if (f) out.push(f.low, f.high);
  return out.filter(v => v !== null && v !== undefined && String(v).length > 0).map(String);
}

function highlighted(text, words) {
  const span = el("span");
  const lower = text.toLowerCase();
  const hits = [];
  for (const w of words) {
    for (const part of w.split(/[;,]/).map(s => s.trim()).filter(s => s.length > 1 || /\d/.test(s))) {
      const p = part.toLowerCase();
      let i = lower.indexOf(p);
      while (i >= 0) {
        hits.push([i, i + p.length]);
        i = lower.indexOf(p, i + p.length);
      }
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let at = 0;
  for (const [s, e] of hits) {
    if (s < at) continue;
    span.append(text.slice(at, s), el("mark", {}, text.slice(s, e)));
    at = e;
  }
  span.append(text.slice(at));
  return span;
}

function reasonInput(id) {
  return el("label", { class: "reason" }, "reason (required) ",
    el("input", { name: "reason", id, required: true, minlength: 3, maxlength: 1000, autocomplete: "off",
      placeholder: "why: e.g. two later reports give 3 killed" }));
}

async function send(body) {
  const out = await api(`/api/events/${encodeURIComponent(current.id)}/review`, { method: "POST", body });
  if (out.job && out.poll) {
    for (let i = 0; i < 120; i += 1) {
      const job = await api(out.poll);
      if (job.status === "done") break;
      if (job.status === "failed") throw new Error(job.message || "the rebuild failed");
      await new Promise(r => setTimeout(r, 1000));
    }
    return null;
  }
  return out;
}

function editorFor(f, e, hooks) {
  const box = el("div", { class: "editor-input" });
  const choicesOf = name => (name === "geo_precisions" ? GEO_PRECISIONS : (vocab[name] || []).map(v => [v, v]));
  switch (f.editor) {
    case "select": {
      const s = el("select", { name: "value", "aria-label": f.label });
      if (f.none) s.append(el("option", { value: "" }, f.none));
      for (const [v, label] of choicesOf(f.choices)) s.append(el("option", { value: v, selected: String(e[f.key]) === v }, label));
      box.append(s);
      hooks.value = () => (s.value === "" ? null : f.key === "geo_precision" ? Number(s.value) : s.value);
      break;
    }
    case "date": {
      const i = el("input", { type: "date", name: "value", value: e.date || "", required: true,
        max: new Date().toISOString().slice(0, 10), "aria-label": "date" });
      box.append(i);
      hooks.value = () => i.value;
      break;
    }
    case "actor": {
      const i = el("input", { name: "value", list: "actors", value: e[f.key] || "", maxlength: 120, size: 28,
        "aria-label": f.label, placeholder: "search the profile's actors" });
      const unknown = el("input", { type: "checkbox", name: "unknown", checked: !e[f.key] });
      box.append(i, el("label", {}, unknown, " not reported"));
      hooks.value = () => (unknown.checked || !i.value.trim() ? null : i.value.trim());
      break;
    }
    case "names": {
      const list = [...(e[f.key] || [])];
      const chips = el("span", { class: "chips" });
      const draw = () => {
        clear(chips);
        list.forEach((n, k) => chips.append(el("span", { class: "chip" }, n,
          el("button", { type: "button", "aria-label": `remove ${n}`, onclick: () => { list.splice(k, 1); draw(); } }, "×"))));
      };
      const i = el("input", { list: "actors", maxlength: 120, size: 24, "aria-label": "add a name", placeholder: "add an actor" });
      const add = el("button", { type: "button", onclick: () => { if (i.value.trim()) { list.push(i.value.trim()); i.value = ""; draw(); } } }, "add");
      draw();
      box.append(chips, i, add);
      hooks.value = () => [...list, ...(i.value.trim() ? [i.value.trim()] : [])];
      break;
    }
    case "texts": {
      const t = el("textarea", { name: "value", rows: 3, cols: 40, "aria-label": f.label });
      t.value = (e[f.key] || []).join("\n");
      box.append(t, el("span", { class: "note" }, " one per line"));
      hooks.value = () => t.value.split("\n").map(s => s.trim()).filter(Boolean);
      break;
    }
    case "country": {
      const i = el("input", { name: "value", list: "countries", value: e.country || "", maxlength: 60, size: 12,
        required: true, "aria-label": "country", placeholder: "ISO3 or name" });
      box.append(i);
      hooks.value = () => i.value.trim();
      break;
    }
    case "text": {
      const i = el("input", { name: "value", value: e[f.key] || "", maxlength: f.max || 200, size: 30, "aria-label": f.label });
      box.append(i);
      hooks.value = () => (i.value.trim() ? i.value.trim() : null);
      break;
    }
    case "figure": {
      const c = e[f.key] || {};
      const kind = el("select", { name: "kind", "aria-label": "kind of figure" },
        ...[["exact", "exactly"], ["range", "between"], ["atleast", "at least"], ["unknown", "not known"]]
          .map(([v, l]) => el("option", { value: v, selected: figureKind(c) === v }, l)));
      const low = el("input", { type: "number", name: "low", min: 0, max: 1000000, step: 1, value: c.low ?? c.best ?? "",
        size: 6, "aria-label": "low" });
      const high = el("input", { type: "number", name: "high", min: 0, max: 1000000, step: 1, value: c.high ?? "", size: 6,
        "aria-label": "high" });
      const best = el("input", { type: "number", name: "best", min: 0, max: 1000000, step: 1, value: "", size: 6,
        "aria-label": "best figure", placeholder: "best" });
      const sync = () => {
        high.hidden = kind.value !== "range";
        low.hidden = kind.value === "unknown";
        best.hidden = kind.value === "exact" || kind.value === "unknown";
      };
      kind.addEventListener("change", sync);
      sync();
      box.append(kind, " ", low, " ", high, " ", best);
      hooks.value = () => figurePayload(kind.value, low.value, high.value, best.value);
      break;
    }
    case "pin": {
      const lat = el("input", { type: "number", name: "latitude", min: -90, max: 90, step: "any", size: 9,
        value: e.latitude ?? "", "aria-label": "latitude" });
      const lon = el("input", { type: "number", name: "longitude", min: -180, max: 180, step: "any", size: 9,
        value: e.longitude ?? "", "aria-label": "longitude" });
      const holder = el("div", { class: "pin-map", id: "pin-map" });
      box.append(el("label", {}, "lat ", lat), " ", el("label", {}, "lon ", lon),
        el("p", { class: "note" }, "click the map or drag the pin"), holder);
      hooks.afterMount = () => {
        const start = [Number(lat.value) || 33, Number(lon.value) || 44];
        const m = L.map(holder, { zoomControl: true }).setView(start, lat.value ? 8 : 4);
        setTimeout(() => m.invalidateSize(), 0);
        fetch("/static/build/world.geojson").then(r => r.json()).then(w =>
          L.geoJSON(w, { interactive: false, style: { className: "country", weight: 0.7 } }).addTo(m)).catch(() => {});
        const pinIcon = L.divIcon({ className: "pin", html: el("span", {}, "📍"), iconSize: [24, 24], iconAnchor: [12, 22] });
        const pin = L.marker(start, { draggable: true, icon: pinIcon, keyboard: true, title: "position" }).addTo(m);
        const put = ll => {
          lat.value = ll.lat.toFixed(5);
          lon.value = (((ll.lng + 540) % 360) - 180).toFixed(5);
        };
        pin.on("dragend", () => put(pin.getLatLng()));
        m.on("click", ev => { pin.setLatLng(ev.latlng); put(ev.latlng); });
        for (const i of [lat, lon]) i.addEventListener("change", () => {
          if (lat.value && lon.value) pin.setLatLng([Number(lat.value), Number(lon.value)]);
        });
      };
      hooks.value = () => ({ latitude: lat.value === "" ? null : Number(lat.value),
        longitude: lon.value === "" ? null : Number(lon.value) });
      break;
    }
    default:
      break;
  }
  return box;
}

function openEditor(f, row) {
  for (const old of document.querySelectorAll("form.editor")) old.remove();
  const e = current;
  const form = el("form", { class: "editor", "data-field": f.key });
  const hooks = {};
  const input = editorFor(f, e, hooks);
  const msg = el("p", { class: "msg", role: "status" });
  const save = el("button", { type: "submit", disabled: true }, "save correction");
  const reason = reasonInput(`reason-${f.key}`);
  reason.querySelector("input").addEventListener("input", ev => { save.disabled = ev.target.value.trim().length < 3; });
  form.append(el("div", { class: "machine-note" }, `machine: ${shown({ ...e, ...(e.review.machine || {}) }, f.key)}`),
    input, reason, save, " ", el("button", { type: "button", onclick: () => form.remove() }, "cancel"), msg);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const why = form.elements.reason.value.trim();
    msg.textContent = "saving…";
    try {
      if (f.editor === "pin") {
        const v = hooks.value();
        for (const k of ["latitude", "longitude"]) {
          if (v[k] !== (e[k] ?? null)) await send({ action: "correct", field: k, value: v[k], reason: why });
        }
      } else {
        await send({ action: "correct", field: f.key, value: hooks.value(), reason: why });
      }
      await render(`${f.label} corrected`);
    } catch (err) {
      msg.textContent = `${err.message}${err.fix ? ` (${err.fix})` : ""}`;
      msg.className = "msg error";
    }
  });
  row.after(el("tr", { class: "editor-row" }, el("td", { colspan: 4 }, form)));
  if (hooks.afterMount) hooks.afterMount();
  form.querySelector("input, select, textarea")?.focus();
}

function fieldsTable(e) {
  const t = el("table", { class: "fields", id: "fields" });
  t.append(el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "field"), el("th", { scope: "col" }, "value"),
    el("th", { scope: "col" }, "machine reading"), el("th", { scope: "col" }, ""))));
  const body = el("tbody");
  const analyst = me && me.role !== "viewer";
  for (const f of FIELDS) {
    const machine = machineShown(e, f.key);
    const disputed = e.disputed && e.disputed[f.key];
    const tr = el("tr", { "data-field": f.key, class: machine !== null ? "corrected" : null });
    tr.append(el("th", { scope: "row" }, f.label),
      el("td", { class: "value" }, f.key === "date" ? dateText(e.date, e.date_precision) : shown(e, f.key),
        disputed ? el("span", { class: "disputed" }, ` sources disagree: ${disputeText(disputed)}`) : null),
      el("td", { class: "machine" }, machine === null ? "" : machine));
    const cell = el("td");
    if (analyst) cell.append(el("button", { type: "button", class: "edit", "data-edit": f.key, onclick: () => openEditor(f, tr) }, "correct"));
    tr.append(cell);
    body.append(tr);
  }
  t.append(body);
  return t;
}

function sourcesTable(e) {
  const t = el("table", { id: "sources", class: "sources" });
  t.append(el("thead", {}, el("tr", {}, ...["report", "publisher", "published", "date", "actor → target", "place",
    "killed", "injured", "sentence", ""].map(h => el("th", { scope: "col" }, h)))));
  const body = el("tbody");
  const canSplit = me && me.role !== "viewer" && e.mentions.length > 1;
  for (const m of e.mentions) {
    const url = safeUrl(m.url);
    const tr = el("tr", { class: "source", "data-mention": m.id });
    tr.append(el("td", {}, url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, m.title || m.doc_id)
      : el("span", {}, m.title || m.doc_id)),
    el("td", {}, m.publisher || ""), el("td", {}, m.published || ""), el("td", {}, dateText(m.date, m.date_precision)),
    el("td", {}, `${m.actor || "?"} → ${m.target || "?"}`), el("td", {}, m.location || m.country || ""),
    el("td", {}, m.fatalities ? range(m.fatalities.low, m.fatalities.high) : ""),
    el("td", {}, m.injured ? range(m.injured.low, m.injured.high) : ""),
    el("td", { class: "sentence" }, highlighted(clean(m.evidence || ""), terms(m))));
    const act = el("td");
    if (canSplit) act.append(el("button", { type: "button", class: "split", onclick: () => decide("split", m.id) }, "split off"));
    tr.append(act);
    body.append(tr);
  }
  t.append(body);
  return t;
}

async function decide(action, value) {
  const reason = byId("reason");
  const msg = byId("review-msg");
  if (!reason || reason.value.trim().length < 3) {
    msg.textContent = "give a reason first (at least 3 characters)";
    msg.className = "msg error";
    reason?.focus();
    return;
  }
  msg.textContent = "saving…";
  msg.className = "msg";
  try {
    const body = { action, reason: reason.value.trim() };
    if (value !== undefined) body.value = value;
    const out = await send(body);
    if (out && out.id && out.id !== current.id) {
      location.href = `/event/${encodeURIComponent(out.id)}?done=${action}`;
      return;
    }
    if (!out) {
      location.href = "/";
      return;
    }
    await render(`${action} saved`);
  } catch (err) {
    msg.textContent = `${err.message}${err.fix ? ` (${err.fix})` : ""}`;
    msg.className = "msg error";
  }
}

function reviewPanel(e) {
  const box = el("section", { id: "review", class: "review" }, el("h3", {}, "Review"));
  const status = e.review.status;
  let decision = null;  // the standing confirm/reject (a correction does not undo it; reopen does)
  for (const ed of e.review.edits || []) {
    if (ed.action === "confirm" || ed.action === "reject") decision = ed.action;
    else if (ed.action === "reopen") decision = null;
  }
  box.append(el("p", {}, "status: ", el("strong", { id: "status" }, status),
    decision && status === "corrected" ? ` (and ${decision}ed)` : "",
    e.review.corrected.length ? ` · corrected: ${e.review.corrected.join(", ")}` : ""));
  box.append(reasonInput("reason"));
  const buttons = el("p", { class: "decisions" });
  if (decision !== "confirm") buttons.append(el("button", { type: "button", id: "confirm", onclick: () => decide("confirm") }, "confirm"));
  if (decision !== "reject") buttons.append(" ", el("button", { type: "button", id: "reject", onclick: () => decide("reject") }, "reject"));
  if (decision) buttons.append(" ", el("button", { type: "button", id: "reopen", onclick: () => decide("reopen") }, "reopen"));
  box.append(buttons);
  const search = el("input", { type: "search", id: "merge-search", placeholder: "find the other event (words, place, actor)", size: 30 });
  const other = el("input", { id: "merge-id", placeholder: "ev-…", size: 22, maxlength: 40, "aria-label": "the other event's id" });
  const results = el("ul", { class: "merge-results" });
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      clear(results);
      if (search.value.trim().length < 2) return;
      try {
        const page = await api(`/api/dash/events?q=${encodeURIComponent(search.value.trim())}&per_page=8&status=all`);
        for (const x of page.items.filter(x => x.id !== e.id)) {
          results.append(el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => { other.value = x.id; } },
            `${dateText(x.date, x.date_precision)} ${x.event_type.toLowerCase()} ${x.actor || "?"} → ${x.target || "?"} ${x.location || x.country || ""} (${x.id})`)));
        }
      } catch (err) {
        results.append(el("li", { class: "error" }, err.message));
      }
    }, 250);
  });
  box.append(el("details", { class: "merge" }, el("summary", {}, "merge with another event"),
    el("p", {}, search), results, el("p", {}, "event id ", other, " ",
      el("button", { type: "button", id: "merge", onclick: () => decide("merge", other.value.trim()) }, "merge"))));
  if (e.mentions.length > 1) box.append(el("p", { class: "note" }, "To split a report off this event, use “split off” in its row of the sources."));
  box.append(el("p", { id: "review-msg", class: "msg", role: "status" }));
  return box;
}

function auditList(e) {
  const list = el("ol", { id: "audit", class: "audit" });
  for (const a of e.audit || []) {
    list.append(el("li", { class: "audit-entry" }, el("time", {}, a.at.replace("T", " ").slice(0, 19)), " · ",
      el("strong", {}, a.username || "?"), ` · ${a.action}${a.field ? ` ${a.field}` : ""}: `,
      el("span", { class: "before" }, valueText(a.before)), " → ", el("span", { class: "after" }, valueText(a.after)),
      a.reason ? el("q", {}, a.reason) : ""));
  }
  if (!list.children.length) list.append(el("li", { class: "note" }, me ? "no edits yet" : "log in to see who edited this event"));
  return list;
}

async function render(message) {
  const main = byId("event");
  let e;
  try {
    e = await api(`/api/events/${encodeURIComponent(current ? current.id : eventId)}`);
  } catch (err) {
    errorNotice(clear(main), err, () => render());
    document.body.dataset.loaded = "error";
    return;
  }
  current = e;
  document.title = `flashpoint · ${e.event_type.toLowerCase()} ${e.date || ""}`;
  clear(main);
  main.append(el("p", {}, el("a", { href: "/" }, "← dashboard")),
    el("h2", { id: "title" }, `${e.event_type.toLowerCase()}${e.mode ? ` (${e.mode})` : ""} on ${dateText(e.date, e.date_precision)}: ${e.actor || "?"} → ${e.target || "?"}`),
    el("p", { class: "meta" }, `${e.id} · ${e.n_publishers} publisher(s), ${e.n_documents} report(s) · killed ${figure(e.fatalities) || "not reported"}, injured ${figure(e.injured) || "not reported"} · `,
      el("span", { id: "status-badge", class: `badge ${e.review.status}` }, e.review.status)));
  if (message) main.append(el("p", { class: "msg ok", role: "status", id: "saved" }, message));
  const disputes = Object.entries(e.disputed || {}).map(([k, v]) => `${k}: ${disputeText(v)}`).join("; ");
  if (disputes) main.append(el("p", { id: "disputes", class: "disputed" }, `Sources disagree on ${disputes}`));
  main.append(el("h3", {}, "Reading"), el("div", { class: "table-scroll" }, fieldsTable(e)));
  if (me && me.role !== "viewer") main.append(reviewPanel(e));
  main.append(el("h3", {}, "Sources"), el("div", { class: "table-scroll" }, sourcesTable(e)));
  const links = el("ul", { id: "links" });
  for (const l of e.retaliation_links || []) {
    const other = l.from_event === e.id ? l.to_event : l.from_event;
    links.append(el("li", {}, l.from_event === e.id ? "answers " : "answered by ",
      other ? el("a", { href: `/event/${encodeURIComponent(other)}` }, other) : el("span", {}, "(not found in the store)"),
      `: “${l.text}”`));
  }
  if (!links.children.length) links.append(el("li", { class: "note" }, "none stated"));
  main.append(el("h3", {}, "Retaliation links"), links, el("h3", {}, "Audit trail"), auditList(e));
  document.body.dataset.loaded = "1";
}

async function boot() {
  me = await header("event");
  if (me && me.role !== "viewer") {
    try {
      vocab = await api("/api/dash/vocab");
      const actors = byId("actors");
      for (const a of vocab.actors) actors.append(el("option", { value: a.name }, a.side && a.side !== a.name ? a.side : a.kind));
      const countries = byId("countries");
      for (const c of vocab.countries) countries.append(el("option", { value: c.iso3 }, c.name));
    } catch {
      vocab = { event_types: [], modes: [], date_precisions: ["day", "approximate", "month"], actors: [], countries: [] };
    }
  }
  const done = new URLSearchParams(location.search).get("done");
  await render(done ? `${done} saved` : undefined);
}

boot();
