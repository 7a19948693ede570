// The OCOP self-assessment form. Everything it shows comes from the ocop-wasm package:
// the sheet from sheet(), the scores from score(), the plan from advise(). No rule is
// computed here; this file only builds the request from the controls and displays answers.
import init, { editions, productSets, sheet, score, advise, editionFor } from "./pkg/web/ocop.js";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};
const starsGlyph = (n) => (n === null || n === undefined ? "–" : "★".repeat(n) + "☆".repeat(5 - n));
const plural = (n, word) => `${n} ${word}`;

const state = { edition: null, set: null, sheet: null, result: null };

// ---------------------------------------------------------------------------------------------
// Choosing the sheet

function fillEditions() {
  const out = editions();
  if (out.status !== "success") return showErrors(out.errors);
  const sel = $("edition");
  sel.replaceChildren(
    ...out.editions.map((e) => {
      const until = e.effective_to ? ` đến ${vnDate(e.effective_to)}` : "";
      return el("option", { value: e.id, text: `QĐ ${e.id} (áp dụng từ ${vnDate(e.effective_from)}${until})` });
    }),
  );
  // Preselect the edition in force today for a first evaluation, as the core decides.
  const today = new Date().toISOString().slice(0, 10);
  const now = editionFor(today, "first");
  sel.value = now.status === "success" ? now.edition : out.editions[out.editions.length - 1].id;
  sel.disabled = false;
  state.editions = out.editions;
}

