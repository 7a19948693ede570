//! The bad-input catalogue: every kind of malformed request we know of, each with the error
//! code and JSON Pointer it must produce, run through `contract::score_json_bytes`, through the
//! `ocop` binary (one request on stdin, and all of them as one JSONL stream), never a panic.
//!
//! This file is compiled twice: here (library checks) and by `ocop-cli/tests/bad_input.rs`
//! (`#[path]` include), where Cargo provides the freshly built binary in
//! `CARGO_BIN_EXE_ocop`; the CLI checks run there. Crashes found by `fuzz/smoke.sh` become
//! rows of [`catalogue`].
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code
)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What a case must produce.
#[derive(Debug, Clone)]
pub enum Expect {
    /// A success outcome.
    Success,
    /// A failure whose first error has this code and path, with `count` errors (if given).
    Fail {
        code: &'static str,
        path: String,
        count: Option<usize>,
    },
}

/// One catalogue row.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    pub input: Vec<u8>,
    pub expect: Expect,
}

fn fail(code: &'static str, path: &str) -> Expect {
    Expect::Fail {
        code,
        path: path.to_owned(),
        count: Some(1),
    }
}

fn fail_n(code: &'static str, path: &str, n: usize) -> Expect {
    Expect::Fail {
        code,
        path: path.to_owned(),
        count: Some(n),
    }
}

fn fail_first(code: &'static str, path: &str) -> Expect {
    Expect::Fail {
        code,
        path: path.to_owned(),
        count: None,
    }
}

/// Every criterion of 26/2026 set 1 answered (a valid 5★ sheet).
const FULL: &[(&str, &str)] = &[
    ("1.1", "3"),
    ("1.2", "2"),
    ("1.3", "3"),
    ("1.4", "3"),
    ("1.5", "4"),
    ("1.6", "3"),
    ("1.7", "2"),
    ("2.1", "3"),
    ("2.2", "4"),
    ("2.3", "3"),
    ("2.4", "2"),
    ("3.1", "3"),
    ("3.2", "2"),
    ("3.3", "3"),
    ("3.4", "2"),
    ("3.5", "3"),
    ("4.1", "4"),
    ("4.2", "4"),
    ("4.3", "5"),
    ("5.1", "5"),
    ("5.2", "3"),
    ("5.3", "4"),
    ("6.1", "3"),
    ("6.2", "5"),
    ("6.3", "4"),
    ("6.4", "4"),
    ("7", "3"),
    ("8", "4"),
    ("9", "3"),
    ("10", "3"),
    ("11", "2"),
    ("12", "3"),
];

/// The answers object of [`FULL`] with `1.1` replaced by the raw JSON `one_one` (`None`
/// drops it) and `extra` appended (raw `"key": value` text).
fn answers(one_one: Option<&str>, extra: &str) -> String {
    let mut parts: Vec<String> = FULL
        .iter()
        .filter_map(|&(k, v)| match (k, one_one) {
            ("1.1", None) => None,
            ("1.1", Some(raw)) => Some(format!("\"1.1\":{raw}")),
            _ => Some(format!("\"{k}\":{v}")),
        })
        .collect();
    if !extra.is_empty() {
        parts.push(extra.to_owned());
    }
    format!("{{{}}}", parts.join(","))
}

/// A complete request on 26/2026 set 1 whose `1.1` answer is the raw JSON `one_one`.
fn with_answer(one_one: &str) -> Vec<u8> {
    format!(
        "{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}",
        answers(Some(one_one), "")
    )
    .into_bytes()
}

/// A request on 26/2026 set 1 with full answers and these raw top-level fields replacing the
/// defaults (`edition`, `product_set`) or added.
fn request(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out: Vec<(String, String)> = vec![
        ("edition".into(), "\"26/2026\"".into()),
        ("product_set".into(), "\"1\"".into()),
        ("answers".into(), answers(Some("3"), "")),
    ];
    for &(k, v) in fields {
        match out.iter_mut().find(|(k2, _)| k2 == k) {
            Some(slot) => slot.1 = v.to_owned(),
            None => out.push((k.to_owned(), v.to_owned())),
        }
    }
    out.retain(|(_, v)| !v.is_empty());
    let body: Vec<String> = out.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(",")).into_bytes()
}

fn good() -> Vec<u8> {
    request(&[])
}

