//! The one serde contract shared by Rust, the CLI, Python and JavaScript.
//!
//! Every operation comes in three forms, as in Cedar's `ffi` module: typed
//! ([`score`]), on a parsed JSON tree ([`score_json`]) and on text ([`score_json_str`]).
//! The text form always returns an [`Outcome`] serialised as
//! `{"status": "success", …}` or `{"status": "failure", "errors": [{"code", "path", "message"}]}`:
//! invalid input is a failure, a low score is a success.

use crate::data::{Edition, ErratumField, Minimum, Mode, Note, NoteKind, Part, Sheet};
use crate::error::{pointer, quoted, Error, ErrorCode, Errors};
use crate::eval::{Answer, Answers, Evaluation, Scorer};
use crate::json::{self, Json, Number, Obj};
use crate::registry::{parse_set_number, registry, Registry};
use crate::timeline::{resolve_choice, EditionChoice};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::certificate::{
    certificate, certificate_json, certificate_json_str, Certificate, CertificateQuery,
};
pub use crate::council::{
    score_council, score_council_json, CouncilRequest, CouncilResult, Level, MemberSheet,
};
pub use crate::timeline::{
    edition_for, edition_for_json, edition_for_json_str, edition_for_query, Dossier, EditionFor,
    EditionQuery,
};

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

/// A request to score one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// Edition id, e.g. `"26/2026"`; empty when `date` chooses the edition.
    #[serde(default)]
    pub edition: String,
    /// Filing date of the dossier, instead of `edition` (see [`crate::timeline`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<crate::date::Date>,
    /// Kind of dossier, with `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<crate::timeline::Dossier>,
    /// Day the evaluation is completed, with `date` (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_on: Option<crate::date::Date>,
    /// Product set number as a string, `"1"` … `"26"` (`"01"` accepted).
    pub product_set: String,
    /// Criterion code → answer. Unanswered criteria are absent (or `null` in JSON).
    pub answers: BTreeMap<String, AnswerValue>,
    /// Score an unfinished form: unanswered criteria get 0 points and are listed.
    #[serde(default)]
    pub partial: bool,
    /// Criteria whose elimination or stop note the council found to apply.
    #[serde(default)]
    pub eliminated: Vec<String>,
}

/// The keys a single-sheet request may have.
pub const REQUEST_KEYS: &[&str] = &[
    "edition",
    "product_set",
    "answers",
    "partial",
    "eliminated",
    "date",
    "dossier",
    "evaluated_on",
];

impl ScoreRequest {
    /// How this request chooses its edition (`edition`, or `date` with `dossier`).
    #[must_use]
    pub fn edition_choice(&self) -> EditionChoice {
        EditionChoice {
            edition: self.edition.clone(),
            date: self.date,
            dossier: self.dossier,
            evaluated_on: self.evaluated_on,
        }
    }

    /// The handle of this request's edition and sheet, and why that edition when the request
    /// chose it by date.
    ///
    /// # Errors
    /// As [`scorer_of`].
    pub fn scorer<'r>(&self, reg: &'r Registry) -> Result<(Scorer<'r>, Option<String>), Errors> {
        scorer_of(reg, &self.edition_choice(), &self.product_set)
    }

    /// Reads a request from a parsed JSON tree, collecting every error found.
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<ScoreRequest, Errors> {
        let o = Obj::new(v, "", REQUEST_KEYS)?;
        let mut errors = Vec::new();
        let choice = crate::timeline::read_choice(&o, &mut errors);
        let product_set = match o
            .require("product_set")
            .and_then(|x| parse_set_number(x, "/product_set"))
        {
            Ok(n) => n.to_string(),
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let answers = match o.require("answers") {
            Ok(a) => read_answers(a, "/answers", &mut errors),
            Err(e) => {
                errors.push(e);
                BTreeMap::new()
            }
        };
        let partial = match o.get("partial") {
            None | Some(Json::Null) => false,
            Some(x) => json::as_bool(x, "/partial").unwrap_or_else(|e| {
                errors.push(e);
                false
            }),
        };
        let eliminated = match o.get("eliminated") {
            None | Some(Json::Null) => Vec::new(),
            Some(x) => read_codes(x, "/eliminated", &mut errors),
        };
        if errors.is_empty() {
            Ok(ScoreRequest {
                edition: choice.edition,
                date: choice.date,
                dossier: choice.dossier,
                evaluated_on: choice.evaluated_on,
                product_set,
                answers,
                partial,
                eliminated,
            })
        } else {
            Err(Errors(errors))
        }
    }
}

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

