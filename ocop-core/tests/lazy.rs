//! A request decodes only the edition and product set it names (one test, so that no other
//! test of this process touches the registry in between).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use ocop_core::{contract, registry, score_json_str};

/// Sheets in memory per edition id.
fn decoded() -> Vec<(String, usize)> {
    registry()
        .unwrap()
        .editions()
        .iter()
        .map(|e| (e.meta.id.clone(), e.sheets.decoded()))
        .collect()
}

fn count(id: &str) -> usize {
    decoded()
        .iter()
        .find(|(e, _)| e == id)
        .map(|(_, n)| *n)
        .unwrap()
}

fn total() -> usize {
    decoded().iter().map(|(_, n)| n).sum()
}

#[test]
fn requests_decode_only_the_sheets_they_name() {
    assert_eq!(total(), 0, "{:?}", decoded());
    // The listing of editions reads metadata only.
    let eds = contract::editions().unwrap();
    assert!(eds.iter().all(|e| e.sets_available > 0));
    assert_eq!(total(), 0, "{:?}", decoded());

    let out = score_json_str(
        r#"{"edition": "26/2026", "product_set": "3", "answers": {}, "partial": true}"#,
    );
    assert!(out.starts_with(r#"{"status":"success""#), "{out}");
    assert_eq!(count("26/2026"), 1, "{:?}", decoded());
    assert_eq!(total(), 1, "{:?}", decoded());

    // Scoring the same sheet again decodes nothing more; an unknown set or edition nothing.
    let _ = score_json_str(r#"{"edition": "26/2026", "product_set": "3", "answers": {}}"#);
    let _ = score_json_str(r#"{"edition": "26/2026", "product_set": "99", "answers": {}}"#);
    let _ = score_json_str(r#"{"edition": "9/1999", "product_set": "1", "answers": {}}"#);
    assert_eq!(total(), 1, "{:?}", decoded());

    // `sheet` decodes its own sheet.
    let view = contract::sheet("26/2026", "5").unwrap();
    assert_eq!(view.product_set.number, 5);
    assert_eq!(count("26/2026"), 2, "{:?}", decoded());
    assert_eq!(total(), 2, "{:?}", decoded());

    // `sets` decodes no sheet: the compiled data holds each set's summary apart.
    let sets = contract::product_sets("26/2026").unwrap();
    let n26 = eds
        .iter()
        .find(|e| e.id == "26/2026")
        .unwrap()
        .sets_available;
    assert_eq!(sets.len(), usize::from(n26));
    assert_eq!(count("26/2026"), 2, "{:?}", decoded());
    assert_eq!(total(), 2, "{:?}", decoded());
}
