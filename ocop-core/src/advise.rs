//! The upgrade advisor (issue 6): the cheapest set of criterion changes that lifts a product to
//! a target star level, or the reason no such set exists.
//!
//! JSON entry point (golden runner op `advise`): [`advise_json`]
//! (`&Json -> Outcome<AdviceOutput>`: one sheet, or a council when the request has
//! `"members"`); text forms [`advise_json_str`] and [`advise_json_bytes`]. Typed: [`advise`],
//! [`advise_in`], [`advise_council`], [`advise_council_in`], [`Scorer::advise`]; on indices:
//! [`plan`], [`plan_council`]. Producer-readable text: [`advise_text`]. Docs: `docs/advise.md`.
//!
//! # Councils
//! Advice against the council's rule (the band of the exact average; every member's sheet
//! meets the minimums): a change gives every member the same answer ("if every member
//! agreed"), never lowering anyone; its gain is summed over the members' sheets, and the
//! threshold becomes `band minimum × members` on the sum of totals. Same order, same algorithm.
//!
//! # What a plan may do
//! A *change* moves one criterion to a better answer and never takes anything away:
//! - single criteria move to an option worth more points;
//! - case criteria move to an option of **the same case** worth more points (the case is a fact
//!   about the producer, not a choice); an unanswered case criterion cannot be changed;
//! - additive criteria tick one or more further options; options already ticked stay ticked.
//!   Ticking several options of one criterion is **one** change (one criterion changed);
//! - an unanswered criterion (partial request) counts as 0 points and fails any star minimum it
//!   carries, like the scorer says; answering it is a change (`from` is null).
//!
//! Frozen criteria never change.
//!
//! # What the plan must reach
//! The evaluator's rule (`eval.rs`): stars ≥ *T* exactly when the total reaches the band
//! minimum of *T* (Điều 3 khoản 3), every star minimum of level ≤ *T* is met (Phụ lục II, ghi
//! chú về dấu sao), and no elimination or stop note applies. A note the request flags in
//! `eliminated` cannot be undone by any answer: the target is unreachable. A note triggered by
//! the answers (a listed criterion scored 0) can: each listed criterion must end with points.
//!
//! # Cheapest (issue 6, point 2)
//! Plans are compared by, in order:
//! 1. the number of distinct criteria changed (a criterion forced by a minimum counts once and
//!    may be raised past its marked option when that saves changing another);
//! 2. the points beyond the threshold (total after − band minimum of the target), smallest first;
//! 3. printed order: the sorted list of changed criteria compared position by position, the
//!    plan whose first differing changed criterion is printed earlier wins;
//! 4. printed order again, for the options: at the first changed criterion where two plans
//!    differ, the one reaching fewer points there wins; equal points: the lower option number
//!    (single, case), or for additive criteria the fewest new ticks, then the tick set that
//!    leaves the later-printed options unticked.
//!
//! This is a total order, so the answer is unique and deterministic.
//!
//! # Algorithm (exact)
//! Stars decompose per criterion: the total is a sum, each star minimum and each elimination
//! trigger looks at one criterion. So every criterion is either *kept* (allowed only when its
//! current answer meets its own requirements) or *changed* to one of its valid improved answers,
//! each worth a gain. Per criterion only one answer per gain matters (the lowest under rule 4).
//! A dynamic programme over criteria in printed order, the number of changes and the exact sum
//! of gains (`feasible[i][j][s]`: criteria `i..` can be settled with exactly `j` changes gaining
//! exactly `s` points) answers rules 1 and 2 exactly: the least `j` with some
//! `s ≥ threshold − total`, then the least such `s`. Rules 3 and 4 are read off the table by
//! walking the criteria in printed order and taking, at each, the preferred choice whose
//! remainder is still feasible. Sizes: ≤ 35 criteria × ≤ 35 changes × ≤ 100 points, a few
//! hundred thousand steps. Points, minimums and triggers of every candidate answer come from
//! [`Scorer::evaluate`] itself, so no scoring rule is restated here.

use crate::contract::{AnswerValue, Outcome, ScoreRequest, ScoreResult, REQUEST_KEYS};
use crate::council::{
    is_council_request, score_council_in, Average, CouncilRequest, CouncilResult, COUNCIL_KEYS,
};
use crate::data::{Mode, Sheet};
use crate::error::{pointer, Error, ErrorCode, Errors};
use crate::eval::{Answer, Answers, Scorer};
use crate::json::{self, Json, Obj};
use crate::registry::{registry, Registry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The largest sum of the members' sheet maxima the planner works on (its table grows with
/// it): 200 members of a 100-point sheet. Larger councils are refused (`input_too_large`).
pub const MAX_PLAN_POINTS: u64 = 20_000;

/// The keys an advise request adds to a scoring request.
pub const ADVISE_KEYS: &[&str] = &["target", "frozen", "max_changes"];

// ---------------------------------------------------------------------------------------------
// Plans on indices

/// Why a criterion must change whatever else changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forced {
    /// Its answer fails a star minimum of this level (≤ the target).
    Minimum(u8),
    /// Its 0 points trigger an elimination or stop note.
    Elimination,
}

/// One criterion change of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Criterion index.
    pub criterion: usize,
    /// The current answer (`None` = unanswered).
    pub from: Option<Answer>,
    /// The advised answer.
    pub to: Answer,
    /// Points gained by the change.
    pub points_gained: u32,
    /// Set when the target cannot be reached without changing this criterion.
    pub forced: Option<Forced>,
}

/// A cheapest plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Band minimum of the target.
    pub threshold: u32,
    /// The changes, in printed order.
    pub steps: Vec<Step>,
    /// The answers after the changes.
    pub answers: Answers,
}

