// Cold start and boundary speed of the CLI and of the WebAssembly package in Node, each
// against its baseline measured in the same run (issue 12):
//   1. `ocop score FILE` (one sheet) against `ocop --version` (the process floor);
//   2. the native CLI's time per sheet in `ocop score --jsonl` (complete requests over every
//      edition and product set);
//   3. Node: `require` of the nodejs package, then the first `score` (time after `require`
//      returned), then the steady time per `score` with a request object and with JSON text,
//      against the CLI's per-sheet time.
// Each figure is the median of several runs (the machine is shared: medians, not means).
// Usage: node cli-node.mjs CLI PKG_NODEJS_JS [--test]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const [cli, pkg] = process.argv.slice(2);
const TEST = process.argv.includes("--test");
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SHEET = join(ROOT, "examples", "sheet-26-2026-set-01.json");
const BATCH = requests();
const RUNS = TEST ? 3 : 21;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(2)} ms`;
const us = (x) => `${x.toFixed(2)} µs`;

/**
 * Complete requests over every edition and product set, options chosen by a fixed pattern
 * (three per sheet), read from the package's own sheet listing; the first is 26/2026 set 1.
 */
function requests() {
  const ocop = createRequire(import.meta.url)(pkg);
  const out = [];
  for (const e of ocop.editions().editions) {
    for (const s of ocop.productSets(e.id).product_sets) {
      const sh = ocop.sheet(e.id, s.number);
      for (let v = 0; v < 3; v++) {
        const answers = {};
        sh.criteria.forEach((c, i) => {
          const n = c.options.length;
          answers[c.code] = c.mode === "additive"
            ? c.options.map((o) => o.number).filter((_, k) => (k + i + v) % 2 === 0)
            : 1 + ((i * 7 + v * 3) % n);
        });
        out.push(JSON.stringify({ edition: e.id, product_set: String(s.number), answers }));
      }
    }
  }
  const first = out.findIndex((l) => l.startsWith('{"edition":"26/2026","product_set":"1",'));
  out.unshift(...out.splice(first, 1));
  return out;
}

/** Wall time of one process run in ms; fails on a non-zero exit. */
function wall(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"], ...opts });
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  return t;
}

const report = {};

// 1. CLI: one sheet vs --version, interleaved so that the load of the machine hits both.
{
  const version = [], one = [];
  wall(cli, ["--version"]);
  for (let i = 0; i < RUNS; i++) {
    version.push(wall(cli, ["--version"]));
    one.push(wall(cli, ["score", SHEET]));
  }
  report.cli = { version_ms: median(version), score_one_ms: median(one) };
  report.cli.ratio = report.cli.score_one_ms / report.cli.version_ms;
  console.log(`CLI  ocop --version                 ${ms(report.cli.version_ms)}`);
  console.log(`CLI  ocop score <one sheet file>    ${ms(report.cli.score_one_ms)}   ratio ${report.cli.ratio.toFixed(2)}× (goal ≤ 1.5×)`);
}

// 2. CLI per sheet in --jsonl: N lines against one line, both through the whole process.
const dir = mkdtempSync(join(tmpdir(), "ocop-cold-"));
{
  const n = TEST ? 500 : 50000;
  const lines = [];
  for (let i = 0; lines.length < n; i++) lines.push(BATCH[i % BATCH.length]);
  const big = join(dir, "many.jsonl"), small = join(dir, "one.jsonl");
  writeFileSync(big, lines.join("\n") + "\n");
  writeFileSync(small, lines[0] + "\n");
  const tb = [], ts = [];
  for (let i = 0; i < (TEST ? 2 : 7); i++) {
    tb.push(wall(cli, ["score", "--jsonl", big]));
    ts.push(wall(cli, ["score", "--jsonl", small]));
  }
  report.cli.jsonl_lines = n;
  report.cli.jsonl_per_sheet_us = ((median(tb) - median(ts)) * 1000) / (n - 1);
  console.log(`CLI  ocop score --jsonl, per sheet  ${us(report.cli.jsonl_per_sheet_us)}   (${n} lines, every edition and set)`);
}

// 3. Node: each run in a fresh process, so `require` and the first score are cold.
{
  const child = join(dir, "child.cjs");
  writeFileSync(child, `
const { performance } = require("node:perf_hooks");
const lines = ${JSON.stringify(BATCH)};
const objects = lines.map((l) => JSON.parse(l));
const first = objects[0];
const t0 = performance.now();
const ocop = require(${JSON.stringify(pkg)});
const t1 = performance.now();
const out = ocop.score(first);
const t2 = performance.now();
if (out.status !== "success") throw new Error(JSON.stringify(out));
const steady = (reqs, n) => {
  for (let i = 0; i < Math.min(n, 2000); i++) ocop.score(reqs[i % reqs.length]);
  const s = performance.now();
  for (let i = 0; i < n; i++) if (ocop.score(reqs[i % reqs.length]).status !== "success") throw new Error("failed");
  return ((performance.now() - s) * 1000) / n;
};
const steadyText = (reqs, n) => {
  for (let i = 0; i < Math.min(n, 2000); i++) ocop.scoreJson(reqs[i % reqs.length]);
  const s = performance.now();
  for (let i = 0; i < n; i++) if (!ocop.scoreJson(reqs[i % reqs.length]).startsWith('{"status":"success"')) throw new Error("failed");
  return ((performance.now() - s) * 1000) / n;
};
const n = ${TEST ? 200 : 20000};
process.stdout.write(JSON.stringify({ require: t1 - t0, first: t2 - t1, object: steady(objects, n), text: steady(lines, n), text_out: steadyText(lines, n) }));
`);
  const runs = [];
  for (let i = 0; i < (TEST ? 2 : 7); i++) {
    const r = spawnSync(process.execPath, [child], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    runs.push(JSON.parse(r.stdout));
  }
  const m = (k) => median(runs.map((r) => r[k]));
  report.node = { require_ms: m("require"), first_score_ms: m("first"), per_score_object_us: m("object"), per_score_text_us: m("text"), per_score_text_out_us: m("text_out") };
  const cliPer = report.cli.jsonl_per_sheet_us;
  console.log(`Node require("ocop-wasm")           ${ms(report.node.require_ms)}`);
  console.log(`Node first score after require      ${ms(report.node.first_score_ms)}   (goal ≤ 20 ms)`);
  console.log(`Node score, request object          ${us(report.node.per_score_object_us)}   ${(report.node.per_score_object_us / cliPer).toFixed(1)}× the CLI's per-sheet time (goal ≤ 20 µs)`);
  console.log(`Node score, JSON text               ${us(report.node.per_score_text_us)}   ${(report.node.per_score_text_us / cliPer).toFixed(1)}× the CLI's per-sheet time`);
  console.log(`Node scoreJson, JSON text in and out ${us(report.node.per_score_text_out_us)}   ${(report.node.per_score_text_out_us / cliPer).toFixed(1)}× the CLI's per-sheet time (goal ≤ 20 µs)`);
}
rmSync(dir, { recursive: true, force: true });
if (process.env.OCOP_BENCH_JSON) writeFileSync(process.env.OCOP_BENCH_JSON, JSON.stringify(report, null, 2) + "\n");
