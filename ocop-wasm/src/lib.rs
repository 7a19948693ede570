//! # ocop-wasm
//!
//! The WebAssembly binding of [`ocop_core`]: the core's JSON contract for JavaScript, and
//! nothing more. Each exported function converts its arguments, calls one `ocop_core::contract`
//! entry point and converts the answer back; no rule lives here.
//!
//! **Failures are returned, never thrown.** Every function returns the contract's
//! [`Outcome`] as a plain object: `{status: "success", …}` or
//! `{status: "failure", errors: [{code, path, message}]}` with the core's stable error codes
//! and JSON Pointer paths. A low score is a success. Nothing here throws on any input.
//!
//! | JavaScript | core entry point | success fields |
//! |---|---|---|
//! | `editions()` | `contract::editions` | `editions` |
//! | `productSets(edition)` | `contract::product_sets` | `product_sets` |
//! | `sheet(edition, set)` | `contract::sheet` | the sheet (`SheetView`) |
//! | `score(request)` | `contract::score_json` (one sheet, or a council with `members`) | `ScoreOutput` |
//! | `scoreJson(request)` | the same, answered as JSON text | the text of `ScoreOutput` |
//! | `scoreCouncil(request)` | `council::score_council_json` | `CouncilResult` |
//! | `editionFor(date, dossier, evaluatedOn?)` or `editionFor(query)` | `timeline::edition_for_json` | `EditionFor` |
//! | `certificate(query)` | `certificate::certificate_json` | `Certificate` |
//! | `advise(request)` | `advise::advise_json` (one sheet, or a council with `members`) | `AdviceOutput` |
//! | `versions()` | `ENGINE_VERSION` and each edition's `data_version` | [`Versions`] |
//!
//! A request is a JavaScript object or JSON text (a string, parsed strictly by the core, so
//! duplicate keys are rejected as by the CLI); see [`convert`].
//!
//! The TypeScript declarations are generated from the serde types by `build.rs`.

pub mod convert;

use ocop_core::contract::{self, EditionInfo, Outcome, SetInfo, SheetView};
use ocop_core::json::{self, Json};
use ocop_core::registry::parse_set_number;
use ocop_core::{Error, ErrorCode, Errors};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CONTRACT_TS: &str = include_str!(concat!(env!("OUT_DIR"), "/contract.d.ts"));

/// The two call forms of `editionFor`, which wasm-bindgen cannot declare itself.
#[wasm_bindgen(typescript_custom_section)]
const EDITION_FOR_TS: &str = r#"
/**
 * Which edition applies to a dossier of kind `dossier` filed on `date` (`YYYY-MM-DD`),
 * optionally evaluated on `evaluatedOn`.
 */
export function editionFor(date: string, dossier: Dossier, evaluatedOn?: string | null): Outcome<EditionFor>;
/** The same question as one query object, or as JSON text. */
export function editionFor(query: EditionQuery | string): Outcome<EditionFor>;
"#;

/// Every edition this build knows, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionList {
    /// The editions, as listed by `ocop editions`.
    pub editions: Vec<EditionInfo>,
}

/// The product sets of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductSetList {
    /// The sets this release has data for, as listed by `ocop sets`.
    pub product_sets: Vec<SetInfo>,
}

/// Versions of the engine and of each edition's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Versions {
    /// Version of `ocop-core` (also `provenance.engine_version` in results).
    pub engine_version: String,
    /// Edition id → its data version (also `provenance.data_version` in results).
    pub data_versions: BTreeMap<String, String>,
}

// ---------------------------------------------------------------------------------------------
// The operations on core values (testable without a JavaScript engine).

/// `editions()`.
#[must_use]
pub fn editions_outcome() -> Outcome<EditionList> {
    contract::editions()
        .map(|editions| EditionList { editions })
        .into()
}

/// `productSets(edition)`.
#[must_use]
pub fn product_sets_outcome(edition: &Json) -> Outcome<ProductSetList> {
    json::as_str(edition, "/edition")
        .map_err(Errors::from)
        .and_then(contract::product_sets)
        .map(|product_sets| ProductSetList { product_sets })
        .into()
}

/// `sheet(edition, set)`: `set` is `"1"`, `"01"` or `1`.
#[must_use]
pub fn sheet_outcome(edition: &Json, set: &Json) -> Outcome<SheetView> {
    let ed = json::as_str(edition, "/edition");
    let n = parse_set_number(set, "/product_set");
    match (ed, n) {
        (Ok(ed), Ok(n)) => contract::sheet(ed, &n.to_string()).into(),
        (Err(a), Err(b)) => Outcome::Failure { errors: vec![a, b] },
        (Err(e), _) | (_, Err(e)) => Outcome::Failure { errors: vec![e] },
    }
}

/// `versions()`.
#[must_use]
pub fn versions_outcome() -> Outcome<Versions> {
    contract::editions()
        .map(|eds| Versions {
            engine_version: contract::ENGINE_VERSION.to_owned(),
            data_versions: eds.into_iter().map(|e| (e.id, e.data_version)).collect(),
        })
        .into()
}

