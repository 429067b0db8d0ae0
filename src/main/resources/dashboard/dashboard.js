// The dashboard: the live change feed (/changes, Server-Sent Events read with fetch so that a
// bearer token can be sent), the instance's counts (/stats), the registry's size (/entries/stats)
// and a lookup (/entries/...). Every value from the server is set as text, never as HTML.
"use strict";

const MAX_ROWS = 200;
const STATS_EVERY_MS = 3000;
const state = { token: sessionStorage.getItem("registry-token"), lastEventId: null, paused: false, held: [], retryMs: 2000, feed: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h["Authorization"] = "Bearer " + state.token;
  return h;
}

async function getJson(path) {
  const response = await fetch(path, { headers: headers({ Accept: "application/json" }) });
  if (response.status === 401) { askForToken(); throw new Error("a bearer token is needed"); }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
  return body;
}

function askForToken() {
  document.getElementById("token-panel").hidden = false;
}

function setStatus(text, kind) {
  const status = document.getElementById("feed-status");
  status.textContent = text;
  status.className = "status " + kind;
}

// --- the change feed ---

async function connect() {
  const controller = new AbortController();
  state.feed = controller;
  const extra = { Accept: "text/event-stream" };
  if (state.lastEventId) extra["Last-Event-ID"] = state.lastEventId;
  try {
    const response = await fetch("/changes", { headers: headers(extra), signal: controller.signal, cache: "no-store" });
    if (response.status === 401) { setStatus("needs a token", "disconnected"); askForToken(); return; }
    if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
    setStatus(state.paused ? "paused" : "connected", state.paused ? "paused" : "connected");
    await readEvents(response.body.getReader());
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  setStatus("disconnected", "disconnected");
  setTimeout(connect, state.retryMs);
}

async function readEvents(reader) {
  const decoder = new TextDecoder();
  let buffer = "";
  let event = { type: "message", data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") { dispatch(event); event = { type: "message", data: [], id: null }; continue; }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let v = colon < 0 ? "" : line.slice(colon + 1);
      if (v.startsWith(" ")) v = v.slice(1);
      if (field === "event") event.type = v;
      else if (field === "data") event.data.push(v);
      else if (field === "id") event.id = v;
      else if (field === "retry" && /^\d+$/.test(v)) state.retryMs = Number(v);
    }
  }
}

function dispatch(event) {
  if (event.id !== null) state.lastEventId = event.id;
  if (event.type === "config-change" && event.data.length) {
    const change = JSON.parse(event.data.join("\n"));
    if (state.paused) { state.held.push(change); showPending(); } else { showChange(change); }
    scheduleStats();
  } else if (event.type === "reset" || event.type === "overflow") {
    const list = document.getElementById("changes");
    list.prepend(el("li", { class: "change notice", text: event.type + ": " + event.data.join(" ") }));
  }
}

function showPending() {
  document.getElementById("pending").textContent = state.held.length ? "(" + state.held.length + " held while paused)" : "";
}

function showChange(change) {
  const list = document.getElementById("changes");
  document.getElementById("no-changes").hidden = true;
  const id = el("span", { class: "entry-id", text: change.entryId, title: "look this entry up" });
  id.addEventListener("click", () => lookUp(change.entryId));
  const paths = el("table", { class: "paths" }, el("tbody"));
  for (const p of change.changes || []) {
    paths.tBodies[0].append(el("tr", { class: p.op },
      el("td", { class: "op", text: p.op }),
      el("td", { class: "path", text: p.path }),
      el("td", { class: "old", text: p.oldValue === null || p.oldValue === undefined ? "" : p.oldValue }),
      el("td", { class: "new", text: p.newValue === null || p.newValue === undefined ? "" : p.newValue })));
  }
  const row = el("li", { class: "change", "data-entry-id": change.entryId, "data-revision": String(change.revisionTo) },
    el("div", { class: "head" }, id,
      el("span", { class: "header", text: change.header }),
      el("span", { class: "revision", text: "revision " + change.revisionFrom + " \u2192 " + change.revisionTo })),
    paths);
  list.prepend(row);
  while (list.children.length > MAX_ROWS) list.lastElementChild.remove();
}

function togglePause() {
  state.paused = !state.paused;
  document.getElementById("pause").textContent = state.paused ? "Resume" : "Pause";
  if (!state.paused) {
    for (const change of state.held) showChange(change);
    state.held = [];
    showPending();
  }
  const connected = document.getElementById("feed-status").classList.contains("disconnected") === false;
  if (connected) setStatus(state.paused ? "paused" : "connected", state.paused ? "paused" : "connected");
}

