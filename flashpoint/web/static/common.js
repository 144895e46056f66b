"use strict";
// Shared helpers. Report text is only ever set with textContent (never innerHTML), its bidirectional
// controls shown as U+FFFD (never obeyed: they could show a sentence or a figure reversed), and a link is
// made only to an http(s) URL or a path of this site (never javascript:, data: and the like).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
function shown(text) { return String(text).replace(BIDI_CONTROLS, "\uFFFD"); }
function safeHref(url) {
  const u = String(url).trim();
  return /^https?:\/\/[^\/]/i.test(u) || /^\/(?![\/\\])/.test(u) ? u : null;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "href" || k === "src" || k === "xlink:href") {
      const safe = safeHref(v);
      if (safe !== null) node.setAttribute(k, safe);
    } else if (!/^on/i.test(k)) {
      node.setAttribute(k, v);
    }
  }
}
function el(tag, attrs, text) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  if (text !== undefined && text !== null) node.textContent = shown(text);
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(node, attrs);
  if (text !== undefined && text !== null) node.textContent = shown(text);
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