/// Why the target cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The request flags an elimination or stop note on this criterion.
    Eliminated {
        /// Criterion index.
        criterion: usize,
    },
    /// These frozen criteria fail a requirement of the target.
    Frozen {
        /// Criterion indices.
        criteria: Vec<usize>,
    },
    /// These case criteria are unanswered and carry a requirement of the target; their case is
    /// a fact the advisor cannot choose.
    UnansweredCase {
        /// Criterion indices.
        criteria: Vec<usize>,
    },
    /// Council members answered these case criteria in different cases, and the target needs
    /// them changed; the members must settle the case first.
    CaseDisagreement {
        /// Criterion indices.
        criteria: Vec<usize>,
    },
    /// No answer of these criteria meets their requirements (defective data only).
    NoOption {
        /// Criterion indices.
        criteria: Vec<usize>,
    },
    /// Even the best answer to every changeable criterion stays below the threshold.
    MaxTotal {
        /// The highest total reachable under the constraints.
        max_total: u32,
        /// Band minimum of the target.
        threshold: u32,
    },
    /// The members' sheets together exceed [`MAX_PLAN_POINTS`] points: too large to plan.
    TooLarge {
        /// Members × the sheet's maximum total.
        points: u64,
    },
    /// The cheapest plan needs more changes than allowed.
    MaxChanges {
        /// Changes the cheapest plan needs.
        needed: usize,
        /// `max_changes`.
        allowed: usize,
    },
}

/// One criterion as the planner sees it.
#[derive(Debug, Clone)]
struct Item {
    forced: Option<Forced>,
    /// Valid improved answers: one per gain (the preferred one), ascending gain.
    states: Vec<(u32, Answer)>,
}

/// Points of answer `a` to criterion `i`, and whether it fails a requirement of `target`,
/// read from the evaluator on a sheet where only criterion `i` is answered (stars decompose
/// per criterion: minimums and triggers each look at one criterion).
fn probe(scorer: &Scorer<'_>, i: usize, a: Option<Answer>, target: u8) -> (u32, Option<Forced>) {
    let sheet: &Sheet = scorer.sheet;
    let mut only = Answers::empty(sheet.criteria.len());
    only.set(i, a);
    let ev = scorer.evaluate(&only, &[]);
    let points = ev.points.get(i).copied().unwrap_or(0);
    let level = ev
        .failed_minimums
        .iter()
        .filter_map(|&k| sheet.minimums().get(k))
        .filter(|m| m.criterion == i && m.level <= target)
        .map(|m| m.level)
        .min();
    let forced = match level {
        Some(l) => Some(Forced::Minimum(l)),
        None if ev.eliminated.is_some() => Some(Forced::Elimination),
        None => None,
    };
    (points, forced)
}

/// The stronger of two reasons to force a change (the lower star level first).
fn worse(a: Option<Forced>, b: Option<Forced>) -> Option<Forced> {
    match (a, b) {
        (Some(Forced::Minimum(x)), Some(Forced::Minimum(y))) => Some(Forced::Minimum(x.min(y))),
        (Some(Forced::Minimum(x)), _) | (_, Some(Forced::Minimum(x))) => Some(Forced::Minimum(x)),
        (a, b) => a.or(b),
    }
}

/// Why a criterion that must change cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stuck {
    Frozen,
    UnansweredCase,
    CaseDisagreement,
    NoOption,
}

/// Criterion `i` as the planner sees it, for one sheet or a council (`from` = every member's
/// answer). A change gives **every** member the same new answer `X` ("if every member
/// agreed"), never lowering anyone: single → an option worth at least each member's points;
/// case → an option of the members' common case (none if no member answered or members
/// disagree on the case) worth at least each member's points; additive → a tick set holding
/// every member's ticks. `X` must differ from some member's answer, meet the target's
/// requirements, and gain points in total unless the criterion is forced. The gain is the sum
/// over members. With one member this is exactly the single-sheet rule of the module docs.
fn item(
    scorer: &Scorer<'_>,
    i: usize,
    from: &[Option<Answer>],
    frozen: bool,
    target: u8,
) -> Result<Item, Stuck> {
    let Some(c) = scorer.sheet.criteria.get(i) else {
        return Ok(Item {
            forced: None,
            states: Vec::new(),
        });
    };
    let mut now = Vec::with_capacity(from.len());
    let mut forced = None;
    for &a in from {
        let (p, f) = probe(scorer, i, a, target);
        now.push(p);
        forced = worse(forced, f);
    }
    let members = u32::try_from(from.len()).unwrap_or(u32::MAX);
    let sum_now: u32 = now.iter().fold(0u32, |s, &p| s.saturating_add(p));
    let top = now.iter().copied().max().unwrap_or(0);
    let stuck = |why: Stuck| {
        if forced.is_some() {
            Err(why)
        } else {
            Ok(Item {
                forced: None,
                states: Vec::new(),
            })
        }
    };
    if frozen {
        return stuck(Stuck::Frozen);
    }
    let mut out: BTreeMap<u32, Answer> = BTreeMap::new();
    let mut consider = |a: Answer| {
        if from.iter().all(|&x| x == Some(a)) {
            return;
        }
        let (points, fails) = probe(scorer, i, Some(a), target);
        if points < top || fails.is_some() {
            return;
        }
        let Some(gain) = points.saturating_mul(members).checked_sub(sum_now) else {
            return;
        };
        if gain > 0 || forced.is_some() {
            out.entry(gain).or_insert(a);
        }
    };
    match c.mode {
        Mode::Single | Mode::Case => {
            let mut case = None;
            if c.mode == Mode::Case {
                let cases: Vec<&Option<String>> = from
                    .iter()
                    .filter_map(|a| match a {
                        Some(Answer::One(k)) => c.options.get(usize::from(*k)).map(|o| &o.case),
                        _ => None,
                    })
                    .collect();
                match cases.split_first() {
                    None => return stuck(Stuck::UnansweredCase),
                    Some((first, rest)) if rest.iter().any(|x| x != first) => {
                        return stuck(Stuck::CaseDisagreement)
                    }
                    Some((first, _)) => case = Some(*first),
                }
            }
            for (j, o) in c.options.iter().enumerate() {
                let Ok(j8) = u8::try_from(j) else { continue };
                if case.is_none_or(|k| &o.case == k) {
                    consider(Answer::One(j8));
                }
            }
        }
        Mode::Additive => {
            let union = from.iter().fold(0u64, |u, a| match a {
                Some(Answer::Ticked(b)) => u | b,
                _ => u,
            });
            // Options the target's minimums require ticked, and the free ones.
            let mut must = 0u64;
            let mut must_points = 0u32;
            let mut free = Vec::new();
            for (j, o) in c.options.iter().enumerate() {
                let Some(bit) = u32::try_from(j).ok().and_then(|j| 1u64.checked_shl(j)) else {
                    continue;
                };
                if union & bit != 0 {
                    continue;
                }
                if o.min_star.is_some_and(|l| l <= target) {
                    must |= bit;
                    must_points = must_points.saturating_add(o.points);
                } else {
                    free.push((bit, o.points));
                }
            }
            // Per added points, the preferred set of new ticks: fewest ticks, then the smallest
            // mask (later-printed options left unticked). Optimal substructure holds because
            // adding one option shifts both keys monotonically.
            let key = |m: u64| (m.count_ones(), m);
            let mut best: BTreeMap<u32, u64> = BTreeMap::new();
            best.insert(must_points, must);
            for (bit, pts) in free {
                let snapshot: Vec<(u32, u64)> = best.iter().map(|(&g, &m)| (g, m)).collect();
                for (g, m) in snapshot {
                    let g2 = g.saturating_add(pts);
                    let m2 = m | bit;
                    match best.get(&g2) {
                        Some(&old) if key(old) <= key(m2) => {}
                        _ => {
                            best.insert(g2, m2);
                        }
                    }
                }
            }
            for m in best.into_values() {
                if union | m != 0 {
                    consider(Answer::Ticked(union | m));
                }
            }
        }
    }
    if forced.is_some() && out.is_empty() {
        return Err(Stuck::NoOption);
    }
    Ok(Item {
        forced,
        states: out.into_iter().collect(),
    })
}

