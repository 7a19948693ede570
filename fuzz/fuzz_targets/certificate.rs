//! The certificate JSON entry point: text in, outcome JSON out, never a panic, always the
//! same bytes for the same input.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let out = ocop_core::contract::certificate_json_str(text);
    common::check_outcome(&out);
    assert_eq!(
        out,
        ocop_core::contract::certificate_json_str(text),
        "not deterministic"
    );
});