fn council(members: &str) -> Vec<u8> {
    format!(
        "{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"level\":\"province\",\"members\":{members}}}"
    )
    .into_bytes()
}

/// The catalogue. Every row is a distinct kind of bad (or borderline) input.
#[must_use]
pub fn catalogue() -> Vec<Case> {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(good());
    let mut bom_twice = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    bom_twice.extend(good());
    let deep = [vec![b'['; 100_000], vec![b']'; 100_000]].concat();
    let deep_inside = format!(
        "{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{{\"1.1\":{}1{}}}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    let all_members = answers(Some("3"), "");
    let rows: Vec<(&'static str, Vec<u8>, Expect)> = vec![
        // Framing and encoding.
        ("empty input", b"".to_vec(), fail("empty_input", "")),
        ("only white space", b" \n\t\r ".to_vec(), fail("empty_input", "")),
        ("a leading UTF-8 BOM is accepted", bom, Expect::Success),
        ("only a BOM", b"\xEF\xBB\xBF".to_vec(), fail("empty_input", "")),
        ("two BOMs", bom_twice, fail("invalid_json", "")),
        ("UTF-16 BOM", b"\xFF\xFE{}".to_vec(), fail("invalid_json", "")),
        ("invalid UTF-8 in a string", b"{\"edition\":\"26/\xFF2026\",\"product_set\":\"1\",\"answers\":{}}".to_vec(), fail("invalid_json", "")),
        ("invalid UTF-8 outside strings", b"\xC3\x28".to_vec(), fail("invalid_json", "")),
        ("overlong UTF-8 encoding", b"{\"edition\":\"\xC0\xAF\"}".to_vec(), fail("invalid_json", "")),
        ("truncated document", good()[..40].to_vec(), fail("invalid_json", "")),
        ("trailing garbage", [good(), b" x".to_vec()].concat(), fail("invalid_json", "")),
        ("two documents", [good(), good()].concat(), fail("invalid_json", "")),
        ("raw NUL in a string", b"{\"edition\":\"26/\x002026\"}".to_vec(), fail("invalid_json", "")),
        ("invalid escape", b"{\"edition\":\"\\x\"}".to_vec(), fail("invalid_json", "")),
        ("lone surrogate escape", b"{\"edition\":\"\\ud800\",\"product_set\":\"1\",\"answers\":{}}".to_vec(), fail("invalid_json", "")),
        ("single quotes", b"{'edition':'26/2026'}".to_vec(), fail("invalid_json", "")),
        ("trailing comma", request(&[("partial", "false,")]), fail("invalid_json", "")),
        ("comment", [b"// c\n".to_vec(), good()].concat(), fail("invalid_json", "")),
        // Wrong types.
        ("top level is an array", b"[]".to_vec(), fail("wrong_type", "")),
        ("top level is a string", b"\"26/2026\"".to_vec(), fail("wrong_type", "")),
        ("top level is null", b"null".to_vec(), fail("wrong_type", "")),
        ("top level is a number", b"42".to_vec(), fail("wrong_type", "")),
        ("edition is a number", request(&[("edition", "26")]), fail("wrong_type", "/edition")),
        ("product_set is a boolean", request(&[("product_set", "true")]), fail("wrong_type", "/product_set")),
        ("answers is an array", request(&[("answers", "[3,2]")]), fail("wrong_type", "/answers")),
        ("answers is null", request(&[("answers", "null")]), fail("wrong_type", "/answers")),
        ("option is a string", with_answer("\"3\""), fail("wrong_type", "/answers/1.1")),
        ("option is a boolean", with_answer("true"), fail("wrong_type", "/answers/1.1")),
        ("option is an object", with_answer("{}"), fail("wrong_type", "/answers/1.1")),
        ("option list holds a string", with_answer("[\"1\"]"), fail("wrong_type", "/answers/1.1/0")),
        ("partial is a string", request(&[("partial", "\"yes\"")]), fail("wrong_type", "/partial")),
        ("eliminated is a string", request(&[("eliminated", "\"6.1\"")]), fail("wrong_type", "/eliminated")),
        // Numbers.
        ("NaN literal", with_answer("NaN"), fail("invalid_json", "")),
        ("Infinity literal", with_answer("Infinity"), fail("invalid_json", "")),
        ("number beyond f64", with_answer("1e400"), fail("invalid_json", "")),
        ("integer beyond u64", with_answer("18446744073709551616"), fail("option_out_of_range", "/answers/1.1")),
        ("integer far beyond u64", with_answer(&"9".repeat(400)), fail("invalid_json", "")),
        ("whole float beyond u32", with_answer("5e9"), fail("option_out_of_range", "/answers/1.1")),
        ("whole float far beyond u64", with_answer("1e300"), fail("option_out_of_range", "/answers/1.1")),
        ("integer beyond u64 in a list", with_answer("[18446744073709551616]"), fail("option_out_of_range", "/answers/1.1/0")),
        ("fractional option beyond u32", with_answer("4294967296.5"), fail("invalid_number", "/answers/1.1")),
        ("integer beyond u32", with_answer("4294967296"), fail("option_out_of_range", "/answers/1.1")),
        ("option zero", with_answer("0"), fail("option_out_of_range", "/answers/1.1")),
        ("negative option", with_answer("-1"), fail("option_out_of_range", "/answers/1.1")),
        ("negative zero", with_answer("-0"), fail("option_out_of_range", "/answers/1.1")),
        ("negative zero float", with_answer("-0.0"), fail("option_out_of_range", "/answers/1.1")),
        ("fractional option", with_answer("2.5"), fail("invalid_number", "/answers/1.1")),
        ("whole float option is accepted", with_answer("3.0"), Expect::Success),
        ("exponent option is accepted", with_answer("3e0"), Expect::Success),
        ("option beyond the criterion", with_answer("4"), fail("option_out_of_range", "/answers/1.1")),
        ("option zero in a list", with_answer("[0]"), fail("option_out_of_range", "/answers/1.1/0")),
        ("two options for a single criterion", with_answer("[1,2]"), fail("multiple_answers", "/answers/1.1")),
        ("empty list for a single criterion", with_answer("[]"), fail("missing_answer", "/answers/1.1")),
        (
            "additive criterion lists an option twice",
            b"{\"edition\":\"1048/2019\",\"product_set\":\"26\",\"answers\":{\"6\":[1,1]},\"partial\":true}".to_vec(),
            fail("duplicate_option", "/answers/6/1"),
        ),
        // Fields.
        ("unknown top-level field", request(&[("foo", "1")]), fail("unknown_field", "/foo")),
        ("misspelt field", request(&[("product_set", ""), ("productSet", "\"1\"")]), fail_first("unknown_field", "/productSet")),
        ("missing edition", request(&[("edition", "")]), fail("missing_field", "/edition")),
        ("missing answers", request(&[("answers", "")]), fail("missing_field", "/answers")),
        ("unknown criterion", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("3"), "\"99.9\":1")).into_bytes(), fail("unknown_criterion", "/answers/99.9")),
        ("missing answer without partial", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(None, "")).into_bytes(), fail("missing_answer", "/answers/1.1")),
        ("unknown edition", request(&[("edition", "\"27/2027\"")]), fail("unknown_edition", "/edition")),
        ("product set 0", request(&[("product_set", "\"0\"")]), fail("unknown_product_set", "/product_set")),
        ("product set beyond the edition", request(&[("product_set", "\"27\"")]), fail("unknown_product_set", "/product_set")),
        ("product set not a number", request(&[("product_set", "\"abc\"")]), fail("unknown_product_set", "/product_set")),
        ("elimination flag on a criterion without one", request(&[("eliminated", "[\"1.1\"]")]), fail("not_eliminable", "/eliminated/0")),
        ("elimination flag listed twice", request(&[("eliminated", "[\"6.1\",\"6.1\"]")]), fail("duplicate_key", "/eliminated/1")),
        (
            "every field wrong at once",
            b"{\"edition\":5,\"product_set\":\"x\",\"answers\":{\"1.1\":0},\"partial\":\"no\"}".to_vec(),
            fail_n("wrong_type", "/edition", 4),
        ),
        // Duplicate keys at several depths.
        ("duplicate top-level key", b"{\"edition\":\"26/2026\",\"edition\":\"148/2023\",\"product_set\":\"1\",\"answers\":{}}".to_vec(), fail("duplicate_key", "/edition")),
        ("duplicate answer key", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("1"), "\"1.1\":2")).into_bytes(), fail("duplicate_key", "/answers/1.1")),
        ("duplicate answer key, first null", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("null"), "\"1.1\":2")).into_bytes(), fail("duplicate_key", "/answers/1.1")),
        ("duplicate key in a council member", council("[{\"member\":\"A\",\"member\":\"B\",\"answers\":{}}]"), fail("duplicate_key", "/members/0/member")),
        ("duplicate key in a member's answers", council("[{\"member\":\"A\",\"answers\":{\"1.1\":1,\"1.1\":1}}]"), fail("duplicate_key", "/members/0/answers/1.1")),
        // Size and depth.
        ("deeply nested arrays", deep, fail("nesting_too_deep", "")),
        ("deep nesting inside an answer", deep_inside.into_bytes(), fail("nesting_too_deep", "")),
        ("10 MB edition string", request(&[("edition", &format!("\"{ten_mb}\""))]), fail("unknown_edition", "/edition")),
        ("10 MB criterion code", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("3"), &format!("\"{ten_mb}\":1"))).into_bytes(), fail("unknown_criterion", &format!("/answers/{ten_mb}"))),
        ("input above 16 MiB", request(&[("edition", &format!("\"{}\"", "y".repeat(17 * 1024 * 1024)))]), fail("input_too_large", "")),
        // Unicode normalisation: codes match byte for byte, no normalisation.
        ("NFD combining mark in a code", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("3"), "\"1.1\u{301}\":1")).into_bytes(), fail("unknown_criterion", "/answers/1.1\u{301}")),
        ("NFC and NFD forms of one key are two keys", b"{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{\"T\xC3\xAA\":1,\"Te\xCC\x82\":1},\"partial\":true}".to_vec(), fail_n("unknown_criterion", "/answers/Te\u{302}", 2)),
        ("NFD edition id", request(&[("edition", "\"26/2026\u{301}\"")]), fail("unknown_edition", "/edition")),
        ("full-width digits in a code", format!("{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}", answers(Some("3"), "\"\u{FF11}.\u{FF11}\":1")).into_bytes(), fail("unknown_criterion", "/answers/\u{FF11}.\u{FF11}")),
        // Councils.
        ("council without members", council("[]"), fail("missing_field", "/members")),
        ("council member is not an object", council("[3]"), fail("wrong_type", "/members/0")),
        ("council members is an object", council("{}"), fail_first("wrong_type", "/members")),
        ("member named twice", council(&format!("[{{\"member\":\"A\",\"answers\":{all_members}}},{{\"member\":\"A\",\"answers\":{all_members}}}]")), fail("duplicate_key", "/members/1/member")),
        (
            "NFC and NFD member names are two members",
            council(&format!("[{{\"member\":\"Nguy\u{1EC5}n\",\"answers\":{all_members}}},{{\"member\":\"Nguye\u{302}\u{303}n\",\"answers\":{all_members}}}]")),
            Expect::Success,
        ),
        ("unknown council level", b"{\"edition\":\"26/2026\",\"product_set\":\"1\",\"level\":\"village\",\"members\":[{\"member\":\"A\",\"answers\":{}}]}".to_vec(), fail("wrong_type", "/level")),
        // Dates.
        ("impossible date", b"{\"date\":\"2023-02-30\",\"product_set\":\"1\",\"answers\":{}}".to_vec(), fail_first("invalid_date", "/date")),
    ];
    rows.into_iter()
        .map(|(name, input, expect)| Case {
            name,
            input,
            expect,
        })
        .collect()
}

