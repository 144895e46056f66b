"use strict";
// One event: its reading, each source's sentence with matched words highlighted, review, audit.
const eventId = decodeURIComponent(location.pathname.split("/").pop());
function terms(m) {
  const out = [m.location, m.actor, m.target, m.mode];
  for (const f of [m.fatalities, m.injured]) if (f) out.push(f.low, f.high);
  return out.filter(v => v !== null && v !== undefined && String(v).length > 0).map(String);
}
function highlighted(text, words) {
  // split the sentence on the matched words; every piece is a text node or a <mark> with text
  const span = el("span");
  const lower = text.toLowerCase();
  const hits = [];
  for (const w of words) {
    for (const part of w.split(/[;,]/).map(s => s.trim()).filter(s => s.length > 1)) {
      let i = lower.indexOf(part.toLowerCase());
      while (i >= 0) { hits.push([i, i + part.length]); i = lower.indexOf(part.toLowerCase(), i + part.length); }
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let at = 0;
  for (const [s, e] of hits) {
    if (s < at) continue;
    span.appendChild(document.createTextNode(text.slice(at, s)));
    span.appendChild(el("mark", {}, text.slice(s, e)));
    at = e;
  }
  span.appendChild(document.createTextNode(text.slice(at)));
  return span;
}
function range(f) { return f ? (f.low === f.high ? String(f.low) : `${f.low ?? "?"}-${f.high ?? ""}`) : ""; }
async function render() {
  const e = await api(`/api/events/${encodeURIComponent(eventId)}`);
  document.title = `flashpoint ${e.id}`;
  document.getElementById("title").textContent = shown(`${e.event_type} ${e.mode || ""} on ${e.date || "?"}: ${e.actor || "?"} -> ${e.target || "?"}`);
  const dl = document.getElementById("fields");
  dl.replaceChildren();
  const rows = [["id", e.id], ["place", `${e.location || "-"} ${e.country || ""}`], ["killed", figure(e.fatalities)],
    ["injured", figure(e.injured)], ["claimed by", (e.claimed_by || []).join(", ")],
    ["sources", `${e.n_publishers} publisher(s), ${e.n_documents} report(s)`], ["review", e.review.status]];
  const fixed = (e.review && e.review.corrected) || [];
  if (fixed.length) rows.push(["machine reading", fixed.map(f => `${f}: ${JSON.stringify(e.review.machine[f] && e.review.machine[f].best !== undefined ? e.review.machine[f].best : e.review.machine[f])}`).join("; ")]);
  for (const [k, v] of rows) { dl.appendChild(el("dt", {}, k)); dl.appendChild(el("dd", { "data-field": k }, v)); }
  const disputes = Object.entries(e.disputed || {}).map(([k, v]) => `${k}: ${v.join(" vs ")}`).join("; ");
  document.getElementById("disputes").textContent = disputes ? shown(`Sources disagree on ${disputes}`) : "";
  const tbody = document.querySelector("#sources tbody");
  tbody.replaceChildren();
  for (const m of e.mentions) {
    const tr = el("tr", { class: "source" });
    const link = el("td");
    link.appendChild(m.url ? el("a", { href: m.url, rel: "noopener noreferrer" }, m.doc_id) : el("span", {}, m.doc_id));
    tr.appendChild(link);
    for (const v of [m.publisher || "", m.published || "", m.date || "", m.actor || "?", m.target || "?", m.location || "",
      range(m.fatalities), range(m.injured)]) tr.appendChild(el("td", {}, v));
    const sent = el("td", { class: "sentence" });
    sent.appendChild(highlighted(m.evidence || "", terms(m)));
    tr.appendChild(sent);
    tbody.appendChild(tr);
  }
  const links = document.getElementById("links");
  links.replaceChildren();
  for (const l of e.retaliation_links) {
    const li = el("li");
    const other = l.from_event === e.id ? l.to_event : l.from_event;
    li.appendChild(document.createTextNode(l.from_event === e.id ? "answers " : "answered by "));
    li.appendChild(other ? el("a", { href: `/event/${encodeURIComponent(other)}` }, other) : el("span", {}, "(unresolved)"));
    li.appendChild(document.createTextNode(`: "${l.text}"`));
    links.appendChild(li);
  }
  const audit = document.getElementById("audit");
  audit.replaceChildren();
  for (const a of e.audit) audit.appendChild(el("li", { class: "audit-entry" },
    `${a.at} ${a.username} ${a.action}${a.field ? " " + a.field : ""}: ${JSON.stringify(a.before)} -> ${JSON.stringify(a.after)}` +
    (a.reason ? ` (${a.reason})` : "")));
  document.body.dataset.loaded = "1";
  return e;
}
async function review(me, body) {
  const msg = document.getElementById("review-msg");
  body.reason = document.getElementById("reason").value;
  try {
    await api(`/api/events/${encodeURIComponent(eventId)}/review`, { method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf }, body: JSON.stringify(body) });
    msg.textContent = "saved";
    await render();
  } catch (err) { msg.textContent = err.message; }
}
document.addEventListener("DOMContentLoaded", async () => {
  await render();
  const me = await whoAmI();
  if (me && me.role !== "viewer") {
    document.getElementById("review").hidden = false;
    document.getElementById("confirm").addEventListener("click", () => review(me, { action: "confirm" }));
    document.getElementById("reject").addEventListener("click", () => review(me, { action: "reject" }));
    document.getElementById("correct").addEventListener("submit", ev => {
      ev.preventDefault();
      const data = new FormData(ev.target);
      let value = data.get("value");
      if (["fatalities", "injured", "latitude", "longitude"].includes(data.get("field"))) value = value === "" ? null : Number(value);
      review(me, { action: "correct", field: data.get("field"), value });
    });
  }
});