// ---------------------------------------------------------------------------------------------
// JavaScript boundary

/// Serialises an outcome into plain JavaScript objects, through the core's own JSON writer
/// and `JSON.parse`, so JavaScript sees exactly the CLI's document.
fn to_js<T: Serialize>(outcome: &Outcome<T>) -> JsValue {
    parse_js(&contract::to_json(outcome))
}

/// The core's JSON text as plain JavaScript objects (`JSON.parse`).
fn parse_js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|_| {
        // Unreachable in practice: the core always writes valid JSON.
        let e = Error::new(
            ErrorCode::InvalidData,
            "",
            "internal error: the result could not be converted",
        );
        js_sys::JSON::parse(&contract::to_json(&Outcome::<()>::Failure {
            errors: vec![e],
        }))
        .unwrap_or(JsValue::NULL)
    })
}

fn failure<T>(e: Error) -> Outcome<T> {
    Outcome::Failure { errors: vec![e] }
}

/// Lists every edition, oldest first.
#[wasm_bindgen(js_name = editions, unchecked_return_type = "Outcome<EditionList>")]
#[must_use]
pub fn js_editions() -> JsValue {
    to_js(&editions_outcome())
}

/// Lists the product sets of an edition (`"26/2026"`; `"26-2026"` is accepted too).
#[wasm_bindgen(js_name = productSets, unchecked_return_type = "Outcome<ProductSetList>")]
#[must_use]
pub fn js_product_sets(
    #[wasm_bindgen(unchecked_param_type = "string")] edition: JsValue,
) -> JsValue {
    match convert::value(&edition, "/edition", 0) {
        Ok(ed) => to_js(&product_sets_outcome(&ed)),
        Err(e) => to_js(&failure::<ProductSetList>(e)),
    }
}

/// The criteria sheet of one product set (`"1"`, `"01"` or `1`) of an edition, as data.
#[wasm_bindgen(js_name = sheet, unchecked_return_type = "Outcome<SheetView>")]
#[must_use]
pub fn js_sheet(
    #[wasm_bindgen(unchecked_param_type = "string")] edition: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | number")] set: JsValue,
) -> JsValue {
    match (
        convert::value(&edition, "/edition", 0),
        convert::value(&set, "/product_set", 0),
    ) {
        (Ok(ed), Ok(set)) => to_js(&sheet_outcome(&ed, &set)),
        (Err(a), Err(b)) => to_js(&Outcome::<SheetView>::Failure { errors: vec![a, b] }),
        (Err(e), _) | (_, Err(e)) => to_js(&failure::<SheetView>(e)),
    }
}

/// Runs a request-taking entry point of the core on a JavaScript object or JSON text.
fn run<T: Serialize>(request: &JsValue, op: fn(&Json) -> Outcome<T>) -> JsValue {
    match convert::request(request) {
        Ok(v) => to_js(&op(&v)),
        Err(e) => to_js(&failure::<T>(e)),
    }
}

/// Scores a request, as `ocop score` does: one sheet
/// (`{edition: "26/2026", product_set: "1", answers: {"1.1": 3}, partial: true}`), or a council
/// when the request has `members`. An object, or the same as JSON text.
#[wasm_bindgen(js_name = score, unchecked_return_type = "Outcome<ScoreOutput>")]
#[must_use]
pub fn js_score(
    #[wasm_bindgen(unchecked_param_type = "ScoreRequest | CouncilRequest | string")]
    request: JsValue,
) -> JsValue {
    parse_js(&score_text(&request))
}

/// `score(request)`, answered as the core's JSON text (the document `ocop score` prints)
/// instead of objects: for callers that send the result on as text (a worker's message, a
/// server's response, a log) or read only a few fields, it saves the `JSON.parse` of the
/// whole result, which costs more than the scoring itself.
#[wasm_bindgen(js_name = scoreJson)]
#[must_use]
pub fn js_score_json(
    #[wasm_bindgen(unchecked_param_type = "ScoreRequest | CouncilRequest | string")]
    request: JsValue,
) -> String {
    score_text(&request)
}

/// `score(request)` as the core's JSON text. JSON text goes to the core as it is; an object is
/// first read into the core's JSON tree by [`convert::value`] (which reports what JSON cannot
/// hold, with its path), then written back as compact JSON text. Both then take
/// `contract::score_json_str`, whose fast path (one sheet, well-formed answers) reads the
/// text without building a tree and writes the same bytes as the reference path; the
/// reference path reads exactly the tree the object gave. So the outcome is the one
/// `contract::score_json` gives for that tree, at the fast path's cost.
#[must_use]
pub fn score_text(request: &JsValue) -> String {
    if let Some(text) = request.as_string() {
        return contract::score_json_str(&text);
    }
    match convert::value(request, "", 0) {
        Ok(tree) => {
            let text = contract::to_json(&tree);
            if text.len() <= json::MAX_INPUT_BYTES {
                contract::score_json_str(&text)
            } else {
                // Text this long would be refused as input_too_large; the tree is not.
                contract::to_json(&contract::score_json(&tree))
            }
        }
        Err(e) => contract::to_json(&failure::<()>(e)),
    }
}

