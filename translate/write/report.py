"""``report.html``: one self-contained page to browse a whole run.

The run's data is embedded as JSON and drawn by a small script, so a run of a thousand articles opens fast:
only the index, the review table and the article being looked at are in the DOM. No network, no external
fonts or scripts: the file can be mailed around or opened from a USB stick.

A reviewer decides each flag in the review table (accept the cleaner's repair or the model's English, edit it,
or dismiss the flag); decisions are kept in the browser's localStorage until exported as a decisions file for
``vi2en apply-review``. Article text only ever reaches the page escaped (``esc``) or as ``textContent``/``value``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..article import Article, flag_id
from ..escape import json_for_script
from . import write_atomic


def report_data(articles: Iterable[Article], stems: dict[int, str]) -> dict:
    """The page's data; ``articles`` is read once, so a run can hand them over one at a time."""
    items, model = [], None
    for i, a in enumerate(articles):
        model = model or a.translation
        item = {
            "file": a.file,
            "source_id": a.source_id,
            "stem": stems.get(i, a.file),
            "status": a.status,
            "reason": a.reason,
            "title": a.title,
            "date": a.date,
            "encoding": a.encoding,
            "captions": a.captions,
            "credits": a.credits,
            "flags": [
                {"id": flag_id(f)} | {k: getattr(f, k) for k in ("kind", "original", "cleaned", "english", "suggestion", "context", "line", "paragraph", "sentence", "start", "end")}
                for f in a.flags
            ],
            "paragraphs": [
                {
                    "raw": p.raw,
                    "clean": p.clean,
                    "line": p.line,
                    "edits": [{"rule": e.rule, "start": e.start, "end": e.end, "replacement": e.replacement} for e in p.edits],
                }
                for p in a.paragraphs
            ],
            "pairs": [
                {"p": s.paragraph, "s": s.sentence, "vi": s.vi, "en": s.en, "flags": s.flags, "translated": s.translated}
                for s in a.sentences if s.part == "body"
            ],
        }
        items.append(item)
    return {"articles": items, "model": model or None}


def render_report(articles: Iterable[Article], stems: dict[int, str]) -> str:
    return _TEMPLATE.replace("__DATA__", json_for_script(report_data(articles, stems)))


def write_report(articles: Iterable[Article], stems: dict[int, str], out: Path) -> None:
    write_atomic(out / "report.html", render_report(articles, stems))


