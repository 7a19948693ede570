//! The criteria-data parser: any text is a sheet or an `invalid_data` error, never a panic;
//! a sheet that loads survives a serialise/reload round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_core::data::{load_edition_meta, load_sheet};
use ocop_core::error::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match load_sheet("fuzz/set-01.json", text) {
        Ok(sheet) => {
            let again = ocop_core::contract::to_json(&sheet);
            let reloaded = load_sheet("fuzz/set-01.json", &again);
            assert_eq!(
                reloaded.as_ref().ok(),
                Some(&sheet),
                "sheet does not round-trip"
            );
        }
        Err(e) => assert_eq!(e.code, ErrorCode::InvalidData),
    }
    match load_edition_meta("fuzz/edition.json", text) {
        Ok(_) => {}
        Err(e) => assert_eq!(e.code, ErrorCode::InvalidData),
    }
});
