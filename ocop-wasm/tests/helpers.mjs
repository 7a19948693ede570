// Shared helpers of the ocop-wasm Node tests.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const WASM_DIR = resolve(HERE, "..");
export const ROOT = resolve(WASM_DIR, "..");
export const PKG = join(WASM_DIR, "pkg");
export const GOLDEN = join(ROOT, "tests", "golden");

const require = createRequire(import.meta.url);

/** The nodejs build (CommonJS), as the package's "node" export resolves it. */
export function loadNodejs() {
  return require(join(PKG, "nodejs", "ocop.js"));
}

/** Every golden case file under tests/golden, sorted. */
export function goldenFiles(dir = GOLDEN) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...goldenFiles(p));
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

/** Drops `message` from actual errors where the expected error has none (as the Rust runner). */
export function normalise(actual, expected) {
  const a = actual && actual.errors;
  const e = expected && expected.errors;
  if (!Array.isArray(a) || !Array.isArray(e)) return actual;
  a.forEach((err, i) => {
    if (e[i] && !("message" in e[i]) && err && typeof err === "object") delete err.message;
  });
  return actual;
}

let cli = null;
/** Path of the `ocop` CLI binary (OCOP_CLI, or built once with cargo). */
export function cliPath() {
  if (process.env.OCOP_CLI) return process.env.OCOP_CLI;
  if (cli) return cli;
  execFileSync("cargo", ["build", "-q", "-p", "ocop-cli"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: ROOT, maxBuffer: 1 << 26 }).toString(),
  );
  cli = join(meta.target_directory, "debug", "ocop");
  return cli;
}

/** Runs `ocop <args>` on `input`; returns stdout (the CLI exits 1 on a failure outcome). */
export function runCli(args, input) {
  try {
    return execFileSync(cliPath(), args, { input, cwd: ROOT, maxBuffer: 1 << 26 }).toString();
  } catch (e) {
    if (e.status === 1 && e.stdout) return e.stdout.toString();
    throw e;
  }
}