impl<'a> Scorer<'a> {
    /// Resolves written answers against this sheet, collecting every error.
    ///
    /// # Errors
    /// `unknown_criterion`, `option_out_of_range`, `multiple_answers`, `duplicate_option`.
    pub fn resolve(
        &self,
        answers: &BTreeMap<String, AnswerValue>,
        path: &str,
    ) -> Result<Answers, Errors> {
        let sheet: &Sheet = self.sheet;
        let mut out = Answers::empty(sheet.criteria.len());
        let mut errors = Vec::new();
        for (code, value) in answers {
            let Some((i, _)) = sheet.criterion(code) else {
                errors.push(unknown_criterion(sheet, code, &pointer(path, code)));
                continue;
            };
            match self.resolve_answer(i, value, path) {
                Ok(a) => out.set(i, Some(a)),
                Err(Errors(es)) => errors.extend(es),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Errors(errors))
        }
    }

    /// Resolves the written answer to criterion index `i` (sheet order) of this sheet: checks
    /// option numbers against the criterion's options and its mode. Errors carry the path
    /// `base/<code>` (deeper for list items), built only on error, so columnar bindings can
    /// call this once per cell. A criterion index outside the sheet is `unknown_criterion`.
    ///
    /// # Errors
    /// `unknown_criterion`, `option_out_of_range`, `multiple_answers`, `duplicate_option`,
    /// `missing_answer` (an empty list for a single-choice criterion).
    pub fn resolve_answer(
        &self,
        i: usize,
        value: &AnswerValue,
        base: &str,
    ) -> Result<Answer, Errors> {
        let sheet: &Sheet = self.sheet;
        let Some(c) = sheet.criteria.get(i) else {
            return Err(Errors::one(unknown_criterion(
                sheet,
                &format!("#{i}"),
                base,
            )));
        };
        let code = c.code.as_str();
        let p = || pointer(base, code);
        let n = c.options.len();
        let check = |k: u32, p: &dyn Fn() -> String| -> Result<usize, Error> {
            let idx = usize::try_from(k).unwrap_or(usize::MAX);
            if (1..=n).contains(&idx) {
                Ok(idx - 1)
            } else {
                Err(Error::new(
                    ErrorCode::OptionOutOfRange,
                    p(),
                    format!("criterion {code} has options 1 to {n}, not {k}"),
                ))
            }
        };
        let one = |idx: usize| Answer::One(u8::try_from(idx).unwrap_or(u8::MAX));
        match (c.mode, value) {
            (Mode::Additive, AnswerValue::One(k)) => check(*k, &p)
                .map(|idx| Answer::Ticked(1u64 << idx))
                .map_err(Errors::one),
            (Mode::Additive, AnswerValue::Many(ks)) => {
                let mut bits = 0u64;
                let mut errors = Vec::new();
                for (j, k) in ks.iter().enumerate() {
                    let pj = || pointer(&p(), &j.to_string());
                    match check(*k, &pj) {
                        Ok(idx) if bits & (1u64 << idx) != 0 => errors.push(Error::new(
                            ErrorCode::DuplicateOption,
                            pj(),
                            format!("option {k} of criterion {code} is listed twice"),
                        )),
                        Ok(idx) => bits |= 1u64 << idx,
                        Err(e) => errors.push(e),
                    }
                }
                if errors.is_empty() {
                    Ok(Answer::Ticked(bits))
                } else {
                    Err(Errors(errors))
                }
            }
            (_, AnswerValue::One(k)) => check(*k, &p).map(one).map_err(Errors::one),
            (_, AnswerValue::Many(ks)) => match ks.as_slice() {
                [k] => check(*k, &|| pointer(&p(), "0"))
                    .map(one)
                    .map_err(Errors::one),
                [] => Err(Errors::one(Error::new(
                    ErrorCode::MissingAnswer,
                    p(),
                    format!("criterion {code} takes one option number; the list is empty (use null for unanswered)"),
                ))),
                _ => Err(Errors::one(Error::new(
                    ErrorCode::MultipleAnswers,
                    p(),
                    format!("criterion {code} takes one option, not {}", ks.len()),
                ))),
            },
        }
    }

