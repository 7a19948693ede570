//! A province's register (`ocop portfolio`): any bytes, read as CSV or as an xlsx/ods workbook
//! (the first byte picks the name), and any targets file (JSON or CSV), must give an analysis
//! or a typed error, never a panic. Every data row of a register that can be read appears in
//! the output, with its result or its error: nothing is dropped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_core::date::Date;
use ocop_office::portfolio;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(on) = Date::new(2026, 12, 3) else {
        return;
    };
    match pick % 4 {
        // A targets file.
        0 | 1 => {
            let name = if pick % 4 == 0 { "t.json" } else { "t.csv" };
            if let Ok(targets) = portfolio::read_targets(name, rest) {
                let _ = portfolio::analyse_bytes("r.csv", b"product_id,stars\nA,3\n", on, &targets);
            }
        }
        // A register.
        n => {
            let name = if n == 2 { "r.csv" } else { "r.xlsx" };
            if let Ok(p) = portfolio::analyse_bytes(name, rest, on, &[]) {
                assert_eq!(
                    p.products.len() as u64,
                    p.summary.totals.rows,
                    "rows dropped"
                );
                let text = ocop_core::contract::to_json(&p);
                assert!(text.starts_with("{\"status\":\"success\""));
            }
        }
    }
});
