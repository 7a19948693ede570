// The form in a real browser: serves www/ on 127.0.0.1 only, drives Debian's headless
// Chromium through playwright-core, fills sheets (mouse and keyboard), and checks that the
// displayed total and stars are the CLI's for the same answers. Screenshots are saved to
// target/artifacts/ (form.png: desktop, form-phone.png: a phone screen).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";
import { ROOT, WASM_DIR, runCli } from "./helpers.mjs";

const WWW = join(WASM_DIR, "www");
const ARTIFACTS = join(ROOT, "target", "artifacts");
const CHROMIUM = process.env.OCOP_CHROMIUM || "/usr/bin/chromium";
// toolchain.md: the flags headless Chromium needs on these machines.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(join(WWW, "pkg", "web", "ocop.js")), "www/pkg missing: run ocop-wasm/build.sh first");
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
  server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(WWW, rel));
    if (!file.startsWith(WWW + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await new Promise((ok) => server.close(ok));
});

/** A page with the form loaded; fails the test on any page or console error. */
async function openForm(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
    // A preload the page does not use (a URL or credentials mismatch) is fetched twice.
    if (m.type() === "warning" && /preload/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) problems.push(`outside request: ${r.url()}`);
  });
  let wasmFetches = 0;
  page.on("request", (r) => { if (r.url().endsWith("/ocop_bg.wasm")) wasmFetches += 1; });
  await page.goto(base);
  await page.waitForSelector("body[data-ready]", { timeout: 30000 });
  // The fetch in the page's head is the one the module is compiled from (no second fetch).
  if (wasmFetches !== 1) problems.push(`the module was fetched ${wasmFetches} times`);
  return { page, context, problems };
}

async function choose(page, edition, set) {
  await page.selectOption("#edition", edition);
  await page.selectOption("#set", String(set));
  await page.waitForFunction(
    ([e, s]) => document.querySelector(".sheet-title") && document.querySelector("#edition").value === e && document.querySelector("#set").value === s,
    [edition, String(set)],
  );
}

/** What the form displays. */
async function displayed(page) {
  return page.evaluate(() => ({
    total: Number(document.querySelector("#total").dataset.value),
    totalText: document.querySelector("#total").textContent,
    stars: document.querySelector("#stars").dataset.value === "" ? null : Number(document.querySelector("#stars").dataset.value),
    band: Number(document.querySelector("#band").dataset.value),
    parts: ["A", "B", "C"].map((p) => Number(document.querySelector(`#part-${p}`).textContent)),
    unanswered: document.querySelectorAll("#unanswered-list li").length,
    eliminatedShown: !document.querySelector("#eliminated").hidden,
  }));
}

/**
 * Answers every criterion but those in `skip`, choosing options by a fixed pattern, and
 * returns the request the test itself knows it entered (independent of the form's export).
 */
async function fill(page, edition, set, skip = new Set()) {
  const crits = await page.evaluate(() =>
    [...document.querySelectorAll("fieldset.crit")].map((fs) => ({
      index: Number(fs.dataset.index),
      code: fs.dataset.code,
      mode: [...fs.classList].find((c) => c.startsWith("mode-")).slice(5),
      options: [...fs.querySelectorAll(`input[name="c${fs.dataset.index}"]`)].map((i) => Number(i.value)),
    })),
  );
  const answers = {};
  for (const c of crits) {
    if (skip.has(c.code)) continue;
    const n = c.options.length;
    if (c.mode === "additive") {
      const ticked = c.options.filter((o, k) => (k + c.index) % 2 === 0);
      for (const o of ticked) await page.check(`#c${c.index}-o${o}`);
      if (ticked.length === 0) await page.check(`#c${c.index}-none`);
      answers[c.code] = ticked;
    } else {
      // Mostly high options, some low ones, so both bands and star minimums are exercised.
      const k = c.index % 5 === 1 ? 0 : n - 1 - (c.index % 2);
      const o = c.options[Math.max(0, Math.min(n - 1, k))];
      await page.check(`#c${c.index}-o${o}`);
      answers[c.code] = o;
    }
  }
  const req = { edition, product_set: String(set), answers };
  if (skip.size) req.partial = true;
  return req;
}

function cliScore(req) {
  const out = JSON.parse(runCli(["score"], JSON.stringify(req)));
  assert.equal(out.status, "success", JSON.stringify(out));
  return out;
}

async function exported(page) {
  await page.click("#export");
  await page.waitForSelector("#export-panel:not([hidden])");
  const text = await page.inputValue("#export-text");
  await page.click("#export-close");
  return JSON.parse(text);
}

function assertSame(shown, cli, label) {
  assert.equal(shown.total, cli.total, `${label}: total`);
  assert.equal(shown.totalText, String(cli.total), `${label}: total text`);
  assert.equal(shown.stars, cli.stars, `${label}: stars`);
  assert.equal(shown.band, cli.band, `${label}: band`);
  assert.deepEqual(shown.parts, [cli.parts.A.points, cli.parts.B.points, cli.parts.C.points], `${label}: parts`);
  assert.equal(shown.unanswered, cli.unanswered.length, `${label}: unanswered`);
}