    /// Resolves `eliminated` codes to criterion indices.
    ///
    /// # Errors
    /// `unknown_criterion`, `not_eliminable`.
    pub fn resolve_flags(&self, codes: &[String], path: &str) -> Result<Vec<usize>, Errors> {
        let sheet: &Sheet = self.sheet;
        let mut out = Vec::with_capacity(codes.len());
        let mut errors = Vec::new();
        for (j, code) in codes.iter().enumerate() {
            let p = pointer(path, &j.to_string());
            match sheet.criterion(code) {
                None => errors.push(unknown_criterion(sheet, code, &p)),
                Some((i, c)) if c.elimination_note().is_some() => out.push(i),
                Some(_) => {
                    let with: Vec<&str> = sheet
                        .criteria
                        .iter()
                        .filter(|c| c.elimination_note().is_some())
                        .map(|c| c.code.as_str())
                        .collect();
                    errors.push(Error::new(
                        ErrorCode::NotEliminable,
                        p,
                        format!(
                            "criterion {code} has no elimination or stop note; criteria with one: {}",
                            if with.is_empty() { "none".to_owned() } else { with.join(", ") }
                        ),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Errors(errors))
        }
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
// Results

/// Product set reference in results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSetRef {
    /// Number.
    pub number: u8,
    /// Name.
    pub name: String,
}

/// Points of one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartScore {
    /// Points.
    pub points: u32,
    /// Maximum.
    pub max: u32,
}

/// Points per part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct Parts {
    /// Part A.
    pub A: PartScore,
    /// Part B.
    pub B: PartScore,
    /// Part C.
    pub C: PartScore,
}

/// A star minimum that capped the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Criterion code.
    pub criterion: String,
    /// The star level the minimum belongs to.
    pub level: u8,
    /// The marked option (1-based).
    pub required_option: u32,
    /// The option answered (null if unanswered; a list for additive criteria).
    pub answered_option: Option<AnswerValue>,
}

/// The elimination or stop note that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eliminated {
    /// Criterion code.
    pub criterion: String,
    /// `"elimination"` or `"stop_rule"`.
    pub kind: NoteKind,
    /// The note, verbatim.
    pub note: String,
    /// `"request"` when flagged in `eliminated`, `"answers"` when the answers triggered it.
    pub by: String,
}

/// One criterion's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionScore {
    /// Code.
    pub code: String,
    /// Part.
    pub part: Part,
    /// The answer (null if unanswered).
    pub option: Option<AnswerValue>,
    /// Points.
    pub points: u32,
    /// Maximum.
    pub max: u32,
}

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

/// A scored sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreResult {
    /// Edition applied.
    pub edition: String,
    /// Product set.
    pub product_set: ProductSetRef,
    /// Every criterion answered.
    pub complete: bool,
    /// Points per part.
    pub parts: Parts,
    /// Total points.
    pub total: u32,
    /// Stars by total alone.
    pub band: u8,
    /// Stars after minimums; null when eliminated.
    pub stars: Option<u8>,
    /// Minimums that capped the stars below the band.
    pub capped_by: Vec<Cap>,
    /// The elimination or stop note that applies.
    pub eliminated: Option<Eliminated>,
    /// Codes of unanswered criteria (partial mode, or after an elimination).
    pub unanswered: Vec<String>,
    /// Per criterion, in printed order.
    pub criteria: Vec<CriterionScore>,
    /// Warnings (known data gaps of the edition, …).
    pub warnings: Vec<Warning>,
    /// Provenance.
    pub provenance: Provenance,
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

fn answer_value(c: &crate::data::Criterion, a: Option<Answer>) -> Option<AnswerValue> {
    match a? {
        Answer::One(i) => Some(AnswerValue::One(u32::from(i) + 1)),
        Answer::Ticked(bits) => Some(AnswerValue::Many(
            (0..c.options.len().min(64))
                .filter(|k| bits & (1u64 << k) != 0)
                .filter_map(|k| u32::try_from(k + 1).ok())
                .collect(),
        )),
    }
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
                e.part.map_or("?", Part::as_str),
                sheet.number,
                e.used,
                e.printed,
                e.reason
            ),
        });
    gaps.chain(short).collect()
}

