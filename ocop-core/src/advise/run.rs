//! The advise operation: typed ([`advise`], [`advise_council`], [`advise_on`]), on a JSON tree
//! ([`advise_json`]) and on text ([`advise_json_str`], [`advise_json_bytes`]).

use super::request::*;
use super::result::*;
use super::solver::*;
use crate::council::{is_council_request, score_council_in, Average, CouncilRequest};
use crate::data::Sheet;
use crate::error::{Error, Errors};
use crate::eval::{Answers, Scorer};
use crate::json::Json;
use crate::registry::{registry, Registry};
use crate::score::ScoreRequest;
use crate::vocab::{to_json, Outcome};

/// `errors` (target, then the request's, then frozen codes) or the value.
fn merge<T>(first: Vec<Error>, r: Result<T, Errors>, last: Vec<Error>) -> Result<T, Errors> {
    match r {
        Ok(v) if first.is_empty() && last.is_empty() => Ok(v),
        Ok(_) => Err(Errors(first.into_iter().chain(last).collect())),
        Err(Errors(e)) => Err(Errors(first.into_iter().chain(e).chain(last).collect())),
    }
}

/// Advises on one scoring request on the handle `scorer`: validates it exactly as
/// [`Scorer::score`] does, then plans with [`plan`].
///
/// # Errors
/// Every problem of the request; `invalid_number` for a target outside 1–5;
/// `unknown_criterion` for a frozen code the sheet lacks.
pub fn advise_on(
    scorer: &Scorer<'_>,
    req: &ScoreRequest,
    target: Option<u8>,
    constraints: &Constraints,
) -> Result<Advice, Errors> {
    let sheet: &Sheet = scorer.sheet;
    let mut first = Vec::new();
    check_target(target, &mut first);
    let before = scorer.score(&req.answers, &req.eliminated, req.partial);
    let mut last = Vec::new();
    let frozen = resolve_frozen(sheet, &constraints.frozen, &mut last);
    let before = merge(first, before, last)?;
    let answers = scorer.resolve(&req.answers, "/answers")?;
    let flags = scorer.resolve_flags(&req.eliminated, "/eliminated")?;
    let ev = scorer.evaluate(&answers, &flags);
    let target = target.unwrap_or_else(|| next_level(ev.band, ev.failed_level));
    let max_changes = constraints
        .max_changes
        .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
    let threshold = scorer.edition.band_min(target).unwrap_or(u32::MAX);
    let common = |reachable, reason, changes, result_after| Advice {
        target,
        reachable,
        reason,
        threshold,
        total_before: ev.total,
        stars_before: ev.stars,
        points_needed: threshold.saturating_sub(ev.total),
        changes,
        result_after,
    };
    match plan(scorer, &answers, &flags, target, &frozen, max_changes) {
        Ok(p) => {
            let after = scorer.evaluate(&p.answers, &flags);
            let changes = p
                .steps
                .iter()
                .map(|s| Change {
                    criterion: code_of(sheet, s.criterion),
                    from: s.from.map(|a| answer_value(sheet, s.criterion, a)),
                    to: answer_value(sheet, s.criterion, s.to),
                    points_gained: s.points_gained,
                    required_by_minimum: s.forced.is_some(),
                })
                .collect();
            Ok(common(
                true,
                None,
                changes,
                scorer.report(&p.answers, &after),
            ))
        }
        Err(b) => Ok(common(
            false,
            Some(reason_of(sheet, target, &b, 1)?),
            Vec::new(),
            before,
        )),
    }
}

/// Advises on a typed single-sheet request against the embedded editions.
///
/// # Errors
/// Every problem of the request, with codes and paths.
pub fn advise(
    request: &ScoreRequest,
    target: Option<u8>,
    constraints: &Constraints,
) -> Result<Advice, Errors> {
    advise_in(registry()?, request, target, constraints)
}

/// Advises on a typed single-sheet request against the editions of `reg` (tests, custom data).
///
/// # Errors
/// Every problem of the request, with codes and paths.
pub fn advise_in(
    reg: &Registry,
    request: &ScoreRequest,
    target: Option<u8>,
    constraints: &Constraints,
) -> Result<Advice, Errors> {
    let (scorer, why) = request.scorer(reg)?;
    let mut advice = advise_on(&scorer, request, target, constraints)?;
    advice.result_after.provenance.edition_reason = why;
    Ok(advice)
}

/// Advises on a typed council request against the embedded editions.
///
/// # Errors
/// Every problem of the request, with codes and paths.
pub fn advise_council(
    request: &CouncilRequest,
    target: Option<u8>,
    constraints: &Constraints,
) -> Result<CouncilAdvice, Errors> {
    advise_council_in(registry()?, request, target, constraints)
}

