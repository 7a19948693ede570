//! The bad-input catalogue through the `ocop` binary: one request on stdin or from a file, and
//! all of them as one JSONL stream. The table and the checks live in
//! `tests/tests/bad_input.rs`; Cargo gives this crate's tests the binary's path.

#[path = "../../tests/tests/bad_input.rs"]
mod catalogue;
