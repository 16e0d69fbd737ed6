// Compose: the live check. Calls POST /api/v1/analyze as you type (after a short pause), paints
// the flagged spans behind the text, explains each one with a one-click redact or replace, and
// submits the draft through the API. No framework, no build step.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const text = document.getElementById("text");
  const kind = document.getElementById("kind");
  const highlights = document.getElementById("highlights");
  const decision = document.getElementById("decision");
  const findings = document.getElementById("findings");
  const consentBox = document.getElementById("consent-box");
  const consent = document.getElementById("consent");
  const outcome = document.getElementById("outcome");
  const PAUSE_MS = 80; // the check starts this long after the last key; answers come in ~10 ms
  const LABELS = { allow: "Allowed", review: "Held for review", block: "Blocked" };
  const REDACTED = { "phi.name": "[name]", "phi.date": "[date]", "phi.age": "[age]",
    "phi.location": "[place]", "phi.phone": "[phone]", "phi.email": "[email]" };
  let timer = null;
  let latest = 0;
  let record = null;

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) throw new Error(data && data.error ? data.error.message : response.statusText);
    return data;
  }

  // Offsets in the record count code points (Python); JavaScript strings count UTF-16 units.
  function slice(points, start, end) { return points.slice(start, end).join(""); }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function paint(points, spans) {
    let html = "", at = 0;
    for (const f of spans) {
      if (f.start < at) continue;
      html += escapeHtml(slice(points, at, f.start)) + "<mark>" + escapeHtml(slice(points, f.start, f.end)) + "</mark>";
      at = f.end;
    }
    highlights.innerHTML = html + escapeHtml(slice(points, at, points.length)) + "\n";
  }

  function show(rec) {
    record = rec;
    const points = Array.from(text.value);
    const spans = rec.findings.filter((f) => f.start !== null).sort((a, b) => a.start - b.start);
    paint(points, spans);
    decision.dataset.action = rec.decision;
    const n = rec.findings.length;
    decision.textContent = LABELS[rec.decision] + (n ? ": " + n + " finding" + (n > 1 ? "s" : "") : ": nothing to flag.");
    findings.replaceChildren(...rec.findings.map((f, i) => item(f, i)));
    const claims = rec.findings.some((f) => f.code === "disclosure.consent_claimed");
    consentBox.hidden = !claims;
    if (claims && consent.options.length === 1) loadConsents();
  }

  function item(f, i) {
    const li = document.createElement("li");
    const head = document.createElement("div");
    head.innerHTML = '<span class="code"></span> — <span class="why"></span>';
    head.querySelector(".code").textContent = f.code;
    head.querySelector(".why").textContent = f.why;
    li.append(head);
    if (f.start !== null) {
      const quote = document.createElement("div");
      quote.innerHTML = 'Flagged: <span class="quote"></span>';
      quote.querySelector(".quote").textContent = f.text;
      const actions = document.createElement("div");
      actions.className = "actions";
      const redact = document.createElement("button");
      redact.type = "button";
      redact.textContent = "Redact";
      redact.setAttribute("aria-label", "Redact finding " + (i + 1) + " (" + f.code + ")");
      redact.addEventListener("click", () => replace(f, REDACTED[f.code] || "[removed]"));
      const input = document.createElement("input");
      input.type = "text";
      input.id = "replace-" + i;
      input.setAttribute("aria-label", "Replacement for finding " + (i + 1));
      input.placeholder = "replace with…";
      const swap = document.createElement("button");
      swap.type = "button";
      swap.textContent = "Replace";
      swap.setAttribute("aria-label", "Replace finding " + (i + 1) + " with the text typed");
      swap.addEventListener("click", () => replace(f, input.value));
      actions.append(redact, input, swap);
      li.append(quote, actions);
    }
    return li;
  }

  function replace(f, by) {
    const points = Array.from(text.value);
    if (slice(points, f.start, f.end) !== f.text) return; // the text changed since the check
    text.value = slice(points, 0, f.start) + by + slice(points, f.end, points.length);
    text.focus();
    check();
  }

  async function check() {
    const value = text.value;
    const mine = ++latest;
    if (!value.trim()) {
      record = null;
      highlights.textContent = "";
      decision.dataset.action = "allow";
      decision.textContent = "Write something to check it.";
      findings.replaceChildren();
      return;
    }
    try {
      const rec = await api("POST", "/api/v1/analyze", { text: value, channel: kind.value === "reply" ? "reply" : "outbound" });
      if (mine === latest) show(rec);
    } catch (error) {
      if (mine === latest) { decision.dataset.action = "review"; decision.textContent = "Cannot check: " + error.message; }
    }
  }

  async function loadConsents() {
    const list = await api("GET", "/api/v1/consents");
    for (const c of list.filter((c) => c.in_force)) {
      const option = document.createElement("option");
      option.value = c.id;
      option.textContent = c.subject_alias + " — " + c.scope + " (" + c.document_ref + ")";
      consent.append(option);
    }
  }

  async function submit() {
    outcome.textContent = "Submitting…";
    const channels = Array.from(document.querySelectorAll('input[name="channel"]:checked')).map((c) => c.value);
    const when = document.getElementById("schedule").value;
    try {
      const post = await api("POST", "/api/v1/posts", {
        text: text.value, channels, kind: kind.value,
        scheduled_local: when || null, // read in the organisation's time zone by the service
      });
      if (!consentBox.hidden && consent.value) {
        await api("POST", "/api/v1/posts/" + post.id + "/consents", { consent_id: Number(consent.value) });
      }
      const done = await api("POST", "/api/v1/posts/" + post.id + "/submit");
      const states = { approved: "approved and scheduled to go out", pending: "sent to a reviewer", blocked: "blocked: compliance must review it" };
      outcome.textContent = "Post " + done.id + " " + (states[done.state] || done.state) + ".";
    } catch (error) {
      outcome.textContent = "Not submitted: " + error.message;
    }
  }

  text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, PAUSE_MS); });
  text.addEventListener("scroll", () => { highlights.parentElement.scrollTop = text.scrollTop; });
  kind.addEventListener("change", check);
  document.getElementById("submit").addEventListener("click", submit);
  check();
})();
