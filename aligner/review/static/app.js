// aligner review: one page, vanilla JS, no external assets.
// Every piece of record text reaches the page through textContent (never as HTML), so
// markup in abstracts or metadata is shown as text and never runs.
"use strict";

const TOKEN = document.querySelector('meta[name="review-token"]').content;
const LABELS = {
  confirmed: "confirmed divergence", dismissed: "dismissed (false alarm)",
  merge_next: "merged with next", merge_prev: "merged with previous", split: "split", unlink: "unlinked",
};
const KEYS = { c: "confirmed", d: "dismissed", m: "merge_next", p: "merge_prev", s: "split", u: "unlink", x: null };
const state = {
  items: [], matching: 0, current: -1, record: null, bead: null, severity: {},
  filters: { flag: "", status: "all", journal: "", severity: "", sort: "severity" }, filtersReady: false,
};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Review-Token": TOKEN },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (_) { /* reported below */ }
  if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
  return data;
}

function say(text, isError) {
  const box = $("message");
  box.textContent = text;
  box.className = isError ? "error" : "";
}

function sevClass(flags) {
  const tiers = flags.map((f) => (f in state.severity ? state.severity[f] : 4));
  return "sev" + Math.min(3, tiers.length ? Math.min(...tiers) : 3);
}

function flagChips(flags) {
  return flags.map((f) => el("span", { class: "chip " + sevClass([f]), text: f }));
}

function levelChip(level) {
  return level ? [el("span", { class: "level " + level, text: level })] : [];
}

function patternBadge(pattern) {
  return pattern ? [el("span", { class: "badge dismissed", text: pattern })] : [];
}

// A sentence as DOM nodes, each evidence span in a <mark> (text through text nodes only).
function markedSentence(text, spans) {
  const nodes = [];
  let position = 0;
  const ordered = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of ordered) {
    const start = Math.max(span.start, position);
    if (span.end <= start || text.slice(span.start, span.end) !== span.text) continue;
    if (start > position) nodes.push(document.createTextNode(text.slice(position, start)));
    const mark = el("mark", { class: span.kind === "sentence" ? "sentence" : "ev", title: span.flag,
      "data-flag": span.flag, text: text.slice(start, span.end) });
    nodes.push(mark);
    position = span.end;
  }
  nodes.push(document.createTextNode(text.slice(position)));
  return nodes;
}

function decisionBadge(decision, hasNote) {
  const badges = [];
  if (decision) badges.push(el("span", { class: "badge " + decision, text: LABELS[decision] || decision }));
  if (hasNote) badges.push(el("span", { class: "badge note", text: "note" }));
  return badges;
}

function fmtScore(score) {
  return score === null || score === undefined ? "—" : Number(score).toFixed(2);
}

// ---- location hash: filters and current item survive a reload -----------------------
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const key of Object.keys(state.filters)) {
    if (params.has(key)) state.filters[key] = params.get(key);
  }
  return { pos: params.get("r"), bead: params.get("b") };
}

function writeHash() {
  const params = new URLSearchParams(state.filters);
  if (state.record) { params.set("r", state.record.pos); params.set("b", state.bead); }
  history.replaceState(null, "", "#" + params.toString());
}

// ---- queue -------------------------------------------------------------------------
async function loadQueue(extra) {
  const params = new URLSearchParams({ ...state.filters, offset: 0, limit: Math.max(200, state.items.length) });
  const data = await api("/api/queue?" + params.toString());
  state.severity = data.severity || {};
  state.items = data.items;
  state.matching = data.matching;
  if (!state.filtersReady) fillFilters(data);
  showProgress(data);
  renderQueue();
  return extra;
}

async function loadMore() {
  const params = new URLSearchParams({ ...state.filters, offset: state.items.length, limit: 200 });
  const data = await api("/api/queue?" + params.toString());
  state.items = state.items.concat(data.items);
  renderQueue();
}

function fillFilters(data) {
  const fill = (select, values, labels) => {
    for (const value of values) select.append(el("option", { value, text: labels ? labels(value) : value }));
  };
  fill($("filter-flag"), data.flags);
  fill($("filter-status"), data.statuses);
  fill($("filter-journal"), data.journals);
  fill($("filter-severity"), data.levels, (v) => v + " or worse");
  fill($("filter-sort"), data.sorts);
  for (const name of Object.keys(state.filters)) $("filter-" + name).value = state.filters[name];
  $("reviewer").textContent = data.reviewer;
  state.filtersReady = true;
}

