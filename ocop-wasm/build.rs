//! Writes the TypeScript declarations of the package, `$OUT_DIR/contract.d.ts`, from the Rust
//! types themselves: ocop-core's serde types derive `ts_rs::TS` under its `ts` feature (a
//! build dependency only, so the wasm module is built without it), and this script declares
//! every type reachable from the types the functions' signatures name ([`roots`]), following
//! the derives' dependencies (no lookup by name). `src/lib.rs` embeds the file with
//! `#[wasm_bindgen(typescript_custom_section)]`, so wasm-bindgen puts it in every target's
//! `.d.ts`; `test.sh` checks the result with `tsc --strict`.

use ocop_core::advise::{AdviceOutput, AdviseRequest, CouncilAdvice};
use ocop_core::contract::{
    Certificate, CertificateQuery, CouncilRequest, CouncilResult, Dossier, EditionFor, EditionInfo,
    EditionQuery, Outcome, ScoreOutput, ScoreRequest, SetInfo, SheetView,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use ts_rs::{Config, TypeVisitor, TS};

/// Collects the declaration of every exportable type it visits, and of their dependencies, once
/// each, in the order first reached.
struct Declarations<'a> {
    cfg: &'a Config,
    seen: BTreeSet<String>,
    text: String,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives, containers and `#[ts(type = …)]` overrides (dates) have no declaration.
        if T::output_path().is_none() {
            T::visit_generics(self);
            return;
        }
        if !self.seen.insert(T::ident(self.cfg)) {
            return;
        }
        let docs = T::docs().unwrap_or_default();
        let _ = writeln!(
            self.text,
            "{}\n",
            layout(&format!("{docs}export {}", T::decl(self.cfg)))
        );
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// Lays out ts-rs's text for wasm-bindgen, which re-indents custom sections by the `{` ending
/// a line and the `}` starting one: the `};` closing an object goes on a line of its own (ts-rs
/// writes it after the last member), and a one-line doc comment on one line. Only whitespace
/// changes.
fn layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().map(str::trim_end).peekable();
    while let Some(line) = lines.next() {
        // `/**`, ` * one line`, ` */` → `/** one line */`
        if line.trim_start() == "/**" {
            let mut doc = vec![];
            while let Some(l) = lines.next_if(|l| l.trim_start() != "*/") {
                doc.push(l.trim_start().trim_start_matches('*').trim_start());
            }
            lines.next();
            match doc.as_slice() {
                [one] => {
                    let _ = writeln!(out, "/** {one} */");
                }
                _ => {
                    out.push_str("/**\n");
                    for l in doc {
                        let _ = writeln!(out, " * {l}");
                    }
                    out.push_str(" */\n");
                }
            }
            continue;
        }
        match line.strip_suffix("};") {
            Some(members) if !members.trim().is_empty() && !members.trim_end().ends_with('{') => {
                let _ = writeln!(out, "{}", members.trim_end());
                out.push_str("};\n");
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The types named by the `unchecked_param_type` / `unchecked_return_type` attributes of
/// `src/lib.rs` (and the types of this crate's wrappers below).
fn roots(v: &mut Declarations<'_>) {
    v.visit::<Outcome<ScoreOutput>>();
    v.visit::<ScoreRequest>();
    v.visit::<CouncilRequest>();
    v.visit::<CouncilResult>();
    v.visit::<EditionInfo>();
    v.visit::<SetInfo>();
    v.visit::<SheetView>();
    v.visit::<EditionQuery>();
    v.visit::<Dossier>();
    v.visit::<EditionFor>();
    v.visit::<CertificateQuery>();
    v.visit::<Certificate>();
    v.visit::<AdviseRequest>();
    v.visit::<AdviceOutput>();
    v.visit::<CouncilAdvice>();
}

/// The wrapper types of `src/lib.rs` (`EditionList`, `ProductSetList`, `Versions`): this
/// crate's own, three fields in all; `tests/declarations.rs` checks them against the values the
/// functions return.
const WRAPPERS: &str = r#"/** Every edition this build knows, oldest first. */
export type EditionList = {
  /** The editions, as listed by `ocop editions`. */
  editions: Array<EditionInfo>;
};

/** The product sets of one edition. */
export type ProductSetList = {
  /** The sets this release has data for, as listed by `ocop sets`. */
  product_sets: Array<SetInfo>;
};

/** Versions of the engine and of each edition's data. */
export type Versions = {
  /** Version of `ocop-core` (also `provenance.engine_version` in results). */
  engine_version: string;
  /** Edition id → its data version (also `provenance.data_version` in results). */
  data_versions: Record<string, string>;
};
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    // Integers are JSON numbers (points, counts; none exceeds 2^53).
    let cfg = Config::new().with_large_int("number");
    let mut v = Declarations {
        cfg: &cfg,
        seen: BTreeSet::new(),
        text: String::new(),
    };
    roots(&mut v);
    let text = format!(
        "// Generated by ocop-wasm/build.rs from the Rust types of ocop-core (ts-rs derives).\n// Every function returns Outcome<T>: {{status: \"success\", …T}} or {{status: \"failure\", errors}}.\n\n{}{WRAPPERS}",
        v.text
    );
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("contract.d.ts"),
        text,
    )?;
    Ok(())
}
