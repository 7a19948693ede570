//! The Rust side of the Python value reader: `ocop.score(dict)` turns the dict into the
//! core's JSON tree (`ocop-py/src/convert.rs`) and scores the tree with
//! `contract::evaluate_json`, and `score_many`'s dict reader resolves each answer with
//! `contract::read_answer`. Any tree the text parser can build must score through the tree
//! entry point to exactly the bytes of the text entry point, and every answer value must be
//! read without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_core::contract;
use ocop_core::json::Json;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(tree) = Json::parse(data) else {
        return;
    };
    let by_tree = contract::to_json(&contract::score_json(&tree));
    common::check_outcome(&by_tree);
    assert_eq!(
        by_tree,
        contract::score_json_bytes(data),
        "tree and text entry points differ"
    );
    if let Json::Object(entries) = &tree {
        for (key, value) in entries {
            if key == "answers" {
                if let Json::Object(answers) = value {
                    for (code, v) in answers {
                        let _ = contract::read_answer(v, "/answers", code);
                    }
                }
            }
        }
    }
});