/// Advises on a typed council request against the editions of `reg`: the council is scored by
/// [`score_council_in`] (before and after), the plan is [`plan_council`].
///
/// # Errors
/// Every problem of the request, with codes and paths.
pub fn advise_council_in(
    reg: &Registry,
    request: &CouncilRequest,
    target: Option<u8>,
    constraints: &Constraints,
) -> Result<CouncilAdvice, Errors> {
    let mut first = Vec::new();
    check_target(target, &mut first);
    let before = score_council_in(reg, request);
    let scorer = request.scorer(reg).ok();
    let mut last = Vec::new();
    let frozen = scorer.map_or_else(Vec::new, |(s, _)| {
        resolve_frozen(s.sheet, &constraints.frozen, &mut last)
    });
    let before = merge(first, before, last)?;
    let (scorer, _) = request.scorer(reg)?;
    let sheet: &Sheet = scorer.sheet;
    let members = request
        .members
        .iter()
        .map(|m| scorer.resolve(&m.answers, "/members"))
        .collect::<Result<Vec<Answers>, Errors>>()?;
    let flags = scorer.resolve_flags(&request.eliminated, "/eliminated")?;
    let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
    let evs: Vec<_> = members.iter().map(|a| scorer.evaluate(a, &flags)).collect();
    let sum: u64 = evs.iter().map(|e| u64::from(e.total)).sum();
    let band = scorer.edition.band_of(sum, u64::from(count));
    let failed_level = evs.iter().map(|e| e.failed_level).min().unwrap_or(6);
    let target = target.unwrap_or_else(|| next_level(band, failed_level));
    let threshold = scorer.edition.band_min(target).unwrap_or(u32::MAX);
    let goal = u64::from(threshold).saturating_mul(u64::from(count));
    let max_changes = constraints
        .max_changes
        .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
    let (average_before, stars_before) = (before.average.clone(), before.stars);
    let common = |reachable, reason, changes, result_after| CouncilAdvice {
        target,
        reachable,
        reason,
        threshold,
        average_before: average_before.clone(),
        stars_before,
        average_needed: Average::of(goal.saturating_sub(sum), u64::from(count)),
        changes,
        result_after,
    };
    match plan_council(&scorer, &members, &flags, target, &frozen, max_changes) {
        Ok(p) => {
            let mut after = request.clone();
            for step in &p.steps {
                let code = code_of(sheet, step.criterion);
                let to = answer_value(sheet, step.criterion, step.to);
                for m in &mut after.members {
                    m.answers.insert(code.clone(), to.clone());
                }
            }
            let result_after = score_council_in(reg, &after)?;
            let changes = p
                .steps
                .iter()
                .map(|s| CouncilChange {
                    criterion: code_of(sheet, s.criterion),
                    from: s
                        .from
                        .iter()
                        .map(|a| a.map(|a| answer_value(sheet, s.criterion, a)))
                        .collect(),
                    to: answer_value(sheet, s.criterion, s.to),
                    points_gained: s.points_gained,
                    average_gained: Average::of(u64::from(s.points_gained), u64::from(count)),
                    required_by_minimum: s.forced.is_some(),
                })
                .collect();
            Ok(common(true, None, changes, result_after))
        }
        Err(b) => Ok(common(
            false,
            Some(reason_of(sheet, target, &b, count)?),
            Vec::new(),
            before,
        )),
    }
}

/// Advises on a request given as a parsed JSON tree: the golden runner's entry point (op
/// `advise`). A request with `"members"` is a council.
#[must_use]
pub fn advise_json(v: &Json) -> Outcome<AdviceOutput> {
    if is_council_request(v) {
        CouncilAdviseRequest::from_json(v)
            .and_then(|r| advise_council(&r.request, r.target, &r.constraints))
            .map(AdviceOutput::Council)
            .into()
    } else {
        AdviseRequest::from_json(v)
            .and_then(|r| advise(&r.request, r.target, &r.constraints))
            .map(AdviceOutput::Sheet)
            .into()
    }
}

/// Advises on a request given as JSON text; returns the outcome as JSON text. Never panics.
#[must_use]
pub fn advise_json_str(input: &str) -> String {
    advise_json_bytes(input.as_bytes())
}

/// Advises on a request given as (possibly invalid UTF-8) bytes; returns the outcome JSON.
#[must_use]
pub fn advise_json_bytes(input: &[u8]) -> String {
    let outcome = match Json::parse(input) {
        Ok(v) => advise_json(&v),
        Err(e) => Outcome::Failure { errors: vec![e] },
    };
    to_json(&outcome)
}