function showProgress(data) {
  const { reviewed, total } = data.progress;
  $("progress-bar").max = Math.max(total, 1);
  $("progress-bar").value = reviewed;
  const pct = total ? Math.round((100 * reviewed) / total) : 100;
  $("progress-text").textContent = `${reviewed} / ${total} flagged beads reviewed (${pct}%)`;
  $("queue-count").textContent =
    `${data.matching} matching of ${total} flagged beads in ${data.records} records`;
}

function renderQueue() {
  const list = $("queue");
  list.replaceChildren();
  state.items.forEach((item, i) => {
    const head = el("div", { class: "item-head" },
      el("span", { class: "item-id", text: item.id }),
      el("span", { text: `bead ${item.bead}` }),
      el("span", { class: "score", text: `score ${fmtScore(item.score)}` }),
      ...levelChip(item.severity), ...flagChips(item.flags),
      ...decisionBadge(item.decision, item.has_note), ...patternBadge(item.pattern));
    const text = el("div", { class: "item-text", text: item.fr || item.en || "" });
    const button = el("button", { type: "button", "data-pos": item.pos, "data-bead": item.bead }, head, text);
    button.addEventListener("click", () => select(i));
    const li = el("li", { class: i === state.current ? "current" : "" }, button);
    li.dataset.decision = item.decision || "";
    li.dataset.severity = item.severity || "";
    list.append(li);
  });
  $("more").hidden = state.items.length >= state.matching;
  if (!state.items.length) {
    list.append(el("li", { class: "empty", text: "No flagged bead matches these filters." }));
  }
}

function markCurrent() {
  [...$("queue").children].forEach((li, i) => li.classList.toggle("current", i === state.current));
  const li = $("queue").children[state.current];
  if (li) li.scrollIntoView({ block: "nearest" });
}

async function select(i) {
  if (i < 0 || i >= state.items.length) return;
  state.current = i;
  markCurrent();
  const item = state.items[i];
  await openRecord(item.pos, item.bead);
}

function move(step) {
  if (!state.items.length) return;
  const next = state.current < 0 ? 0 : state.current + step;
  if (next >= state.items.length && state.items.length < state.matching) {
    loadMore().then(() => select(next)).catch((e) => say(e.message, true));
  } else {
    select(Math.min(Math.max(next, 0), state.items.length - 1)).catch((e) => say(e.message, true));
  }
}

// ---- record ------------------------------------------------------------------------
async function openRecord(pos, bead) {
  state.record = await api(`/api/record/${pos}`);
  state.bead = Math.min(Number(bead) || 0, Math.max(state.record.beads.length - 1, 0));
  renderRecord();
  writeHash();
}

function sentences(list, indexes, side, evidence) {
  if (!indexes.length) return [el("span", { class: "nothing", text: "(nothing)" })];
  return indexes.map((i) => {
    const spans = (evidence || []).filter((s) => s.side === side && s.sentence === i);
    return el("span", { class: "sent" }, el("span", { class: "n", text: String(i) }), ...markedSentence(list[i], spans));
  });
}

function renderRecord() {
  const rec = state.record;
  const meta = rec.meta;
  const metaLine = el("div", { class: "meta" });
  for (const key of ["doi", "journal", "year"]) {
    if (meta[key]) metaLine.append(el("span", { text: `${key}: ${meta[key]}` }));
  }
  metaLine.append(el("span", { text: `status: ${rec.status}` }));
  const head = el("div", { class: "record-head" },
    el("h1", { text: `${rec.id}${meta.title ? " — " + meta.title : ""}` }), metaLine);
  if (rec.reason) head.append(el("div", { class: "notes", text: rec.reason }));
  for (const note of rec.notes) head.append(el("div", { class: "notes", text: "note: " + note }));

  const table = el("table", { class: "beads" },
    el("colgroup", {}, el("col", { class: "idx" }), el("col"), el("col"), el("col", { class: "info" })),
    el("thead", {}, el("tr", {}, el("th", { text: "#" }), el("th", { text: "English" }),
      el("th", { text: "Français" }), el("th", { text: "Score, flags, review" }))));
  const body = el("tbody");
  rec.beads.forEach((bead) => body.append(beadRow(rec, bead)));
  table.append(body);
  const parts = [head, table];
  if (!rec.beads.length) parts.push(el("p", { class: "empty", text: "This record has no beads." }));
  if (rec.corrected) parts.push(...correctedView(rec));
  if (rec.en.length && rec.fr.length) {
    parts.push(el("figure", { class: "picture" },
      el("img", { id: "heatmap", src: `/api/heatmap/${rec.pos}`, alt: `similarity heatmap of ${rec.id}` }),
      el("figcaption", { text: "Sentence similarity: rows English, columns French; the alignment path and flagged beads outlined (dashed: dismissed)." })));
  }
  $("record").replaceChildren(...parts);
  renderActions();
}