/// Scores a council request (`level` and the `members`' sheets); a request without
/// `members` is a failure.
#[wasm_bindgen(js_name = scoreCouncil, unchecked_return_type = "Outcome<CouncilResult>")]
#[must_use]
pub fn js_score_council(
    #[wasm_bindgen(unchecked_param_type = "CouncilRequest | string")] request: JsValue,
) -> JsValue {
    run(&request, ocop_core::council::score_council_json)
}

/// Which edition applies to a dossier: `editionFor("2026-06-01", "first")`, with an optional
/// evaluation date as third argument, or `editionFor({date, dossier, evaluated_on})` (object
/// or JSON text) when called with one argument.
///
/// Its TypeScript overloads are declared in [`EDITION_FOR_TS`].
#[wasm_bindgen(js_name = editionFor, skip_typescript)]
#[must_use]
pub fn js_edition_for(
    date_or_query: JsValue,
    dossier: Option<JsValue>,
    evaluated_on: Option<JsValue>,
) -> JsValue {
    let Some(dossier) = dossier.filter(|d| !d.is_undefined()) else {
        return run(&date_or_query, ocop_core::timeline::edition_for_json);
    };
    let mut entries = Vec::with_capacity(3);
    let mut errors = Vec::new();
    for (key, v) in [
        ("date", Some(date_or_query)),
        ("dossier", Some(dossier)),
        ("evaluated_on", evaluated_on),
    ] {
        match v.filter(|x| !x.is_undefined()) {
            None => {}
            Some(x) => match convert::value(&x, &format!("/{key}"), 1) {
                Ok(j) => entries.push((key.to_owned(), j)),
                Err(e) => errors.push(e),
            },
        }
    }
    if errors.is_empty() {
        to_js(&ocop_core::timeline::edition_for_json(&Json::Object(
            entries,
        )))
    } else {
        to_js(&Outcome::<()>::Failure { errors })
    }
}

/// A certificate's expiry, re-evaluation window and validity on a date:
/// `certificate({issued: "2024-03-01", on: "2026-06-01"})` (object or JSON text).
#[wasm_bindgen(js_name = certificate, unchecked_return_type = "Outcome<Certificate>")]
#[must_use]
pub fn js_certificate(
    #[wasm_bindgen(unchecked_param_type = "CertificateQuery | string")] query: JsValue,
) -> JsValue {
    run(&query, ocop_core::certificate::certificate_json)
}

/// The cheapest changes that lift a product to `target` stars (default: the next level):
/// a scoring request plus `target`, `frozen` and `max_changes` (object or JSON text).
#[wasm_bindgen(js_name = advise, unchecked_return_type = "Outcome<AdviceOutput>")]
#[must_use]
pub fn js_advise(
    #[wasm_bindgen(unchecked_param_type = "AdviseRequest | string")] request: JsValue,
) -> JsValue {
    run(&request, ocop_core::advise::advise_json)
}

/// Versions of the engine and of each edition's data.
#[wasm_bindgen(js_name = versions, unchecked_return_type = "Outcome<Versions>")]
#[must_use]
pub fn js_versions() -> JsValue {
    to_js(&versions_outcome())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Json {
        Json::parse_str(s).unwrap()
    }

    #[test]
    fn catalogue_outcomes_are_tagged() {
        let t = contract::to_json(&editions_outcome());
        assert!(
            t.starts_with(r#"{"status":"success","editions":[{"id":"#),
            "{t}"
        );
        let t = contract::to_json(&product_sets_outcome(&parse(r#""26/2026""#)));
        assert!(
            t.starts_with(r#"{"status":"success","product_sets":[{"number":1,"#),
            "{t}"
        );
        let t = contract::to_json(&sheet_outcome(&parse(r#""26/2026""#), &parse("1")));
        assert!(
            t.starts_with(r#"{"status":"success","edition":"26/2026""#),
            "{t}"
        );
        let v = contract::to_json(&versions_outcome());
        assert!(v.contains(r#""engine_version":"#), "{v}");
    }

    #[test]
    fn catalogue_failures_carry_codes_and_paths() {
        let t = contract::to_json(&product_sets_outcome(&parse(r#""99/2099""#)));
        assert!(
            t.starts_with(
                r#"{"status":"failure","errors":[{"code":"unknown_edition","path":"/edition""#
            ),
            "{t}"
        );
        let t = contract::to_json(&sheet_outcome(&parse("26"), &parse(r#""x""#)));
        assert!(
            t.contains(r#""code":"wrong_type","path":"/edition""#),
            "{t}"
        );
        assert!(
            t.contains(r#""code":"unknown_product_set","path":"/product_set""#),
            "{t}"
        );
    }

    #[test]
    fn score_matches_the_core_text_contract() {
        let req =
            r#"{"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3}, "partial": true}"#;
        assert_eq!(
            contract::to_json(&contract::score_json(&parse(req))),
            contract::score_json_str(req)
        );
    }
}