impl Scorer<'_> {
    /// Builds the explained result of an evaluation.
    #[must_use]
    pub fn report(&self, answers: &Answers, ev: &Evaluation) -> ScoreResult {
        let sheet: &Sheet = self.sheet;
        let edition = self.edition;
        let part = |p: Part| PartScore {
            points: ev.parts.get(p.index()).copied().unwrap_or(0),
            max: sheet.part_max(p),
        };
        let capped_by = self
            .caps(ev)
            .filter_map(|m| {
                let c = sheet.criteria.get(m.criterion)?;
                Some(Cap {
                    criterion: c.code.clone(),
                    level: m.level,
                    required_option: u32::try_from(m.option + 1).ok()?,
                    answered_option: answer_value(c, answers.get(m.criterion)),
                })
            })
            .collect();
        let eliminated = ev.eliminated.and_then(|e| {
            let c = sheet.criteria.get(e.criterion)?;
            let n: &Note = c.notes.get(e.note)?;
            Some(Eliminated {
                criterion: c.code.clone(),
                kind: n.kind,
                note: n.text.clone(),
                by: if e.by_answers { "answers" } else { "request" }.to_owned(),
            })
        });
        let mut unanswered = Vec::new();
        let criteria = sheet
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let a = answers.get(i);
                if a.is_none() {
                    unanswered.push(c.code.clone());
                }
                CriterionScore {
                    code: c.code.clone(),
                    part: c.part,
                    option: answer_value(c, a),
                    points: ev.points.get(i).copied().unwrap_or(0),
                    max: c.max,
                }
            })
            .collect();
        ScoreResult {
            edition: edition.meta.id.clone(),
            product_set: ProductSetRef {
                number: sheet.number,
                name: sheet.name.clone(),
            },
            complete: ev.complete,
            parts: Parts {
                A: part(Part::A),
                B: part(Part::B),
                C: part(Part::C),
            },
            total: ev.total,
            band: ev.band,
            stars: ev.stars,
            capped_by,
            eliminated,
            unanswered,
            criteria,
            warnings: gap_warnings(edition, sheet),
            provenance: self.provenance(),
        }
    }

    /// The star minimums that capped an evaluation: those that fail at a level the band
    /// reached (a failing minimum above the band changes nothing and is not reported).
    /// These are the `capped_by` entries of [`Scorer::report`], in the same order.
    pub fn caps<'e>(&'e self, ev: &'e Evaluation) -> impl Iterator<Item = &'e Minimum> + 'e {
        let sheet: &'e Sheet = self.sheet;
        self.cap_indices(ev)
            .filter_map(move |k| sheet.minimums.get(k))
    }

    /// [`Scorer::caps`] as indices into [`Sheet::minimums`], in the same order.
    pub fn cap_indices<'e>(&'e self, ev: &'e Evaluation) -> impl Iterator<Item = usize> + 'e {
        let sheet: &'e Sheet = self.sheet;
        ev.failed_minimums
            .iter()
            .copied()
            .filter(move |&k| sheet.minimums.get(k).is_some_and(|m| m.level <= ev.band))
    }

    /// Evaluates resolved answers and applies the completeness rule of [`Scorer::score`]:
    /// unless `partial`, every criterion must be answered (an elimination that applies makes
    /// the rest moot). Use this with [`Scorer::resolve_answer`] to score without building the
    /// explained [`ScoreResult`].
    ///
    /// # Errors
    /// `missing_answer` per unanswered criterion, at `/answers/<code>`.
    pub fn evaluate_checked(
        &self,
        answers: &Answers,
        flagged: &[usize],
        partial: bool,
    ) -> Result<Evaluation, Errors> {
        let ev = self.evaluate(answers, flagged);
        if !partial && !ev.complete && ev.eliminated.is_none() {
            let errors = self
                .sheet
                .criteria
                .iter()
                .enumerate()
                .filter(|(i, _)| answers.get(*i).is_none())
                .map(|(_, c)| {
                    Error::new(
                        ErrorCode::MissingAnswer,
                        pointer("/answers", &c.code),
                        format!(
                            "criterion {} ({}) has no answer; answer it or set \"partial\": true",
                            c.code, c.name
                        ),
                    )
                })
                .collect();
            return Err(Errors(errors));
        }
        Ok(ev)
    }

    /// The provenance block of this handle's results.
    #[must_use]
    pub fn provenance(&self) -> Provenance {
        let sheet: &Sheet = self.sheet;
        Provenance {
            edition: self.edition.meta.id.clone(),
            decision: match &self.edition.meta.amended_by {
                Some(a) => format!("{} (sửa đổi bởi {a})", self.edition.meta.decision),
                None => self.edition.meta.decision.clone(),
            },
            source: sheet.citation.clone(),
            sheet_edition: sheet.edition.clone(),
            confidence: sheet
                .confidence
                .clone()
                .unwrap_or_else(|| self.edition.meta.confidence.clone()),
            data_version: self.edition.meta.data_version.clone(),
            engine_version: ENGINE_VERSION.to_owned(),
            edition_reason: None,
        }
    }

    /// Validates, evaluates and explains one request's answers on this handle.
    ///
    /// # Errors
    /// Answer errors; `missing_answer` per unanswered criterion unless `partial` or eliminated.
    pub fn score(
        &self,
        answers: &BTreeMap<String, AnswerValue>,
        eliminated: &[String],
        partial: bool,
    ) -> Result<ScoreResult, Errors> {
        let (resolved, ev) = self.evaluate_answers(answers, eliminated, partial)?;
        Ok(self.report(&resolved, &ev))
    }

    /// What [`Scorer::score`] does before explaining: resolves the written answers and the
    /// flagged eliminations, evaluates, and applies the completeness rule. Returns the resolved
    /// answers and the evaluation; [`Scorer::report`] explains them.
    ///
    /// # Errors
    /// As [`Scorer::score`].
    pub fn evaluate_answers(
        &self,
        answers: &BTreeMap<String, AnswerValue>,
        eliminated: &[String],
        partial: bool,
    ) -> Result<(Answers, Evaluation), Errors> {
        let (resolved, flags) = match (
            self.resolve(answers, "/answers"),
            self.resolve_flags(eliminated, "/eliminated"),
        ) {
            (Ok(a), Ok(f)) => (a, f),
            (Err(Errors(mut a)), Err(Errors(f))) => {
                a.extend(f);
                return Err(Errors(a));
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        let ev = self.evaluate_checked(&resolved, &flags, partial)?;
        Ok((resolved, ev))
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// The edition a request chooses (by name, or by date and dossier) and its sheet for
/// `product_set`, and why that edition when chosen by date.
///
/// # Errors
/// As [`resolve_choice`] and [`scorer_for`].
pub fn scorer_of<'r>(
    reg: &'r Registry,
    choice: &EditionChoice,
    product_set: &str,
) -> Result<(Scorer<'r>, Option<String>), Errors> {
    let (edition, why) = resolve_choice(reg, choice)?;
    let scorer = scorer_for(reg, &edition.meta.id, product_set)?;
    Ok((scorer, why.map(|w| w.reason)))
}

/// Finds the edition and sheet of a request.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable`.
pub fn scorer_for<'r>(
    reg: &'r Registry,
    edition: &str,
    product_set: &str,
) -> Result<Scorer<'r>, Error> {
    let e = reg.require_edition(edition, "/edition")?;
    let n = parse_set_number(&Json::String(product_set.to_owned()), "/product_set")?;
    let s = reg.require_sheet(e, n, "/product_set")?;
    Ok(Scorer::new(e, s))
}

