//! The JSONL stream as the CLI runs it: one outcome line per input line, in place, whatever
//! the other lines hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let mut n_in = 0usize;
    let mut out = String::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let r = ocop_core::contract::score_json_bytes(body);
        common::check_outcome(&r);
        // A line scores the same alone as in the stream.
        out.push_str(&r);
        out.push('\n');
        n_in += 1;
    }
    assert_eq!(out.lines().count(), n_in, "one outcome per line");
});
