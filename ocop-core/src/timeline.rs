//! Editions by date: which edition's rules apply to a dossier.
//!
//! # Entry points (used by the CLI, the bindings and the golden runner, op `edition_for`)
//! - typed: [`edition_for`]`(date, dossier) -> Result<EditionFor, Errors>` and
//!   [`edition_for_query`]`(&EditionQuery)` (with the optional evaluation date);
//! - JSON tree: [`edition_for_json`]`(&Json) -> Outcome<EditionFor>`;
//! - text: [`edition_for_json_str`]`(&str) -> String`.
//!
//! Request: `{"date": "YYYY-MM-DD", "dossier": "first" | "upgrade" | "reevaluation",
//! "evaluated_on": "YYYY-MM-DD"}` (`evaluated_on` optional). Success:
//! `{"status": "success", "edition", "date", "dossier", "evaluated_on", "basis": "in_force" |
//! "transition", "citation", "transition_deadline", "reason"}`.
//!
//! Score and council requests may give the same three fields instead of `"edition"`; the
//! result's `provenance.edition_reason` then carries [`EditionFor::reason`].
//!
//! # What `date` means
//! `date` is the **filing date** of the dossier (ngày nộp hồ sơ). A dossier follows the edition
//! in force on the day it was filed (`effective_from <= date < effective_to` of the edition's
//! data), with one exception written in the texts, QĐ 26/2026/QĐ-TTg Điều 12 khoản 2:
//!
//! > "Những sản phẩm đã được chủ thể OCOP nộp hồ sơ đề nghị đánh giá, phân hạng sản phẩm OCOP
//! > trước ngày Quyết định này có hiệu lực, nhưng chưa được cấp có thẩm quyền đánh giá, phân
//! > hạng, thì thực hiện như sau: a) Đối với những sản phẩm đánh giá, phân hạng lần đầu hoặc
//! > nâng hạng: Tiếp tục thực hiện theo quy định về đánh giá, phân hạng sản phẩm OCOP của giai
//! > đoạn 2021 - 2025, nhưng thời hạn hoàn thành đánh giá, phân hạng không quá 60 ngày, kể từ
//! > ngày Quyết định này có hiệu lực. b) Đối với những sản phẩm đăng ký đánh giá, phân hạng
//! > lại: […] không quá 30 ngày, kể từ ngày Quyết định này có hiệu lực."
//!
//! So a dossier filed before 22/5/2026 (Điều 11 khoản 1: "Quyết định này có hiệu lực thi hành
//! từ ngày 22 tháng 5 năm 2026") that is still pending on that day follows the 2021–2025 rules
//! as they stood then — edition `148+1489/2025` — and must be evaluated by 21/7/2026 (first
//! evaluation, upgrade) or 21/6/2026 (re-evaluation). Days are counted as the Civil Code
//! prescribes (Bộ luật Dân sự 2015 Điều 147 khoản 2: the first day is not counted; Điều 148
//! khoản 1: the period ends at the end of its last day), so day 60 after 22/5/2026 is
//! 21/7/2026 and that day is still within the period. The weekend/holiday extension of Điều 148
//! khoản 5 is not modelled.
//!
//! The optional `evaluated_on` (the day the evaluation is completed) decides whether a dossier
//! filed before 22/5/2026 was still pending then: evaluated on or after 22/5/2026 → the
//! transition edition, if on or before the deadline; after the deadline → `no_edition_for_date`
//! (the decision names no rules for that case). Without `evaluated_on` the edition in force on
//! the filing date is returned, and `transition_deadline` says until when the transition would
//! carry the dossier.
//!
//! The clause is data: `procedure.transition.pending` of the edition that has it (the days by
//! kind of dossier, their citations, and which rules pending dossiers follow); a dossier meets
//! the first transition after its filing date.
//!
//! Earlier changes of edition (781 in 2020, 148 in 2023, 1489 in 2025) have no transition
//! clause in the texts this release holds, so only the filing date decides there (an
//! assumption, documented in `docs/rules.md`).