function beadRow(rec, bead) {
  const info = el("td", {},
    el("div", { class: "score", text: `score ${fmtScore(bead.score)}` }), ...levelChip(bead.severity),
    ...flagChips(bead.flags), ...patternBadge(bead.pattern));
  if (bead.reason) info.append(el("div", { class: "reason", text: bead.reason }));
  if (bead.review) {
    info.append(el("div", { class: "review-line" }, ...decisionBadge(bead.review.decision, false),
      ` ${bead.review.reviewer}, ${bead.review.decided_at}`));
    if (bead.review.note) info.append(el("div", { class: "review-note", text: bead.review.note }));
  }
  const classes = [bead.flags.length ? "flagged " + sevClass(bead.flags) : "", bead.index === state.bead ? "current" : ""];
  const row = el("tr", { class: classes.join(" ").trim(), "data-bead": bead.index },
    el("td", { text: String(bead.index) }), el("td", {}, ...sentences(rec.en, bead.en, "en", bead.evidence)),
    el("td", {}, ...sentences(rec.fr, bead.fr, "fr", bead.evidence)), info);
  row.addEventListener("click", () => { state.bead = bead.index; renderRecord(); writeHash(); });
  return row;
}

function correctedView(rec) {
  const table = el("table", { class: "beads" },
    el("colgroup", {}, el("col", { class: "idx" }), el("col"), el("col"), el("col", { class: "info" })),
    el("thead", {}, el("tr", {}, el("th", { text: "from" }), el("th", { text: "English" }),
      el("th", { text: "Français" }), el("th", { text: "" }))));
  const body = el("tbody");
  for (const bead of rec.corrected) {
    body.append(el("tr", {}, el("td", { text: bead.source.join("+") }),
      el("td", {}, ...sentences(rec.en, bead.en)), el("td", {}, ...sentences(rec.fr, bead.fr)),
      el("td", { text: bead.corrected ? "corrected by reviewer" : "unchanged" })));
  }
  table.append(body);
  return [el("h2", { class: "corrected", text: "Alignment after the reviewers' corrections" }), table];
}

function renderActions() {
  const rec = state.record;
  const bead = rec && rec.beads[state.bead];
  $("actions").hidden = !bead;
  if (!bead) return;
  $("current-bead").textContent = `${state.bead} of ${rec.id}` + (bead.flags.length ? ` (${bead.flags.join(", ")})` : " (not flagged)");
  const decision = bead.review ? bead.review.decision : null;
  const canSplit = Math.max(bead.en.length, bead.fr.length) > 1;
  const allowed = {
    merge_next: state.bead + 1 < rec.beads.length, merge_prev: state.bead > 0, split: canSplit,
    unlink: bead.en.length > 0 && bead.fr.length > 0,
  };
  for (const button of document.querySelectorAll("#actions [data-decision]")) {
    const value = button.dataset.decision;
    button.disabled = value in allowed && !allowed[value];
    button.classList.toggle("active", value !== "" && value === decision);
  }
  $("note").value = bead.review ? bead.review.note : "";
  const en = (bead.evidence || []).find((s) => s.side === "en" && s.kind !== "sentence");
  const fr = (bead.evidence || []).find((s) => s.side === "fr" && s.kind !== "sentence");
  $("pattern-en").value = en ? en.text : "";
  $("pattern-fr").value = fr ? fr.text : "";
}