test("26/2026 set 1: partial, complete, council flag; equals the CLI; screenshots", async () => {
  const { page, context, problems } = await openForm();
  await choose(page, "26/2026", 1);

  // Partial: three criteria left unanswered.
  const partialReq = await fill(page, "26/2026", 1, new Set(["1.2", "3.1", "6.2"]));
  const partialCli = cliScore(partialReq);
  assertSame(await displayed(page), partialCli, "partial");
  const partialExport = await exported(page);
  assert.deepEqual(partialExport, partialReq, "export = the answers entered");
  assert.deepEqual(cliScore(partialExport).total, partialCli.total);
  assert.ok(await page.isVisible("#unanswered"), "unanswered list shown");
  assert.match(await page.textContent("#unanswered-h"), /3 \/ \d+ tiêu chí chưa trả lời/);

  // Complete the sheet with the keyboard: focus a radio of each missing criterion, arrow keys.
  for (const code of ["1.2", "3.1", "6.2"]) {
    const first = page.locator(`fieldset.crit[data-code="${code}"] input[type="radio"]`).first();
    await first.focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
  }
  const complete = await exported(page);
  assert.equal(complete.partial, undefined, "a complete sheet exports a strict request");
  assert.equal(Object.keys(complete.answers).length, Object.keys(partialReq.answers).length + 3);
  const completeCli = cliScore(complete);
  assertSame(await displayed(page), completeCli, "complete");
  assert.ok(completeCli.stars !== null);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, "form.png"), fullPage: false });

  // "In phiếu": the print view ticks exactly the answers entered and shows the CLI's total;
  // on paper (print media) only that view is shown.
  await page.click("#print");
  await page.waitForSelector("#print-view:not([hidden])");
  const printed = await page.evaluate(() => [...document.querySelectorAll("#print-view .pv-crit")].map((d) => ({
    code: d.dataset.code,
    ticked: [...d.querySelectorAll(".pv-opt")].map((p, k) => (p.classList.contains("pv-ticked") ? k + 1 : 0)).filter(Boolean),
  })));
  for (const { code, ticked } of printed) {
    const a = complete.answers[code];
    assert.deepEqual(ticked, Array.isArray(a) ? a : [a], `print view ticks ${code}`);
  }
  assert.match(await page.textContent("#print-view .pv-total"), new RegExp(`Tổng điểm: ${completeCli.total} / 100`));
  assert.match(await page.textContent("#print-view"), /Người đánh giá \(ký, ghi rõ họ tên\)/);
  await page.emulateMedia({ media: "print" });
  assert.ok(await page.isVisible("#print-view"), "print view on paper");
  assert.ok(!(await page.isVisible("#summary")), "the rest hidden on paper");
  await page.screenshot({ path: join(ARTIFACTS, "form-print-view.png"), fullPage: false });
  await page.emulateMedia({ media: "screen" });

  // The advisor panel appears below 5 stars and names a target.
  if (completeCli.stars < 5) {
    // The advice follows the score in a task of its own.
    await page.waitForSelector('#summary[data-advice="ready"]');
    assert.ok(await page.isVisible("#advice"), "advice panel shown");
    assert.match(await page.textContent("#advice-h"), /Cách đạt \d★/);
  }
  await page.locator("#summary").screenshot({ path: join(ARTIFACTS, "form-summary.png") });

  // Council flag on an eliminable criterion: no stars, the note is shown, as the CLI says.
  const flag = page.locator("input[data-flag]").first();
  await flag.check();
  const flagged = await exported(page);
  assert.equal(flagged.eliminated.length, 1);
  const flaggedCli = cliScore(flagged);
  assert.equal(flaggedCli.stars, null);
  const shown = await displayed(page);
  assertSame(shown, flaggedCli, "flagged");
  assert.ok(shown.eliminatedShown, "elimination message shown");
  await page.screenshot({ path: join(ARTIFACTS, "form-eliminated.png"), fullPage: false });
  await context.close();
  assert.deepEqual(problems, []);
});

test("1048/2019 set 26: case choice and additive checkboxes equal the CLI", async () => {
  const { page, context, problems } = await openForm();
  await choose(page, "1048/2019", 26);
  assert.ok((await page.locator("fieldset.mode-additive").count()) > 0);
  assert.ok((await page.locator("fieldset.mode-case .case").count()) >= 2);
  const req = await fill(page, "1048/2019", 26);
  const cli = cliScore(req);
  assertSame(await displayed(page), cli, "1048 set 26");
  assert.deepEqual(await exported(page), req);
  // "None of the above" on an additive criterion is an answer worth 0.
  const add = page.locator("fieldset.mode-additive").first();
  const idx = await add.getAttribute("data-index");
  await page.check(`#c${idx}-none`);
  const none = await exported(page);
  assert.deepEqual(none.answers[await add.getAttribute("data-code")], []);
  assertSame(await displayed(page), cliScore(none), "additive none");
  // "Bỏ chọn tiêu chí này" clears that criterion only: the request loses its answer and becomes
  // partial, and the form shows what the CLI says of it.
  const code = await add.getAttribute("data-code");
  await page.click(`#crit-${idx} button[data-clear]`);
  const cleared = await exported(page);
  assert.ok(!(code in cleared.answers), "cleared criterion left out of the request");
  assert.equal(cleared.partial, true);
  assert.equal(Object.keys(cleared.answers).length, Object.keys(none.answers).length - 1);
  assert.equal(await page.locator(`#crit-${idx} input:checked`).count(), 0);
  assertSame(await displayed(page), cliScore(cleared), "criterion cleared");
  await context.close();
  assert.deepEqual(problems, []);
});

test("phone screen: the form fits and the score bar shows", async () => {
  const { page, context, problems } = await openForm({ width: 390, height: 844 });
  await choose(page, "26/2026", 2);
  await fill(page, "26/2026", 2, new Set(["1.1"]));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  assert.ok(await page.isVisible("#bar"), "sticky score bar shown on a phone");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, "form-phone.png"), fullPage: false });
  await context.close();
  assert.deepEqual(problems, []);
});
