// Type-checked with `tsc --noEmit -p ocop-wasm/tests/types` against the generated package
// (resolved through its package.json "exports", like a user's project): the declarations must
// compile under `strict`, accept valid calls and reject wrong ones.
import * as node from "ocop-wasm";
import init, * as web from "ocop-wasm/web";
import * as bundler from "ocop-wasm/bundler";
import type {
  Advice,
  AdviceOutput,
  CouncilRequest,
  EditionFor,
  ErrorCode,
  OcopError,
  Outcome,
  ScoreOutput,
  ScoreRequest,
  SheetView,
} from "ocop-wasm";

const req: ScoreRequest = {
  edition: "26/2026",
  product_set: "1",
  answers: { "1.1": 3, "2.1": [1, 2] },
  partial: true,
};

export function describe(r: Outcome<ScoreOutput>): string {
  if (r.status === "failure") {
    const e: OcopError = r.errors[0];
    const code: ErrorCode = e.code;
    return `${code} at ${e.path}: ${e.message}`;
  }
  if ("members" in r) {
    const avg: string = r.total;
    return `council ${avg} → ${r.stars ?? "eliminated"}★, spread ${r.spread}`;
  }
  const total: number = r.total;
  const stars: number | null = r.stars;
  return `${total} points, ${stars ?? "no"}★, unanswered ${r.unanswered.join(", ")}`;
}

describe(node.score(req));
describe(node.score(JSON.stringify(req)));

const council: CouncilRequest = {
  edition: "26/2026",
  product_set: "1",
  level: "province",
  members: [{ member: "A", answers: { "1.1": 3 } }],
  partial: true,
};
describe(node.score(council));
const c = node.scoreCouncil(council);
if (c.status === "success") c.members.map((m) => m.total + (m.stars ?? 0));

const ef: Outcome<EditionFor> = node.editionFor("2026-06-01", "first");
node.editionFor("2026-06-01", "reevaluation", "2026-07-01");
node.editionFor({ date: "2026-06-01", dossier: "upgrade" });
if (ef.status === "success") ef.reason.toUpperCase();

const advice: Outcome<AdviceOutput> = node.advise({ ...req, target: 4, frozen: ["1.1"], max_changes: 3 });
if (advice.status === "success" && advice.reachable) {
  // Both shapes (one sheet, a council) list changes with these fields.
  advice.changes.forEach((ch) => ch.criterion + ch.points_gained + String(ch.required_by_minimum));
  if ("total_before" in advice) {
    const single: Advice = advice;
    single.result_after.total.toFixed();
  }
}

const cert = node.certificate({ issued: "2024-03-01", on: "2026-06-01" });
if (cert.status === "failure") cert.errors.map((e) => e.code);

export async function inBrowser(): Promise<number> {
  await init();
  const s: Outcome<SheetView> = web.sheet("26/2026", 1);
  if (s.status !== "success") return 0;
  return s.criteria.reduce((n, cr) => n + cr.options.filter((o) => o.min_star !== null).length, 0);
}

const v = bundler.versions();
if (v.status === "success") Object.entries(v.data_versions).map(([id, dv]) => id + dv);
const eds = bundler.editions();
if (eds.status === "success") eds.editions.map((e) => e.effective_from);
node.productSets("26/2026");

// Wrong calls must not compile.
// @ts-expect-error answers are option numbers, not text
node.score({ edition: "26/2026", product_set: "1", answers: { "1.1": "three" } });
// @ts-expect-error not a dossier kind
node.editionFor("2026-06-01", "renewal");
// @ts-expect-error a failure has no total
export const bad = (r: Outcome<ScoreOutput>) => r.status === "failure" && r.total;
