//! The TypeScript declarations `build.rs` writes (ts-rs, from ocop-core's types): every type a
//! function's signature in `src/lib.rs` names is declared, and the three wrapper types this
//! crate declares by hand have the fields the functions return.
// Test code: a failed lookup is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic
)]

use ocop_core::json::Json;
use std::collections::BTreeSet;

const DTS: &str = include_str!(concat!(env!("OUT_DIR"), "/contract.d.ts"));
const LIB: &str = include_str!("../src/lib.rs");

/// The names declared with `export type NAME` (or `interface`) in `text`.
fn declared(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("export type ")
                .or_else(|| l.strip_prefix("export interface "))
        })
        .map(|r| {
            r.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The capitalised identifiers (type names) in the `unchecked_*_type = "…"` attributes and the
/// hand-written `typescript_custom_section`s of `src/lib.rs`.
fn named_in_lib() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for chunk in LIB.split("unchecked_").skip(1) {
        let Some(q) = chunk.split('"').nth(1) else {
            continue;
        };
        for w in q.split(|c: char| !c.is_alphanumeric()) {
            if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                out.insert(w.to_owned());
            }
        }
    }
    out
}

#[test]
fn every_type_the_functions_name_is_declared() {
    let have = declared(DTS);
    let named = named_in_lib();
    assert!(
        named.contains("ScoreRequest") && named.contains("Versions"),
        "{named:?}"
    );
    let missing: Vec<_> = named.difference(&have).collect();
    assert!(missing.is_empty(), "not declared: {missing:?}");
    // And every type a declaration refers to is declared (or is a TypeScript built-in).
    let builtins = ["Array", "Record", "T"];
    for word in DTS
        .lines()
        .filter(|l| !l.trim_start().starts_with('/') && !l.trim_start().starts_with('*'))
        // The types only: after a declaration's `=` or a member's `:`, outside string
        // literals (`"A"` is a value of `Part`, `A:` a member of `Parts`).
        .map(|l| match l.split_once(" = ") {
            Some((_, t)) if l.starts_with("export ") => t,
            _ => l.split_once(':').map_or(l, |(_, t)| t),
        })
        .flat_map(|l| l.split('"').step_by(2).collect::<Vec<_>>())
        .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()))
    {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !builtins.contains(&word) {
            assert!(have.contains(word), "{word} is used but not declared");
        }
    }
}

/// The members (`name:` / `name?:`) of the object type `name` in the declarations.
fn members(name: &str) -> BTreeSet<String> {
    let start = DTS
        .find(&format!("export type {name} = {{"))
        .unwrap_or_else(|| panic!("{name} not declared"));
    let body = &DTS[start..];
    let body = &body[..body.find("\n};").unwrap()];
    body.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.starts_with('/') && !l.starts_with('*'))
        .filter_map(|l| l.split(':').next())
        .map(|k| k.trim_end_matches('?').to_owned())
        .collect()
}

/// The keys of the success object of an outcome, `status` aside.
fn keys(outcome: &str) -> BTreeSet<String> {
    match Json::parse(outcome.as_bytes()).unwrap() {
        Json::Object(entries) => entries
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k != "status")
            .collect(),
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn the_wrapper_types_have_the_fields_the_functions_return() {
    let json = |v: &dyn erased::Ser| v.json();
    let editions = json(&ocop_wasm::editions_outcome());
    assert!(editions.starts_with(r#"{"status":"success""#), "{editions}");
    assert_eq!(keys(&editions), members("EditionList"));
    let sets = json(&ocop_wasm::product_sets_outcome(&Json::String(
        "26/2026".into(),
    )));
    assert!(sets.starts_with(r#"{"status":"success""#), "{sets}");
    assert_eq!(keys(&sets), members("ProductSetList"));
    let versions = json(&ocop_wasm::versions_outcome());
    assert_eq!(keys(&versions), members("Versions"));
}

/// Serialising the outcomes of different types through one helper.
mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}
