// The projector's page: asks for the class code and the PIN, then polls the hub
// every two seconds. Words come from the hub's locale (/api/strings); the page's
// English is only the fallback before they arrive.
"use strict";
const POLL_MS = 2000;
let words = {}, code = "", pin = "", timer = null;

const $ = (id) => document.getElementById(id);
const say = (id, params) => {
  let text = words[id] || id;
  for (const [k, v] of Object.entries(params || {})) text = text.replace(`{${k}}`, v);
  return text;
};

async function loadWords() {
  try {
    words = await (await fetch("/api/strings")).json();
    document.querySelectorAll("[data-t]").forEach((el) => {
      if (words[el.dataset.t]) el.textContent = words[el.dataset.t];
    });
    document.title = say("hub.title");
  } catch (e) { /* keep the page's own words */ }
}

function bars(id, items) {
  const list = $(id), top = Math.max(1, ...items.map((x) => x.n));
  list.replaceChildren(...items.map((x) => {
    const li = document.createElement("li");
    const label = document.createElement("span"); label.textContent = x.label;
    const bar = document.createElement("span"); bar.className = "bar";
    bar.style.width = `${(100 * x.n) / (x.of || top)}%`;
    const n = document.createElement("span"); n.className = "n"; n.textContent = x.text || x.n;
    li.append(label, bar, n);
    return li;
  }));
}

function groups(id, items, heading) {
  $(id).replaceChildren(...items.map((g, i) => {
    const box = document.createElement("div"); box.className = "split";
    const h = document.createElement("h3"); h.textContent = heading(g) + " ";
    const list = document.createElement("ol"); list.className = "bars"; list.id = `${id}-${i}`;
    box.append(h, list);
    return box;
  }));
  items.forEach((g, i) => bars(`${id}-${i}`, g.choices || g.answers));
}

function show(data) {
  $("code-shown").textContent = data.code;
  $("runs").textContent = data.runs;
  $("waiting").hidden = data.runs > 0;
  bars("endings", data.endings); bars("tiers", data.tiers);
  bars("tier-d", data.tier_d); bars("citizens", data.citizens);
  bars("predictions", data.predictions);
  groups("splits", data.splits, (s) => `${s.title} — ${say("hub.splits_lead", {n: s.faced})}`);
  groups("poll", data.poll, (p) => p.label);
  groups("shift", data.shift, (q) => q.label);
  $("too-few").textContent = say("hub.too_few", {n: data.min_shown});
  $("status").textContent = say("hub.updated", {time: new Date().toLocaleTimeString()});
}

async function refresh() {
  try {
    const r = await fetch(`/api/classes/${encodeURIComponent(code)}/dashboard`,
                          {headers: {"X-Hub-Pin": pin}});
    if (r.status === 401 || r.status === 403) return lock(say("hub.wrong_pin"));
    if (r.status === 404) return lock(say("hub.unknown_code"));
    if (r.ok) show(await r.json());
  } catch (e) {
    $("status").textContent = say("hub.offline");
  }
  timer = setTimeout(refresh, POLL_MS);
}

function lock(problem) {
  clearTimeout(timer);
  $("board").hidden = true; $("unlock").hidden = false;
  $("problem").textContent = problem || "";
}

$("unlock").addEventListener("submit", (ev) => {
  ev.preventDefault();
  code = $("code").value.trim(); pin = $("pin").value.trim();
  sessionStorage.setItem("hub-code", code); sessionStorage.setItem("hub-pin", pin);
  $("unlock").hidden = true; $("board").hidden = false; $("problem").textContent = "";
  clearTimeout(timer); refresh();
});

$("export").addEventListener("click", async () => {
  const r = await fetch(`/api/classes/${encodeURIComponent(code)}/export.csv`,
                        {headers: {"X-Hub-Pin": pin}});
  if (!r.ok) return;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await r.blob()); a.download = `class-${code}.csv`; a.click();
});

$("clear").addEventListener("click", async () => {
  if (!confirm(say("hub.clear_confirm"))) return;
  const r = await fetch(`/api/classes/${encodeURIComponent(code)}/clear`,
                        {method: "POST", headers: {"X-Hub-Pin": pin}});
  if (r.ok) { $("status").textContent = say("hub.cleared"); clearTimeout(timer); refresh(); }
});

loadWords().then(() => {
  const params = new URLSearchParams(location.search);
  $("code").value = params.get("code") || sessionStorage.getItem("hub-code") || "";
  const saved = sessionStorage.getItem("hub-pin");
  if ($("code").value && saved) { $("pin").value = saved; $("unlock").requestSubmit(); }
});
