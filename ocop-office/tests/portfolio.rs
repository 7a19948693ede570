//! The portfolio against the independent oracle `tests/oracle/portfolio.py`: the edge-case
//! register (29 February, month ends, the window's inclusive bounds, the edition transitions,
//! extensions, bad rows of every kind) read as CSV, as XLSX and as JSON lines gives the
//! standings, windows, counts, events and targets the oracle computed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use ocop_core::date::Date;
use ocop_core::error::ErrorCode;
use ocop_office::portfolio::{analyse, read_targets, Portfolio};
use ocop_office::table::{Format, Table};
use serde_json::{json, Value};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/portfolio")
}

fn on() -> Date {
    Date::parse("2026-12-01", "").unwrap()
}

fn run(table: &Table) -> Value {
    let targets = read_targets(
        "targets-edge.json",
        &std::fs::read(dir().join("targets-edge.json")).unwrap(),
    )
    .unwrap();
    let p: Portfolio = analyse(ocop_core::registry().unwrap(), table, on(), &targets).unwrap();
    serde_json::to_value(&p).unwrap()
}

/// The fields the oracle computes, from the engine's product entry.
fn project(p: &Value) -> Value {
    let mut o = json!({
        "row": p["row"], "product_id": p["product_id"], "standing": p["standing"],
        "expires": p["expires"], "window": p["window"], "days_to_expiry": p["days_to_expiry"],
        "three_star_non": p["three_star_non"],
        "next_star": if p["next_star"].is_null() { Value::Null } else { json!({
            "target": p["next_star"]["target"], "band_min": p["next_star"]["band_min"],
            "points_missing": p["next_star"]["points_missing"],
            "has_plan": !p["next_star"]["plan"].is_null(),
        })},
        "flags": p["flags"].as_array().unwrap().iter().map(|f| f["code"].clone()).collect::<Vec<_>>(),
        "error": if p["error"].is_null() { Value::Null } else {
            json!({"code": p["error"]["code"], "column": p["error"]["column"]})
        },
    });
    if p["error"].is_null() {
        o["edition"] = p["edition"].clone();
        o["edition_inferred"] = p["edition_inferred"].clone();
        o["valid_until"] = p["valid_until"].clone();
    }
    o
}

