//! The fast path of `contract::score_json_bytes` gives exactly the bytes of the reference path
//! (`Json` tree, typed request, serde serialisation of the `Outcome`):
//!
//! - random requests over every edition and product set: complete, partial, eliminated (by
//!   the answers and by the request), and invalid in many ways (options out of range, wrong
//!   types, floats, duplicate and unknown keys, escaped keys, unknown fields, dates, councils,
//!   BOMs, white space), in any key order;
//! - the whole golden corpus, compact and pretty-printed;
//! - complete and partial requests on every sheet are taken by the fast path (so it is
//!   actually exercised), and every request gives the same bytes through `score_json_bytes`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ocop_core::contract::{score_json_bytes, score_json_bytes_fast, score_json_bytes_reference};
use ocop_core::data::{Edition, Mode, Sheet};
use proptest::prelude::*;
use serde_json::Value;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

/// Every (edition, sheet) pair with data.
fn sheets() -> &'static [(&'static Edition, &'static Arc<Sheet>)] {
    static ALL: OnceLock<Vec<(&'static Edition, &'static Arc<Sheet>)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let reg = ocop_core::registry().expect("embedded data loads");
        let mut v = Vec::new();
        for e in reg.editions() {
            for s in e.sheets.iter().flatten() {
                v.push((e, s));
            }
        }
        assert!(v.len() >= 100, "expected every edition's sheets");
        v
    })
}

/// SplitMix64: the request is a function of the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability 1 / n.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A key written with its first character as a `\u` escape (same key, not borrowable).
fn escaped_key(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if (c as u32) < 0x10000 => {
            format!("\"\\u{:04x}{}", c as u32, &js(chars.as_str())[1..])
        }
        _ => js(s),
    }
}

/// A valid written answer to a criterion with `n` options.
fn valid_answer(r: &mut Rng, mode: Mode, n: usize) -> String {
    match mode {
        Mode::Additive if r.one_in(3) => (1 + r.below(n)).to_string(),
        Mode::Additive => {
            let mut ks: Vec<usize> = (1..=n).filter(|_| r.one_in(2)).collect();
            // Any order; the result lists them in order.
            if r.one_in(3) {
                ks.reverse();
            }
            let ks: Vec<String> = ks.iter().map(ToString::to_string).collect();
            format!("[{}]", ks.join(","))
        }
        Mode::Single | Mode::Case if r.one_in(8) => format!("[{}]", 1 + r.below(n)),
        // Low options often score 0 points, which triggers eliminations.
        Mode::Single | Mode::Case => (1 + r.below(n)).to_string(),
    }
}

/// An answer the reference path reads differently or rejects.
fn odd_answer(r: &mut Rng, n: usize) -> String {
    let over = (n + 1).to_string();
    let odd = [
        "0",
        over.as_str(),
        "65",
        "-1",
        "-0",
        "2.5",
        "1.0",
        "1e0",
        "\"1\"",
        "true",
        "{}",
        "[]",
        "[1,1]",
        "[1,2]",
        "[2,1]",
        "[0]",
        "[65]",
        "[1.0]",
        "[null]",
        "4294967296",
        "18446744073709551616",
        "1e300",
    ];
    r.pick(&odd).to_owned()
}

