// The package's calling convention: every function returns the contract's outcome object,
// `{status: "success", …}` or `{status: "failure", errors: [{code, path, message}]}`, and
// never throws on bad input; objects and JSON text give the same answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG, loadNodejs } from "./helpers.mjs";

const ocop = loadNodejs();
const REQ = { edition: "26/2026", product_set: "1", answers: { "1.1": 3 }, partial: true };

function assertFailure(out, code, path) {
  assert.equal(out.status, "failure", JSON.stringify(out));
  assert.ok(Array.isArray(out.errors) && out.errors.length > 0);
  for (const e of out.errors) {
    assert.deepEqual(Object.keys(e).sort(), ["code", "message", "path"]);
    assert.equal(typeof e.message, "string");
  }
  assert.ok(
    out.errors.some((e) => e.code === code && e.path === path),
    `expected ${code} at ${JSON.stringify(path)}, got ${JSON.stringify(out.errors)}`,
  );
}

test("catalogue functions return success outcomes", () => {
  const eds = ocop.editions();
  assert.equal(eds.status, "success");
  assert.ok(eds.editions.some((e) => e.id === "26/2026"));
  const sets = ocop.productSets("26/2026");
  assert.equal(sets.status, "success");
  assert.equal(sets.product_sets[0].number, 1);
  const sheet = ocop.sheet("26/2026", 1);
  assert.equal(sheet.status, "success");
  assert.equal(sheet.product_set.number, 1);
  assert.deepEqual(ocop.sheet("26-2026", "01"), sheet);
  const v = ocop.versions();
  assert.equal(v.status, "success");
  assert.match(v.engine_version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof v.data_versions["26/2026"], "string");
});

test("catalogue failures are returned with code and path", () => {
  assertFailure(ocop.productSets("99/2099"), "unknown_edition", "/edition");
  assertFailure(ocop.productSets(42), "wrong_type", "/edition");
  assertFailure(ocop.sheet("26/2026", "x"), "unknown_product_set", "/product_set");
  assertFailure(ocop.sheet("26/2026", 99), "unknown_product_set", "/product_set");
  assertFailure(ocop.sheet(undefined, 1), "wrong_type", "/edition");
});

test("score: object and JSON text give the same outcome", () => {
  const a = ocop.score(REQ);
  assert.equal(a.status, "success");
  assert.deepEqual(ocop.score(JSON.stringify(REQ)), a);
  assert.equal(a.total, a.parts.A.points + a.parts.B.points + a.parts.C.points);
  assert.ok(a.unanswered.length > 0);
});

test("score: invalid requests are failures, never exceptions", () => {
  assertFailure(ocop.score({ ...REQ, edition: "1/1999" }), "unknown_edition", "/edition");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": 99 } }), "option_out_of_range", "/answers/1.1");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": NaN } }), "invalid_number", "/answers/1.1");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": Infinity } }), "invalid_number", "/answers/1.1");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": [1, undefined] } }), "wrong_type", "/answers/1.1/1");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": 1n } }), "wrong_type", "/answers/1.1");
  assertFailure(ocop.score({ ...REQ, answers: { "1.1": () => 1 } }), "wrong_type", "/answers/1.1");
  assertFailure(ocop.score({ ...REQ, extra: 1 }), "unknown_field", "/extra");
  assertFailure(ocop.score('{"edition": "26/2026", "edition": "26/2026"}'), "duplicate_key", "/edition");
  assertFailure(ocop.score('{"edition": '), "invalid_json", "");
  assertFailure(ocop.score(""), "empty_input", "");
  assertFailure(ocop.score(undefined), "wrong_type", "");
  assertFailure(ocop.score(null), "wrong_type", "");
  assertFailure(ocop.score(7), "wrong_type", "");
  const cyclic = { ...REQ };
  cyclic.answers = { ...REQ.answers, loop: cyclic };
  assert.equal(ocop.score(cyclic).errors[0].code, "nesting_too_deep");
});

test("scoreJson: the same outcome as score, as JSON text, failures included", () => {
  for (const req of [REQ, JSON.stringify(REQ), { ...REQ, answers: { "1.1": NaN } }, '{"edition": ', "", undefined, 7]) {
    const text = ocop.scoreJson(req);
    assert.equal(typeof text, "string");
    assert.deepEqual(JSON.parse(text), ocop.score(req));
  }
  assert.ok(ocop.scoreJson(REQ).startsWith('{"status":"success"'));
  assert.ok(ocop.scoreJson({ ...REQ, edition: "1/1999" }).includes('"code":"unknown_edition"'));
});