fn compare(got: &Value) {
    let want: Value =
        serde_json::from_slice(&std::fs::read(dir().join("expected-edge.json")).unwrap()).unwrap();
    assert_eq!(got["status"], "success");
    assert_eq!(got["on"], want["on"]);
    assert_eq!(got["ignored_columns"], json!(["ghi_chu"]));
    let gp = got["products"].as_array().unwrap();
    let wp = want["products"].as_array().unwrap();
    assert_eq!(gp.len(), wp.len(), "every row is in the output");
    for (g, w) in gp.iter().zip(wp) {
        assert_eq!(&project(g), w, "row {}", w["row"]);
        if !g["error"].is_null() {
            let e = &g["error"];
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(e["path"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/{}", w["row"])));
            assert!(g["standing"].is_null() && g["window"].is_null() && g["next_star"].is_null());
        }
    }
    assert_eq!(got["summary"], want["summary"]);
    assert_eq!(got["upcoming"], want["upcoming"]);
    assert_eq!(got["targets"], want["targets"]);
}

fn csv_table() -> Table {
    Table::read(
        &std::fs::read(dir().join("register-edge.csv")).unwrap(),
        Format::Csv,
    )
    .unwrap()
}

#[test]
fn csv_matches_the_oracle() {
    compare(&run(&csv_table()));
}

#[test]
fn error_cells_name_the_spreadsheet_cell() {
    let got = run(&csv_table());
    let row = got["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product_id"] == "E-046")
        .unwrap();
    // `issued` is the 11th column (K).
    assert_eq!(row["error"]["cell"], format!("K{}", row["row"]));
    assert_eq!(row["error"]["path"], format!("/{}/issued", row["row"]));
}

/// The same register written as an XLSX workbook (dates as date cells, numbers as numbers,
/// the header in row 1) reads to the same analysis.
#[test]
fn xlsx_matches_the_oracle() {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let t = csv_table();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    for (c, h) in t.columns.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (i, r) in t.rows.iter().enumerate() {
        let row = (r.number - 1) as u32;
        assert_eq!(r.number, i + 2);
        for (c, v) in r.cells.iter().enumerate() {
            let Some(text) = v.text() else { continue };
            let col = t.columns[c].as_str();
            let c = c as u16;
            if let (true, Ok(d)) = (
                matches!(
                    col,
                    "issued" | "expires" | "reevaluation_filed" | "result_on"
                ),
                Date::parse(&text, ""),
            ) {
                let x = ExcelDateTime::from_ymd(d.year() as u16, d.month(), d.day()).unwrap();
                ws.write_datetime_with_format(row, c, &x, &date_fmt)
                    .unwrap();
            } else if let (true, Ok(n)) = (
                matches!(col, "stars" | "total" | "product_set")
                    || col.starts_with(char::is_numeric),
                text.parse::<f64>(),
            ) {
                ws.write_number(row, c, n).unwrap();
            } else {
                ws.write_string(row, c, &text).unwrap();
            }
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    assert_eq!(Format::detect("r.bin", &bytes), Format::Xlsx);
    let x = Table::read(&bytes, Format::Xlsx).unwrap();
    assert_eq!(x.rows.len(), t.rows.len());
    compare(&run(&x));
}

/// The same register as JSON lines (one object per row, empty cells left out).
#[test]
fn json_lines_match_the_oracle() {
    let t = csv_table();
    let mut text = String::new();
    // Row numbers of JSON lines are line numbers: a blank first line keeps them equal to the
    // CSV's.
    text.push('\n');
    for r in &t.rows {
        let mut o = serde_json::Map::new();
        for (c, v) in r.cells.iter().enumerate() {
            if let Some(s) = v.text() {
                o.insert(t.columns[c].clone(), Value::String(s));
            }
        }
        text.push_str(&serde_json::to_string(&o).unwrap());
        text.push('\n');
    }
    let j = Table::read(text.as_bytes(), Format::JsonLines).unwrap();
    let got = run(&j);
    // Columns come in order of first appearance; the oracle's checks do not depend on it.
    let want: Value =
        serde_json::from_slice(&std::fs::read(dir().join("expected-edge.json")).unwrap()).unwrap();
    for (g, w) in got["products"]
        .as_array()
        .unwrap()
        .iter()
        .zip(want["products"].as_array().unwrap())
    {
        // JSON lines report cells as `line N`; the oracle compares codes and columns only.
        assert_eq!(&project(g), w, "row {}", w["row"]);
    }
    assert_eq!(got["summary"], want["summary"]);
    assert_eq!(got["upcoming"], want["upcoming"]);
}

#[test]
fn whole_register_failures() {
    let e = Table::read_limited(b"product_id\nx\n", Format::Csv, 4).unwrap_err();
    assert_eq!(e.code, ErrorCode::InputTooLarge);
    let t = Table::read(b"product_id,stars\nA,3\n", Format::Csv).unwrap();
    let e = analyse(ocop_core::registry().unwrap(), &t, on(), &[]).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::MissingField, "/columns/product_name")
    );
}

#[test]
fn reports_render() {
    let got = {
        let targets = read_targets(
            "targets-edge.json",
            &std::fs::read(dir().join("targets-edge.json")).unwrap(),
        )
        .unwrap();
        analyse(ocop_core::registry().unwrap(), &csv_table(), on(), &targets).unwrap()
    };
    let html = ocop_office::portfolio::html::render(&got);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg") && html.contains("ocop-stars-by-sector"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("Cần nộp hồ sơ đánh giá lại ngay"));
    let xlsx = ocop_office::portfolio::xlsx::render(&got).unwrap();
    // The workbook reads back: its first sheet holds one row per register row.
    let back = Table::read(&xlsx, Format::Xlsx).unwrap();
    assert_eq!(back.rows.len(), got.products.len());
    assert_eq!(back.columns[0], "Dòng");
}