function vnDate(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function fillSets() {
  const out = productSets($("edition").value);
  const sel = $("set");
  if (out.status !== "success") return showErrors(out.errors);
  const prev = sel.value;
  sel.replaceChildren(
    ...out.product_sets.map((s) =>
      el("option", { value: String(s.number), text: `${String(s.number).padStart(2, "0")}. ${s.name}` }),
    ),
  );
  if (out.product_sets.some((s) => String(s.number) === prev)) sel.value = prev;
  sel.disabled = false;
}

function showEditionInfo() {
  const e = (state.editions || []).find((x) => x.id === $("edition").value);
  if (!e) return;
  const amended = e.amended_by ? `, sửa đổi bởi ${e.amended_by}` : "";
  $("edition-info").textContent = `${e.decision}${amended}. ${e.title}`;
}

// ---------------------------------------------------------------------------------------------
// Rendering the sheet

const NOTE_CLASS = {
  elimination: "note-elim",
  stop_rule: "note-elim",
  requirement: "note-req",
  applicability: "note-req",
};

function renderSheet() {
  const out = sheet($("edition").value, $("set").value);
  const main = $("sheet");
  if (out.status !== "success") {
    main.replaceChildren();
    return showErrors(out.errors);
  }
  state.sheet = out;
  // The sheet is written as one HTML text and parsed once by the browser: several times faster
  // than creating its thousand-odd elements one by one. Every text goes through `esc`.
  const form = el("form", { id: "form", novalidate: true, onsubmit: (ev) => ev.preventDefault() });
  form.innerHTML = sheetHtml(out);
  main.replaceChildren(form);
  form.addEventListener("change", onChange);
  form.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-clear]");
    if (b) clearCriterion(Number(b.dataset.clear));
  });
  $("export").disabled = false;
  $("print").disabled = false;
  $("reset").disabled = false;
  update();
}

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text or an attribute value, escaped for HTML. */
const esc = (v) => String(v).replace(/[&<>"']/g, (ch) => ESC[ch]);

function sheetHtml(out) {
  const groups = new Map(out.groups.map((g) => [g.code, g]));
  const ps = out.product_set;
  const h = [
    `<h2 class="sheet-title">${esc(ps.heading)}</h2>`,
    `<p class="muted small">${esc([ps.sector, ps.group, ps.subgroup].filter(Boolean).join(" · "))}</p>`,
  ];
  for (const n of out.notes) h.push(`<p class="note ${NOTE_CLASS[n.kind] || ""}">${esc(n.text)}</p>`);
  let part = null;
  let group = null;
  let parent = null;
  out.criteria.forEach((c, i) => {
    if (c.part !== part) {
      if (part !== null) h.push("</section>");
      part = c.part;
      group = parent = null;
      const p = out.parts[part];
      h.push(`<section class="part" aria-labelledby="part-h-${esc(part)}"><h2 id="part-h-${esc(part)}" class="part-h">`,
        `<span>${esc(p.title)}</span><span class="part-total" id="part-total-${esc(part)}">– / ${esc(p.max)}</span></h2>`);
    }
    if (c.group !== group) {
      group = c.group;
      parent = null;
      const g = groups.get(c.group);
      if (g) h.push(`<h3 class="group-h">${groupTitle(g)}</h3>`);
    }
    if (c.parent && c.parent !== parent) {
      parent = c.parent;
      const g = groups.get(c.parent);
      if (g) h.push(`<h4 class="subgroup-h">${groupTitle(g)}</h4>`);
    }
    criterionHtml(h, c, i);
  });
  if (part !== null) h.push("</section>");
  return h.join("");
}

/** A group or subgroup heading, escaped. */
const groupTitle = (g) => esc(`${g.code}. ${g.name} (tối đa ${g.max} điểm)`);

function optionHtml(c, o, i, type) {
  const id = `c${i}-o${o.number}`;
  const min = o.min_star
    ? `<span class="min-star" title="Yêu cầu tối thiểu để đạt ${esc(o.min_star)} sao">tối thiểu ${esc(o.min_star)}★</span>`
    : "";
  return `<label class="opt" for="${id}"><input type="${type}" id="${id}" name="c${i}" value="${esc(o.number)}" data-code="${esc(c.code)}">`
    + `<span class="opt-text">${esc(o.text)}</span><span class="opt-meta"><span class="pts">${esc(plural(o.points, "điểm"))}</span>${min}</span></label>`;
}

function criterionHtml(h, c, i) {
  h.push(`<fieldset class="crit mode-${esc(c.mode)}" id="crit-${i}" data-code="${esc(c.code)}" data-index="${i}">`,
    `<legend><span class="code">${esc(c.code)}</span> <span class="name">${esc(c.name)}</span> <span class="max">(tối đa ${esc(c.max)} điểm)</span></legend>`,
    `<p class="got" id="got-${i}">Chưa trả lời</p>`);
  if (c.mode === "single") {
    h.push(`<div class="opts">${c.options.map((o) => optionHtml(c, o, i, "radio")).join("")}</div>`);
  } else if (c.mode === "case") {
    h.push(`<p class="muted small">Chọn phương án trong trường hợp áp dụng cho cơ sở của bạn:</p>`);
    for (const heading of c.cases) {
      const opts = c.options.filter((o) => o.case === heading);
      h.push(`<div class="case" role="group" aria-label="${esc(heading)}"><p class="case-h">${esc(heading)}</p>`,
        `<div class="opts">${opts.map((o) => optionHtml(c, o, i, "radio")).join("")}</div></div>`);
    }
  } else {
    h.push(`<p class="muted small">Đánh dấu mọi nội dung đạt được (điểm được cộng dồn):</p>`,
      `<div class="opts">${c.options.map((o) => optionHtml(c, o, i, "checkbox")).join("")}`,
      `<label class="opt opt-none" for="c${i}-none"><input type="checkbox" id="c${i}-none" data-none="1" name="c${i}-none">`,
      `<span class="opt-text">Không đạt nội dung nào ở trên</span><span class="opt-meta"><span class="pts">0 điểm</span></span></label></div>`);
  }
  const notes = c.notes.filter((n) => n.kind !== "case_selector" && n.kind !== "case_header");
  if (notes.length) h.push(`<ul class="notes">${notes.map((n) => `<li class="note ${NOTE_CLASS[n.kind] || ""}">${esc(n.text)}</li>`).join("")}</ul>`);
  if (c.eliminable) {
    h.push(`<label class="flag" for="c${i}-flag"><input type="checkbox" id="c${i}-flag" data-flag="${esc(c.code)}">`,
      `<span>Hội đồng xác định ghi chú loại / dừng đánh giá ở trên áp dụng cho sản phẩm</span></label>`);
  }
  h.push(`<button type="button" class="clear link" data-clear="${i}">Bỏ chọn tiêu chí này</button></fieldset>`);
}

function clearCriterion(i) {
  for (const inp of document.querySelectorAll(`#crit-${i} input[name^="c${i}"]`)) inp.checked = false;
  update();
  const first = document.querySelector(`#crit-${i} input`);
  if (first) first.focus();
}

function onChange(ev) {
  const t = ev.target;
  // Additive criteria: "none of the above" and the options exclude each other.
  if (t.type === "checkbox" && !t.dataset.flag) {
    const fs = t.closest("fieldset.crit");
    if (fs && fs.classList.contains("mode-additive") && t.checked) {
      for (const inp of fs.querySelectorAll('input[type="checkbox"]:not([data-flag])')) {
        if (inp !== t && (t.dataset.none ? true : inp.dataset.none)) inp.checked = false;
      }
    }
  }
  update();
}

// ---------------------------------------------------------------------------------------------
// The request, and what the package says about it

/** The scoring request the controls describe: what `ocop score` and Python accept. */
export function currentRequest() {
  const sh = state.sheet;
  // One query for every ticked box of the form, grouped by criterion (c<i>, c<i>-none).
  const ticked = new Map();
  const eliminated = [];
  for (const x of document.querySelectorAll("#form input:checked")) {
    if (x.dataset.flag) eliminated.push(x.dataset.flag);
    else if (!ticked.has(x.name)) ticked.set(x.name, [x]);
    else ticked.get(x.name).push(x);
  }
  const answers = {};
  sh.criteria.forEach((c, i) => {
    const on = ticked.get(`c${i}`);
    if (c.mode === "additive") {
      if (on) answers[c.code] = on.map((x) => Number(x.value));
      else if (ticked.has(`c${i}-none`)) answers[c.code] = [];
    } else if (on) answers[c.code] = Number(on[0].value);
  });
  const req = { edition: sh.edition, product_set: String(sh.product_set.number), answers };
  if (Object.keys(answers).length < sh.criteria.length) req.partial = true;
  if (eliminated.length) req.eliminated = eliminated;
  return req;
}

function update() {
  if (!state.sheet) return;
  const req = currentRequest();
  const out = score(req);
  $("errors").hidden = true;
  if (out.status !== "success") return showErrors(out.errors);
  state.result = out;
  renderResult(out);
  if (!$("export-panel").hidden) fillExport();
  // The advice takes longer than the score (it searches for the fewest changes): it follows in
  // a task of its own, so the score is painted first. Only the latest request's advice is drawn.
  const seq = ++adviceSeq;
  $("summary").dataset.advice = "pending";
  setTimeout(() => {
    if (seq !== adviceSeq) return;
    renderAdvice(req, out);
    $("summary").dataset.advice = "ready";
  }, 0);
}
let adviceSeq = 0;

function criterionName(code) {
  const c = state.sheet.criteria.find((x) => x.code === code);
  return c ? `${code} ${c.name}` : code;
}

function optionText(code, n) {
  const c = state.sheet.criteria.find((x) => x.code === code);
  const o = c && c.options.find((x) => x.number === n);
  return o ? `phương án ${n} «${o.text}»` : `phương án ${n}`;
}

function answerText(code, a) {
  if (a === null || a === undefined) return "chưa trả lời";
  if (Array.isArray(a)) return a.length ? `đã đánh dấu ${a.join(", ")}` : "không đạt nội dung nào";
  return `đang chọn phương án ${a}`;
}

function linkTo(code) {
  const i = state.sheet.criteria.findIndex((x) => x.code === code);
  return el("a", { href: `#crit-${i}`, onclick: (ev) => {
    ev.preventDefault();
    const fs = $(`crit-${i}`);
    fs.scrollIntoView({ block: "start" });
    const inp = fs.querySelector("input");
    if (inp) inp.focus({ preventScroll: true });
  }, text: criterionName(code) });
}

function renderResult(r) {
  const sh = state.sheet;
  const maxTotal = r.parts.A.max + r.parts.B.max + r.parts.C.max;
  $("total").textContent = String(r.total);
  $("total").dataset.value = String(r.total);
  $("total-max").textContent = String(maxTotal);
  $("band").textContent = `${r.band}★`;
  $("band").dataset.value = String(r.band);
  const stars = $("stars");
  stars.textContent = starsGlyph(r.stars);
  stars.dataset.value = r.stars === null ? "" : String(r.stars);
  stars.setAttribute("aria-label", r.stars === null ? "Không xếp hạng" : `${r.stars} sao`);
  $("stars-text").textContent = r.stars === null ? "Không xếp hạng sao" : `${r.stars} sao${r.complete ? "" : " (tạm tính)"}`;
  $("parts").replaceChildren(...["A", "B", "C"].map((p) =>
    el("li", {}, `Phần ${p}: `, el("output", { id: `part-${p}`, "data-value": r.parts[p].points, text: String(r.parts[p].points) }), ` / ${r.parts[p].max}`)));
  for (const p of ["A", "B", "C"]) {
    const t = $(`part-total-${p}`);
    if (t) t.textContent = `${r.parts[p].points} / ${r.parts[p].max} điểm`;
  }
  r.criteria.forEach((c, i) => {
    const g = $(`got-${i}`);
    if (!g) return;
    const answered = c.option !== null;
    g.textContent = answered ? `${c.points} / ${c.max} điểm` : "Chưa trả lời";
    g.classList.toggle("answered", answered);
    $(`crit-${i}`).classList.toggle("is-answered", answered);
  });

  // Elimination or stop note.
  const elim = $("eliminated");
  if (r.eliminated) {
    const why = r.eliminated.by === "request" ? "Hội đồng đã xác định" : "Theo các câu trả lời";
    const kind = r.eliminated.kind === "stop_rule" ? "Dừng đánh giá" : "Sản phẩm bị loại";
    elim.replaceChildren(el("strong", { text: `${kind} (tiêu chí ${r.eliminated.criterion}). ` }),
      `${why}: `, el("q", { text: r.eliminated.note }), " Sản phẩm không được xếp hạng sao.");
    elim.hidden = false;
  } else elim.hidden = true;

  // Minimums that hold the stars below the band.
  const caps = $("caps");
  if (r.capped_by.length) {
    const capH = r.stars === null ? "Chưa đạt yêu cầu tối thiểu (dấu sao)" : `Hạng bị giới hạn ở ${r.stars}★ vì chưa đạt yêu cầu tối thiểu`;
    caps.replaceChildren(el("h3", { text: capH }),
      el("ul", {}, r.capped_by.map((cap) => el("li", {}, linkTo(cap.criterion),
        `: để đạt ${cap.level}★ cần ít nhất ${optionText(cap.criterion, cap.required_option)}; ${answerText(cap.criterion, cap.answered_option)}.`))));
    caps.hidden = false;
  } else caps.hidden = true;

  // Unanswered criteria.
  const un = $("unanswered");
  if (r.unanswered.length) {
    $("unanswered-h").textContent = `Còn ${r.unanswered.length} / ${sh.criteria.length} tiêu chí chưa trả lời`;
    $("unanswered-list").replaceChildren(...r.unanswered.map((code) => el("li", {}, linkTo(code))));
    // Open the list once few remain: that is when it helps most.
    if (r.unanswered.length <= 5) un.open = true;
    un.hidden = false;
  } else {
    $("unanswered-list").replaceChildren();
    un.hidden = true;
  }

  $("warnings").replaceChildren(...r.warnings.map((w) => el("p", { text: `Lưu ý: ${w.message}` })));
  $("provenance").textContent = `Căn cứ: ${r.provenance.decision}; ${r.provenance.source}. Dữ liệu ${r.provenance.data_version}, ocop ${r.provenance.engine_version}.`;
  $("status").textContent = r.stars === null
    ? `Tổng ${r.total} điểm, không xếp hạng sao.`
    : `Tổng ${r.total} điểm, ${r.stars} sao${r.complete ? "" : `, còn ${r.unanswered.length} tiêu chí chưa trả lời`}.`;
  $("bar-stars").textContent = starsGlyph(r.stars);
  $("bar-total").textContent = `${r.total} điểm`;
  $("bar-left").textContent = r.unanswered.length ? `còn ${r.unanswered.length} tiêu chí` : "đã đủ";
}

// ---------------------------------------------------------------------------------------------
// Star minimums still missing for the next level, and the plan to reach a target

function renderAdvice(req, r) {
  const missing = $("missing");
  const box = $("advice");
  const from = r.stars ?? 0;
  if (from >= 5) {
    missing.hidden = true;
    box.hidden = true;
    return;
  }
  const next = r.stars === null ? null : r.stars + 1;
  // Target choices: every level above the current stars.
  const sel = $("advice-target");
  const levels = [];
  for (let t = from + 1; t <= 5; t++) levels.push(t);
  const prev = sel.value;
  sel.replaceChildren(...levels.map((t) => el("option", { value: String(t), text: `${t} sao` })));
  if (levels.includes(Number(prev))) sel.value = prev;
  else if (r.stars === null) sel.value = "3";
  box.hidden = false;
  const target = Number(sel.value);
  $("advice-target-label").textContent = `${target}★`;
  if (next === null) missing.hidden = true;

  // Minimums of the next level: the criteria the advisor says must change for it (when the
  // stars are capped, the list of caps above already names them).
  if (r.capped_by.length) missing.hidden = true;
  else if (next !== null && next <= 5) {
    const a = advise({ ...req, target: next });
    if (a.status === "success") {
      const req_ = a.changes.filter((ch) => ch.required_by_minimum);
      if (req_.length) {
        missing.replaceChildren(el("h3", { text: `Yêu cầu tối thiểu còn thiếu để đạt ${next}★` }),
          el("ul", {}, req_.map((ch) => el("li", {}, linkTo(ch.criterion), `: ${minimumText(ch.criterion, next)}; ${answerText(ch.criterion, ch.from)}.`))));
      } else {
        missing.replaceChildren(el("p", { text: `Đã đạt mọi yêu cầu tối thiểu (dấu sao) của ${next}★.` }));
      }
      missing.hidden = false;
    } else missing.hidden = true;
  }

  const a = advise({ ...req, target });
  const body = $("advice-body");
  if (a.status !== "success") {
    body.replaceChildren(el("p", { class: "alert", text: a.errors.map((e) => e.message).join("; ") }));
    return;
  }
  if (!a.reachable) {
    body.replaceChildren(el("p", { text: `Không thể đạt ${target}★: ${reasonText(a.reason)}` }));
    return;
  }
  if (!a.changes.length) {
    body.replaceChildren(el("p", { text: `Đã đạt ${target}★.` }));
    return;
  }
  body.replaceChildren(
    el("p", { text: `Cần ít nhất ${a.threshold} điểm (đang có ${a.total_before}${a.points_needed ? `, thiếu ${a.points_needed}` : ""}). Ít thay đổi nhất: ${plural(a.changes.length, "tiêu chí")}.` }),
    el("ol", { class: "plan" }, a.changes.map((ch) => el("li", {}, linkTo(ch.criterion),
      `: ${ch.from === null ? "chưa trả lời" : `từ ${Array.isArray(ch.from) ? `[${ch.from.join(", ")}]` : `phương án ${ch.from}`}`} → ${Array.isArray(ch.to) ? `đánh dấu [${ch.to.join(", ")}]` : optionText(ch.criterion, ch.to)}, +${ch.points_gained} điểm`,
      ch.required_by_minimum ? el("strong", { text: " (bắt buộc)" }) : null))),
    el("p", { class: "muted small", text: `Sau khi thay đổi: ${a.result_after.total} điểm, ${a.result_after.stars ?? "–"}★.` }),
  );
}

function minimumText(code, level) {
  const c = state.sheet.criteria.find((x) => x.code === code);
  const marked = c ? c.options.filter((o) => o.min_star !== null && o.min_star <= level) : [];
  if (!marked.length) return "cần có điểm (điểm 0 dẫn tới bị loại)";
  return `cần ít nhất ${marked.map((o) => `phương án ${o.number} «${o.text}» (${o.min_star}★)`).join(" hoặc ")}`;
}

const REASONS = {
  eliminated: "hội đồng đã xác định một ghi chú loại / dừng đánh giá.",
  frozen_requirement: "một tiêu chí không được thay đổi chưa đạt yêu cầu.",
  unanswered_case: "cần chọn trường hợp áp dụng cho tiêu chí có yêu cầu tối thiểu trước.",
  no_qualifying_option: "không có phương án nào đáp ứng yêu cầu.",
  max_total_below_threshold: "ngay cả khi đạt điểm tối đa ở mọi tiêu chí, tổng điểm vẫn thấp hơn ngưỡng.",
  max_changes_too_small: "cần thay đổi nhiều tiêu chí hơn giới hạn.",
};

function reasonText(reason) {
  if (!reason) return "";
  const crit = reason.criteria.length ? ` (${reason.criteria.join(", ")})` : "";
  return `${REASONS[reason.code] || reason.message}${crit}`;
}

// ---------------------------------------------------------------------------------------------
// Export, reset, errors

function fillExport() {
  const text = JSON.stringify(currentRequest(), null, 2);
  $("export-text").value = text;
  const a = $("export-download");
  if (a.dataset.url) URL.revokeObjectURL(a.dataset.url);
  const url = URL.createObjectURL(new Blob([text + "\n"], { type: "application/json" }));
  a.href = url;
  a.dataset.url = url;
  const sh = state.sheet;
  a.download = `ocop-${sh.edition.replace(/[^0-9A-Za-z+]+/g, "-")}-bo-${sh.product_set.number}.json`;
}

/** The print view: the sheet with the current answers ticked (☒) and the result, then the
 * browser's print dialog; the print CSS shows only this view. */
export function fillPrint() {
  const sh = state.sheet;
  const req = currentRequest();
  const ticked = (c, n) => {
    const a = req.answers[c.code];
    return Array.isArray(a) ? a.includes(n) : a === n;
  };
  const r = state.result && state.result.status === "success" ? state.result : null;
  const view = $("print-view");
  view.replaceChildren(
    el("h1", { text: "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" }),
    el("p", { class: "pv-sub", text: `${sh.product_set.heading || sh.product_set.name} — ${sh.citation}` }),
    ...sh.criteria.map((c) => el("div", { class: "pv-crit", "data-code": c.code }, [
      el("p", { class: "pv-name", text: `${c.code} ${c.name} (tối đa ${c.max})` }),
      ...c.options.map((o) => el("p", { class: ticked(c, o.number) ? "pv-opt pv-ticked" : "pv-opt",
        text: `${ticked(c, o.number) ? "☒" : "☐"} ${o.label} — ${o.points} điểm` })),
    ])),
    el("p", { class: "pv-total", text: r ? `Tổng điểm: ${r.total} / 100 — Hạng sao: ${r.stars ?? "–"}` : "Tổng điểm: …… / 100" }),
    el("p", { class: "pv-sign", text: "Người đánh giá (ký, ghi rõ họ tên)" }),
  );
  view.hidden = false;
}

function showErrors(errors) {
  const box = $("errors");
  box.replaceChildren(el("p", { text: "Không chấm được điểm:" }),
    el("ul", {}, errors.map((e) => el("li", { text: `${e.code}${e.path ? ` (${e.path})` : ""}: ${e.message}` }))));
  box.hidden = false;
}

async function main() {
  // index.html starts compiling the module while the page loads; init() instantiates it.
  const compiled = await window.ocopModule;
  await init(compiled ? { module_or_path: compiled } : undefined);
  fillEditions();
  showEditionInfo();
  fillSets();
  renderSheet();
  $("loading")?.remove();
  $("edition").addEventListener("change", () => { showEditionInfo(); fillSets(); renderSheet(); });
  $("set").addEventListener("change", renderSheet);
  $("advice-target").addEventListener("change", update);
  $("reset").addEventListener("click", () => { renderSheet(); $("edition").focus(); });
  $("print").addEventListener("click", () => {
    fillPrint();
    if (!navigator.webdriver) window.print();
  });
  $("export").addEventListener("click", () => {
    fillExport();
    $("export-panel").hidden = false;
    $("export-text").focus();
    $("export-text").select();
  });
  $("export-close").addEventListener("click", () => { $("export-panel").hidden = true; $("export").focus(); });
  $("export-copy").addEventListener("click", async () => {
    $("export-text").select();
    try { await navigator.clipboard.writeText($("export-text").value); $("export-copy").textContent = "Đã sao chép"; }
    catch { document.execCommand && document.execCommand("copy"); }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !$("export-panel").hidden) { $("export-panel").hidden = true; $("export").focus(); }
  });
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  const box = $("errors");
  box.textContent = `Không tải được bộ chấm điểm: ${e && e.message ? e.message : e}`;
  box.hidden = false;
});
