// The events table: sorted and paged on the server, newest first, chosen columns, one notation for ranges.
import { api } from "./lib/api.js";
import { clear, el } from "./lib/dom.js";
import { count, dateText, figure } from "./lib/format.js";
import { COLUMNS, filterQuery } from "./lib/state.js";

export const COLUMN_LABELS = { date: "date", type: "type", mode: "mode", actor: "actor", target: "target",
  place: "place", country: "country", killed: "killed", injured: "injured", sources: "sources",
  disputed: "disputed", review: "review" };
const SORTABLE = new Set(["date", "type", "mode", "actor", "target", "place", "country", "killed", "injured",
  "sources", "review"]);

/** The request for the page of events `state` shows. */
export function pagePath(state) {
  return `/api/dash/events?${filterQuery(state.filters, { sort: state.sort, order: state.order, page: state.page,
    per_page: state.per_page })}`;
}

function cell(e, col) {
  switch (col) {
    case "date": return dateText(e.date, e.date_precision);
    case "type": return e.event_type;
    case "mode": return e.mode || "";
    case "actor": return e.actor || "not reported";
    case "target": return e.target || "not reported";
    case "place": return e.location || (e.country ? `(${e.country}, place not known)` : "(no place)");
    case "country": return e.country || "";
    case "killed": return figure(e.fatalities);
    case "injured": return figure(e.injured);
    case "sources": return `${e.n_publishers}/${e.n_documents}`;
    case "disputed": return Object.keys(e.disputed || {}).join(", ");
    case "review": return (e.review && e.review.status) || "unreviewed";
    default: return "";
  }
}

export function createTable(container, { onSelect, onState }) {
  const table = el("table", { class: "events", id: "events" });
  const thead = el("thead");
  const tbody = el("tbody");
  table.append(thead, tbody);
  const scroller = el("div", { class: "table-scroll" }, table);
  const pager = el("nav", { class: "pager", "aria-label": "pages" });
  container.append(scroller, pager);
  let st = null;
  let selected = null;

  function header(cols) {
    clear(thead);
    const tr = el("tr");
    for (const c of cols) {
      const sortable = SORTABLE.has(c);
      const active = st.sort === c;
      const th = el("th", { scope: "col", "data-col": c,
        "aria-sort": active ? (st.order === "asc" ? "ascending" : "descending") : null });
      if (sortable) {
        th.append(el("button", { type: "button", class: "sort", "data-sort": c, onclick: () => {
          const order = active && st.order === "desc" ? "asc" : "desc";
          onState({ sort: c, order, page: 1 });
        } }, COLUMN_LABELS[c], el("span", { class: "arrow", "aria-hidden": "true" },
          active ? (st.order === "asc" ? " ▲" : " ▼") : "")));
      } else th.append(COLUMN_LABELS[c]);
      tr.append(th);
    }
    thead.append(tr);
  }

  function pages(total) {
    clear(pager);
    const last = Math.max(1, Math.ceil(total / st.per_page));
    const go = p => () => onState({ page: p });
    const first = (st.page - 1) * st.per_page + 1;
    pager.append(
      el("button", { type: "button", "data-page": "first", disabled: st.page <= 1, onclick: go(1) }, "« first"),
      el("button", { type: "button", "data-page": "prev", disabled: st.page <= 1, onclick: go(st.page - 1) }, "‹ prev"),
      el("span", { class: "range", id: "page-range" },
        total ? `${count(first)}–${count(Math.min(total, first + st.per_page - 1))} of ${count(total)}` : "0 of 0"),
      el("button", { type: "button", "data-page": "next", disabled: st.page >= last, onclick: go(st.page + 1) }, "next ›"),
      el("button", { type: "button", "data-page": "last", disabled: st.page >= last, onclick: go(last) }, "last »"));
    const per = el("select", { "aria-label": "rows per page", id: "per-page", onchange: ev =>
      onState({ per_page: Number(ev.target.value), page: 1 }) });
    for (const n of [25, 50, 100, 200]) per.append(el("option", { value: n, selected: n === st.per_page }, `${n} a page`));
    pager.append(per);
  }

  return {
    async show(state, cols) {
      st = state;
      header(cols);
      table.setAttribute("aria-busy", "true");
      try {
        const page = await api(pagePath(state));
        clear(tbody);
        for (const e of page.items) {
          const tr = el("tr", { "data-id": e.id, class: e.id === selected ? "selected" : null, tabindex: 0 });
          tr.addEventListener("click", ev => {
            if (ev.target.closest("a")) return;
            onSelect(e.id);
          });
          tr.addEventListener("keydown", ev => { if (ev.key === "Enter") onSelect(e.id); });
          for (const c of cols) {
            const td = el("td", { "data-col": c, class: c === "disputed" ? "disputed" : null });
            if (c === "date") td.append(el("a", { href: `/event/${encodeURIComponent(e.id)}` }, cell(e, c)));
            else td.append(cell(e, c));
            tr.append(td);
          }
          tbody.append(tr);
        }
        pages(page.total);
        return page;
      } finally {
        table.removeAttribute("aria-busy");
      }
    },
    select(id) {
      selected = id;
      for (const tr of tbody.querySelectorAll("tr")) tr.classList.toggle("selected", tr.dataset.id === id);
    },
  };
}

export { COLUMNS };
