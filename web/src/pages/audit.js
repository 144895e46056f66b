// The audit log: every review edit, newest first, paged and filtered on the server; filters in the URL.
import { api } from "../lib/api.js";
import { errorNotice, header, notice } from "../lib/chrome.js";
import { byId, clear, el } from "../lib/dom.js";
import { count, valueText } from "../lib/format.js";

const KEYS = ["username", "action", "field", "event_id", "since", "until"];
const PER_PAGE = 50;

function read() {
  const p = new URLSearchParams(location.search);
  const f = {};
  for (const k of KEYS) if (p.get(k)) f[k] = p.get(k);
  const page = Number(p.get("page"));
  return { f, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

function go(f, page, push = true) {
  const p = new URLSearchParams(f);
  if (page > 1) p.set("page", String(page));
  const url = `/audit${p.toString() ? `?${p}` : ""}`;
  if (push) history.pushState(null, "", url);
  load();
}

async function load() {
  const { f, page } = read();
  const form = byId("audit-filters");
  for (const k of KEYS) form.elements[k].value = f[k] || "";
  const box = byId("state-box");
  box.hidden = true;
  const body = document.querySelector("#audit-table tbody");
  const q = new URLSearchParams({ ...f, page: String(page), per_page: String(PER_PAGE) });
  document.body.dataset.loaded = "";
  try {
    const out = await api(`/api/dash/audit?${q}`);
    clear(body);
    for (const a of out.items) {
      body.append(el("tr", { class: "audit-row" }, el("td", {}, el("time", {}, a.at.replace("T", " ").slice(0, 19))),
        el("td", {}, a.username), el("td", {}, a.action),
        el("td", {}, a.event_id ? el("a", { href: `/event/${encodeURIComponent(a.event_id)}` }, a.event_id) : ""),
        el("td", {}, a.field || ""), el("td", { class: "before" }, valueText(a.before)),
        el("td", { class: "after" }, valueText(a.after)), el("td", {}, a.reason || "")));
    }
    byId("count").textContent = `(${count(out.total)})`;
    const pager = clear(byId("pager"));
    const last = Math.max(1, Math.ceil(out.total / PER_PAGE));
    pager.append(el("button", { type: "button", "data-page": "prev", disabled: page <= 1, onclick: () => go(f, page - 1) }, "‹ newer"),
      el("span", { class: "range" }, `page ${page} of ${last}`),
      el("button", { type: "button", "data-page": "next", disabled: page >= last, onclick: () => go(f, page + 1) }, "older ›"));
    if (!out.total) notice(box, "empty", "No audit entries match.");
    document.body.dataset.loaded = "1";
  } catch (err) {
    errorNotice(box, err, load);
    document.body.dataset.loaded = "error";
  }
}

header("audit");
byId("audit-filters").addEventListener("submit", ev => {
  ev.preventDefault();
  const f = {};
  for (const [k, v] of new FormData(ev.target)) if (String(v).trim()) f[k] = String(v).trim();
  go(f, 1);
});
byId("clear").addEventListener("click", () => go({}, 1));
window.addEventListener("popstate", load);
load();
