//! The shared vocabulary of every operation: answers as written in a request (and their
//! readers), the tagged [`Outcome`], [`Warning`]s, [`Provenance`], and the edition choice
//! ([`EditionChoice`], read from the keys [`EDITION_CHOICE_KEYS`]).
//!
//! Layer: above `error`, `json`, `date`, `data`, `registry`; below every operation (see
//! DEVELOPING.md, "Layers").

use crate::data::{Edition, Sheet};
use crate::date::Date;
use crate::error::{pointer, quoted, Error, ErrorCode, Errors};
use crate::json::{self, Json, Number, Obj};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of this engine (the crate version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

// ---------------------------------------------------------------------------------------------
// Requests

/// An answer as written in a request: an option number (1-based, printed order) or, for
/// additive criteria, a list of option numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// One option number.
    One(u32),
    /// Several option numbers (additive criteria; a one-element list is accepted anywhere).
    Many(Vec<u32>),
}

// ---------------------------------------------------------------------------------------------
// Reading answers

/// Reads a list of criterion codes (the `eliminated` field at `path`), appending every error
/// found to `errors`: each entry must be a string, listed once.
pub fn read_codes(v: &Json, path: &str, errors: &mut Vec<Error>) -> Vec<String> {
    let Json::Array(items) = v else {
        errors.push(json::wrong_type(path, "a list of criterion codes", v));
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        let p = pointer(path, &i.to_string());
        match json::as_str(x, &p) {
            Ok(s) if out.iter().any(|o| o == s) => errors.push(Error::new(
                ErrorCode::DuplicateKey,
                p,
                format!("criterion {} is listed twice", quoted(s)),
            )),
            Ok(s) => out.push(s.to_owned()),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// Reads one option number: a positive whole number. Zero, negatives and whole numbers too
/// large for any option (beyond `u32`, including those beyond 64 bits, which JSON text gives
/// as floats) are out of range; a fractional number is `invalid_number`.
fn read_option_number(v: &Json, path: &str) -> Result<u32, Error> {
    let out_of_range = |shown: String| {
        Error::new(
            ErrorCode::OptionOutOfRange,
            path,
            format!("option numbers start at 1 (printed order), found {shown}"),
        )
    };
    match v {
        Json::Number(Number::I(i)) => Err(out_of_range(i.to_string())),
        Json::Number(Number::F(f)) if *f < 0.0 && f.fract() == 0.0 => {
            Err(out_of_range(f.to_string()))
        }
        Json::Number(Number::U(u)) if *u > u64::from(u32::MAX) => Err(out_of_range(u.to_string())),
        Json::Number(Number::F(f)) if f.fract() == 0.0 && *f > f64::from(u32::MAX) => {
            // Display writes every digit; beyond 1e21 the exponent form is shorter.
            Err(out_of_range(if *f < 1e21 {
                f.to_string()
            } else {
                format!("{f:e}")
            }))
        }
        Json::Number(_) => {
            let n = json::as_whole(v, path, u64::from(u32::MAX))?;
            let n = u32::try_from(n).map_err(|_| out_of_range(n.to_string()))?;
            if n == 0 {
                Err(out_of_range("0".into()))
            } else {
                Ok(n)
            }
        }
        other => Err(json::wrong_type(
            path,
            "an option number (1-based) or a list of option numbers",
            other,
        )),
    }
}

/// Reads the `answers` object (at JSON Pointer `path`) into `code → answer`, appending every
/// error found to `errors`. `null` values are unanswered and dropped. Bindings that hold an
/// answers map as a host object use this after building a [`Json`] tree from it.
pub fn read_answers(
    v: &Json,
    path: &str,
    errors: &mut Vec<Error>,
) -> BTreeMap<String, AnswerValue> {
    let Json::Object(entries) = v else {
        errors.push(json::wrong_type(path, "an object", v));
        return BTreeMap::new();
    };
    let before = errors.len();
    let mut out = BTreeMap::new();
    // When every entry lands in the map, the map itself proves the keys are distinct;
    // otherwise check for a duplicate key, which then is the only error reported.
    let mut all_in = true;
    for (code, x) in entries {
        match read_answer(x, path, code) {
            Ok(Some(a)) => all_in &= out.insert(code.clone(), a).is_none(),
            Ok(None) => all_in = false,
            Err(Errors(es)) => {
                all_in = false;
                errors.extend(es);
            }
        }
    }
    if !all_in {
        if let Err(e) = json::unique_entries(v, path) {
            errors.truncate(before);
            errors.push(e);
            return BTreeMap::new();
        }
    }
    out
}

/// Reads one written answer, the value of key `code` in the answers object at `base`: an
/// option number, a list of option numbers, or `null` (unanswered, `Ok(None)`). Errors carry
/// the path `base/code` (`base/code/i` for list items); the path is only built on error, so
/// columnar bindings can call this once per cell cheaply.
///
/// # Errors
/// `wrong_type`, `invalid_number`, `option_out_of_range`.
pub fn read_answer(v: &Json, base: &str, code: &str) -> Result<Option<AnswerValue>, Errors> {
    match v {
        Json::Null => Ok(None),
        Json::Array(items) => {
            let p = pointer(base, code);
            let mut nums = Vec::with_capacity(items.len());
            let mut errors = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match read_option_number(item, &pointer(&p, &i.to_string())) {
                    Ok(n) => nums.push(n),
                    Err(e) => errors.push(e),
                }
            }
            if errors.is_empty() {
                Ok(Some(AnswerValue::Many(nums)))
            } else {
                Err(Errors(errors))
            }
        }
        // `read_option_number` reports every error at the path it is given: build it only
        // when there is an error.
        other => read_option_number(other, "")
            .map(|n| Some(AnswerValue::One(n)))
            .map_err(|e| {
                Errors::one(Error {
                    path: pointer(base, code),
                    ..e
                })
            }),
    }
}

/// The `unknown_criterion` error for `code` on `sheet` at `path` (the code quoted, cut short).
pub(crate) fn unknown_criterion(sheet: &Sheet, code: &str, path: &str) -> Error {
    Error::new(
        ErrorCode::UnknownCriterion,
        path,
        format!(
            "product set {} ({}) of edition {} has no criterion {}",
            sheet.number,
            sheet.name,
            sheet.edition,
            quoted(code)
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Outcome, warnings, provenance

/// Something the caller should know that does not make the request invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Stable code, e.g. `"data_gap"`.
    pub code: String,
    /// Explanation.
    pub message: String,
}

/// Where the rules came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Edition applied.
    pub edition: String,
    /// Decision number.
    pub decision: String,
    /// The sheet's citation.
    pub source: String,
    /// Edition that defines the sheet (differs when inherited).
    pub sheet_edition: String,
    /// Confidence of the sheet's data.
    pub confidence: String,
    /// Data version of the edition.
    pub data_version: String,
    /// Engine version.
    pub engine_version: String,
    /// Why this edition applies, when the request gave a date instead of an edition
    /// ([`crate::timeline::EditionFor::reason`]); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition_reason: Option<String>,
}

/// The tagged answer of every operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome<T> {
    /// The operation ran.
    Success(T),
    /// The input was invalid.
    Failure {
        /// Every error found.
        errors: Vec<Error>,
    },
}

impl<T> From<Result<T, Errors>> for Outcome<T> {
    fn from(r: Result<T, Errors>) -> Self {
        match r {
            Ok(t) => Outcome::Success(t),
            Err(Errors(errors)) => Outcome::Failure { errors },
        }
    }
}

/// Serialises an outcome. Serialisation of these types cannot fail; should it ever, the
/// result is still a valid failure document.
#[must_use]
pub fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| {
        format!(
            "{{\"status\":\"failure\",\"errors\":[{{\"code\":\"invalid_data\",\"path\":\"\",\"message\":{:?}}}]}}",
            e.to_string()
        )
    })
}

