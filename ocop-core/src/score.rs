//! Scoring: one sheet ([`score`], [`evaluate_request`]) and the JSON forms of the score
//! operation ([`score_json`], [`score_json_str`], [`score_json_bytes`]), which take a single
//! sheet or, when the request has `"members"`, a council ([`crate::council`]).

use crate::council::{is_council_request, score_council, CouncilRequest, CouncilResult};
use crate::date::Date;
use crate::error::Errors;
use crate::eval::{scorer_of, Answers, Evaluation, Scorer};
use crate::json::{self, Json, Obj};
use crate::registry::{parse_set_number, registry, Registry};
use crate::report::ScoreResult;
use crate::vocab::{
    edition_choice_keys, read_answers, read_choice, read_codes, to_json, AnswerValue, Dossier,
    EditionChoice, Outcome,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A request to score one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// Edition id, e.g. `"26/2026"`; empty when `date` chooses the edition.
    #[serde(default)]
    pub edition: String,
    /// Filing date of the dossier, instead of `edition` (see [`crate::timeline`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Kind of dossier, with `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// Day the evaluation is completed, with `date` (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_on: Option<Date>,
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

/// The keys a single-sheet request may have: its own and [`crate::vocab::EDITION_CHOICE_KEYS`].
pub const REQUEST_KEYS: &[&str] =
    edition_choice_keys!(["product_set", "answers", "partial", "eliminated"] []);

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
        let choice = read_choice(&o, &mut errors);
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
    if is_council_request(v) {
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