/// A random request on sheet `which`: valid most of the time, with rarer oddities anywhere.
fn request(which: usize, seed: u64) -> Vec<u8> {
    let (edition, sheet) = sheets()[which % sheets().len()];
    let mut r = Rng(seed);
    // How odd this request is: half are never odd, a quarter rarely, a quarter often.
    let odd = [0, 0, 300, 30][r.below(4)];
    let odd_one = |r: &mut Rng| odd > 0 && r.one_in(odd);

    // Answers.
    let partial_form = r.one_in(3);
    let mut answers: Vec<String> = Vec::new();
    for c in &sheet.criteria {
        let n = c.options.len();
        let key = if odd_one(&mut r) {
            escaped_key(&c.code)
        } else {
            js(&c.code)
        };
        let value = if odd_one(&mut r) {
            odd_answer(&mut r, n)
        } else if partial_form && r.one_in(4) {
            if r.one_in(2) {
                continue;
            }
            "null".to_owned()
        } else {
            valid_answer(&mut r, c.mode, n)
        };
        answers.push(format!("{key}:{value}"));
        if odd_one(&mut r) {
            // The same criterion again.
            let again = if r.one_in(2) {
                "null".to_owned()
            } else {
                valid_answer(&mut r, c.mode, n)
            };
            answers.push(format!("{key}:{again}"));
        }
    }
    if odd_one(&mut r) {
        let v = if r.one_in(2) { "null" } else { "1" };
        answers.push(format!(
            "{}:{v}",
            js(r.pick(&["99.9", "", "1.1\u{301}", "a/b~"]))
        ));
    }
    if r.one_in(4) {
        // Another order (JSON objects are unordered; the result is in sheet order).
        let k = r.below(answers.len().max(1));
        answers.rotate_left(k);
        if r.one_in(2) {
            answers.reverse();
        }
    }

    // Top-level fields.
    let mut fields: Vec<(String, String)> = Vec::new();
    let id = &edition.meta.id;
    let edition_value = if odd_one(&mut r) {
        r.pick(&["\"27/2027\"", "null", "5", "\"\""]).to_owned()
    } else if r.one_in(6) {
        js(&id.replace('/', "-"))
    } else if r.one_in(10) {
        format!("\"{}\"", id.replace('/', "\\/"))
    } else {
        js(id)
    };
    fields.push(("edition".into(), edition_value));
    let set = sheet.number;
    let set_value = if odd_one(&mut r) {
        r.pick(&[
            "\"0\"", "\"99\"", "\"abc\"", "true", "0", "1.0", "-1", "\"1000\"",
        ])
        .to_owned()
    } else {
        match r.below(6) {
            0 => set.to_string(),
            1 => format!("\"{set:02}\""),
            2 => format!("\" {set}\\t\""),
            _ => format!("\"{set}\""),
        }
    };
    fields.push(("product_set".into(), set_value));
    fields.push(("answers".into(), format!("{{{}}}", answers.join(","))));
    match r.below(8) {
        0 | 1 => fields.push(("partial".into(), "true".into())),
        2 => fields.push(("partial".into(), "false".into())),
        3 => fields.push(("partial".into(), "null".into())),
        _ if partial_form => fields.push(("partial".into(), "true".into())),
        _ => {}
    }
    if odd_one(&mut r) {
        fields.push(("partial".into(), r.pick(&["\"yes\"", "1"]).to_owned()));
    }
    if r.one_in(4) {
        let eliminable: Vec<&str> = sheet
            .criteria
            .iter()
            .filter(|c| c.elimination_note().is_some())
            .map(|c| c.code.as_str())
            .collect();
        let mut list: Vec<String> = eliminable
            .iter()
            .filter(|_| r.one_in(2))
            .map(|c| js(c))
            .collect();
        if odd_one(&mut r) {
            let c = &sheet.criteria[r.below(sheet.criteria.len())];
            list.push(js(&c.code)); // not eliminable, or listed twice
        }
        if odd_one(&mut r) {
            list.push(r.pick(&["\"99.9\"", "3", "null"]).to_owned());
        }
        let v = match r.below(6) {
            0 => "null".to_owned(),
            _ => format!("[{}]", list.join(",")),
        };
        fields.push(("eliminated".into(), v));
    }
    for k in ["date", "dossier", "evaluated_on"] {
        if r.one_in(12) {
            fields.push((k.into(), "null".into()));
        }
    }
    if odd_one(&mut r) {
        match r.below(5) {
            0 => fields.push(("date".into(), "\"2024-01-01\"".into())),
            1 => fields.push(("dossier".into(), "\"first\"".into())),
            2 => fields.push(("members".into(), "[]".into())),
            3 => fields.push(("productSet".into(), "\"1\"".into())),
            _ => {
                let k = r.below(fields.len());
                let dup = fields[k].clone();
                fields.push(dup);
            }
        }
    }
    if odd_one(&mut r) {
        let k = r.below(fields.len());
        fields.remove(k);
    }
    if r.one_in(3) {
        let k = r.below(fields.len());
        fields.rotate_left(k);
    }

    let pretty = r.one_in(5);
    let mut out = String::new();
    if odd_one(&mut r) {
        out.push('\u{feff}');
    }
    out.push('{');
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if pretty {
            out.push_str("\n  ");
        }
        let key = if odd_one(&mut r) {
            escaped_key(k)
        } else {
            js(k)
        };
        let _ = write!(out, "{key}:{}{v}", if pretty { " " } else { "" });
    }
    out.push_str(if pretty { "\n}\n" } else { "}" });
    if odd_one(&mut r) {
        out.push_str(r.pick(&[" x", "}", "{}"]));
    }
    out.into_bytes()
}

