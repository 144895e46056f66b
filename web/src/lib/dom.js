// DOM helpers. Text from reports and users is only ever set with textContent (after `clean`), never as HTML;
// a link or source is set only to an http(s) URL or a path of this site; event handlers only as functions.
import { clean } from "./format.js";

/** An href/src value that may be set: http(s) URLs and this site's own paths; anything else is null. */
export function safeHref(url) {
  const u = String(url).trim();
  return /^https?:\/\/[^/]/i.test(u) || /^\/(?![/\\])/.test(u) ? u : null;
}

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = clean(v);
    else if (/^on/i.test(k)) {
      if (typeof v === "function") node.addEventListener(k.slice(2), v);
    } else if (k === "href" || k === "src" || k === "xlink:href") {
      const safe = safeHref(v);
      if (safe !== null) node.setAttribute(k, safe);
    } else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(clean(c)) : c);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}
