//! Helpers shared by the cross-cutting tests: locating the golden corpus and the shared
//! reference, and comparing JSON documents.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

/// The `tests/` directory of the workspace.
#[must_use]
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The golden corpus directory.
#[must_use]
pub fn golden_dir() -> PathBuf {
    tests_dir().join("golden")
}

/// Every golden case file, sorted.
///
/// # Errors
/// I/O errors while walking the directory.
pub fn golden_files() -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(&golden_dir(), &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// The shared reference folder beside the checkout (`../shared/reference`), if present.
#[must_use]
pub fn shared_reference() -> Option<PathBuf> {
    let p = tests_dir().join("../../shared/reference");
    p.is_dir().then_some(p)
}

/// Every (edition, sheet) pair with data, loaded once (shared by the property tests).
///
/// # Panics
/// If the embedded data does not load (a release defect the data tests name).
pub fn all_sheets() -> &'static [(
    &'static ocop_core::data::Edition,
    &'static std::sync::Arc<ocop_core::data::Sheet>,
)] {
    type Pair = (
        &'static ocop_core::data::Edition,
        &'static std::sync::Arc<ocop_core::data::Sheet>,
    );
    static ALL: std::sync::OnceLock<Vec<Pair>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let reg = ocop_core::registry().expect("embedded data loads");
        reg.editions()
            .iter()
            .flat_map(|e| e.sheets.iter().flatten().map(move |s| (e, s)))
            .collect()
    })
}

/// The `i`-th (edition, sheet) pair, cycling through [`all_sheets`].
pub fn pick_sheet(
    i: usize,
) -> (
    &'static ocop_core::data::Edition,
    &'static std::sync::Arc<ocop_core::data::Sheet>,
) {
    let all = all_sheets();
    all[i % all.len()]
}

/// The bit mask of a criterion's `n` options (all 64 bits from 64 options on).
pub fn option_mask(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}
