"use strict";
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("login").addEventListener("submit", async ev => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(ev.target));
    try {
      await api("/api/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
      location.href = document.referrer && new URL(document.referrer).origin === location.origin ? document.referrer : "/";
    } catch (err) { document.getElementById("msg").textContent = err.message; }
  });
});