/// Checks one outcome document against a row; returns a description of the mismatch.
fn check(case: &Case, out: &str) -> Result<(), String> {
    let v: serde_json::Value =
        serde_json::from_str(out).map_err(|e| format!("output is not JSON ({e}): {:.200}", out))?;
    if out.contains('\n') {
        return Err("output spans several lines".into());
    }
    let status = v["status"].as_str().unwrap_or("");
    match &case.expect {
        Expect::Success if status == "success" => Ok(()),
        Expect::Success => Err(format!("expected success, got {:.300}", out)),
        Expect::Fail { code, path, count } => {
            let errors = v["errors"].as_array().cloned().unwrap_or_default();
            let first = errors
                .first()
                .ok_or_else(|| format!("no errors: {:.300}", out))?;
            let (c, p) = (first["code"].as_str(), first["path"].as_str());
            if status != "failure" || c != Some(code) || p != Some(path.as_str()) {
                return Err(format!(
                    "expected {code} at {:.80?}, got {:?} at {:.80?}",
                    path, c, p
                ));
            }
            if let Some(n) = count {
                if errors.len() != *n {
                    return Err(format!(
                        "expected {n} errors, got {}: {:.300}",
                        errors.len(),
                        out
                    ));
                }
            }
            for e in &errors {
                if e["message"].as_str().is_none_or(str::is_empty) {
                    return Err(format!("error without a message: {e}"));
                }
            }
            Ok(())
        }
    }
}