test("score: undefined fields are absent, as in JSON.stringify", () => {
  assert.deepEqual(ocop.score({ ...REQ, eliminated: undefined }), ocop.score(REQ));
  assert.deepEqual(ocop.score({ ...REQ, answers: { "1.1": 3, "1.2": undefined } }), ocop.score(REQ));
});

test("scoreCouncil scores members' sheets and rejects a single sheet", () => {
  const out = ocop.scoreCouncil({
    edition: "26/2026",
    product_set: "1",
    level: "province",
    partial: true,
    members: [
      { member: "A", answers: { "1.1": 3 } },
      { member: "B", answers: { "1.1": 1 } },
    ],
  });
  assert.equal(out.status, "success", JSON.stringify(out));
  assert.equal(out.members.length, 2);
  assert.equal(typeof out.total, "string");
  assert.deepEqual(ocop.score({ ...out.members && {}, edition: "26/2026", product_set: "1", level: "province", partial: true,
    members: [{ member: "A", answers: { "1.1": 3 } }, { member: "B", answers: { "1.1": 1 } }] }), out);
  assertFailure(ocop.scoreCouncil(REQ), "missing_field", "/members");
});

test("editionFor: positional and query forms agree", () => {
  const a = ocop.editionFor("2026-06-01", "first");
  assert.equal(a.status, "success", JSON.stringify(a));
  assert.deepEqual(ocop.editionFor({ date: "2026-06-01", dossier: "first" }), a);
  assert.deepEqual(ocop.editionFor('{"date": "2026-06-01", "dossier": "first"}'), a);
  const b = ocop.editionFor("2026-06-01", "first", "2026-06-15");
  assert.deepEqual(ocop.editionFor({ date: "2026-06-01", dossier: "first", evaluated_on: "2026-06-15" }), b);
  assertFailure(ocop.editionFor("2026-02-30", "first"), "invalid_date", "/date");
  assertFailure(ocop.editionFor("2026-06-01", "renewal"), "wrong_type", "/dossier");
  assertFailure(ocop.editionFor("2026-06-01", NaN), "invalid_number", "/dossier");
});

test("certificate and advise answer through the same convention", () => {
  const c = ocop.certificate({ issued: "2024-03-01", on: "2026-06-01" });
  assert.equal(c.status, "success", JSON.stringify(c));
  assertFailure(ocop.certificate({ issued: "yesterday" }), "invalid_date", "/issued");
  const a = ocop.advise({ ...REQ, target: 3 });
  assert.equal(a.status, "success", JSON.stringify(a));
  assert.equal(a.target, 3);
  assertFailure(ocop.advise({ ...REQ, target: 9 }), "invalid_number", "/target");
});

test("the web and bundler builds load the same module and agree", () => {
  // web: initSync with the bytes of the shared module.
  const script = `
    import { initSync, score } from ${JSON.stringify(join(PKG, "web", "ocop.js"))};
    import { readFileSync } from "node:fs";
    initSync({ module: readFileSync(${JSON.stringify(join(PKG, "bundler", "ocop_bg.wasm"))}) });
    process.stdout.write(JSON.stringify(score(${JSON.stringify(REQ)})));
  `;
  const web = execFileSync(process.execPath, ["--input-type=module", "-e", script]).toString();
  const expected = JSON.stringify(ocop.score(REQ));
  assert.equal(web, expected);
  // bundler: ES module integration of .wasm (Node's flag stands in for a bundler).
  const bscript = `
    import { score } from ${JSON.stringify(join(PKG, "bundler", "ocop.js"))};
    process.stdout.write(JSON.stringify(score(${JSON.stringify(REQ)})));
  `;
  const bundler = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", bscript]).toString();
  assert.equal(bundler, expected);
});

test("package.json lists existing files and exports", () => {
  const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  assert.ok(Array.isArray(pkg.files) && pkg.files.length > 0);
  for (const f of pkg.files) readFileSync(join(PKG, f));
  assert.equal(pkg.exports["."].node.default, "./nodejs/ocop.js");
  assert.equal(pkg.exports["./web"].default, "./web/ocop.js");
});
