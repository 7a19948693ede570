//! Batch evaluation by contributions: what each criterion's answer adds to a sheet's
//! evaluation, worked out once per (sheet, answer) by the evaluator itself, then added up per
//! row and concluded with the evaluator's rules.
//!
//! [`Scorer::evaluate_into`] walks one row's criteria. A columnar binding (Python's
//! `score_frame`) holds thousands of rows of a few sheets and a handful of distinct answers
//! per column: it asks [`Tables::contribution`] once per (column, answer), adds the
//! contributions of a row's cells into a [`Tally`] column by column, and
//! [`Tables::conclude`] turns the tally into the row's outcome. Every part of an evaluation
//! is a sum or a union over criteria (points per part, failed star minimums, fired
//! elimination triggers, unanswered criteria), and the outcome (band, stars, caps,
//! elimination) is a function of those; the test below checks, on every sheet of every
//! edition, that a tally concludes exactly as [`Scorer::evaluate_into`] evaluates.
//!
//! Council flags (`eliminated` in a request) are not part of a tally: rows with flags take
//! the evaluator itself.

use crate::eval::{Answer, Answers, Elimination, Evaluation, Scorer};

/// What one criterion's answer (or its absence) adds to an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contribution {
    /// Points in parts A, B and C (all in the criterion's own part).
    pub parts: [u32; 3],
    /// 1 when the criterion is unanswered.
    pub unanswered: u32,
    /// Bit *k*: the sheet's star minimum *k* (`Sheet::minimums()[k]`) fails.
    pub failed: u64,
    /// Bit *t*: the sheet's answer-triggered note *t* fires.
    pub fired: u64,
}

/// A row's contributions added up. `Tally::default()` is a row with no criterion yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Points per part.
    pub parts: [u32; 3],
    /// Failed star minimums (bits as [`Contribution::failed`]).
    pub failed: u64,
    /// Fired triggers (bits as [`Contribution::fired`]).
    pub fired: u64,
    /// Unanswered criteria.
    pub unanswered: u32,
}

impl Tally {
    /// Adds one criterion's contribution.
    #[inline]
    pub fn add(&mut self, c: &Contribution) {
        for (p, q) in self.parts.iter_mut().zip(c.parts) {
            *p += q;
        }
        self.failed |= c.failed;
        self.fired |= c.fired;
        self.unanswered += c.unanswered;
    }
}

/// A row's outcome: the numbers of an [`Evaluation`] a batch reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concluded {
    /// Points per part A, B, C.
    pub parts: [u32; 3],
    /// Total points.
    pub total: u32,
    /// Stars by total alone.
    pub band: u8,
    /// Stars after minimums and eliminations (`None`: eliminated).
    pub stars: Option<u8>,
    /// The failed minimums that capped the stars (level at most the band), as bits over
    /// `Sheet::minimums()`: the indices of [`Scorer::cap_indices`].
    pub capped: u64,
    /// The elimination or stop note the answers triggered.
    pub eliminated: Option<Elimination>,
    /// Every criterion answered.
    pub complete: bool,
}

/// One sheet's tables for tallies (see the module documentation).
#[derive(Debug, Clone)]
pub struct Tables<'a> {
    scorer: Scorer<'a>,
    /// Bit *k* set in `at_level[l]` when minimum *k* has star level `l`.
    at_level: [u64; 8],
    /// Triggers in bit order: (criterion, note).
    triggers: Vec<(usize, usize)>,
    /// Per criterion: the contribution of no answer, then of each option chosen alone.
    single: Vec<Vec<Contribution>>,
}

