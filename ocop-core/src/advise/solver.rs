//! Plans on indices: the exact dynamic programme of the module documentation
//! ([`crate::advise`]), over resolved answers.

use crate::data::{Mode, Sheet};
use crate::eval::{Answer, Answers, Scorer};
use std::collections::BTreeMap;

/// The largest sum of the members' sheet maxima the planner works on (its table grows with
/// it): 200 members of a 100-point sheet. Larger councils are refused (`input_too_large`).
pub const MAX_PLAN_POINTS: u64 = 20_000;

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
pub(super) fn probe(
    scorer: &Scorer<'_>,
    i: usize,
    a: Option<Answer>,
    target: u8,
) -> (u32, Option<Forced>) {
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
pub(super) fn worse(a: Option<Forced>, b: Option<Forced>) -> Option<Forced> {
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

/// A dense boolean table indexed by (criterion, changes, points): for each (criterion,
/// changes) one bit set over the points, so that a row is built from the next criterion's rows
/// by word-wide shifts and ORs (a criterion's gain shifts the points).
#[derive(Debug)]
struct Table {
    nj: usize,
    ns: usize,
    /// Words per row: `ns` bits.
    words: usize,
    bits: Vec<u64>,
}

impl Table {
    fn new(ni: usize, nj: usize, ns: usize) -> Self {
        let words = ns.div_ceil(64);
        Self {
            nj,
            ns,
            words,
            bits: vec![0; ni.saturating_mul(nj).saturating_mul(words)],
        }
    }
    /// The first word of row `(i, j)`.
    fn row_at(&self, i: usize, j: usize) -> usize {
        (i * self.nj + j) * self.words
    }
    fn row(&self, i: usize, j: usize) -> &[u64] {
        let k = self.row_at(i, j);
        self.bits.get(k..k + self.words).unwrap_or(&[])
    }
    fn get(&self, i: usize, j: usize, s: usize) -> bool {
        if j >= self.nj || s >= self.ns {
            return false;
        }
        self.row(i, j)
            .get(s / 64)
            .is_some_and(|w| w >> (s % 64) & 1 == 1)
    }
    fn set(&mut self, i: usize, j: usize, s: usize) {
        if j < self.nj && s < self.ns {
            let k = self.row_at(i, j) + s / 64;
            if let Some(w) = self.bits.get_mut(k) {
                *w |= 1 << (s % 64);
            }
        }
    }
}

/// `dst |= src << by` over bit sets of `dst.len()` words (bits shifted past the end are lost).
fn or_shifted(dst: &mut [u64], src: &[u64], by: usize) {
    let (q, r) = (by / 64, by % 64);
    for (w, d) in dst.iter_mut().enumerate().skip(q) {
        let lo = src.get(w - q).copied().unwrap_or(0);
        let carry = if r == 0 || w == q {
            0
        } else {
            src.get(w - q - 1).copied().unwrap_or(0) >> (64 - r)
        };
        *d |= lo << r | carry;
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
    // Bits of the last word at or beyond `ns` (never set: a gain past the maximum).
    let tail = match ns % 64 {
        0 => u64::MAX,
        r => (1u64 << r) - 1,
    };
    let mut row = vec![0u64; t.words];
    for (i, item) in items.iter().enumerate().rev() {
        let must_change = must.get(i).copied().unwrap_or(true);
        for j in 0..nj {
            row.fill(0);
            if !must_change {
                row.copy_from_slice(t.row(i + 1, j));
            }
            if j > 0 {
                for &(g, _) in &item.states {
                    or_shifted(&mut row, t.row(i + 1, j - 1), gain_index(g));
                }
            }
            if let Some(last) = row.last_mut() {
                *last &= tail;
            }
            let k = t.row_at(i, j);
            if let Some(dst) = t.bits.get_mut(k..k + row.len()) {
                dst.copy_from_slice(&row);
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::eval::scorer_for;
    use crate::registry::registry;

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
