import { api } from "../lib/api.js";
import { byId } from "../lib/dom.js";
import { safeNext } from "../lib/state.js";

byId("login").addEventListener("submit", async ev => {
  ev.preventDefault();
  const data = Object.fromEntries(new FormData(ev.target));
  const msg = byId("msg");
  msg.textContent = "";
  try {
    await api("/api/login", { method: "POST", body: data });
    location.href = safeNext(new URLSearchParams(location.search).get("next"));
  } catch (err) {
    msg.textContent = `${err.message}${err.fix ? ` (${err.fix})` : ""}`;
  }
});
