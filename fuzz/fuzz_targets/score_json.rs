//! The JSON request entry point (single sheet, and councils through the same dispatch):
//! bytes in, outcome JSON out, never a panic, always the same bytes for the same input.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let out = ocop_core::contract::score_json_bytes(data);
    common::check_outcome(&out);
    assert_eq!(
        out,
        ocop_core::contract::score_json_bytes(data),
        "not deterministic"
    );
});
