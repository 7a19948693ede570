//! The advice: the changes of a plan in request form, the reason a target is unreachable.

use super::solver::{Blocker, MAX_PLAN_POINTS};
use crate::council::{Average, CouncilResult};
use crate::data::Sheet;
use crate::error::{Error, ErrorCode, Errors};
use crate::eval::Answer;
use crate::report::ScoreResult;
use crate::vocab::AnswerValue;
use serde::{Deserialize, Serialize};

/// One change of the advised plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Criterion code.
    pub criterion: String,
    /// The current answer (option number, or ticked option numbers for additive criteria);
    /// null when unanswered.
    pub from: Option<AnswerValue>,
    /// The advised answer (additive: every option ticked after the change, old ones included).
    pub to: AnswerValue,
    /// Points gained.
    pub points_gained: u32,
    /// The target cannot be reached without changing this criterion: its answer fails a star
    /// minimum of a level up to the target, or its 0 points trigger an elimination note.
    pub required_by_minimum: bool,
}

/// Why the target is unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The request flags an elimination or stop note: no answer gives stars.
    Eliminated,
    /// A frozen criterion fails a star minimum (or elimination trigger) of the target.
    FrozenRequirement,
    /// An unanswered case criterion carries a requirement; its case must be answered first.
    UnansweredCase,
    /// Council members answered a case criterion that must change in different cases.
    CaseDisagreement,
    /// No option meets the criterion's requirements (defective data only).
    NoQualifyingOption,
    /// The best answers to every changeable criterion stay below the band minimum.
    MaxTotalBelowThreshold,
    /// The cheapest plan needs more changes than `max_changes`.
    MaxChangesTooSmall,
}

/// Why the target is unreachable: a stable code, the criteria concerned, an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Stable code.
    pub code: ReasonCode,
    /// Criterion codes the reason is about (may be empty).
    pub criteria: Vec<String>,
    /// Explanation (English, like error messages).
    pub message: String,
}

/// The advice on one sheet: the cheapest plan to the target, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// Target stars.
    pub target: u8,
    /// `true` when the plan reaches the target (an empty plan when it is already reached).
    pub reachable: bool,
    /// Why not, when unreachable; null otherwise.
    pub reason: Option<Reason>,
    /// Band minimum of the target.
    pub threshold: u32,
    /// Total now.
    pub total_before: u32,
    /// Stars now (null when eliminated).
    pub stars_before: Option<u8>,
    /// How many points the total must rise to reach the threshold (0 if it already does).
    pub points_needed: u32,
    /// The changes, in printed order (empty when unreachable).
    pub changes: Vec<Change>,
    /// The scoring result after the changes (the current result when unreachable).
    pub result_after: ScoreResult,
}

/// One change of a council plan: every member would answer `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilChange {
    /// Criterion code.
    pub criterion: String,
    /// Each member's current answer, in member order (null when unanswered).
    pub from: Vec<Option<AnswerValue>>,
    /// The answer every member would agree on.
    pub to: AnswerValue,
    /// Points gained, summed over the members' sheets.
    pub points_gained: u32,
    /// How much the average rises (`points_gained / members`).
    pub average_gained: Average,
    /// The target cannot be reached without changing this criterion: some member's answer
    /// fails a star minimum of a level up to the target, or triggers an elimination note.
    pub required_by_minimum: bool,
}

/// The advice on a council: how far the exact average must rise, and which criteria, if every
/// member agreed, would close the gap at the least cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilAdvice {
    /// Target stars.
    pub target: u8,
    /// `true` when the plan reaches the target (an empty plan when it is already reached).
    pub reachable: bool,
    /// Why not, when unreachable; null otherwise.
    pub reason: Option<Reason>,
    /// Band minimum of the target (compared with the exact average).
    pub threshold: u32,
    /// The exact average now.
    pub average_before: Average,
    /// The council's stars now (null when eliminated).
    pub stars_before: Option<u8>,
    /// How many points the average must rise to reach the threshold (0 if it already does).
    pub average_needed: Average,
    /// The changes, in printed order (empty when unreachable).
    pub changes: Vec<CouncilChange>,
    /// The council's result after the changes (the current result when unreachable).
    pub result_after: CouncilResult,
}

/// The advice of [`crate::advise::advise_json`]: one sheet, or a council when the request has `"members"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // built once per request and serialised at once
pub enum AdviceOutput {
    /// A single sheet.
    Sheet(Advice),
    /// A council.
    Council(CouncilAdvice),
}