/// Data gaps of an edition as warnings, then the sheet's parts whose printed maximum its
/// printed options cannot reach (its `part_sum` errata).
pub(crate) fn gap_warnings(edition: &Edition, sheet: &Sheet) -> Vec<Warning> {
    let gaps = edition.meta.gaps.iter().map(|g| Warning {
        code: "data_gap".to_owned(),
        message: format!("{}: {}", g.topic, g.message),
    });
    let short = sheet
        .errata
        .iter()
        .filter(|e| e.field == crate::data::ErratumField::PartSum)
        .map(|e| Warning {
            code: "part_max_unreachable".to_owned(),
            message: format!(
                "Phần {} của phiếu bộ {} chỉ đạt tối đa {} điểm theo bản in, không phải {} như tiêu đề: {}",
                e.part.map_or("?", crate::data::Part::as_str),
                sheet.number,
                e.used,
                e.printed,
                e.reason
            ),
        });
    gaps.chain(short).collect()
}

// ---------------------------------------------------------------------------------------------
// The edition choice

/// A request's key list built around the keys that choose an edition, the one place those keys
/// are written: `edition_choice_keys!([between…] [after…])` is `&["edition", between…, "date",
/// "dossier", "evaluated_on", after…]` (the order shown in `unknown_field` messages). The
/// lists of a score request ([`crate::score::REQUEST_KEYS`]), a council request
/// ([`crate::council::COUNCIL_KEYS`]) and [`EDITION_CHOICE_KEYS`] are built with it.
macro_rules! edition_choice_keys {
    ([$($between:literal),* $(,)?] [$($after:literal),* $(,)?]) => {
        &["edition", $($between,)* "date", "dossier", "evaluated_on", $($after),*]
    };
}
pub(crate) use edition_choice_keys;

/// The keys that choose an edition in a score, council or advise request: `edition`, or `date`
/// with `dossier` (and optionally `evaluated_on`).
pub const EDITION_CHOICE_KEYS: &[&str] = edition_choice_keys!([] []);

