//! Council requests: the fuzz input is parsed and always handed to the council reader, so the
//! mutator does not have to keep a `"members"` key to reach it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_core::contract::{to_json, Outcome};
use ocop_core::json::Json;

mod common;

fuzz_target!(|data: &[u8]| {
    let out = match Json::parse(data) {
        Ok(v) => to_json(&ocop_core::council::score_council_json(&v)),
        Err(e) => to_json(&Outcome::<()>::Failure { errors: vec![e] }),
    };
    common::check_outcome(&out);
});