use crate::data::{Edition, PendingFollows, PendingRule, TransitionDeadline};
use crate::date::Date;
use crate::error::{Error, ErrorCode, Errors};
use crate::json::{Json, Obj};
use crate::registry::{registry, Registry};
use crate::vocab::{choice_conflicts, read_date, to_json, Outcome};
use serde::{Deserialize, Serialize};

pub use crate::vocab::{Dossier, EditionChoice};

/// Why an edition applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The edition was in force on the filing date.
    InForce,
    /// The transition of QĐ 26/2026/QĐ-TTg Điều 12 khoản 2: filed before 22/5/2026, still
    /// pending then, evaluated by the deadline under the 2021–2025 rules.
    Transition,
}

/// A question "which edition applies?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct EditionQuery {
    /// Filing date of the dossier.
    pub date: Date,
    /// Kind of dossier.
    pub dossier: Dossier,
    /// Day the evaluation is completed, if known.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub evaluated_on: Option<Date>,
}

/// The keys of an `edition_for` request.
pub const EDITION_FOR_KEYS: &[&str] = &["date", "dossier", "evaluated_on"];

/// The answer: the edition that applies and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct EditionFor {
    /// Edition id, e.g. `"148+1489/2025"`.
    pub edition: String,
    /// Filing date asked about.
    pub date: Date,
    /// Kind of dossier asked about.
    pub dossier: Dossier,
    /// Evaluation date asked about.
    pub evaluated_on: Option<Date>,
    /// `in_force` or `transition`.
    pub basis: Basis,
    /// The provision relied on: `"<decision>: <article>"`.
    pub citation: String,
    /// For a dossier filed before 22/5/2026 that may still be pending then: the last day on
    /// which the transition of Điều 12 khoản 2 allows evaluating it. Null otherwise.
    pub transition_deadline: Option<Date>,
    /// One sentence: which edition and why.
    pub reason: String,
}

/// First day an edition is no longer in force, minus one: the last day it is (if any).
fn last_day(e: &Edition) -> Option<Date> {
    e.meta.effective_to.and_then(|d| d.add_days(-1))
}

/// Is `e` in force for dossiers filed on `d`?
fn in_force(e: &Edition, d: Date) -> bool {
    e.meta.effective_from <= d && e.meta.effective_to.is_none_or(|to| d < to)
}

/// A transition clause of the data (`procedure.transition.pending` of an edition): its
/// effective date, the rule, and the edition in force the day before (whose rules pending
/// dossiers follow).
struct Transition<'r> {
    start: Date,
    rule: &'r PendingRule,
    predecessor: &'r Edition,
}

/// Every transition of the registry, earliest first.
fn transitions(reg: &Registry) -> Vec<Transition<'_>> {
    let mut out: Vec<Transition<'_>> = reg
        .editions()
        .iter()
        .filter_map(|e| {
            let rule = e.meta.procedure.transition.pending.as_ref()?;
            let start = e.meta.effective_from;
            let before = start.add_days(-1)?;
            let predecessor = match rule.follows {
                PendingFollows::Predecessor => {
                    reg.editions().iter().find(|p| in_force(p, before))?
                }
            };
            Some(Transition {
                start,
                rule,
                predecessor,
            })
        })
        .collect();
    out.sort_by_key(|t| t.start);
    out
}

/// The first transition after a filing date: the one a dossier filed then meets first.
fn next_transition<'t, 'r>(ts: &'t [Transition<'r>], filed: Date) -> Option<&'t Transition<'r>> {
    ts.iter().find(|t| filed < t.start)
}

/// The transition a dossier was pending at: filed before it took effect, evaluated on or
/// after (the first such).
fn pending_transition<'t, 'r>(
    ts: &'t [Transition<'r>],
    q: &EditionQuery,
) -> Option<&'t Transition<'r>> {
    let ev = q.evaluated_on?;
    next_transition(ts, q.date).filter(|t| ev >= t.start)
}