/// Scores a typed request.
///
/// # Errors
/// Every problem found, with codes and paths.
pub fn score(req: &ScoreRequest) -> Result<ScoreResult, Errors> {
    evaluate_request(req).map(|e| e.report())
}

/// A single-sheet request validated and evaluated but not yet explained: everything
/// [`score`] computes before building its [`ScoreResult`], which [`Evaluated::report`] builds
/// on demand. Batch bindings keep this compact form (a few hundred bytes instead of the
/// explained result's few kilobytes) and explain a result when it is looked at.
#[derive(Debug, Clone)]
pub struct Evaluated<'r> {
    /// The sheet's handle.
    pub scorer: Scorer<'r>,
    /// The resolved answers.
    pub answers: Answers,
    /// The evaluation.
    pub evaluation: Evaluation,
    /// Why the edition applies, when the request chose it by date.
    pub edition_reason: Option<String>,
}

impl Evaluated<'_> {
    /// The explained result: exactly what [`score`] returns for the request.
    #[must_use]
    pub fn report(&self) -> ScoreResult {
        let mut result = self.scorer.report(&self.answers, &self.evaluation);
        result
            .provenance
            .edition_reason
            .clone_from(&self.edition_reason);
        result
    }
}

/// [`score`] without the explanation: the request's edition (by id or by date), sheet,
/// answers and evaluation.
///
/// # Errors
/// As [`score`].
pub fn evaluate_request(req: &ScoreRequest) -> Result<Evaluated<'static>, Errors> {
    let (scorer, edition_reason) = req.scorer(registry()?)?;
    let (answers, evaluation) =
        scorer.evaluate_answers(&req.answers, &req.eliminated, req.partial)?;
    Ok(Evaluated {
        scorer,
        answers,
        evaluation,
        edition_reason,
    })
}