// --- counts ---

let statsTimer = null;
function scheduleStats() {
  if (statsTimer === null) statsTimer = setTimeout(() => { statsTimer = null; refreshStats(); }, 300);
}

function fillTable(id, counts) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren();
  for (const [name, n] of Object.entries(counts).sort()) {
    body.append(el("tr", { "data-name": name }, el("td", { text: name }), el("td", { class: "n", text: String(n) })));
  }
  return Object.keys(counts).length;
}

async function refreshStats() {
  try {
    const stats = await getJson("/stats");
    fillTable("answers", stats.answers || {});
    document.getElementById("no-dead-letters").hidden = fillTable("dead-letters", stats.deadLetters || {}) > 0;
    const registry = await getJson("/entries/stats");
    fillTable("scopes", registry.byScope || {});
    document.getElementById("registry-total").textContent = "(" + registry.total + " entries)";
  } catch (e) {
    // Shown as stale numbers; the next round tries again.
  }
}

// --- lookup ---

async function lookUp(query) {
  const q = query.trim();
  if (!q) return;
  const path = /^[0-9a-f]{32}$/.test(q) ? "/entries/by-key/" + q : "/entries/" + encodeURIComponent(q);
  const panel = document.getElementById("entry-panel");
  const list = document.getElementById("entry");
  const config = document.getElementById("entry-config");
  panel.hidden = false;
  list.replaceChildren();
  config.textContent = "";
  try {
    const entry = await getJson(path);
    document.getElementById("entry-title").textContent = entry.id;
    for (const key of ["header", "grepable", "title", "revision", "status", "contentHash", "dedupKey", "updatedAt"]) {
      list.append(el("dt", { text: key }), el("dd", { text: String(entry[key]) }));
    }
    config.textContent = entry.config;
  } catch (e) {
    document.getElementById("entry-title").textContent = "Not found";
    list.append(el("dt", { text: "error" }), el("dd", { class: "error", text: e.message }));
  }
}

// --- sending a request (POST /requests, when writes are on) ---

async function sendRequest() {
  const status = document.getElementById("gen-status");
  const list = document.getElementById("gen-answer");
  const config = document.getElementById("gen-config");
  list.replaceChildren();
  config.textContent = "";
  let context;
  try {
    context = JSON.parse(document.getElementById("gen-context").value || "{}");
  } catch (e) {
    status.textContent = "context is not valid JSON";
    status.className = "error";
    return;
  }
  const body = {
    title: document.getElementById("gen-title").value,
    scope: document.getElementById("gen-scope").value.trim(),
    type: document.getElementById("gen-type").value.trim(),
    context: context,
  };
  status.textContent = "sending";
  status.className = "muted";
  let response;
  let answer;
  try {
    response = await fetch("/requests", { method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "application/json" }), body: JSON.stringify(body) });
    answer = await response.json();
  } catch (e) {
    status.textContent = "no answer: " + e.message;
    status.className = "error";
    return;
  }
  if (response.status === 401) askForToken();
  if (response.status === 200) {
    status.textContent = answer.outcome + ", revision " + answer.revision + " (" + answer.source + ")";
    status.className = "ok";
    for (const key of ["id", "header", "grepable", "contentHash", "requestId"]) {
      list.append(el("dt", { text: key }), el("dd", { text: String(answer[key]) }));
    }
    config.textContent = answer.config;
  } else if (response.status === 422) {
    status.textContent = "REJECTED: " + answer.reason;
    status.className = "error";
    list.append(el("dt", { text: "message" }), el("dd", { text: answer.message }));
  } else {
    status.textContent = response.status + ": " + answer.error;
    status.className = "error";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("generate-form").addEventListener("submit", (e) => { e.preventDefault(); sendRequest(); });
  document.getElementById("pause").addEventListener("click", togglePause);
  document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); lookUp(document.getElementById("search").value); });
  document.getElementById("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = document.getElementById("token").value;
    sessionStorage.setItem("registry-token", state.token);
    document.getElementById("token-panel").hidden = true;
    if (state.feed) state.feed.abort();
    connect();
    refreshStats();
  });
  connect();
  refreshStats();
  setInterval(refreshStats, STATS_EVERY_MS);
});