/// A dense boolean table indexed by (criterion, changes, points).
#[derive(Debug)]
struct Table {
    nj: usize,
    ns: usize,
    bits: Vec<u64>,
}

impl Table {
    fn new(ni: usize, nj: usize, ns: usize) -> Self {
        let cells = ni.saturating_mul(nj).saturating_mul(ns);
        Self {
            nj,
            ns,
            bits: vec![0; cells.div_ceil(64)],
        }
    }
    fn at(&self, i: usize, j: usize, s: usize) -> Option<usize> {
        (j < self.nj && s < self.ns).then(|| (i * self.nj + j) * self.ns + s)
    }
    fn get(&self, i: usize, j: usize, s: usize) -> bool {
        self.at(i, j, s)
            .and_then(|k| self.bits.get(k / 64).map(|w| w >> (k % 64) & 1 == 1))
            .unwrap_or(false)
    }
    fn set(&mut self, i: usize, j: usize, s: usize) {
        if let Some(k) = self.at(i, j, s) {
            if let Some(w) = self.bits.get_mut(k / 64) {
                *w |= 1 << (k % 64);
            }
        }
    }
}

fn gain_index(g: u32) -> usize {
    usize::try_from(g).unwrap_or(usize::MAX)
}

/// `feasible[i][j][s]`: criteria `i..` settle with exactly `j` changes gaining exactly `s`.
/// `must[i]` says criterion `i` has to change; otherwise it may also be kept.
fn feasibility(items: &[Item], must: &[bool], nj: usize, ns: usize) -> Table {
    let n = items.len();
    let mut t = Table::new(n + 1, nj, ns);
    t.set(n, 0, 0);
    for (i, item) in items.iter().enumerate().rev() {
        let must_change = must.get(i).copied().unwrap_or(true);
        for j in 0..nj {
            for s in 0..ns {
                let keep = !must_change && t.get(i + 1, j, s);
                let change = j > 0
                    && item.states.iter().any(|&(g, _)| {
                        s.checked_sub(gain_index(g))
                            .is_some_and(|r| t.get(i + 1, j - 1, r))
                    });
                if keep || change {
                    t.set(i, j, s);
                }
            }
        }
    }
    t
}

/// Why [`solve`] found no plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unsolved {
    /// The best answers everywhere gain only `max_gain` points, less than needed.
    MaxTotal { max_gain: u32 },
    /// The cheapest plan needs `needed` changes.
    MaxChanges { needed: usize, allowed: usize },
}

/// The cheapest choice of changes (rules 1–4) gaining at least `need` points, as
/// `(criterion, gain, answer)` in printed order. Forced items must change; every item's
/// states are valid for its requirements.
fn solve(
    items: &[Item],
    need: u32,
    max_changes: Option<usize>,
) -> Result<Vec<(usize, u32, Answer)>, Unsolved> {
    let max_gain: u32 = items
        .iter()
        .filter_map(|it| it.states.last().map(|&(g, _)| g))
        .fold(0u32, u32::saturating_add);
    let changeable = items.iter().filter(|it| !it.states.is_empty()).count();
    let (nj, ns) = (changeable + 1, gain_index(max_gain).saturating_add(1));
    let need = gain_index(need);
    let forced: Vec<bool> = items.iter().map(|it| it.forced.is_some()).collect();
    let table = feasibility(items, &forced, nj, ns);

    // Rules 1 and 2: fewest changes, then fewest points beyond the threshold.
    let best = (0..nj).find_map(|j| (need..ns).find(|&s| table.get(0, j, s)).map(|s| (j, s)));
    let Some((k, sum)) = best else {
        return Err(Unsolved::MaxTotal { max_gain });
    };
    if let Some(allowed) = max_changes {
        if k > allowed {
            return Err(Unsolved::MaxChanges { needed: k, allowed });
        }
    }

    // Rule 3: the changed criteria, earliest printed first, keeping every remainder feasible.
    let mut chosen = vec![false; items.len()];
    let mut left = vec![false; ns];
    if let Some(x) = left.get_mut(sum) {
        *x = true;
    }
    let mut j = k;
    for (i, item) in items.iter().enumerate() {
        let mut after_change = vec![false; ns];
        let mut any = false;
        if j > 0 {
            for (r, _) in left.iter().enumerate().filter(|(_, &x)| x) {
                for &(g, _) in &item.states {
                    if let Some(r2) = r.checked_sub(gain_index(g)) {
                        if table.get(i + 1, j - 1, r2) {
                            if let Some(x) = after_change.get_mut(r2) {
                                *x = true;
                                any = true;
                            }
                        }
                    }
                }
            }
        }
        if any {
            left = after_change;
            j -= 1;
            if let Some(x) = chosen.get_mut(i) {
                *x = true;
            }
        } else {
            for (r, x) in left.iter_mut().enumerate() {
                *x = *x && table.get(i + 1, j, r);
            }
        }
    }

    // Rule 4: with the set fixed, the fewest points at each criterion in printed order.
    let fixed = feasibility(items, &chosen, nj, ns);
    let mut picks = Vec::with_capacity(k);
    let mut r = sum;
    let mut j = k;
    for (i, item) in items.iter().enumerate() {
        if !chosen.get(i).copied().unwrap_or(false) {
            continue;
        }
        let pick = item.states.iter().find(|&&(g, _)| {
            j > 0
                && r.checked_sub(gain_index(g))
                    .is_some_and(|r2| fixed.get(i + 1, j - 1, r2))
        });
        if let Some(&(g, to)) = pick {
            r -= gain_index(g);
            j -= 1;
            picks.push((i, g, to));
        }
    }
    Ok(picks)
}