/// What [`evaluate_json`] returns: a single sheet left unexplained, or a council.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per request
pub enum Scored {
    /// A single sheet ([`Evaluated::report`] explains it).
    Sheet(Evaluated<'static>),
    /// A council (the request had `"members"`).
    Council(CouncilResult),
}

/// [`score_json`] with a single sheet left unexplained ([`Evaluated`]).
///
/// # Errors
/// As [`score_json`]'s failures.
pub fn evaluate_json(v: &Json) -> Result<Scored, Errors> {
    if crate::council::is_council_request(v) {
        CouncilRequest::from_json(v)
            .and_then(|r| score_council(&r))
            .map(Scored::Council)
    } else {
        ScoreRequest::from_json(v)
            .and_then(|r| evaluate_request(&r))
            .map(Scored::Sheet)
    }
}

/// The result of a score request: one sheet, or a council ([`crate::council`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // built once per request and serialised at once
pub enum ScoreOutput {
    /// A single sheet.
    Sheet(ScoreResult),
    /// A council (the request had `"members"`).
    Council(CouncilResult),
}

impl ScoreOutput {
    /// The single-sheet result, if this is one.
    #[must_use]
    pub fn sheet(&self) -> Option<&ScoreResult> {
        match self {
            ScoreOutput::Sheet(r) => Some(r),
            ScoreOutput::Council(_) => None,
        }
    }

