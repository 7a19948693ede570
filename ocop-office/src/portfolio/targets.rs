//! Targets of a provincial plan: `{"name", "by", "stars_at_least", "count"}` (optionally
//! `"sector"`, a sector label or its numeral), from JSON (an array, or `{"targets": [...]}`) or
//! CSV with those columns.

use crate::table::{Format, Table};
use ocop_core::certificate::{Certificate, Standing};
use ocop_core::date::Date;
use ocop_core::error::{Error, ErrorCode};
use ocop_core::json::{self, Json, Obj};
use serde::Serialize;

/// The most targets read.
pub const MAX_TARGETS: usize = 1_000;

/// One target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Name as the plan says it.
    pub name: String,
    /// Deadline.
    pub by: Date,
    /// Products of this many stars or more count.
    pub stars_at_least: u8,
    /// How many.
    pub count: u64,
    /// Only products of this sector count (a label as in the summary, or its numeral).
    pub sector: Option<String>,
}

/// Progress against one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetProgress {
    /// The target.
    #[serde(flatten)]
    pub target: Target,
    /// Products counted now: stars ≥ `stars_at_least`, valid or extended on the date.
    pub actual: u64,
    /// Of those, still valid or extended on `by` if nothing is re-evaluated.
    pub still_valid_on_by: u64,
    /// `count − actual`, or 0.
    pub remaining: u64,
    /// `actual ≥ count`.
    pub met: bool,
    /// Days from the date to `by` (negative once past).
    pub days_left: i64,
}

const KEYS: &[&str] = &["name", "by", "stars_at_least", "count", "sector"];

fn bad(path: String, code: ErrorCode, msg: String) -> Error {
    Error::new(code, path, msg)
}

fn target_of(v: &Json, path: &str) -> Result<Target, Error> {
    let o = Obj::new(v, path, KEYS)?;
    let name = json::as_str(o.require("name")?, &format!("{path}/name"))?.to_owned();
    let by_path = format!("{path}/by");
    let by = Date::parse(json::as_str(o.require("by")?, &by_path)?, &by_path)?;
    let stars_path = format!("{path}/stars_at_least");
    let stars = json::as_whole(o.require("stars_at_least")?, &stars_path, 5)?;
    if stars < 1 {
        return Err(bad(
            stars_path,
            ErrorCode::InvalidNumber,
            "stars_at_least must be 1 to 5".into(),
        ));
    }
    let count = json::as_whole(o.require("count")?, &format!("{path}/count"), u64::MAX)?;
    let sector = match o.get("sector") {
        None | Some(Json::Null) => None,
        Some(x) => Some(json::as_str(x, &format!("{path}/sector"))?.to_owned()),
    };
    Ok(Target {
        name,
        by,
        stars_at_least: u8::try_from(stars).unwrap_or(5),
        count,
        sector,
    })
}

/// Reads a targets file (JSON, or CSV when `name` ends in `.csv` or the text does not start
/// with `[` or `{`).
///
/// # Errors
/// The contract's codes with a JSON Pointer (`/2/by`), `input_too_large` beyond
/// [`MAX_TARGETS`].
pub fn read_targets(name: &str, bytes: &[u8]) -> Result<Vec<Target>, Error> {
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    let is_json =
        !name.to_ascii_lowercase().ends_with(".csv") && matches!(first, Some(b'[' | b'{'));
    let items: Vec<Json> = if is_json {
        let v = Json::parse(bytes)?;
        match v {
            Json::Array(a) => a,
            Json::Object(_) => {
                let o = Obj::new(&v, "", &["targets"])?;
                match o.require("targets")? {
                    Json::Array(a) => a.clone(),
                    other => return Err(json::wrong_type("/targets", "an array", other)),
                }
            }
            other => return Err(json::wrong_type("", "an array of targets", &other)),
        }
    } else {
        let t = Table::read(bytes, Format::Csv)?;
        t.rows
            .iter()
            .map(|r| {
                Json::Object(
                    t.columns
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| {
                            let text = r.cell(i).text()?;
                            let v = if matches!(c.as_str(), "stars_at_least" | "count") {
                                text.parse::<u64>().map_or(Json::String(text.clone()), |n| {
                                    Json::Number(json::Number::U(n))
                                })
                            } else {
                                Json::String(text)
                            };
                            Some((c.clone(), v))
                        })
                        .collect(),
                )
            })
            .collect()
    };
    if items.len() > MAX_TARGETS {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!("more than {MAX_TARGETS} targets"),
        ));
    }
    let base = if is_json && !bytes.trim_ascii_start().starts_with(b"[") {
        "/targets"
    } else {
        ""
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| target_of(v, &format!("{base}/{i}")))
        .collect()
}

fn sector_ok(t: &Target, sector: &str) -> bool {
    match &t.sector {
        None => true,
        Some(s) => {
            let s = s.trim();
            sector == s
                || sector.split('.').next().is_some_and(|n| n.trim() == s)
                || super::sector_label(s) == sector
        }
    }
}

/// Counts the products of one target as they are analysed.
#[derive(Debug, Clone)]
pub struct Counter {
    target: Target,
    actual: u64,
    later: u64,
}

impl Counter {
    /// A counter at zero.
    #[must_use]
    pub fn new(t: &Target) -> Counter {
        Counter {
            target: t.clone(),
            actual: 0,
            later: 0,
        }
    }

    /// Counts one product (its stars, certificate and sector label) on the date.
    pub fn add(&mut self, stars: u8, cert: &Certificate, sector: &str, on: Date) {
        let valid = |s: Standing| matches!(s, Standing::Valid | Standing::Extended);
        if stars < self.target.stars_at_least || !sector_ok(&self.target, sector) {
            return;
        }
        if valid(cert.standing_on(on)) {
            self.actual += 1;
            if valid(cert.standing_on(self.target.by)) {
                self.later += 1;
            }
        }
    }

    /// The progress.
    #[must_use]
    pub fn finish(self, on: Date) -> TargetProgress {
        TargetProgress {
            remaining: self.target.count.saturating_sub(self.actual),
            met: self.actual >= self.target.count,
            days_left: on.days_until(self.target.by),
            actual: self.actual,
            still_valid_on_by: self.later,
            target: self.target,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    #[test]
    fn json_and_csv() {
        let j = read_targets(
            "t.json",
            r#"[{"name": "3 sao trở lên", "by": "2025-12-31", "stars_at_least": 3, "count": 200}]"#
                .as_bytes(),
        )
        .unwrap();
        let c = read_targets(
            "t.csv",
            "name,by,stars_at_least,count\n3 sao trở lên,2025-12-31,3,200\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(j, c);
        let e = read_targets(
            "t.json",
            br#"{"targets": [{"name": "x", "by": "2025-02-30", "stars_at_least": 3, "count": 1}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidDate, "/targets/0/by")
        );
        let e =
            read_targets("t.csv", b"name,by,stars_at_least,count\nx,2025-01-01,9,1\n").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidNumber, "/0/stars_at_least")
        );
    }
}