_TEMPLATE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vi2en report</title>
<style>
:root { --bg:#fbfbfa; --fg:#1d1d1f; --muted:#6b6b70; --line:#e3e3e0; --del:#fde2e1; --delfg:#9b1c1c; --rep:#fff1c2; --flag:#ffd7a8; --hi:#dbeafe; --ok:#0f7b3f; --warn:#a15c00; --bad:#b42318; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color:var(--fg); background:var(--bg); }
header { padding:14px 24px; border-bottom:1px solid var(--line); background:#fff; position:sticky; top:0; z-index:2; display:flex; gap:24px; align-items:baseline; flex-wrap:wrap; }
header h1 { font-size:18px; margin:0; }
header .stats span { margin-right:14px; color:var(--muted); }
main { display:grid; grid-template-columns: minmax(240px, 320px) 1fr; gap:0; min-height:calc(100vh - 56px); }
nav { border-right:1px solid var(--line); background:#fff; overflow:auto; max-height:calc(100vh - 56px); position:sticky; top:56px; }
nav input { width:calc(100% - 20px); margin:10px; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
#index { width:100%; border-collapse:collapse; font-size:13px; }
#index td { padding:6px 10px; border-top:1px solid var(--line); cursor:pointer; vertical-align:top; }
#index tr:hover td, #index tr.current td { background:var(--hi); }
.status-ok { color:var(--ok); } .status-skipped { color:var(--warn); } .status-failed { color:var(--bad); }
.badge { display:inline-block; min-width:1.6em; text-align:center; border-radius:9px; padding:0 6px; font-size:12px; background:var(--flag); }
section { padding:16px 24px; }
h2 { font-size:17px; margin:6px 0 10px; } h3 { font-size:15px; margin:18px 0 8px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.cols { display:grid; grid-template-columns:1fr 1fr; gap:0; border:1px solid var(--line); border-radius:8px; overflow:hidden; background:#fff; }
.cols > div { padding:8px 12px; border-top:1px solid var(--line); }
.cols > div:nth-child(odd) { border-right:1px solid var(--line); }
.cols .head { font-weight:600; background:#f3f3f1; border-top:none; }
del { background:var(--del); color:var(--delfg); text-decoration:line-through; }
del[title]:hover, ins[title]:hover { outline:1px solid var(--delfg); }
ins { background:var(--rep); text-decoration:none; border-bottom:2px solid #e0a800; }
mark.flag { background:var(--flag); border-radius:3px; padding:0 2px; }
.pair { cursor:default; } .pair.hi { background:var(--hi); }
.passthrough { color:var(--muted); font-style:italic; }
.changed-only .diff > .same { display:none; }
.bilingual > .para { border-top:2px solid #cfcfcb; }  /* a new paragraph starts */
.ftag { font-size:11px; color:var(--bad); margin-left:4px; }
table.review { border-collapse:collapse; width:100%; background:#fff; font-size:13px; }
table.review th, table.review td { border:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
table.review th { background:#f3f3f1; }
.muted { color:var(--muted); }
.meta { color:var(--muted); font-size:13px; }
select { padding:4px; }
td.decide { min-width:15em; }
.decide button { font-size:12px; padding:1px 6px; margin:0 2px 2px 0; border:1px solid var(--line); border-radius:4px; background:#fff; cursor:pointer; }
.decide button[aria-pressed="true"] { background:var(--hi); border-color:#7aa7e0; font-weight:600; }
.decide input { width:100%; font-size:12px; margin-top:2px; }
.decide input:disabled { display:none; }
tr.decided-dismiss td { color:var(--muted); }
#decisions-bar input { width:12em; }
</style>
</head>
<body>
<header><h1>vi2en report</h1><div class="stats" id="stats"></div></header>
<main>
<nav><input id="filter" placeholder="Filter articles…" aria-label="Filter articles"><table id="index"><tbody></tbody></table></nav>
<div>
<section id="article"></section>
<section id="review-section">
<h2>Review queue</h2>
<p>Kind: <select id="kind"><option value="">all</option></select> <span id="review-count" class="muted"></span></p>
<p id="decisions-bar"><label>Reviewer <input id="reviewer" autocomplete="name"></label> <span id="decided-count" class="muted"></span>
<button id="export-jsonl">Export decisions (JSONL)</button> <button id="export-csv">Export decisions (CSV)</button>
<span class="muted">then: vi2en apply-review OUT decisions.jsonl</span></p>
<table class="review" id="review"><thead><tr><th>file</th><th>kind</th><th>original</th><th>cleaned</th><th>suggestion</th><th>context</th><th>line</th><th>decision</th></tr></thead><tbody></tbody></table>
</section>
</div>
</main>
<script type="application/json" id="data">__DATA__</script>
<script>
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const A = DATA.articles;
let SHOW_ALL = false;
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
const el = (tag, attrs, html) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (html !== undefined) e.innerHTML = html; return e; };

function stats() {
  const by = {}; let flags = 0;
  for (const a of A) { by[a.status] = (by[a.status] || 0) + 1; flags += a.flags.length; }
  let s = `<span>${A.length} files</span>` + Object.entries(by).map(([k, v]) => `<span class="status-${k}">${v} ${k}</span>`).join("");
  s += `<span>${flags} to review</span>`;
  if (DATA.model) s += `<span>model ${esc(DATA.model.model)}</span>`;
  document.getElementById("stats").innerHTML = s;
}

function index() {
  const body = document.querySelector("#index tbody");
  const rows = A.map((a, i) => `<tr data-i="${i}"><td><div>${esc(a.title || a.file)}</div><div class="meta">${esc(a.file)} · <span class="status-${a.status}">${a.status}</span>${a.date ? " · " + a.date : ""}</div></td><td>${a.flags.length ? `<span class="badge">${a.flags.length}</span>` : ""}</td></tr>`);
  body.innerHTML = rows.join("");
  body.addEventListener("click", e => { const tr = e.target.closest("tr"); if (tr) location.hash = "a=" + tr.dataset.i; });
  document.getElementById("filter").addEventListener("input", e => {
    const q = e.target.value.toLowerCase();
    for (const tr of body.rows) { const a = A[tr.dataset.i]; tr.hidden = q && !((a.title || "") + " " + a.file).toLowerCase().includes(q); }
  });
}

// Raw text with the cleaner's edits: removals struck through, repairs marked; flags highlighted in place.
function diffRaw(p) {
  const marks = p.edits.map(e => ({...e, type: e.replacement ? "rep" : "del"})).sort((x, y) => x.start - y.start);
  let out = "", pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    out += esc(p.raw.slice(pos, m.start));
    const text = esc(p.raw.slice(m.start, m.end));
    out += m.type === "del" ? `<del title="${esc(m.rule)}">${text}</del>` : `<del title="${esc(m.rule)}">${text}</del><ins title="${esc(m.rule)}">${esc(m.replacement)}</ins>`;
    pos = m.end;
  }
  return out + esc(p.raw.slice(pos));
}

function highlightFlags(text, flags) {
  let html = esc(text);
  for (const f of flags) { const c = esc(f.cleaned || f.original); if (c && html.includes(c)) html = html.replace(c, () => `<mark class="flag" title="${esc(f.kind + ": " + (f.suggestion || ""))}">${c}</mark>`); }
  return html;
}

function showArticle(i) {
  const a = A[i]; const box = document.getElementById("article");
  for (const tr of document.querySelectorAll("#index tr")) tr.classList.toggle("current", +tr.dataset.i === i);
  if (!a) { box.innerHTML = ""; return; }
  let h = `<h2>${esc(a.title || a.file)}</h2><p class="meta">${esc(a.file)} · <span class="status-${a.status}">${a.status}</span>${a.reason ? " — " + esc(a.reason) : ""}${a.date ? " · dated " + a.date : ""}${a.encoding ? " · " + esc(a.encoding) : ""}</p>`;
  if (a.status === "ok") {
    const changed = a.paragraphs.filter((p, k) => p.edits.length || a.flags.some(f => f.paragraph === k && !f.kind.startsWith("mt."))).length;
    h += `<h3>Cleaning</h3><p class="meta"><label><input type="checkbox" id="changed-only" ${SHOW_ALL ? "" : "checked"}> only the ${changed} changed or flagged paragraphs (of ${a.paragraphs.length})</label></p>`;
    h += `<div class="cols diff"><div class="head">raw</div><div class="head">cleaned</div>`;
    a.paragraphs.forEach((p, k) => {
      const fl = a.flags.filter(f => f.paragraph === k && !f.kind.startsWith("mt."));
      const same = !p.edits.length && !fl.length ? ' class="same"' : "";
      h += `<div${same}>${diffRaw(p)}</div><div${same}>${p.clean ? highlightFlags(p.clean, fl) : '<span class="muted">(removed)</span>'}</div>`;
    });
    h += `</div>`;
    if (a.captions.length || a.credits.length) h += `<p class="meta">Captions: ${a.captions.map(esc).join(" · ") || "none"}<br>Credits: ${a.credits.map(esc).join(" · ") || "none"}</p>`;
    if (a.pairs.length) {
      h += `<h3>Bilingual</h3><div class="cols bilingual"><div class="head">Tiếng Việt</div><div class="head">English</div>`;
      let last = -1;
      for (const [k, s] of a.pairs.entries()) {
        const cls = s.translated ? "" : " passthrough";
        const tags = s.flags.map(f => `<span class="ftag">${esc(f)}</span>`).join("");
        const para = s.p !== last ? " para" : "";
        h += `<div class="pair${para}" data-k="${k}">${esc(s.vi)}</div><div class="pair${cls}${para}" data-k="${k}">${esc(s.en)}${tags}</div>`;
        last = s.p;
      }
      h += `</div>`;
    }
  }
  box.innerHTML = h;
  box.classList.toggle("changed-only", !SHOW_ALL);
  const toggle = document.getElementById("changed-only");
  if (toggle) toggle.addEventListener("change", () => { SHOW_ALL = !toggle.checked; box.classList.toggle("changed-only", !SHOW_ALL); });
  box.querySelectorAll(".pair").forEach(d => {
    d.addEventListener("mouseenter", () => box.querySelectorAll(`.pair[data-k="${d.dataset.k}"]`).forEach(x => x.classList.add("hi")));
    d.addEventListener("mouseleave", () => box.querySelectorAll(".pair.hi").forEach(x => x.classList.remove("hi")));
  });
}

function review() {
  const rows = A.flatMap((a, i) => a.flags.map(f => ({...f, file: a.file, i})));
  const kinds = [...new Set(rows.map(r => r.kind))].sort();
  const sel = document.getElementById("kind");
  for (const k of kinds) sel.append(el("option", {value: k, textContent: k}));
  const body = document.querySelector("#review tbody");
  const draw = () => {
    const k = sel.value; const shown = rows.filter(r => !k || r.kind === k);
    body.innerHTML = shown.map(r => `<tr data-kind="${esc(r.kind)}" data-id="${esc(r.id)}"><td><a href="#a=${r.i}">${esc(r.file)}</a></td><td>${esc(r.kind)}</td><td><mark class="flag">${esc(r.original)}</mark></td><td>${esc(r.cleaned)}${r.english ? "<br>→ " + esc(r.english) : ""}</td><td>${esc(r.suggestion)}</td><td>${esc(r.context)}</td><td>${r.line ?? ""}</td></tr>`).join("");
    document.getElementById("review-count").textContent = `${shown.length} of ${rows.length}`;
    shown.forEach((r, k) => body.rows[k].append(decisionCell(r)));
  };
  sel.addEventListener("change", draw); draw();
  decisionsBar(rows);
}

// --- decisions: kept in localStorage, exported as a file for `vi2en apply-review` ---------------------------
// Built with DOM calls only: the flag's text reaches these controls as .value or .textContent, never as HTML.
const STORE = "vi2en-decisions:" + location.pathname;
const loadDecisions = () => { try { return JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; } };
const DECISIONS = loadDecisions();
const saveDecisions = () => { try { localStorage.setItem(STORE, JSON.stringify(DECISIONS)); } catch (e) { /* private mode: kept for this visit */ } countDecisions(); };
const LABELS = {accept: "accept", edit: "edit", dismiss: "dismiss"};

function decisionCell(r) {
  const td = el("td", {className: "decide"});
  const input = el("input", {className: "correction", placeholder: r.kind.startsWith("mt.") ? "corrected English" : "repaired Vietnamese phrase"});
  input.setAttribute("aria-label", "correction");
  const note = el("input", {className: "note", placeholder: "note (optional)"});
  note.setAttribute("aria-label", "note");
  const buttons = Object.keys(LABELS).map(d => { const b = el("button", {type: "button", textContent: LABELS[d]}); b.dataset.decision = d; return b; });
  const show = () => {
    const d = DECISIONS[r.id];
    for (const b of buttons) b.setAttribute("aria-pressed", String(!!d && d.decision === b.dataset.decision));
    input.disabled = !d || d.decision !== "edit";
    note.disabled = !d;
    input.value = d && d.decision === "edit" ? d.correction : "";
    note.value = d && d.note ? d.note : "";
    td.parentElement && (td.parentElement.className = d ? "decided-" + d.decision : "");
  };
  for (const b of buttons) b.addEventListener("click", () => {
    const d = b.dataset.decision; const old = DECISIONS[r.id];
    if (old && old.decision === d) delete DECISIONS[r.id];  // a second click takes the decision back
    else DECISIONS[r.id] = {decision: d, correction: d === "edit" ? (old && old.correction || (r.kind.startsWith("mt.") ? r.english : r.cleaned) || "") : "",
                            note: old && old.note || "", time: new Date().toISOString()};
    saveDecisions(); show();
    if (d === "edit" && DECISIONS[r.id]) input.focus();
  });
  input.addEventListener("input", () => { if (DECISIONS[r.id]) { DECISIONS[r.id].correction = input.value; DECISIONS[r.id].time = new Date().toISOString(); saveDecisions(); } });
  note.addEventListener("input", () => { if (DECISIONS[r.id]) { DECISIONS[r.id].note = note.value; saveDecisions(); } });
  td.append(...buttons, input, note);
  queueMicrotask(show);
  return td;
}

function exportedDecisions(rows) {
  const reviewer = document.getElementById("reviewer").value.trim();
  return rows.filter(r => DECISIONS[r.id]).map(r => {
    const d = DECISIONS[r.id];
    const row = {id: r.id, decision: d.decision, correction: d.decision === "edit" ? d.correction : ""};
    if (reviewer) row.reviewer = reviewer;
    if (d.note) row.note = d.note;
    row.time = d.time;
    return row;
  });
}

function download(name, text, type) {
  const a = el("a", {href: URL.createObjectURL(new Blob([text], {type})), download: name});
  document.body.append(a); a.click(); a.remove();
}

const csvCell = v => { const s = String(v ?? ""); return /[",\r\n]/.test(s) || /^\s*[=+\-@\t\r]/.test(s) ? '"' + (/^\s*[=+\-@\t\r]/.test(s) ? "'" : "") + s.replace(/"/g, '""') + '"' : s; };

function decisionsBar(rows) {
  const reviewer = document.getElementById("reviewer");
  reviewer.value = localStorage.getItem("vi2en-reviewer") || "";
  reviewer.addEventListener("input", () => { try { localStorage.setItem("vi2en-reviewer", reviewer.value); } catch (e) {} });
  document.getElementById("export-jsonl").addEventListener("click", () =>
    download("decisions.jsonl", exportedDecisions(rows).map(d => JSON.stringify(d) + "\n").join(""), "application/x-ndjson"));
  document.getElementById("export-csv").addEventListener("click", () => {
    const cols = ["id", "decision", "correction", "reviewer", "note", "time"];
    const lines = [cols.join(",")].concat(exportedDecisions(rows).map(d => cols.map(c => csvCell(d[c])).join(",")));
    download("decisions.csv", lines.join("\r\n") + "\r\n", "text/csv");
  });
  countDecisions();
}

function countDecisions() {
  const ids = new Set(A.flatMap(a => a.flags.map(f => f.id)));
  const n = Object.keys(DECISIONS).filter(id => ids.has(id)).length;
  document.getElementById("decided-count").textContent = `${n} of ${ids.size} decided`;
}

function route() {
  const m = /a=(\d+)/.exec(location.hash);
  showArticle(m ? +m[1] : Math.max(0, A.findIndex(a => a.status === "ok")));
}
stats(); index(); review(); route();
window.addEventListener("hashchange", route);
document.body.dataset.renderMs = performance.now().toFixed(0);  // read by benchmarks/report_bench.py
</script>
</body>
</html>
"""
