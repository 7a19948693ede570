//! The advisor's JSON entry point: bytes in, outcome JSON out, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let out = ocop_core::advise::advise_json_bytes(data);
    common::check_outcome(&out);
});
