// The WebAssembly side of the differential test (tests/differential/README.md): reads JSONL
// requests on standard input and prints, for each, two lines: JSON.stringify of what the
// public `score` of ocop-wasm/pkg/nodejs returns for the request as JSON text, and for the
// request as the object JSON.parse reads ("-" when the line is not JSON or is a JSON string, which score() reads as text).
"use strict";
const path = require("path");
const fs = require("fs");
const ocop = require(path.join(__dirname, "..", "..", "ocop-wasm", "pkg", "nodejs", "ocop.js"));
const lines = fs.readFileSync(0, "utf8").split("\n");
if (lines.length && lines[lines.length - 1] === "") lines.pop();
const out = [];
for (const line of lines) {
  out.push(JSON.stringify(ocop.score(line)));
  let obj;
  try {
    obj = JSON.parse(line);
  } catch (_) {
    obj = undefined;
  }
  if (obj === undefined || typeof obj === "string") {
    // Not JSON, or a JSON string: score() reads a string as JSON text, so no object form.
    out.push("-");
    continue;
  }
  out.push(JSON.stringify(ocop.score(obj)));
}
fs.writeFileSync(1, out.join("\n") + "\n");