/// The `ocop` binary, when this file is compiled as an integration test of `ocop-cli`.
fn ocop_exe() -> Option<PathBuf> {
    option_env!("CARGO_BIN_EXE_ocop").map(PathBuf::from)
}

/// Library checks run in the `ocop-tests` copy only (the CLI copy would repeat them).
fn library_copy() -> bool {
    ocop_exe().is_none()
}

fn run_cli(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let exe = ocop_exe().expect("ocop binary");
    let mut child = Command::new(exe)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ocop starts");
    let mut sin = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&input);
    });
    let out = child.wait_with_output().expect("ocop runs");
    writer.join().expect("writer");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn catalogue_has_at_least_30_kinds() {
    let cases = catalogue();
    eprintln!("bad-input catalogue: {} cases", cases.len());
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let codes: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| match c.expect {
            Expect::Fail { code, .. } => Some(code),
            Expect::Success => None,
        })
        .collect();
    assert!(codes.len() >= 15, "codes covered: {codes:?}");
}

#[test]
fn every_case_through_the_library() {
    if !library_copy() {
        return;
    }
    let mut failures = Vec::new();
    for case in catalogue() {
        let out = ocop_core::contract::score_json_bytes(&case.input);
        if let Err(why) = check(&case, &out) {
            failures.push(format!("{}: {why}", case.name));
        }
        // The same bytes every time.
        if out != ocop_core::contract::score_json_bytes(&case.input) {
            failures.push(format!("{}: not deterministic", case.name));
        }
        // The text entry point agrees wherever the input is UTF-8.
        if let Ok(s) = std::str::from_utf8(&case.input) {
            if out != ocop_core::contract::score_json_str(s) {
                failures.push(format!("{}: score_json_str differs", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_messages_stay_small_and_paths_stay_exact() {
    if !library_copy() {
        return;
    }
    for case in catalogue() {
        let out = ocop_core::contract::score_json_bytes(&case.input);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let mut path_bytes = 0;
        for e in v["errors"].as_array().into_iter().flatten() {
            let message = e["message"].as_str().unwrap_or("");
            // A quoted value is cut at 80 characters (its length follows).
            assert!(
                message.len() < 1024,
                "{}: a message of {} bytes",
                case.name,
                message.len()
            );
            path_bytes += e["path"].as_str().map_or(0, str::len);
        }
        // Paths name the offending key whole, however long.
        assert!(
            out.len() < 4096 + path_bytes,
            "{}: {} bytes of output",
            case.name,
            out.len()
        );
    }
}

/// The first error's path and message of an outcome.
fn first_error(out: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(out).expect("JSON");
    let e = &v["errors"][0];
    let text = |k: &str| e[k].as_str().unwrap_or("").to_owned();
    (text("path"), text("message"))
}

#[test]
fn long_values_are_quoted_cut_in_messages() {
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    let (_, message) = first_error(&ocop_core::contract::score_json_bytes(&request(&[(
        "edition",
        &format!("\"{ten_mb}\""),
    )])));
    let cut = format!(
        "unknown edition \"{}\"… (10485760 characters);",
        "x".repeat(80)
    );
    assert!(message.starts_with(&cut), "{message:.300}");
    // A value of exactly 80 characters is quoted whole.
    let (_, message) = first_error(&ocop_core::contract::score_json_bytes(&request(&[(
        "edition",
        &format!("\"{}\"", "é".repeat(80)),
    )])));
    let whole = format!("unknown edition \"{}\";", "é".repeat(80));
    assert!(message.starts_with(&whole), "{message}");
    // The path keeps a long key whole.
    let code = "y".repeat(1000);
    let (path, message) = first_error(&ocop_core::contract::score_json_bytes(
        format!(
            "{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"answers\":{}}}",
            answers(Some("3"), &format!("\"{code}\":1"))
        )
        .as_bytes(),
    ));
    assert_eq!(path, format!("/answers/{code}"));
    let cut = format!("no criterion \"{}\"… (1000 characters)", "y".repeat(80));
    assert!(message.ends_with(&cut), "{message}");
}

/// A JSONL stream: good lines with every single-line bad case between them.
fn stream() -> (Vec<u8>, Vec<Vec<u8>>) {
    let good = good();
    let mut lines: Vec<Vec<u8>> = vec![good.clone()];
    for case in catalogue() {
        if case.input.contains(&b'\n') || case.input.len() > 1 << 20 {
            continue;
        }
        lines.push(case.input);
        lines.push(good.clone());
    }
    // A truncated line between good ones, a CRLF line, a blank line.
    lines.push(good[..good.len() / 2].to_vec());
    lines.push(good.clone());
    lines.push([good.clone(), b"\r".to_vec()].concat());
    lines.push(Vec::new());
    lines.push(good.clone());
    let mut buf = Vec::new();
    for l in &lines {
        buf.extend_from_slice(l);
        buf.push(b'\n');
    }
    (buf, lines)
}

#[test]
fn jsonl_keeps_going_after_a_bad_line_and_reports_it_in_place() {
    if !library_copy() {
        return;
    }
    let (_, lines) = stream();
    let outs: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            ocop_core::contract::score_json_bytes(l)
        })
        .collect();
    let good = good();
    for (l, o) in lines.iter().zip(&outs) {
        if *l == good || l.strip_suffix(b"\r") == Some(&good[..]) {
            assert!(o.starts_with("{\"status\":\"success\""), "{o:.200}");
        }
    }
    assert!(outs[outs.len() - 5].starts_with("{\"status\":\"failure\""));
}

#[test]
fn every_case_through_the_cli() {
    if ocop_exe().is_none() {
        eprintln!("CLI checks run from ocop-cli/tests/bad_input.rs");
        return;
    }
    let mut failures = Vec::new();
    for case in catalogue() {
        let (code, stdout, stderr) = run_cli(&["score"], &case.input);
        let lib = ocop_core::contract::score_json_bytes(&case.input);
        let text = String::from_utf8_lossy(&stdout);
        if text.strip_suffix('\n') != Some(lib.as_str()) {
            failures.push(format!(
                "{}: CLI output differs from the library",
                case.name
            ));
            continue;
        }
        if let Err(why) = check(&case, &lib) {
            failures.push(format!("{}: {why}", case.name));
        }
        let want = if matches!(case.expect, Expect::Success) {
            0
        } else {
            1
        };
        if code != want {
            failures.push(format!(
                "{}: exit {code}, expected {want}; {stderr}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cli_reads_bad_input_from_a_file_too() {
    if ocop_exe().is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("ocop-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for case in catalogue().iter().take(12) {
        let f = dir.join("case.json");
        std::fs::write(&f, &case.input).unwrap();
        let (_, stdout, _) = run_cli(&["score", f.to_str().unwrap()], b"");
        let lib = ocop_core::contract::score_json_bytes(&case.input);
        assert_eq!(
            String::from_utf8_lossy(&stdout).trim_end(),
            lib,
            "{}",
            case.name
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_jsonl_keeps_going_after_a_bad_line_and_reports_it_in_place() {
    if ocop_exe().is_none() {
        return;
    }
    let (buf, lines) = stream();
    let (code, stdout, _) = run_cli(&["score", "--jsonl"], &buf);
    assert_eq!(code, 1, "a stream with failures exits 1");
    let out: Vec<&[u8]> = stdout.split(|&b| b == b'\n').collect();
    assert_eq!(out.last(), Some(&&b""[..]), "ends with a newline");
    assert_eq!(out.len() - 1, lines.len(), "one output line per input line");
    for (i, (l, o)) in lines.iter().zip(&out).enumerate() {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        let lib = ocop_core::contract::score_json_bytes(l);
        assert_eq!(
            String::from_utf8_lossy(o),
            lib,
            "line {}: {:.80}",
            i + 1,
            String::from_utf8_lossy(l)
        );
    }
    // The last good line still scores after the truncated, CRLF and blank lines.
    assert!(out[out.len() - 2].starts_with(b"{\"status\":\"success\""));
    // A stream of only good lines exits 0.
    let good = [good(), b"\n".to_vec(), good(), b"\n".to_vec()].concat();
    assert_eq!(run_cli(&["score", "--jsonl"], &good).0, 0);
}
