// The page header (navigation, who is logged in, log out) and the states every page shares:
// loading, empty, error and "log in to read".
import { api, whoAmI } from "./api.js";
import { byId, clear, el } from "./dom.js";

export async function header(active) {
  const nav = byId("nav");
  const me = await whoAmI();
  clear(nav);
  const link = (href, label, key) => el("a", { href, "aria-current": active === key ? "page" : null }, label);
  nav.append(link("/", "Dashboard", "dashboard"));
  if (me) nav.append(link("/audit", "Audit", "audit"));
  nav.append(link("/api/docs", "API", "docs"));
  const who = el("span", { class: "who" });
  if (me) {
    who.append(el("span", { id: "who", text: `${me.username} (${me.role})` }),
      el("button", { type: "button", id: "logout", class: "linkish", onclick: logout }, "log out"));
  } else {
    who.append(el("a", { id: "login-link", href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` },
      "log in"));
  }
  nav.append(who);
  return me;
}

async function logout() {
  try {
    await api("/api/logout", { method: "POST", body: {} });
  } finally {
    location.reload();
  }
}

/** A state message in `box`: kind "error" | "empty" | "login" | "loading". Returns the element. */
export function notice(box, kind, message, fix, action) {
  clear(box);
  const n = el("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status", "data-state": kind });
  n.append(el("strong", {}, { error: "Something went wrong", empty: "Nothing to show", login: "Log in to read",
    loading: "Loading" }[kind] || kind));
  if (message) n.append(el("span", {}, ` ${message}`));
  if (fix) n.append(el("span", { class: "fix" }, ` (${fix})`));
  if (kind === "login") {
    n.append(" ", el("a", { href: `/login?next=${encodeURIComponent(location.pathname + location.search)}`,
      class: "button" }, "log in"));
  }
  if (action) n.append(" ", el("button", { type: "button", onclick: action.run }, action.label));
  box.append(n);
  box.hidden = false;
  return n;
}

/** The notice for an API error: "log in" for a private server, else the error with its fix. */
export function errorNotice(box, err, retry) {
  if (err && (err.code === "login_required" || err.status === 401))
    return notice(box, "login", "This server is private: its events are shown to logged-in users only.");
  return notice(box, "error", err ? err.message : "unknown error", err && err.fix,
    retry ? { label: "try again", run: retry } : null);
}