/// One criterion change of a council plan: every member moves to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilStep {
    /// Criterion index.
    pub criterion: usize,
    /// Each member's current answer.
    pub from: Vec<Option<Answer>>,
    /// The answer every member would agree on.
    pub to: Answer,
    /// Points gained, summed over the members' sheets (the average rises by this / members).
    pub points_gained: u32,
    /// Set when the target cannot be reached without changing this criterion.
    pub forced: Option<Forced>,
}

/// A cheapest council plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilPlan {
    /// Band minimum of the target.
    pub threshold: u32,
    /// The changes, in printed order.
    pub steps: Vec<CouncilStep>,
    /// Every member's answers after the changes.
    pub members: Vec<Answers>,
}

/// The cheapest plan that brings a council's average (and every member's star minimums) to
/// `target` stars, if every member agreed on each changed criterion; or why there is none.
/// The band compares the exact average, so the members' totals must sum to at least
/// `threshold × members`. With one member this is [`plan`].
///
/// # Errors
/// A [`Blocker`]; for councils `MaxTotal` holds sums over the members' sheets.
pub fn plan_council(
    scorer: &Scorer<'_>,
    members: &[Answers],
    flags: &[usize],
    target: u8,
    frozen: &[usize],
    max_changes: Option<usize>,
) -> Result<CouncilPlan, Blocker> {
    let sheet: &Sheet = scorer.sheet;
    if let Some(&criterion) = flags.iter().min() {
        return Err(Blocker::Eliminated { criterion });
    }
    let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
    let sheet_max: u64 = sheet.criteria.iter().map(|c| u64::from(c.max)).sum();
    let points = sheet_max.saturating_mul(u64::from(count));
    if points > MAX_PLAN_POINTS {
        return Err(Blocker::TooLarge { points });
    }
    let threshold = scorer.edition.band_min(target).unwrap_or(u32::MAX);
    let base = members
        .iter()
        .map(|a| scorer.evaluate(a, flags).total)
        .fold(0u32, u32::saturating_add);
    let goal = threshold.saturating_mul(count);

    let mut items = Vec::with_capacity(sheet.criteria.len());
    let mut froms = Vec::with_capacity(sheet.criteria.len());
    let mut stuck: Vec<(Stuck, usize)> = Vec::new();
    for i in 0..sheet.criteria.len() {
        let from: Vec<Option<Answer>> = members.iter().map(|a| a.get(i)).collect();
        match item(scorer, i, &from, frozen.contains(&i), target) {
            Ok(it) => items.push(it),
            Err(why) => {
                stuck.push((why, i));
                items.push(Item {
                    forced: None,
                    states: Vec::new(),
                });
            }
        }
        froms.push(from);
    }
    let of = |kind: Stuck| -> Vec<usize> {
        stuck
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|&(_, i)| i)
            .collect()
    };
    for kind in [
        Stuck::Frozen,
        Stuck::UnansweredCase,
        Stuck::CaseDisagreement,
        Stuck::NoOption,
    ] {
        let criteria = of(kind);
        if !criteria.is_empty() {
            return Err(match kind {
                Stuck::Frozen => Blocker::Frozen { criteria },
                Stuck::UnansweredCase => Blocker::UnansweredCase { criteria },
                Stuck::CaseDisagreement => Blocker::CaseDisagreement { criteria },
                Stuck::NoOption => Blocker::NoOption { criteria },
            });
        }
    }

    let picks = match solve(&items, goal.saturating_sub(base), max_changes) {
        Ok(p) => p,
        Err(Unsolved::MaxTotal { max_gain }) => {
            return Err(Blocker::MaxTotal {
                max_total: base.saturating_add(max_gain),
                threshold: goal,
            })
        }
        Err(Unsolved::MaxChanges { needed, allowed }) => {
            return Err(Blocker::MaxChanges { needed, allowed })
        }
    };
    let mut steps = Vec::with_capacity(picks.len());
    let mut after = members.to_vec();
    for (i, g, to) in picks {
        for a in &mut after {
            a.set(i, Some(to));
        }
        steps.push(CouncilStep {
            criterion: i,
            from: froms.get(i).cloned().unwrap_or_default(),
            to,
            points_gained: g,
            forced: items.get(i).and_then(|it| it.forced),
        });
    }
    Ok(CouncilPlan {
        threshold,
        steps,
        members: after,
    })
}

/// The cheapest plan that brings `answers` to `target` stars on `scorer`'s sheet, or why there
/// is none. `flags` are the request's `eliminated` criteria (indices with an elimination or stop
/// note), `frozen` the criteria that may not change.
///
/// # Errors
/// A [`Blocker`] naming why the target is unreachable.
pub fn plan(
    scorer: &Scorer<'_>,
    answers: &Answers,
    flags: &[usize],
    target: u8,
    frozen: &[usize],
    max_changes: Option<usize>,
) -> Result<Plan, Blocker> {
    let p = plan_council(
        scorer,
        std::slice::from_ref(answers),
        flags,
        target,
        frozen,
        max_changes,
    )?;
    Ok(Plan {
        threshold: p.threshold,
        steps: p
            .steps
            .into_iter()
            .map(|s| Step {
                criterion: s.criterion,
                from: s.from.first().copied().flatten(),
                to: s.to,
                points_gained: s.points_gained,
                forced: s.forced,
            })
            .collect(),
        answers: p.members.into_iter().next().unwrap_or_default(),
    })
}

// ---------------------------------------------------------------------------------------------
// Contract