impl Transition<'_> {
    fn rule_for(&self, dossier: Dossier) -> Option<&TransitionDeadline> {
        self.rule
            .deadlines
            .iter()
            .find(|d| d.dossiers.iter().any(|k| k == dossier.as_str()))
    }

    fn deadline(&self, dossier: Dossier) -> Option<Date> {
        self.start.add_days(i64::from(self.rule_for(dossier)?.days))
    }

    fn citation(&self, dossier: Dossier) -> String {
        self.rule_for(dossier)
            .map(|d| d.citation.clone())
            .unwrap_or_default()
    }
}

/// The `effective` citation of an edition, as `"<decision>: <article>"` (the amending
/// decision for amended editions).
fn effective_citation(e: &Edition) -> String {
    let decision = e.meta.amended_by.as_deref().unwrap_or(&e.meta.decision);
    let article = e.meta.citations.get("effective").map_or("", String::as_str);
    format!("{decision}: {article}")
}

/// Every rule that applies to `q`, with its edition. Exactly one for every valid question
/// from the first edition on (the tests walk every day); none before 21/8/2019 and after a
/// missed transition deadline.
#[must_use]
pub fn applicable<'r>(reg: &'r Registry, q: &EditionQuery) -> Vec<(&'r Edition, Basis)> {
    let ts = transitions(reg);
    let mut out: Vec<(&Edition, Basis)> = Vec::new();
    match pending_transition(&ts, q) {
        None => out.extend(
            reg.editions()
                .iter()
                .filter(|e| in_force(e, q.date))
                .map(|e| (e, Basis::InForce)),
        ),
        Some(t) => {
            if let (Some(dl), Some(ev)) = (t.deadline(q.dossier), q.evaluated_on) {
                if ev <= dl {
                    out.push((t.predecessor, Basis::Transition));
                }
            }
        }
    }
    out
}

