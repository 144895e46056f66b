"use strict";
// Shared helpers. Report text is only ever set with textContent (never innerHTML).
function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function figure(c) {
  if (!c || (c.best === null && c.low === null)) return "";
  let range = c.low === c.high ? String(c.low) : `${c.low ?? "?"}-${c.high ?? ""}`;
  let text = String(c.best) === range ? range : `${c.best} [${range}]`;
  return text;
}
function sideClass(side) {
  return side === "United States" ? "us" : side === "Iran-aligned" ? "ir" : "other";
}
async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((body.error && body.error.message) || res.statusText);
  return body;
}
async function whoAmI() {
  try {
    const me = await api("/api/me");
    document.getElementById("who").textContent = `${me.username} (${me.role})`;
    document.getElementById("login-link").hidden = true;
    return me;
  } catch (e) { return null; }
}
