// Calls to the app's API, one error shape: {"error": {"code", "message", "fix"}}.
export class ApiError extends Error {
  constructor(status, code, message, fix) {
    super(message);
    this.status = status;
    this.code = code;
    this.fix = fix || "";
  }
}

let csrf = null;
export function setCsrf(token) { csrf = token; }

// GETs started before the page could make them (prefetch): `api` hands out the answer under way, once.
const early = new Map();

/** Start a GET the page is about to make (its URL known before the page has what it needs to make it). */
export function prefetch(path) {
  if (early.has(path)) return;
  const p = request(path, {});
  p.catch(() => {}); // a failure reaches whoever asks for it, not the console
  early.set(path, p);
}

export async function api(path, options = {}) {
  if (Object.keys(options).length === 0 && early.has(path)) {
    const p = early.get(path);
    early.delete(path);
    return p;
  }
  return request(path, options);
}

async function request(path, options) {
  const opts = { credentials: "same-origin", ...options, headers: { ...(options.headers || {}) } };
  if (opts.body !== undefined && typeof opts.body !== "string") {
    opts.body = JSON.stringify(opts.body);
    opts.headers["Content-Type"] = "application/json";
  }
  if (opts.method && opts.method !== "GET" && csrf) opts.headers["X-CSRF-Token"] = csrf;
  let res;
  try {
    res = await fetch(path, opts);
  } catch (err) {
    throw new ApiError(0, "network", "the server cannot be reached", "check that `flashpoint serve` is running");
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body && body.error) || {};
    throw new ApiError(res.status, e.code || "http_error", e.message || res.statusText || `HTTP ${res.status}`, e.fix);
  }
  return body;
}

/** The logged-in user ({username, role, csrf}) or null. */
export async function whoAmI() {
  try {
    const me = await api("/api/me");
    setCsrf(me.csrf);
    return me;
  } catch {
    return null;
  }
}