/// Which edition applies to `q`, in the given registry.
///
/// # Errors
/// `no_edition_for_date` (filed before the first edition, or evaluated after the transition
/// deadline), `conflicting_fields` (evaluated before filed), `invalid_data` (overlapping
/// editions, a release defect).
pub fn edition_for_in(reg: &Registry, q: &EditionQuery) -> Result<EditionFor, Errors> {
    if let Some(ev) = q.evaluated_on {
        if ev < q.date {
            return Err(Error::new(
                ErrorCode::ConflictingFields,
                "/evaluated_on",
                format!(
                    "the evaluation date {ev} is before the filing date {}",
                    q.date
                ),
            )
            .into());
        }
    }
    let found = applicable(reg, q);
    let ts = transitions(reg);
    match found.as_slice() {
        [(e, basis)] => {
            let e: &Edition = e;
            let (citation, reason, transition_deadline) = match basis {
                Basis::InForce => {
                    let mut reason = format!(
                        "{} applies to dossiers filed from {}",
                        e.meta.id, e.meta.effective_from
                    );
                    if let Some(last) = last_day(e) {
                        reason.push_str(&format!(" to {last}"));
                    }
                    reason.push_str(&format!("; this dossier was filed on {}", q.date));
                    let mut deadline = None;
                    if let Some(t) = next_transition(&ts, q.date) {
                        if q.evaluated_on.is_none() {
                            deadline = t.deadline(q.dossier);
                            if let Some(dl) = deadline {
                                reason.push_str(&format!(
                                    "; if still pending on {}, it follows {} ({}) and must be evaluated by {dl} ({})",
                                    t.start,
                                    t.rule.follows_name,
                                    t.predecessor.meta.id,
                                    t.citation(q.dossier)
                                ));
                            }
                        }
                    }
                    (effective_citation(e), reason, deadline)
                }
                Basis::Transition => {
                    let Some(t) = pending_transition(&ts, q) else {
                        return Err(Error::new(
                            ErrorCode::InvalidData,
                            "",
                            "transition without a transition edition",
                        )
                        .into());
                    };
                    let deadline = t.deadline(q.dossier);
                    let reason = format!(
                        "filed on {}, before {}, and still pending on {}: {} ({}) apply, and the evaluation must be completed by {} ({})",
                        q.date,
                        t.start,
                        t.start,
                        t.rule.follows_name,
                        e.meta.id,
                        deadline.map(|d| d.to_string()).unwrap_or_default(),
                        t.citation(q.dossier)
                    );
                    (t.citation(q.dossier), reason, deadline)
                }
            };
            Ok(EditionFor {
                edition: e.meta.id.clone(),
                date: q.date,
                dossier: q.dossier,
                evaluated_on: q.evaluated_on,
                basis: *basis,
                citation,
                transition_deadline,
                reason,
            })
        }
        [] => Err(no_edition(reg, q, pending_transition(&ts, q)).into()),
        many => Err(Error::new(
            ErrorCode::InvalidData,
            "/date",
            format!(
                "editions overlap on {}: {}",
                q.date,
                many.iter()
                    .map(|(e, _)| e.meta.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .into()),
    }
}

/// Explains why no edition applies.
fn no_edition(reg: &Registry, q: &EditionQuery, pending: Option<&Transition<'_>>) -> Error {
    if let (Some(t), Some(ev)) = (pending, q.evaluated_on) {
        let dl = t
            .deadline(q.dossier)
            .map(|d| d.to_string())
            .unwrap_or_default();
        return Error::new(
            ErrorCode::NoEditionForDate,
            "/evaluated_on",
            format!(
                "a {} dossier filed on {} and still pending on {} had to be evaluated by {dl} under {} ({}); the decision names no rules for evaluating it on {ev}",
                q.dossier.as_str(),
                q.date,
                t.start,
                t.rule.follows_name,
                t.citation(q.dossier)
            ),
        );
    }
    let first = reg.editions().iter().min_by_key(|e| e.meta.effective_from);
    Error::new(
        ErrorCode::NoEditionForDate,
        "/date",
        match first {
            Some(f) => format!(
                "no edition applies to dossiers filed on {}: the earliest, {}, applies from {}",
                q.date, f.meta.id, f.meta.effective_from
            ),
            None => format!("no edition applies to dossiers filed on {}", q.date),
        },
    )
}

/// Which edition applies to a dossier of kind `dossier` filed on `date` (see the module
/// documentation for what the date means).
///
/// # Errors
/// `no_edition_for_date` before 21/8/2019; `invalid_data` if the embedded data is defective.
pub fn edition_for(date: Date, dossier: Dossier) -> Result<EditionFor, Errors> {
    edition_for_query(&EditionQuery {
        date,
        dossier,
        evaluated_on: None,
    })
}

/// Which edition applies to a dossier, with the optional evaluation date.
///
/// # Errors
/// See [`edition_for_in`].
pub fn edition_for_query(q: &EditionQuery) -> Result<EditionFor, Errors> {
    edition_for_in(registry()?, q)
}

impl EditionQuery {
    /// Reads an `edition_for` request.
    ///
    /// # Errors
    /// `wrong_type`, `unknown_field`, `duplicate_key`, `missing_field`, `invalid_date`.
    pub fn from_json(v: &Json) -> Result<EditionQuery, Errors> {
        let o = Obj::new(v, "", EDITION_FOR_KEYS)?;
        let mut errors = Vec::new();
        let date = match o.require("date") {
            Ok(x) => read_date(x, "/date", &mut errors),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let dossier = match o.require("dossier") {
            Ok(x) => Dossier::from_json(x, "/dossier")
                .map_err(|e| errors.push(e))
                .ok(),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let evaluated_on = match o.get("evaluated_on") {
            None | Some(Json::Null) => None,
            Some(x) => read_date(x, "/evaluated_on", &mut errors),
        };
        match (date, dossier) {
            (Some(date), Some(dossier)) if errors.is_empty() => Ok(EditionQuery {
                date,
                dossier,
                evaluated_on,
            }),
            _ => Err(Errors(errors)),
        }
    }
}

/// Answers an `edition_for` request given as a JSON tree.
#[must_use]
pub fn edition_for_json(v: &Json) -> Outcome<EditionFor> {
    EditionQuery::from_json(v)
        .and_then(|q| edition_for_query(&q))
        .into()
}

/// Answers an `edition_for` request given as JSON text; returns the outcome as JSON text.
#[must_use]
pub fn edition_for_json_str(input: &str) -> String {
    let outcome = match Json::parse(input.as_bytes()) {
        Ok(v) => edition_for_json(&v),
        Err(e) => Outcome::Failure { errors: vec![e] },
    };
    to_json(&outcome)
}

/// Resolves an edition choice to the edition and, for a date, the reason.
///
/// # Errors
/// The conflicts of `read_choice`, `unknown_edition`, and those of [`edition_for_in`].
pub fn resolve_choice<'r>(
    reg: &'r Registry,
    c: &EditionChoice,
) -> Result<(&'r Edition, Option<EditionFor>), Errors> {
    let conflicts = choice_conflicts(
        !c.edition.is_empty(),
        c.date.is_some(),
        c.dossier.is_some(),
        c.evaluated_on.is_some(),
    );
    if !conflicts.is_empty() {
        return Err(Errors(conflicts));
    }
    match (c.date, c.dossier) {
        (Some(date), Some(dossier)) => {
            let why = edition_for_in(
                reg,
                &EditionQuery {
                    date,
                    dossier,
                    evaluated_on: c.evaluated_on,
                },
            )?;
            let e = reg.require_edition(&why.edition, "/date")?;
            Ok((e, Some(why)))
        }
        _ => Ok((reg.require_edition(&c.edition, "/edition")?, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, "").unwrap()
    }

    /// The text entry point answers what the tree entry point answers, as compact JSON text,
    /// and text that is not JSON is an `invalid_json` failure.
    #[test]
    fn edition_for_json_str_is_the_tree_entry_point_as_text() {
        let text = r#"{"date": "2026-05-22", "dossier": "first"}"#;
        let out = edition_for_json_str(text);
        assert!(
            out.starts_with(r#"{"status":"success","edition":"26/2026""#),
            "{out}"
        );
        let tree = Json::parse(text.as_bytes()).unwrap();
        assert_eq!(out, to_json(&edition_for_json(&tree)));
        let bad = edition_for_json_str("{\"date\": ");
        assert!(
            bad.starts_with(r#"{"status":"failure","errors":[{"code":"invalid_json""#),
            "{bad}"
        );
    }

    #[test]
    fn transition_boundaries() {
        let q = |date: &str, k: Dossier, ev: Option<&str>| {
            edition_for_query(&EditionQuery {
                date: d(date),
                dossier: k,
                evaluated_on: ev.map(d),
            })
        };
        assert_eq!(
            q("2026-05-21", Dossier::First, None).unwrap().edition,
            "148+1489/2025"
        );
        assert_eq!(
            q("2026-05-22", Dossier::First, None).unwrap().edition,
            "26/2026"
        );
        let t = q("2026-05-21", Dossier::Upgrade, Some("2026-07-21")).unwrap();
        assert_eq!(
            (t.edition.as_str(), t.basis),
            ("148+1489/2025", Basis::Transition)
        );
        assert_eq!(
            q("2026-05-21", Dossier::Upgrade, Some("2026-07-22"))
                .unwrap_err()
                .0[0]
                .code,
            ErrorCode::NoEditionForDate
        );
        assert!(q("2026-05-21", Dossier::Reevaluation, Some("2026-06-21")).is_ok());
        assert!(q("2026-05-21", Dossier::Reevaluation, Some("2026-06-22")).is_err());
        assert_eq!(
            q("2019-08-20", Dossier::First, None).unwrap_err().0[0].code,
            ErrorCode::NoEditionForDate
        );
    }
}