/// Both paths agree on `input`; returns whether the fast path took it.
fn agree(input: &[u8]) -> Result<bool, TestCaseError> {
    let reference = score_json_bytes_reference(input);
    let fast = score_json_bytes_fast(input);
    if let Some(f) = &fast {
        prop_assert_eq!(
            f,
            &reference,
            "fast path differs on {}",
            String::from_utf8_lossy(input)
        );
    }
    prop_assert_eq!(
        score_json_bytes(input),
        reference,
        "score_json_bytes differs on {}",
        String::from_utf8_lossy(input)
    );
    Ok(fast.is_some())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn fast_path_gives_the_reference_bytes(which in any::<usize>(), seed in any::<u64>()) {
        agree(&request(which, seed))?;
    }
}

#[test]
fn random_requests_on_every_sheet_exercise_both_paths() {
    let (mut fast, mut slow, mut success, mut eliminated) = (0, 0, 0, 0);
    let mut seen = [0usize; 3]; // fast-path successes capped, eliminated by request, by answers
    for which in 0..sheets().len() {
        for seed in 0..24u64 {
            let input = request(
                which,
                seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ which as u64,
            );
            let took = agree(&input).unwrap();
            let out = score_json_bytes(&input);
            if took {
                fast += 1;
                assert!(out.starts_with("{\"status\":\"success\""));
                for (k, what) in [
                    "\"capped_by\":[{",
                    "\"by\":\"request\"",
                    "\"by\":\"answers\"",
                ]
                .iter()
                .enumerate()
                {
                    seen[k] += usize::from(out.contains(what));
                }
            } else {
                slow += 1;
            }
            if out.starts_with("{\"status\":\"success\"") {
                success += 1;
                if !out.contains("\"eliminated\":null") {
                    eliminated += 1;
                }
            }
        }
    }
    // Both paths and both outcomes are well represented.
    let total = fast + slow;
    eprintln!(
        "fast {fast}, reference {slow}, success {success}, eliminated {eliminated}, {seen:?}"
    );
    assert!(seen.iter().all(|&n| n >= 20), "fast-path shapes: {seen:?}");
    assert!(fast * 2 > total, "fast path took {fast} of {total}");
    assert!(slow * 10 > total, "reference path took {slow} of {total}");
    assert!(
        success * 2 > total && success < total,
        "{success} of {total} succeeded"
    );
    assert!(
        eliminated * 50 > total,
        "{eliminated} eliminated of {total}"
    );
}

#[test]
fn complete_and_partial_requests_take_the_fast_path_on_every_sheet() {
    for (edition, sheet) in sheets() {
        let mut r = Rng(u64::from(sheet.number));
        let mut all = Vec::new();
        let mut some = Vec::new();
        for (i, c) in sheet.criteria.iter().enumerate() {
            let a = format!(
                "{}:{}",
                js(&c.code),
                valid_answer(&mut r, c.mode, c.options.len())
            );
            if i % 3 == 0 {
                some.push(a.clone());
            }
            all.push(a);
        }
        let head = format!(
            "{{\"edition\":{},\"product_set\":\"{}\"",
            js(&edition.meta.id),
            sheet.number
        );
        for input in [
            format!("{head},\"answers\":{{{}}}}}", all.join(",")),
            format!(
                "{head},\"answers\":{{{}}},\"partial\":true}}",
                some.join(",")
            ),
            format!("{head},\"answers\":{{}},\"partial\":true}}"),
        ] {
            assert!(
                agree(input.as_bytes()).unwrap(),
                "fast path gave up on {input}"
            );
        }
    }
}

#[test]
fn golden_corpus_gives_the_reference_bytes() {
    let mut taken = 0;
    let mut cases = 0;
    for path in ocop_tests::golden_files().unwrap() {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if case.get("op").and_then(Value::as_str).unwrap_or("score") != "score" {
            continue;
        }
        let inputs: Vec<Vec<u8>> = match (case.get("request"), case.get("request_text")) {
            (Some(r), _) => vec![
                serde_json::to_vec(r).unwrap(),
                serde_json::to_vec_pretty(r).unwrap(),
            ],
            (None, Some(Value::String(t))) => vec![t.clone().into_bytes()],
            _ => panic!("{}: no request", path.display()),
        };
        for input in inputs {
            cases += 1;
            if agree(&input).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
                taken += 1;
                // A success the golden file expects, field for field.
                let out: Value =
                    serde_json::from_slice(score_json_bytes(&input).as_bytes()).unwrap();
                assert_eq!(out, case["expected"], "{}", path.display());
            }
        }
    }
    assert!(
        taken * 4 > cases,
        "fast path took {taken} of {cases} golden requests"
    );
}