impl<'a> Tables<'a> {
    /// The tables of `scorer`'s sheet, or `None` when the sheet has more star minimums or
    /// answer triggers than a 64-bit mask holds, a star level above 7 or more than three
    /// parts (no sheet has; callers then use the evaluator).
    #[must_use]
    pub fn new(scorer: Scorer<'a>) -> Option<Self> {
        let sheet = &**scorer.sheet;
        if sheet.minimums().len() > 64 || sheet.triggers.len() > 64 {
            return None;
        }
        if sheet.criteria.iter().any(|c| c.part.index() > 2) {
            return None;
        }
        let mut at_level = [0u64; 8];
        for (k, m) in sheet.minimums().iter().enumerate() {
            *at_level.get_mut(usize::from(m.level))? |= 1u64 << k;
        }
        let triggers = sheet
            .triggers
            .iter()
            .map(|t| (t.criterion, t.note))
            .collect();
        let mut tables = Self {
            scorer,
            at_level,
            triggers,
            single: Vec::new(),
        };
        let mut answers = Answers::empty(sheet.criteria.len());
        let mut ev = Evaluation::default();
        let single = sheet
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let none = tables.probe(i, None, &mut answers, &mut ev);
                let options = (0..c.options.len()).map_while(|k| u8::try_from(k).ok());
                std::iter::once(none)
                    .chain(
                        options
                            .map(|k| tables.probe(i, Some(Answer::One(k)), &mut answers, &mut ev)),
                    )
                    .collect()
            })
            .collect();
        tables.single = single;
        Some(tables)
    }

    /// The handle these tables were made for.
    #[must_use]
    pub fn scorer(&self) -> Scorer<'a> {
        self.scorer
    }

    /// What answer `a` to criterion `i` (sheet order) contributes, worked out by the
    /// evaluator on a sheet where only that criterion is answered. `None` for an index
    /// outside the sheet.
    #[must_use]
    pub fn contribution(&self, i: usize, a: Option<Answer>) -> Option<Contribution> {
        let single = self.single.get(i)?;
        let at = match a {
            None => Some(0),
            Some(Answer::One(k)) => Some(usize::from(k) + 1),
            Some(Answer::Ticked(_)) => None,
        };
        if let Some(c) = at.and_then(|k| single.get(k)) {
            return Some(*c);
        }
        let sheet = &**self.scorer.sheet;
        let mut answers = Answers::empty(sheet.criteria.len());
        let mut ev = Evaluation::default();
        Some(self.probe(i, a, &mut answers, &mut ev))
    }

    /// Evaluates a sheet where only criterion `i` is answered (with `a`): its contribution.
    /// `answers` must be all unanswered (it is left so); `ev` is scratch space.
    fn probe(
        &self,
        i: usize,
        a: Option<Answer>,
        answers: &mut Answers,
        ev: &mut Evaluation,
    ) -> Contribution {
        let sheet = &**self.scorer.sheet;
        let part = sheet.criteria.get(i).map_or(usize::MAX, |c| c.part.index());
        answers.set(i, a);
        self.scorer.evaluate_into(answers, &[], ev);
        answers.set(i, None);
        let points = ev.points.get(i).copied().unwrap_or(0);
        let mut failed = 0u64;
        for &k in &ev.failed_minimums {
            if sheet.minimums().get(k).is_some_and(|m| m.criterion == i) {
                failed |= 1u64 << k;
            }
        }
        // A trigger fires when one of its criteria is answered with 0 points.
        let mut fired = 0u64;
        if a.is_some() && points == 0 {
            for (t, tr) in sheet.triggers.iter().enumerate() {
                if tr.zero_points_in.contains(&i) {
                    fired |= 1u64 << t;
                }
            }
        }
        let mut parts = [0u32; 3];
        if let Some(p) = parts.get_mut(part) {
            *p = points;
        }
        Contribution {
            parts,
            unanswered: u32::from(a.is_none()),
            failed,
            fired,
        }
    }

    /// The outcome of a row whose every criterion's contribution is in `t`.
    #[must_use]
    pub fn conclude(&self, t: &Tally) -> Concluded {
        let total = t.parts.iter().sum::<u32>();
        let band = self.scorer.edition.band_of(u64::from(total), 1);
        let mut failed_level = 6u8;
        let mut capped = 0u64;
        for (level, &mask) in (0u8..).zip(&self.at_level) {
            if t.failed & mask != 0 {
                failed_level = failed_level.min(level);
            }
            if level <= band {
                capped |= t.failed & mask;
            }
        }
        // The first fired note in printed order of its criterion (the evaluator's choice).
        let mut eliminated: Option<Elimination> = None;
        let mut bits = t.fired;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(&(criterion, note)) = self.triggers.get(k) {
                if eliminated.is_none_or(|b| criterion < b.criterion) {
                    eliminated = Some(Elimination {
                        criterion,
                        note,
                        by_answers: true,
                    });
                }
            }
        }
        Concluded {
            parts: t.parts,
            total,
            band,
            stars: if eliminated.is_some() {
                None
            } else {
                Some(band.min(failed_level.saturating_sub(1)).max(1))
            },
            capped,
            eliminated,
            complete: t.unanswered == 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Tables, Tally};
    use crate::data::Mode;
    use crate::eval::{Answer, Answers, Evaluation, Scorer};
    use crate::registry::registry;

    /// A small deterministic generator (xorshift), so that the test needs no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % (n.max(1) as u64)).expect("small")
        }
    }

    /// On every sheet of every edition, for random answers (unanswered, lowest, highest,
    /// anything, several ticks), a tally of the contributions concludes exactly as the
    /// evaluator evaluates: parts, total, band, stars, caps, elimination, completeness.
    #[test]
    fn a_tally_concludes_as_the_evaluator_evaluates() {
        let reg = registry().expect("registry");
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut ev = Evaluation::default();
        let mut checked = 0usize;
        let mut eliminated = 0usize;
        let mut capped = 0usize;
        for edition in reg.editions() {
            for sheet in edition.sheets.iter().flatten() {
                let sc = Scorer::new(edition, sheet);
                let tables = Tables::new(sc).expect("every sheet fits the tables");
                let n = sheet.criteria.len();
                for round in 0..400 {
                    let mut answers = Answers::empty(n);
                    for (i, c) in sheet.criteria.iter().enumerate() {
                        let k = c.options.len();
                        let pick = match (round % 4, rng.next(8)) {
                            (0, 0) | (_, 7) if round % 5 != 1 => None,
                            (1, _) => Some(0),
                            (2, x) if x < 5 => Some(k - 1),
                            _ => Some(rng.next(k)),
                        };
                        let a = pick.map(|o| match c.mode {
                            Mode::Additive => {
                                let extra = if rng.next(2) == 0 {
                                    0
                                } else {
                                    1u64 << rng.next(k)
                                };
                                Answer::Ticked((1u64 << o) | extra)
                            }
                            _ => Answer::One(u8::try_from(o).expect("small")),
                        });
                        answers.set(i, a);
                    }
                    sc.evaluate_into(&answers, &[], &mut ev);
                    let mut t = Tally::default();
                    for i in 0..n {
                        t.add(
                            &tables
                                .contribution(i, answers.get(i))
                                .expect("in the sheet"),
                        );
                    }
                    let got = tables.conclude(&t);
                    let what = format!(
                        "{} set {} answers {:?}",
                        edition.meta.id, sheet.number, answers
                    );
                    assert_eq!(got.parts, ev.parts, "{what}");
                    assert_eq!(got.total, ev.total, "{what}");
                    assert_eq!(got.band, ev.band, "{what}");
                    assert_eq!(got.stars, ev.stars, "{what}");
                    assert_eq!(got.eliminated, ev.eliminated, "{what}");
                    assert_eq!(got.complete, ev.complete, "{what}");
                    let caps: u64 = sc.cap_indices(&ev).map(|k| 1u64 << k).sum();
                    assert_eq!(got.capped, caps, "{what}");
                    checked += 1;
                    eliminated += usize::from(ev.eliminated.is_some());
                    capped += usize::from(caps != 0);
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        assert!(eliminated > 100 && capped > 100, "{eliminated} {capped}");
        assert!(contribution_outside_the_sheet_is_none());
    }

    fn contribution_outside_the_sheet_is_none() -> bool {
        let reg = registry().expect("registry");
        let edition = reg.editions().first().expect("an edition");
        let sheet = edition.sheets.iter().flatten().next().expect("a sheet");
        let tables = Tables::new(Scorer::new(edition, sheet)).expect("tables");
        tables.contribution(sheet.criteria.len(), None).is_none()
    }
}
