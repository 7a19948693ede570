//! Inputs shared by the benchmarks: complete, valid requests for any sheet, generated
//! deterministically from the embedded criteria data.
#![forbid(unsafe_code)]

use ocop_core::data::{Mode, Sheet};
use ocop_core::eval::{Answer, Answers};
use ocop_core::registry;
use std::fmt::Write as _;

/// A tiny deterministic generator (SplitMix64), so the inputs are the same on every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next_u64() % n64).unwrap_or(0)
    }
}

/// One random answer per criterion of `sheet`, as 1-based option numbers (additive criteria
/// get a non-empty list).
#[must_use]
pub fn random_options(sheet: &Sheet, rng: &mut Rng) -> Vec<(String, Vec<usize>)> {
    sheet
        .criteria
        .iter()
        .map(|c| {
            let n = c.options.len();
            let picked = match c.mode {
                Mode::Additive => {
                    let mut v: Vec<usize> = (1..=n).filter(|_| rng.below(2) == 1).collect();
                    if v.is_empty() {
                        v.push(1 + rng.below(n));
                    }
                    v
                }
                Mode::Single | Mode::Case => vec![1 + rng.below(n)],
            };
            (c.code.clone(), picked)
        })
        .collect()
}

/// The same answers resolved for [`ocop_core::Scorer::evaluate`].
#[must_use]
pub fn resolve(sheet: &Sheet, options: &[(String, Vec<usize>)]) -> Answers {
    let mut a = Answers::empty(sheet.criteria.len());
    for (i, ((_, picked), c)) in options.iter().zip(&sheet.criteria).enumerate() {
        let ans = match c.mode {
            Mode::Additive => Answer::Ticked(
                picked
                    .iter()
                    .fold(0u64, |bits, k| bits | (1u64 << (k.saturating_sub(1) % 64))),
            ),
            Mode::Single | Mode::Case => Answer::One(
                picked
                    .first()
                    .and_then(|k| u8::try_from(k.saturating_sub(1)).ok())
                    .unwrap_or(0),
            ),
        };
        a.set(i, Some(ans));
    }
    a
}

/// A complete single-sheet request as compact JSON text.
#[must_use]
pub fn request_json(edition: &str, set: u8, options: &[(String, Vec<usize>)]) -> String {
    let mut s = String::with_capacity(64 + options.len() * 12);
    let _ = write!(
        s,
        "{{\"edition\":\"{edition}\",\"product_set\":\"{set}\",\"answers\":{{"
    );
    for (i, (code, picked)) in options.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "\"{code}\":");
        match picked.as_slice() {
            [one] => {
                let _ = write!(s, "{one}");
            }
            many => {
                s.push('[');
                for (j, k) in many.iter().enumerate() {
                    if j > 0 {
                        s.push(',');
                    }
                    let _ = write!(s, "{k}");
                }
                s.push(']');
            }
        }
    }
    s.push_str("}}");
    s
}

/// Every `(edition id, set number, sheet)` with data, in registry order.
#[must_use]
pub fn all_sheets() -> Vec<(String, u8, &'static Sheet)> {
    let Ok(reg) = registry() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in reg.editions() {
        for s in e.sheets.iter().flatten() {
            out.push((e.meta.id.clone(), s.number, &**s));
        }
    }
    out
}

/// `n` requests spread over every edition and product set, one per line (JSONL).
#[must_use]
pub fn jsonl_corpus(n: usize, seed: u64) -> Vec<u8> {
    let sheets = all_sheets();
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n * 400);
    if sheets.is_empty() {
        return out;
    }
    for i in 0..n {
        if let Some((ed, set, sheet)) = sheets.get(i % sheets.len()) {
            let opts = random_options(sheet, &mut rng);
            out.extend_from_slice(request_json(ed, *set, &opts).as_bytes());
            out.push(b'\n');
        }
    }
    out
}

/// The lines of a JSONL buffer, as the CLI's streaming loop cuts them.
pub fn lines(buf: &[u8]) -> impl Iterator<Item = &[u8]> {
    buf.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}
