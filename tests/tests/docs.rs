//! `docs/errata.md` is generated from the embedded data and must stay in sync with it.
//! Regenerate with `OCOP_UPDATE_DOCS=1 cargo test -p ocop-tests --test docs`.

use ocop_core::registry;
use std::fmt::Write as _;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn errata_markdown() -> String {
    let reg = registry().expect("loads");
    let mut out = String::from(
        "# Errata: printed errors and how the data reads them\n\n\
         Generated from `ocop-core/data/**` by `tests/tests/docs.rs`; do not edit by hand. \
         Each row is an `errata` record of a sheet: what the decision prints, what the evaluator \
         uses, and why. `part_sum` rows are deviations kept as printed. `ocop sheet --edition ID \
         --set N` shows the same records per sheet.\n",
    );
    for e in reg.editions() {
        let own: Vec<_> = e
            .sheets
            .iter()
            .flatten()
            .filter(|s| s.edition == e.meta.id)
            .collect();
        let count: usize = own.iter().map(|s| s.errata.len()).sum();
        let _ = write!(
            out,
            "\n## {} ({}), {count} errata\n\n",
            e.meta.id, e.meta.decision
        );
        if count == 0 {
            out.push_str("None");
            if e.meta.inherits.is_some() {
                let _ = write!(
                    out,
                    " of its own: its sheets are those of {}.",
                    e.meta.inherits.as_deref().unwrap_or("")
                );
            }
            out.push('\n');
            continue;
        }
        out.push_str("| set | criterion | option | field | printed | used | reason |\n|---|---|---|---|---|---|---|\n");
        for s in own {
            for x in &s.errata {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    s.number,
                    x.criterion.as_deref().unwrap_or("—"),
                    x.option.map_or_else(|| "—".to_owned(), |o| o.to_string()),
                    serde_json::to_value(x.field)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    cell(&x.printed),
                    cell(&x.used),
                    cell(&x.reason)
                );
            }
        }
    }
    out
}

#[test]
fn errata_doc_is_up_to_date() {
    let path = ocop_tests::tests_dir().join("../docs/errata.md");
    let want = errata_markdown();
    if std::env::var_os("OCOP_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/errata.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/errata.md is stale: run OCOP_UPDATE_DOCS=1 cargo test -p ocop-tests --test docs"
    );
}