/// The kind of dossier (QĐ 26/2026/QĐ-TTg Điều 6 khoản 1 điểm a, b, c).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dossier {
    /// First evaluation ("đánh giá, phân hạng (lần đầu)").
    First,
    /// Upgrade ("đánh giá, nâng hạng").
    Upgrade,
    /// Re-evaluation when the certificate expires ("đánh giá, phân hạng lại").
    Reevaluation,
}

impl Dossier {
    /// Every kind.
    pub const ALL: [Dossier; 3] = [Dossier::First, Dossier::Upgrade, Dossier::Reevaluation];

    /// `"first"`, `"upgrade"`, `"reevaluation"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Dossier::First => "first",
            Dossier::Upgrade => "upgrade",
            Dossier::Reevaluation => "reevaluation",
        }
    }

    /// Reads a dossier kind.
    ///
    /// # Errors
    /// `wrong_type` (not a string, or not one of the three kinds).
    pub fn from_json(v: &Json, path: &str) -> Result<Dossier, Error> {
        let expected = "one of \"first\", \"upgrade\", \"reevaluation\"";
        match v {
            Json::String(s) => match s.as_str() {
                "first" => Ok(Dossier::First),
                "upgrade" => Ok(Dossier::Upgrade),
                "reevaluation" => Ok(Dossier::Reevaluation),
                other => Err(Error::new(
                    ErrorCode::WrongType,
                    path,
                    format!("expected {expected}, found {}", quoted(other)),
                )),
            },
            other => Err(json::wrong_type(path, expected, other)),
        }
    }
}

/// How a score or council request chooses its edition: `"edition"`, or `"date"` with
/// `"dossier"` (and optionally `"evaluated_on"`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditionChoice {
    /// The edition named (empty when a date is given).
    pub edition: String,
    /// Filing date.
    pub date: Option<Date>,
    /// Kind of dossier.
    pub dossier: Option<Dossier>,
    /// Evaluation date.
    pub evaluated_on: Option<Date>,
}

/// Reads `edition` / `date` / `dossier` / `evaluated_on` from a request object, appending
/// every error (including conflicts) to `errors`.
pub(crate) fn read_choice(o: &Obj<'_>, errors: &mut Vec<Error>) -> EditionChoice {
    let present = |k: &str| !matches!(o.get(k), None | Some(Json::Null));
    let mut out = EditionChoice::default();
    if let Some(x) = o.get("edition").filter(|x| !matches!(x, Json::Null)) {
        match json::as_str(x, "/edition") {
            Ok(s) => s.clone_into(&mut out.edition),
            Err(e) => errors.push(e),
        }
    }
    if let Some(x) = o.get("date").filter(|x| !matches!(x, Json::Null)) {
        out.date = read_date(x, "/date", errors);
    }
    if let Some(x) = o.get("dossier").filter(|x| !matches!(x, Json::Null)) {
        out.dossier = Dossier::from_json(x, "/dossier")
            .map_err(|e| errors.push(e))
            .ok();
    }
    if let Some(x) = o.get("evaluated_on").filter(|x| !matches!(x, Json::Null)) {
        out.evaluated_on = read_date(x, "/evaluated_on", errors);
    }
    errors.extend(choice_conflicts(
        present("edition"),
        present("date"),
        present("dossier"),
        present("evaluated_on"),
    ));
    out
}

/// The conflicts between the edition-choosing fields, by presence.
pub(crate) fn choice_conflicts(
    edition: bool,
    date: bool,
    dossier: bool,
    evaluated_on: bool,
) -> Vec<Error> {
    let mut errors = Vec::new();
    if edition && date {
        errors.push(Error::new(
            ErrorCode::ConflictingFields,
            "/date",
            "give either \"edition\" or \"date\" with \"dossier\", not both",
        ));
    }
    if !date {
        for (given, key) in [(dossier, "dossier"), (evaluated_on, "evaluated_on")] {
            if given {
                errors.push(Error::new(
                    ErrorCode::ConflictingFields,
                    format!("/{key}"),
                    format!("\"{key}\" is only meaningful with \"date\" (the filing date)"),
                ));
            }
        }
    }
    if date && !dossier {
        errors.push(Error::new(
            ErrorCode::MissingField,
            "/dossier",
            "a request with \"date\" needs \"dossier\": \"first\", \"upgrade\" or \"reevaluation\"",
        ));
    }
    if !edition && !date {
        errors.push(Error::new(
            ErrorCode::MissingField,
            "/edition",
            "required field \"edition\" is missing (or give \"date\" and \"dossier\")",
        ));
    }
    errors
}

/// Reads a `YYYY-MM-DD` date, pushing the error.
pub(crate) fn read_date(v: &Json, path: &str, errors: &mut Vec<Error>) -> Option<Date> {
    match json::as_str(v, path).and_then(|s| Date::parse(s, path)) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}
