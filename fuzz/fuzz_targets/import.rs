//! The importer of filled forms (`ocop import`): any bytes, read as an xlsx/ods workbook (a
//! zip), or as CSV, must give a request or typed errors, never a panic, and within bounded
//! memory (the limits refuse bombs before the parsers see them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_office::import::{self, ImportOptions, InputFile};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the name the bytes are given under (a CSV is only read as such).
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("fuzz.csv", rest),
        Some((_, rest)) => ("fuzz.xlsx", rest),
        None => ("fuzz.xlsx", data),
    };
    let file = InputFile {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    };
    match import::read(&[file], &ImportOptions::default()) {
        Ok(imported) => {
            let (text, _) = imported.score_json();
            assert!(text.starts_with("{\"status\":"), "{text}");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty());
            let text = import::failure_json(errors);
            assert!(text.starts_with("{\"status\":\"failure\""), "{text}");
        }
    }
});
