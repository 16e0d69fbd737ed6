// Inbox: replies are checked in reply mode as you type (POST /api/v1/analyze, channel "reply"),
// and the safe reply templates fill the text with one click. "Submit reply" makes a reply post
// that answers the item on its channel (POST /api/v1/posts with in_reply_to, then submit): it
// goes out only once approved, like any post.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const PAUSE_MS = 80;
  const LABELS = { allow: "Allowed", review: "Would be held for review", block: "Blocked" };

  function check(text) {
    return call("POST", "/api/v1/analyze", { text, channel: "reply" });
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data && data.error ? data.error.message : response.statusText);
    return data;
  }

  function wire(box) {
    const text = box.querySelector("textarea");
    const decision = box.querySelector(".decision");
    const findings = box.querySelector(".reply-findings");
    let timer = null, latest = 0;

    async function run() {
      const mine = ++latest;
      if (!text.value.trim()) {
        decision.dataset.action = ""; decision.textContent = "Not checked yet."; findings.replaceChildren();
        return;
      }
      try {
        const rec = await check(text.value);
        if (mine !== latest) return;
        decision.dataset.action = rec.decision;
        const n = rec.findings.length;
        decision.textContent = LABELS[rec.decision] + (n ? ": " + n + " finding" + (n > 1 ? "s" : "") : ": nothing to flag.");
        findings.replaceChildren(...rec.findings.map((f) => {
          const li = document.createElement("li");
          const code = document.createElement("span");
          code.className = "code"; code.textContent = f.code;
          li.append(code, " — " + f.why);
          return li;
        }));
      } catch (error) {
        if (mine !== latest) return;
        decision.dataset.action = ""; decision.textContent = "The check failed: " + error.message;
      }
    }

    async function send() {
      const outcome = box.querySelector(".reply-outcome");
      outcome.textContent = "Submitting…";
      try {
        const post = await call("POST", "/api/v1/posts", {
          text: text.value, channels: [box.dataset.channel], kind: "reply",
          in_reply_to: Number(box.dataset.item),
        });
        const done = await call("POST", "/api/v1/posts/" + post.id + "/submit");
        const states = { approved: "approved: it goes out on " + box.dataset.channel, pending: "sent to a reviewer", blocked: "blocked: compliance must review it" };
        outcome.textContent = "Reply " + done.id + " " + (states[done.state] || done.state) + ".";
      } catch (error) {
        outcome.textContent = "Not submitted: " + error.message;
      }
    }

    box.querySelector(".send-reply").addEventListener("click", send);
    text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, PAUSE_MS); });
    for (const button of box.querySelectorAll("button[data-fill]")) {
      button.addEventListener("click", () => { text.value = button.dataset.fill; text.focus(); run(); });
    }
  }

  document.querySelectorAll("details.reply").forEach(wire);
})();