    /// The council result, if this is one.
    #[must_use]
    pub fn council(&self) -> Option<&CouncilResult> {
        match self {
            ScoreOutput::Council(r) => Some(r),
            ScoreOutput::Sheet(_) => None,
        }
    }
}

/// Scores a request given as a parsed JSON tree: a single sheet, or a council when the
/// request has `"members"`.
#[must_use]
pub fn score_json(v: &Json) -> Outcome<ScoreOutput> {
    evaluate_json(v)
        .map(|e| match e {
            Scored::Sheet(s) => ScoreOutput::Sheet(s.report()),
            Scored::Council(c) => ScoreOutput::Council(c),
        })
        .into()
}

/// Scores a request given as JSON text and returns the outcome as JSON text. Never panics.
#[must_use]
pub fn score_json_str(input: &str) -> String {
    score_json_bytes(input.as_bytes())
}

/// Scores a request given as (possibly invalid UTF-8) bytes; returns the outcome JSON.
///
/// The common request (one sheet named by `edition` and `product_set`, well-formed answers)
/// is read and written without the [`Json`] tree or serde's result types
/// (`ocop_core::fast`); every other request, and every failure, takes the reference path
/// ([`score_json_bytes_reference`]). Both give the same bytes.
#[must_use]
pub fn score_json_bytes(input: &[u8]) -> String {
    score_json_bytes_fast(input).unwrap_or_else(|| score_json_bytes_reference(input))
}

/// The fast path of [`score_json_bytes`] alone: `None` when it does not take the request (or
/// the `fast-json` feature is off). For tests and benchmarks.
#[doc(hidden)]
#[must_use]
pub fn score_json_bytes_fast(input: &[u8]) -> Option<String> {
    #[cfg(feature = "fast-json")]
    {
        crate::fast::score_json_bytes(input)
    }
    #[cfg(not(feature = "fast-json"))]
    {
        let _ = input;
        None
    }
}

/// [`score_json_bytes`] without its fast path: parse to the [`Json`] tree, read, score,
/// serialise the [`Outcome`] with serde. The reference the fast path is tested against.
#[doc(hidden)]
#[must_use]
pub fn score_json_bytes_reference(input: &[u8]) -> String {
    let outcome = match Json::parse(input) {
        Ok(v) => score_json(&v),
        Err(e) => Outcome::Failure { errors: vec![e] },
    };
    to_json(&outcome)
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

// ---------------------------------------------------------------------------------------------
// Catalogue: editions, product sets, sheets

/// An edition in listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// Id.
    pub id: String,
    /// Decision.
    pub decision: String,
    /// Amending decision.
    pub amended_by: Option<String>,
    /// Title.
    pub title: String,
    /// Signed on.
    pub signed_on: String,
    /// First day in force.
    pub effective_from: String,
    /// First day no longer in force (exclusive), or null.
    pub effective_to: Option<String>,
    /// Provenance.
    pub source: String,
    /// Confidence.
    pub confidence: String,
    /// Data version.
    pub data_version: String,
    /// Number of product sets.
    pub sets: u8,
    /// Sets this release has data for.
    pub sets_available: u8,
    /// Edition whose sheets are inherited.
    pub inherits: Option<String>,
    /// Rule citations.
    pub citations: BTreeMap<String, String>,
    /// Known gaps.
    pub gaps: Vec<crate::data::Gap>,
}

/// Lists every edition, oldest first.
///
/// # Errors
/// `invalid_data` only if the embedded data is defective.
pub fn editions() -> Result<Vec<EditionInfo>, Errors> {
    Ok(registry()?
        .editions()
        .iter()
        .map(|e| {
            let m = &e.meta;
            EditionInfo {
                id: m.id.clone(),
                decision: m.decision.clone(),
                amended_by: m.amended_by.clone(),
                title: m.title.clone(),
                signed_on: m.signed_on.to_string(),
                effective_from: m.effective_from.to_string(),
                effective_to: m.effective_to.map(|d| d.to_string()),
                source: m.source.clone(),
                confidence: m.confidence.clone(),
                data_version: m.data_version.clone(),
                sets: m.sets,
                sets_available: u8::try_from(e.sheets.iter().filter(|s| s.is_some()).count())
                    .unwrap_or(u8::MAX),
                inherits: m.inherits.clone(),
                citations: m.citations.clone(),
                gaps: m.gaps.clone(),
            }
        })
        .collect())
}

/// A product set in listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetInfo {
    /// Number.
    pub number: u8,
    /// Name.
    pub name: String,
    /// Sector line.
    pub sector: String,
    /// Group line.
    pub group: String,
    /// Sub-group line.
    pub subgroup: Option<String>,
}

/// Lists the product sets of an edition.
///
/// # Errors
/// `unknown_edition`.
pub fn product_sets(edition: &str) -> Result<Vec<SetInfo>, Errors> {
    let reg = registry()?;
    let e = reg.require_edition(edition, "/edition")?;
    Ok(e.sheets
        .iter()
        .flatten()
        .map(|s| SetInfo {
            number: s.number,
            name: s.name.clone(),
            sector: s.sector.clone(),
            group: s.group.clone(),
            subgroup: s.subgroup.clone(),
        })
        .collect())
}

/// An option in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionView {
    /// 1-based number, the answer value.
    pub number: u32,
    /// Verbatim label including any star marker.
    pub label: String,
    /// Label without the star marker.
    pub text: String,
    /// Points.
    pub points: u32,
    /// Minimum star level this option satisfies.
    pub min_star: Option<u8>,
    /// Case heading (case mode).
    pub case: Option<String>,
}

/// A criterion in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionView {
    /// Code.
    pub code: String,
    /// Part.
    pub part: Part,
    /// Group code.
    pub group: String,
    /// Group name (the criterion's own name when it is its own group).
    pub group_name: String,
    /// Sub-heading code.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Maximum points.
    pub max: u32,
    /// Mode.
    pub mode: Mode,
    /// Cases (case mode).
    pub cases: Vec<String>,
    /// Options.
    pub options: Vec<OptionView>,
    /// Notes.
    pub notes: Vec<Note>,
    /// The council may flag this criterion in `eliminated`.
    pub eliminable: bool,
}

/// A part in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartView {
    /// Maximum.
    pub max: u32,
    /// Printed title.
    pub title: String,
}

/// Parts in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct PartsView {
    /// A.
    pub A: PartView,
    /// B.
    pub B: PartView,
    /// C.
    pub C: PartView,
}