/// Converts a resolved answer to its request form.
pub(super) fn answer_value(sheet: &Sheet, i: usize, a: Answer) -> AnswerValue {
    match a {
        Answer::One(k) => AnswerValue::One(u32::from(k) + 1),
        Answer::Ticked(bits) => {
            let n = sheet.criteria.get(i).map_or(0, |c| c.options.len().min(64));
            AnswerValue::Many(
                (0..n)
                    .filter(|k| bits & (1u64 << k) != 0)
                    .filter_map(|k| u32::try_from(k + 1).ok())
                    .collect(),
            )
        }
    }
}

/// Converts a request-form answer back to a resolved one (option numbers are 1-based).
pub(super) fn answer_of(v: &AnswerValue) -> Answer {
    match v {
        AnswerValue::One(n) => Answer::One(
            n.checked_sub(1)
                .and_then(|k| u8::try_from(k).ok())
                .unwrap_or(u8::MAX),
        ),
        AnswerValue::Many(ns) => Answer::Ticked(
            ns.iter()
                .filter_map(|n| n.checked_sub(1).and_then(|k| 1u64.checked_shl(k)))
                .fold(0, |a, b| a | b),
        ),
    }
}

pub(super) fn code_of(sheet: &Sheet, i: usize) -> String {
    sheet
        .criteria
        .get(i)
        .map(|c| c.code.clone())
        .unwrap_or_default()
}

/// The reason for a blocker; `members` > 1 for councils (totals are then sums over members).
/// A council too large to plan is an error, not a reason.
pub(super) fn reason_of(
    sheet: &Sheet,
    target: u8,
    b: &Blocker,
    members: u32,
) -> Result<Reason, Errors> {
    let codes = |v: &[usize]| v.iter().map(|&i| code_of(sheet, i)).collect::<Vec<_>>();
    let (code, criteria, message) = match b {
        Blocker::Eliminated { criterion } => {
            let c = code_of(sheet, *criterion);
            let msg = format!(
                "the request flags the elimination or stop note of criterion {c}: no change of answers gives stars"
            );
            (ReasonCode::Eliminated, vec![c], msg)
        }
        Blocker::Frozen { criteria } => {
            let cs = codes(criteria);
            let msg = format!(
                "frozen criteria {} fail a requirement of {target} stars (a star minimum or an elimination trigger)",
                cs.join(", ")
            );
            (ReasonCode::FrozenRequirement, cs, msg)
        }
        Blocker::UnansweredCase { criteria } => {
            let cs = codes(criteria);
            let msg = format!(
                "case criteria {} are unanswered and carry a requirement of {target} stars; answer them (the case is a fact about the producer) and ask again",
                cs.join(", ")
            );
            (ReasonCode::UnansweredCase, cs, msg)
        }
        Blocker::CaseDisagreement { criteria } => {
            let cs = codes(criteria);
            let msg = format!(
                "members answered case criteria {} in different cases, and {target} stars need them changed; settle the case (a fact about the producer) and ask again",
                cs.join(", ")
            );
            (ReasonCode::CaseDisagreement, cs, msg)
        }
        Blocker::NoOption { criteria } => {
            let cs = codes(criteria);
            let msg = format!(
                "no option of criteria {} meets the requirements of {target} stars",
                cs.join(", ")
            );
            (ReasonCode::NoQualifyingOption, cs, msg)
        }
        Blocker::MaxTotal {
            max_total,
            threshold,
        } => {
            let msg = if members > 1 {
                let best = Average::of(u64::from(*max_total), u64::from(members));
                let need = Average::of(u64::from(*threshold), u64::from(members));
                format!(
                    "the highest average reachable under the constraints is {}, below the {} points {target} stars need",
                    best.decimal, need.decimal
                )
            } else {
                format!(
                    "the highest total reachable under the constraints is {max_total}, below the {threshold} points {target} stars need"
                )
            };
            (ReasonCode::MaxTotalBelowThreshold, Vec::new(), msg)
        }
        Blocker::TooLarge { points } => {
            return Err(Errors::one(Error::new(
                ErrorCode::InputTooLarge,
                "/members",
                format!(
                    "the members' sheets add up to {points} points; the advisor plans over at most {MAX_PLAN_POINTS}"
                ),
            )))
        }
        Blocker::MaxChanges { needed, allowed } => (
            ReasonCode::MaxChangesTooSmall,
            Vec::new(),
            format!(
                "reaching {target} stars needs at least {needed} changed criteria; max_changes is {allowed}"
            ),
        ),
    };
    Ok(Reason {
        code,
        criteria,
        message,
    })
}