async function savePattern() {
  const rec = state.record;
  const en = $("pattern-en").value.trim();
  const fr = $("pattern-fr").value.trim();
  if (!en || !fr) { say("A pattern needs an English and a French text.", true); return; }
  try {
    await api("/api/pattern", { en, fr });
    say(`Saved pattern: ${en} ↔ ${fr} is not an error, anywhere in the corpus.`);
    if (rec) await afterSave({ pos: rec.pos, bead: state.bead }, false);
  } catch (e) {
    say("Pattern not saved: " + e.message, true);
  }
}

// ---- decisions ---------------------------------------------------------------------
async function decide(decision) {
  const rec = state.record;
  if (!rec || !rec.beads[state.bead]) return;
  const button = document.querySelector(`#actions [data-decision="${decision || ""}"]`);
  if (button && button.disabled) { say("That correction does not apply to this bead.", true); return; }
  const where = { pos: rec.pos, bead: state.bead };
  try {
    await api("/api/decision", { ...where, decision });
    say(decision ? `Saved: ${LABELS[decision]}.` : "Decision cleared.");
    await afterSave(where, decision === "confirmed" || decision === "dismissed");
  } catch (e) {
    say("Not saved: " + e.message, true);
  }
}

async function saveNote() {
  const rec = state.record;
  if (!rec) return;
  const where = { pos: rec.pos, bead: state.bead };
  try {
    await api("/api/decision", { ...where, note: $("note").value });
    say("Note saved.");
    await afterSave(where, false);
  } catch (e) {
    say("Note not saved: " + e.message, true);
  }
}

// Refresh the queue; after a verdict, go on to the next queue item.
async function afterSave(where, advance) {
  const old = state.current;
  await loadQueue();
  const found = state.items.findIndex((it) => it.pos === where.pos && it.bead === where.bead);
  if (advance && state.items.length) {
    const next = found >= 0 ? found + 1 : old;
    if (next < state.items.length) { await select(next); return; }
  }
  state.current = found >= 0 ? found : -1;
  markCurrent();
  await openRecord(where.pos, where.bead);
}

// ---- keyboard and wiring -----------------------------------------------------------
function onKey(event) {
  const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(document.activeElement.tagName);
  if (typing) {
    if (event.key === "Escape") document.activeElement.blur();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && document.activeElement.id === "note") {
      event.preventDefault();
      saveNote();
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key;
  if (key === "?") { $("help").hidden = !$("help").hidden; return; }
  if (key === "Escape") { $("help").hidden = true; return; }
  if (key === "j" || key === "ArrowDown") { event.preventDefault(); move(1); return; }
  if (key === "k" || key === "ArrowUp") { event.preventDefault(); move(-1); return; }
  if (key === "n") { event.preventDefault(); $("note").focus(); return; }
  if (key in KEYS) { event.preventDefault(); decide(KEYS[key]); }
}

async function start() {
  const wanted = readHash();
  document.addEventListener("keydown", onKey);
  for (const button of document.querySelectorAll("#actions [data-decision]")) {
    button.addEventListener("click", () => decide(button.dataset.decision || null));
  }
  $("save-note").addEventListener("click", saveNote);
  $("save-pattern").addEventListener("click", savePattern);
  $("more").addEventListener("click", () => loadMore().catch((e) => say(e.message, true)));
  $("help-button").addEventListener("click", () => { $("help").hidden = !$("help").hidden; });
  $("help-close").addEventListener("click", () => { $("help").hidden = true; });
  for (const name of Object.keys(state.filters)) {
    $("filter-" + name).addEventListener("change", async (event) => {
      state.filters[name] = event.target.value;
      state.current = -1;
      await loadQueue();
      writeHash();
      if (state.items.length) await select(0);
    });
  }
  await loadQueue();
  const i = state.items.findIndex((it) => String(it.pos) === wanted.pos && String(it.bead) === wanted.bead);
  if (wanted.pos !== null && i < 0) {
    await openRecord(wanted.pos, wanted.bead);   // a bead outside the current queue page
  } else if (state.items.length) {
    await select(i >= 0 ? i : 0);
  } else {
    $("record").replaceChildren(el("p", { class: "empty", text: "Nothing to review: no flagged bead matches." }));
  }
}

start().catch((e) => {
  $("record").replaceChildren(el("p", { class: "empty", text: "Could not load: " + e.message }));
});