/// What the advisor may not touch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Constraints {
    /// Criterion codes that must not change (e.g. the form of organisation).
    #[serde(default)]
    pub frozen: Vec<String>,
    /// The most criteria a plan may change.
    #[serde(default)]
    pub max_changes: Option<u32>,
}

/// An advise request on one sheet: a scoring request plus the target and the constraints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AdviseRequest {
    /// The scoring request describing the product now.
    #[serde(flatten)]
    pub request: ScoreRequest,
    /// Target stars (1–5); `None` = the next level.
    pub target: Option<u8>,
    /// Frozen criteria and the change limit.
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// An advise request on a council: a council scoring request plus the target and the
/// constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouncilAdviseRequest {
    /// The council request describing the product now.
    #[serde(flatten)]
    pub request: CouncilRequest,
    /// Target stars (1–5); `None` = the next level.
    pub target: Option<u8>,
    /// Frozen criteria and the change limit.
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// Reads `target`, `frozen` and `max_changes`, and returns the request without them for the
/// scoring reader (`base_keys` are the keys that reader accepts).
fn split_request(
    v: &Json,
    base_keys: &[&str],
    errors: &mut Vec<Error>,
) -> Result<(Json, Option<u8>, Constraints), Errors> {
    let allowed: Vec<&str> = base_keys.iter().chain(ADVISE_KEYS).copied().collect();
    let o = Obj::new(v, "", &allowed)?;
    let Json::Object(entries) = v else {
        return Err(Errors::one(json::wrong_type("", "an object", v)));
    };
    let rest = Json::Object(
        entries
            .iter()
            .filter(|(k, _)| !ADVISE_KEYS.contains(&k.as_str()))
            .cloned()
            .collect(),
    );
    let target = match o.get("target") {
        None | Some(Json::Null) => None,
        Some(x) => match json::as_whole(x, "/target", 5) {
            Ok(0) => {
                errors.push(bad_target(0));
                None
            }
            Ok(t) => u8::try_from(t).ok(),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let frozen = match o.get("frozen") {
        None | Some(Json::Null) => Vec::new(),
        Some(x) => crate::contract::read_codes(x, "/frozen", errors),
    };
    let max_changes = match o.get("max_changes") {
        None | Some(Json::Null) => None,
        Some(x) => match json::as_whole(x, "/max_changes", u64::from(u32::MAX)) {
            Ok(n) => u32::try_from(n).ok(),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    Ok((
        rest,
        target,
        Constraints {
            frozen,
            max_changes,
        },
    ))
}

impl AdviseRequest {
    /// Reads an advise request from a parsed JSON tree, collecting every error found. The
    /// scoring part is read by [`ScoreRequest::from_json`].
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<AdviseRequest, Errors> {
        let mut errors = Vec::new();
        let (rest, target, constraints) = split_request(v, REQUEST_KEYS, &mut errors)?;
        let request = ScoreRequest::from_json(&rest).map_err(|Errors(e)| {
            let mut all = e;
            all.append(&mut errors);
            Errors(all)
        })?;
        if errors.is_empty() {
            Ok(AdviseRequest {
                request,
                target,
                constraints,
            })
        } else {
            Err(Errors(errors))
        }
    }
}

impl CouncilAdviseRequest {
    /// Reads a council advise request, collecting every error found. The council part is read
    /// by [`CouncilRequest::from_json`].
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<CouncilAdviseRequest, Errors> {
        let mut errors = Vec::new();
        let (rest, target, constraints) = split_request(v, COUNCIL_KEYS, &mut errors)?;
        let request = CouncilRequest::from_json(&rest).map_err(|Errors(e)| {
            let mut all = e;
            all.append(&mut errors);
            Errors(all)
        })?;
        if errors.is_empty() {
            Ok(CouncilAdviseRequest {
                request,
                target,
                constraints,
            })
        } else {
            Err(Errors(errors))
        }
    }
}

fn bad_target(t: u64) -> Error {
    Error::new(
        ErrorCode::InvalidNumber,
        "/target",
        format!("expected a star level from 1 to 5, found {t}"),
    )
}

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

/// The advice of [`advise_json`]: one sheet, or a council when the request has `"members"`.
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
fn answer_value(sheet: &Sheet, i: usize, a: Answer) -> AnswerValue {
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
fn answer_of(v: &AnswerValue) -> Answer {
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

fn code_of(sheet: &Sheet, i: usize) -> String {
    sheet
        .criteria
        .get(i)
        .map(|c| c.code.clone())
        .unwrap_or_default()
}

/// The reason for a blocker; `members` > 1 for councils (totals are then sums over members).
/// A council too large to plan is an error, not a reason.
fn reason_of(sheet: &Sheet, target: u8, b: &Blocker, members: u32) -> Result<Reason, Errors> {
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

/// Resolves frozen codes against a sheet; unknown codes are `unknown_criterion` errors.
fn resolve_frozen(sheet: &Sheet, codes: &[String], errors: &mut Vec<Error>) -> Vec<usize> {
    let mut out = Vec::with_capacity(codes.len());
    for (j, code) in codes.iter().enumerate() {
        match sheet.criterion(code) {
            Some((i, _)) => out.push(i),
            None => errors.push(crate::contract::unknown_criterion(
                sheet,
                code,
                &pointer("/frozen", &j.to_string()),
            )),
        }
    }
    out
}

/// The next level above the stars an evaluation gives, ignoring any elimination.
fn next_level(band: u8, failed_level: u8) -> u8 {
    band.min(failed_level.saturating_sub(1))
        .max(1)
        .saturating_add(1)
        .min(5)
}

fn check_target(target: Option<u8>, errors: &mut Vec<Error>) {
    if let Some(t) = target.filter(|t| !(1..=5).contains(t)) {
        errors.push(bad_target(u64::from(t)));
    }
}

/// `errors` (target, then the request's, then frozen codes) or the value.
fn merge<T>(first: Vec<Error>, r: Result<T, Errors>, last: Vec<Error>) -> Result<T, Errors> {
    match r {
        Ok(v) if first.is_empty() && last.is_empty() => Ok(v),
        Ok(_) => Err(Errors(first.into_iter().chain(last).collect())),
        Err(Errors(e)) => Err(Errors(first.into_iter().chain(e).chain(last).collect())),
    }
}

impl Scorer<'_> {
    /// Advises on one scoring request on this handle: validates it exactly as
    /// [`Scorer::score`] does, then plans with [`plan`].
    ///
    /// # Errors
    /// Every problem of the request; `invalid_number` for a target outside 1–5;
    /// `unknown_criterion` for a frozen code the sheet lacks.
    pub fn advise(
        &self,
        req: &ScoreRequest,
        target: Option<u8>,
        constraints: &Constraints,
    ) -> Result<Advice, Errors> {
        let sheet: &Sheet = self.sheet;
        let mut first = Vec::new();
        check_target(target, &mut first);
        let before = self.score(&req.answers, &req.eliminated, req.partial);
        let mut last = Vec::new();
        let frozen = resolve_frozen(sheet, &constraints.frozen, &mut last);
        let before = merge(first, before, last)?;
        let answers = self.resolve(&req.answers, "/answers")?;
        let flags = self.resolve_flags(&req.eliminated, "/eliminated")?;
        let ev = self.evaluate(&answers, &flags);
        let target = target.unwrap_or_else(|| next_level(ev.band, ev.failed_level));
        let max_changes = constraints
            .max_changes
            .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
        let threshold = self.edition.band_min(target).unwrap_or(u32::MAX);
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
        match plan(self, &answers, &flags, target, &frozen, max_changes) {
            Ok(p) => {
                let after = self.evaluate(&p.answers, &flags);
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
                Ok(common(true, None, changes, self.report(&p.answers, &after)))
            }
            Err(b) => Ok(common(
                false,
                Some(reason_of(sheet, target, &b, 1)?),
                Vec::new(),
                before,
            )),
        }
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
    let mut advice = scorer.advise(request, target, constraints)?;
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
    crate::contract::to_json(&outcome)
}

// ---------------------------------------------------------------------------------------------
// Text for producers

fn stars_text(s: Option<u8>) -> String {
    match s {
        Some(n) => format!("{n} sao"),
        None => "không xếp hạng (bị loại)".to_owned(),
    }
}

fn answer_text(sheet: &Sheet, i: usize, a: Option<&AnswerValue>) -> String {
    let Some(c) = sheet.criteria.get(i) else {
        return String::new();
    };
    let label = |n: u32| {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|k| c.options.get(k))
            .map_or_else(|| format!("phương án {n}"), |o| o.text().to_owned())
    };
    match a {
        None => "(chưa chấm)".to_owned(),
        Some(AnswerValue::One(n)) => label(*n),
        Some(AnswerValue::Many(ns)) if ns.is_empty() => "(không có nội dung nào)".to_owned(),
        Some(AnswerValue::Many(ns)) => ns.iter().map(|&n| label(n)).collect::<Vec<_>>().join("; "),
    }
}

/// Points of a request-form answer to criterion `i`, read from the evaluator.
fn points_text(scorer: &Scorer<'_>, i: usize, a: Option<&AnswerValue>) -> u32 {
    probe(scorer, i, a.map(answer_of), 5).0
}

fn header(scorer: &Scorer<'_>, out: &mut String) {
    let sheet: &Sheet = scorer.sheet;
    let _ = writeln!(
        out,
        "Bộ sản phẩm {}: {} ({})",
        sheet.number, sheet.name, scorer.edition.meta.decision
    );
}

/// The plan's verdict when there is no plan to list, for sheets and councils alike: the target
/// cannot be reached (and why), or it is reached already. `true` when the text ends there.
fn verdict(
    out: &mut String,
    reachable: bool,
    target: u8,
    threshold: u32,
    reason: Option<&Reason>,
    no_changes: bool,
) -> bool {
    if !reachable {
        out.push_str(&unreachable_text(target, threshold, reason));
    } else if no_changes {
        let _ = writeln!(out, "Sản phẩm đã đạt {target} sao; không cần thay đổi.");
    }
    !reachable || no_changes
}

fn unreachable_text(target: u8, threshold: u32, reason: Option<&Reason>) -> String {
    let why = reason.map_or_else(String::new, |r| {
        let names = r.criteria.join(", ");
        match r.code {
            ReasonCode::Eliminated => format!(
                "sản phẩm bị loại theo ghi chú của tiêu chí {names}; không thay đổi nào giúp đạt sao."
            ),
            ReasonCode::FrozenRequirement => format!(
                "tiêu chí {names} được giữ nguyên nhưng chưa đạt yêu cầu tối thiểu của {target} sao."
            ),
            ReasonCode::UnansweredCase => format!(
                "tiêu chí {names} chưa được chấm và có yêu cầu tối thiểu; hãy chọn trường hợp phù hợp và chấm trước."
            ),
            ReasonCode::CaseDisagreement => format!(
                "các thành viên chấm tiêu chí {names} theo các trường hợp khác nhau; cần thống nhất trường hợp trước."
            ),
            ReasonCode::NoQualifyingOption => {
                format!("không phương án nào của tiêu chí {names} đạt yêu cầu.")
            }
            ReasonCode::MaxTotalBelowThreshold => format!(
                "kể cả khi nâng mọi tiêu chí có thể lên mức cao nhất, điểm vẫn dưới {threshold} điểm."
            ),
            ReasonCode::MaxChangesTooSmall => {
                format!("cần thay đổi nhiều tiêu chí hơn số lượng cho phép ({}).", r.message)
            }
        }
    });
    format!("Không thể đạt {target} sao: {why}\n")
}

fn required_text(
    scorer: &Scorer<'_>,
    i: usize,
    from: &[Option<&AnswerValue>],
    target: u8,
) -> String {
    let forced = from
        .iter()
        .map(|a| probe(scorer, i, a.map(answer_of), target).1)
        .fold(None, worse);
    match forced {
        Some(Forced::Minimum(l)) => format!(" [bắt buộc: yêu cầu tối thiểu để đạt {l} sao]"),
        Some(Forced::Elimination) => {
            " [bắt buộc: 0 điểm ở tiêu chí này làm sản phẩm bị loại]".to_owned()
        }
        None => String::new(),
    }
}

/// Renders advice as a plan a producer can read (Vietnamese): the product now, the target,
/// each change with the criterion's name, the option labels and the points before and after,
/// and the total and stars after.
#[must_use]
pub fn render_text(scorer: &Scorer<'_>, advice: &Advice) -> String {
    let sheet: &Sheet = scorer.sheet;
    let mut out = String::new();
    header(scorer, &mut out);
    let _ = writeln!(
        out,
        "Hiện tại: {} điểm, {}.",
        advice.total_before,
        stars_text(advice.stars_before)
    );
    let _ = writeln!(
        out,
        "Mục tiêu: {} sao (từ {} điểm và đạt mọi yêu cầu tối thiểu đến {} sao).",
        advice.target, advice.threshold, advice.target
    );
    if verdict(
        &mut out,
        advice.reachable,
        advice.target,
        advice.threshold,
        advice.reason.as_ref(),
        advice.changes.is_empty(),
    ) {
        return out;
    }
    let _ = writeln!(
        out,
        "Cần nâng tổng điểm thêm ít nhất {} điểm. Kế hoạch ({} tiêu chí):",
        advice.points_needed,
        advice.changes.len()
    );
    for (n, ch) in advice.changes.iter().enumerate() {
        let Some((i, c)) = sheet.criterion(&ch.criterion) else {
            continue;
        };
        let before = points_text(scorer, i, ch.from.as_ref());
        let after = points_text(scorer, i, Some(&ch.to));
        let required = required_text(scorer, i, &[ch.from.as_ref()], advice.target);
        let _ = writeln!(out);
        let _ = writeln!(out, "{}. Tiêu chí {}: {}{required}", n + 1, c.code, c.name);
        let _ = writeln!(
            out,
            "   Hiện tại: {} ({before} điểm)",
            answer_text(sheet, i, ch.from.as_ref())
        );
        let (verb, shown) = match (&ch.from, &ch.to) {
            // Additive: name only the options to tick now; the old ticks stay.
            (from, AnswerValue::Many(to)) => {
                let had: &[u32] = match from {
                    Some(AnswerValue::Many(h)) => h,
                    _ => &[],
                };
                let added = to.iter().copied().filter(|k| !had.contains(k)).collect();
                ("Bổ sung: ", AnswerValue::Many(added))
            }
            (_, to) => ("Cần đạt: ", to.clone()),
        };
        let _ = writeln!(
            out,
            "   {verb} {} ({after} điểm, +{})",
            answer_text(sheet, i, Some(&shown)),
            ch.points_gained
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Sau khi thực hiện: {} điểm, {} (trước: {} điểm, {}).",
        advice.result_after.total,
        stars_text(advice.result_after.stars),
        advice.total_before,
        stars_text(advice.stars_before)
    );
    out
}

/// Renders council advice (Vietnamese): the average now, how far it must rise, and for each
/// criterion every member's answer and the answer they would agree on.
#[must_use]
pub fn render_council_text(
    scorer: &Scorer<'_>,
    request: &CouncilRequest,
    advice: &CouncilAdvice,
) -> String {
    let sheet: &Sheet = scorer.sheet;
    let mut out = String::new();
    header(scorer, &mut out);
    let _ = writeln!(
        out,
        "Hội đồng ({} thành viên): điểm trung bình {}, {}.",
        request.members.len(),
        advice.average_before.decimal,
        stars_text(advice.stars_before)
    );
    let _ = writeln!(
        out,
        "Mục tiêu: {} sao (điểm trung bình từ {} và mọi phiếu đạt các yêu cầu tối thiểu đến {} sao).",
        advice.target, advice.threshold, advice.target
    );
    if verdict(
        &mut out,
        advice.reachable,
        advice.target,
        advice.threshold,
        advice.reason.as_ref(),
        advice.changes.is_empty(),
    ) {
        return out;
    }
    let _ = writeln!(
        out,
        "Điểm trung bình cần tăng thêm ít nhất {}. Nếu mọi thành viên thống nhất ({} tiêu chí):",
        advice.average_needed.decimal,
        advice.changes.len()
    );
    for (n, ch) in advice.changes.iter().enumerate() {
        let Some((i, c)) = sheet.criterion(&ch.criterion) else {
            continue;
        };
        let froms: Vec<Option<&AnswerValue>> = ch.from.iter().map(Option::as_ref).collect();
        let required = required_text(scorer, i, &froms, advice.target);
        let _ = writeln!(out);
        let _ = writeln!(out, "{}. Tiêu chí {}: {}{required}", n + 1, c.code, c.name);
        for (m, a) in request.members.iter().zip(&froms) {
            let _ = writeln!(
                out,
                "   {}: {} ({} điểm)",
                m.member,
                answer_text(sheet, i, *a),
                points_text(scorer, i, *a)
            );
        }
        let _ = writeln!(
            out,
            "   Thống nhất: {} ({} điểm mỗi phiếu; điểm trung bình +{})",
            answer_text(sheet, i, Some(&ch.to)),
            points_text(scorer, i, Some(&ch.to)),
            ch.average_gained.decimal
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Sau khi thực hiện: điểm trung bình {}, {} (trước: {}, {}).",
        advice.result_after.total,
        stars_text(advice.result_after.stars),
        advice.average_before.decimal,
        stars_text(advice.stars_before)
    );
    out
}

/// Advises on a request given as JSON bytes (one sheet, or a council with `"members"`) and
/// renders the plan as text.
///
/// # Errors
/// The failure outcome as JSON text.
pub fn advise_text(input: &[u8]) -> Result<String, String> {
    let run = || -> Result<String, Errors> {
        let v = Json::parse(input)?;
        let reg = registry()?;
        if is_council_request(&v) {
            let r = CouncilAdviseRequest::from_json(&v)?;
            let advice = advise_council_in(reg, &r.request, r.target, &r.constraints)?;
            let (scorer, _) = r.request.scorer(reg)?;
            Ok(render_council_text(&scorer, &r.request, &advice))
        } else {
            let r = AdviseRequest::from_json(&v)?;
            let advice = advise_in(reg, &r.request, r.target, &r.constraints)?;
            let (scorer, _) = r.request.scorer(reg)?;
            Ok(render_text(&scorer, &advice))
        }
    };
    run().map_err(|e| crate::contract::to_json(&Outcome::<()>::from(Err(e))))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::contract::scorer_for;

    fn run(text: &str) -> serde_json::Value {
        serde_json::from_str(&advise_json_str(text)).unwrap()
    }

    #[test]
    fn already_at_target_is_an_empty_plan() {
        let reg = registry().unwrap();
        let scorer = scorer_for(reg, "26/2026", "1").unwrap();
        let n = scorer.sheet.criteria.len();
        // Best option everywhere: 5 stars.
        let mut a = Answers::empty(n);
        for (i, c) in scorer.sheet.criteria.iter().enumerate() {
            let best = c
                .options
                .iter()
                .enumerate()
                .max_by_key(|(k, o)| (o.points, std::cmp::Reverse(*k)))
                .unwrap()
                .0;
            a.set(i, Some(Answer::One(u8::try_from(best).unwrap())));
        }
        let p = plan(&scorer, &a, &[], 5, &[], None).unwrap();
        assert!(p.steps.is_empty());
    }

    #[test]
    fn flagged_elimination_is_unreachable() {
        let reg = registry().unwrap();
        let scorer = scorer_for(reg, "26/2026", "1").unwrap();
        let (i, _) = scorer.sheet.criterion("6.1").unwrap();
        let a = Answers::empty(scorer.sheet.criteria.len());
        assert_eq!(
            plan(&scorer, &a, &[i], 3, &[], None),
            Err(Blocker::Eliminated { criterion: i })
        );
    }

    #[test]
    fn lowest_answers_reach_every_target_with_few_changes() {
        let reg = registry().unwrap();
        for ed in reg.editions() {
            for s in ed.sheets.iter().flatten() {
                let scorer = Scorer::new(ed, s);
                let n = s.criteria.len();
                let mut a = Answers::empty(n);
                for (i, c) in s.criteria.iter().enumerate() {
                    let ans = match c.mode {
                        Mode::Additive => Answer::Ticked(0),
                        _ => Answer::One(0),
                    };
                    a.set(i, Some(ans));
                }
                for target in [4, 5] {
                    if let Ok(p) = plan(&scorer, &a, &[], target, &[], None) {
                        let ev = scorer.evaluate(&p.answers, &[]);
                        assert!(
                            ev.stars.is_some_and(|x| x >= target),
                            "{} set {} target {target}",
                            ed.meta.id,
                            s.number
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn json_errors_collect_every_field() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true,
                "target": 0, "frozen": ["nope"], "max_changes": -1}"#,
        );
        assert_eq!(v["status"], "failure");
        let codes: Vec<_> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
            .collect();
        assert!(codes.contains(&("invalid_number", "/target")), "{codes:?}");
        assert!(
            codes.contains(&("invalid_number", "/max_changes")),
            "{codes:?}"
        );
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "frozen": ["nope"]}"#,
        );
        assert_eq!(v["errors"][0]["code"], "unknown_criterion");
        assert_eq!(v["errors"][0]["path"], "/frozen/0");
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "bogus": 1}"#,
        );
        assert_eq!(v["errors"][0]["code"], "unknown_field");
    }

    #[test]
    fn partial_request_default_target_and_shape() {
        let v =
            run(r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true}"#);
        assert_eq!(v["status"], "success", "{v}");
        assert_eq!(v["target"], 2);
        assert_eq!(v["reachable"], true);
        assert_eq!(v["threshold"], 30);
        let after = &v["result_after"];
        assert!(after["total"].as_u64().unwrap() >= 30);
        for ch in v["changes"].as_array().unwrap() {
            assert!(ch["from"].is_null());
        }
    }

    #[test]
    fn council_requests_are_advised_on_the_average() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "level": "province",
            "partial": true, "target": 2,
            "members": [{"member": "A", "answers": {"1.1": 3}}, {"member": "B", "answers": {}}]}"#,
        );
        assert_eq!(v["status"], "success", "{v}");
        assert_eq!(v["reachable"], true);
        assert_eq!(v["average_needed"]["numerator"], 57, "{v}");
        assert_eq!(v["average_needed"]["denominator"], 2);
        let after = &v["result_after"];
        assert_eq!(after["level"], "province");
        assert!(after["stars"].as_u64().unwrap() >= 2);
        for ch in v["changes"].as_array().unwrap() {
            assert_eq!(ch["from"].as_array().unwrap().len(), 2);
        }
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "level": "province",
            "members": [{"member": "A", "answers": {}}], "partial": true, "frozen": ["x"]}"#,
        );
        assert_eq!(v["errors"][0]["path"], "/frozen/0", "{v}");
    }

    #[test]
    fn huge_councils_are_refused() {
        let members: Vec<String> = (0..201)
            .map(|i| format!(r#"{{"member": "m{i}", "answers": {{}}}}"#))
            .collect();
        let v = run(&format!(
            r#"{{"edition": "26/2026", "product_set": "1", "level": "province", "partial": true,
                "members": [{}]}}"#,
            members.join(",")
        ));
        assert_eq!(v["errors"][0]["code"], "input_too_large", "{v}");
        assert_eq!(v["errors"][0]["path"], "/members");
    }

    #[test]
    fn max_changes_zero_is_too_small_below_target() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "target": 3, "max_changes": 0}"#,
        );
        assert_eq!(v["reachable"], false);
        assert_eq!(v["reason"]["code"], "max_changes_too_small");
        assert_eq!(v["changes"], serde_json::json!([]));
    }

    #[test]
    fn additive_ticks_keep_old_ticks() {
        let reg = registry().unwrap();
        let scorer = scorer_for(reg, "1048/2019", "26").unwrap();
        let (i, c) = scorer.sheet.criterion("6").unwrap();
        assert_eq!(c.mode, Mode::Additive);
        let st = item(&scorer, i, &[Some(Answer::Ticked(0b0001))], false, 5)
            .unwrap()
            .states;
        for (g, a) in &st {
            let Answer::Ticked(b) = a else { panic!() };
            assert!(b & 1 == 1 && *g > 0);
        }
        let gains: Vec<u32> = st.iter().map(|x| x.0).collect();
        assert_eq!(gains, vec![1, 2, 3, 4]);
        assert_eq!(st[1].1, Answer::Ticked(0b0101));
        // Options worth 1, 1, 2, 1; unanswered: 2 points by one tick of option 3, not by
        // ticking options 1 and 2 (fewest new ticks first).
        let st = item(&scorer, i, &[None], false, 5).unwrap().states;
        assert_eq!(st[1], (2, Answer::Ticked(0b0100)));
        assert_eq!(st[0], (1, Answer::Ticked(0b0001)));
    }
}