/// Product set in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSetView {
    /// Number.
    pub number: u8,
    /// Name.
    pub name: String,
    /// Heading as printed.
    pub heading: String,
    /// Sector.
    pub sector: String,
    /// Group.
    pub group: String,
    /// Sub-group.
    pub subgroup: Option<String>,
}

/// An erratum in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErratumView {
    /// Criterion.
    pub criterion: Option<String>,
    /// Option number.
    pub option: Option<u32>,
    /// Field.
    pub field: ErratumField,
    /// Part.
    pub part: Option<Part>,
    /// Printed.
    pub printed: String,
    /// Used.
    pub used: String,
    /// Reason.
    pub reason: String,
}

/// A whole criteria sheet as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetView {
    /// Edition requested.
    pub edition: String,
    /// Product set.
    pub product_set: SheetSetView,
    /// The fields printed at the head of the sheet; `null` where no source gives them.
    pub heading_fields: Option<crate::data::HeadingFields>,
    /// Citation.
    pub citation: String,
    /// Confidence.
    pub confidence: String,
    /// Parts.
    pub parts: PartsView,
    /// Headings.
    pub groups: Vec<crate::data::Group>,
    /// Sheet-level notes.
    pub notes: Vec<Note>,
    /// Criteria in printed order.
    pub criteria: Vec<CriterionView>,
    /// Errata.
    pub errata: Vec<ErratumView>,
    /// Known data gaps of the edition.
    pub gaps: Vec<crate::data::Gap>,
    /// Star bands of the edition.
    pub bands: Vec<crate::data::Band>,
    /// Provenance.
    pub provenance: Provenance,
}

impl Scorer<'_> {
    /// This handle's sheet as data.
    #[must_use]
    pub fn sheet_view(&self) -> SheetView {
        let s: &Sheet = self.sheet;
        let part = |p: Part| PartView {
            max: s.part_max(p),
            title: s
                .parts
                .iter()
                .find(|x| x.code == p)
                .map(|x| x.title.clone())
                .unwrap_or_default(),
        };
        SheetView {
            edition: self.edition.meta.id.clone(),
            product_set: SheetSetView {
                number: s.number,
                name: s.name.clone(),
                heading: s.heading.clone(),
                sector: s.sector.clone(),
                group: s.group.clone(),
                subgroup: s.subgroup.clone(),
            },
            heading_fields: s.heading_fields.clone(),
            citation: s.citation.clone(),
            confidence: s
                .confidence
                .clone()
                .unwrap_or_else(|| self.edition.meta.confidence.clone()),
            parts: PartsView {
                A: part(Part::A),
                B: part(Part::B),
                C: part(Part::C),
            },
            groups: s.groups.clone(),
            notes: s.notes.clone(),
            criteria: s
                .criteria
                .iter()
                .map(|c| CriterionView {
                    code: c.code.clone(),
                    part: c.part,
                    group: c.group.clone(),
                    group_name: s
                        .groups
                        .iter()
                        .find(|g| g.code == c.group)
                        .map_or_else(|| c.name.clone(), |g| g.name.clone()),
                    parent: c.parent.clone(),
                    name: c.name.clone(),
                    max: c.max,
                    mode: c.mode,
                    cases: c.cases.clone(),
                    options: c
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| OptionView {
                            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                            label: o.label.clone(),
                            text: o.text().to_owned(),
                            points: o.points,
                            min_star: o.min_star,
                            case: o.case.clone(),
                        })
                        .collect(),
                    notes: c.notes.clone(),
                    eliminable: c.elimination_note().is_some(),
                })
                .collect(),
            errata: s
                .errata
                .iter()
                .map(|e| ErratumView {
                    criterion: e.criterion.clone(),
                    option: e.option,
                    field: e.field,
                    part: e.part,
                    printed: e.printed.clone(),
                    used: e.used.clone(),
                    reason: e.reason.clone(),
                })
                .collect(),
            gaps: self.edition.meta.gaps.clone(),
            bands: self.edition.meta.bands.clone(),
            provenance: self.provenance(),
        }
    }
}

/// The criteria sheet of one product set of one edition.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable`.
pub fn sheet(edition: &str, product_set: &str) -> Result<SheetView, Errors> {
    let reg = registry()?;
    Ok(scorer_for(reg, edition, product_set)?.sheet_view())
}
