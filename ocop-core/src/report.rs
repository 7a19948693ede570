//! The explained result of one scored sheet ([`ScoreResult`]) and its parts, as
//! [`crate::eval::Scorer::report`] builds them; the council result reuses [`ProductSetRef`].

use crate::data::{NoteKind, Part};
use crate::vocab::{AnswerValue, Provenance, Warning};
use serde::{Deserialize, Serialize};

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
