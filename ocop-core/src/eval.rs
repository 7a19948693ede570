//! The evaluator: one sheet's answers → points, band, stars, caps, elimination.
//!
//! Rules implemented (26/2026/QĐ-TTg; the same rules in every edition unless its data says
//! otherwise):
//! - Points are the chosen option's points; additive criteria sum the ticked options (all
//!   integers, no floating point anywhere).
//! - The band is the star level of the total alone (Điều 3 khoản 3: 5★ 90–100, 4★ 70–<90,
//!   3★ 50–<70, 2★ 30–<50, 1★ <30), compared exactly; council averages compare the exact
//!   fraction.
//! - Star markers (Phụ lục II, ghi chú: "Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ
//!   sao"): a product reaches level *k* only if, for every marked option of level ≤ *k*, its
//!   answer is at least that option. Stars are the band capped below the lowest level whose
//!   minimum fails.
//! - An elimination ("Bị loại nếu …") or stop note ("… không đánh giá các bước tiếp theo")
//!   that applies, flagged by the council or triggered by the answers, leaves the product
//!   without stars.

use crate::data::{Criterion, Edition, Part, Sheet};
#[cfg(test)]
use crate::data::{Minimum, Mode};
use std::sync::Arc;

/// One criterion's answer, resolved against its sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A single option (0-based index), for single and case criteria.
    One(u8),
    /// A set of ticked options (bit *i* = option *i*), for additive criteria.
    Ticked(u64),
}

/// Answers indexed like the sheet's criteria; `None` = unanswered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Answers(pub Vec<Option<Answer>>);

impl Answers {
    /// All unanswered, for a sheet of `n` criteria.
    #[must_use]
    pub fn empty(n: usize) -> Self {
        Self(vec![None; n])
    }

    /// The answer to criterion `i`.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<Answer> {
        self.0.get(i).copied().flatten()
    }

    /// Sets the answer to criterion `i` (ignored if out of range).
    pub fn set(&mut self, i: usize, a: Option<Answer>) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = a;
        }
    }
}

/// Why no stars are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elimination {
    /// Criterion carrying the note.
    pub criterion: usize,
    /// The note's index in the criterion.
    pub note: usize,
    /// `true` when the answers triggered it, `false` when the request flagged it.
    pub by_answers: bool,
}

/// The compact result of scoring one sheet: numbers and indices, no text. `Default` gives an
/// empty value to fill with [`Scorer::evaluate_into`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evaluation {
    /// Points per criterion, in sheet order.
    pub points: Vec<u32>,
    /// Points per part A, B, C.
    pub parts: [u32; 3],
    /// Total points.
    pub total: u32,
    /// Stars by total alone.
    pub band: u8,
    /// Stars after star minimums and eliminations; `None` when eliminated or stopped.
    pub stars: Option<u8>,
    /// The lowest star level whose minimum fails (6 = none fails).
    pub failed_level: u8,
    /// Indices into [`Sheet::minimums`] of the minimums that fail.
    pub failed_minimums: Vec<usize>,
    /// The elimination or stop note that applies, if any.
    pub eliminated: Option<Elimination>,
    /// `true` when every criterion is answered.
    pub complete: bool,
}

/// A compiled handle: an edition's rules with one product set's sheet. Cheap to copy; score
/// as many answer sets as you like without re-reading any data.
#[derive(Debug, Clone, Copy)]
pub struct Scorer<'a> {
    /// The edition whose rules (bands, gaps) apply.
    pub edition: &'a Edition,
    /// The sheet.
    pub sheet: &'a Arc<Sheet>,
}

/// Does answer `a` to criterion `c` meet the marked option `m`? The rule stated on the
/// option records; `evaluate_into` applies it through the compact tables, and the tests check
/// that both agree.
#[cfg(test)]
fn meets(sheet: &Sheet, m: &Minimum, a: Option<Answer>) -> bool {
    let Some(c) = sheet.criteria.get(m.criterion) else {
        return true;
    };
    let Some(marked) = c.options.get(m.option) else {
        return true;
    };
    match a {
        None => false,
        Some(Answer::Ticked(bits)) => bits & (1u64 << m.option) != 0,
        Some(Answer::One(i)) => {
            let Some(chosen) = c.options.get(usize::from(i)) else {
                return false;
            };
            if c.mode == Mode::Case && chosen.case != marked.case {
                // A marker in the other case does not bind this case.
                return true;
            }
            chosen.points >= marked.points
        }
    }
}

/// Points of answer `a` to criterion index `i`.
fn points_of(sheet: &Sheet, i: usize, a: Option<Answer>) -> u32 {
    sheet.criteria.get(i).map_or(0, |c| points_in(c, a))
}

/// Points of answer `a` to criterion `c`.
fn points_in(c: &Criterion, a: Option<Answer>) -> u32 {
    match a {
        None => 0,
        Some(Answer::One(k)) => c.options.get(usize::from(k)).map_or(0, |o| o.points),
        Some(Answer::Ticked(bits)) => c
            .options
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < 64 && bits & (1u64 << k) != 0)
            .map(|(_, o)| o.points)
            .sum(),
    }
}

impl<'a> Scorer<'a> {
    /// A handle for `sheet` under `edition`'s rules.
    #[must_use]
    pub fn new(edition: &'a Edition, sheet: &'a Arc<Sheet>) -> Self {
        Self { edition, sheet }
    }

    /// Scores resolved answers. `flagged` lists criterion indices whose elimination or stop
    /// note the council found to apply (they must carry such a note; see
    /// [`crate::contract`] for validation).
    #[must_use]
    pub fn evaluate(&self, answers: &Answers, flagged: &[usize]) -> Evaluation {
        let mut out = Evaluation {
            points: Vec::with_capacity(self.sheet.criteria.len()),
            parts: [0; 3],
            total: 0,
            band: 0,
            stars: None,
            failed_level: 6,
            failed_minimums: Vec::new(),
            eliminated: None,
            complete: true,
        };
        self.evaluate_into(answers, flagged, &mut out);
        out
    }

    /// [`Scorer::evaluate`] into `out`, reusing its vectors: no allocation once they have
    /// grown to the sheet's size. Every field of `out` is overwritten; the result equals
    /// `evaluate(answers, flagged)` whatever `out` held before.
    pub fn evaluate_into(&self, answers: &Answers, flagged: &[usize], out: &mut Evaluation) {
        let sheet: &Sheet = self.sheet;
        // The compact tables hold exactly the criteria's numbers (see `data::Compact`); the
        // rules are those of `points_in` and `meets` above, which the tests compare with this.
        let compact = &sheet.compact;
        let points = compact.points.as_slice();
        let mut parts = [0u32; 3];
        let mut complete = true;
        let mut score = |c: &crate::data::CompactCriterion, a: Option<Answer>| -> u32 {
            let first = c.first as usize;
            let p = match a {
                None => {
                    complete = false;
                    0
                }
                Some(Answer::One(k)) if k < c.len => {
                    points.get(first + usize::from(k)).copied().unwrap_or(0)
                }
                Some(Answer::One(_)) => 0,
                Some(Answer::Ticked(bits)) => points
                    .get(first..first + usize::from(c.len))
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k < 64 && bits & (1u64 << k) != 0)
                    .map(|(_, p)| *p)
                    .sum(),
            };
            if let Some(slot) = parts.get_mut(usize::from(c.part)) {
                *slot += p;
            }
            p
        };
        out.points.clear();
        if answers.0.len() == compact.criteria.len() {
            // Both sides have the sheet's length: a loop without per-item checks.
            let given = compact.criteria.iter().zip(&answers.0);
            out.points.extend(given.map(|(c, &a)| score(c, a)));
        } else {
            let given = compact.criteria.iter().enumerate();
            out.points
                .extend(given.map(|(i, c)| score(c, answers.get(i))));
        }
        let total = parts.iter().sum::<u32>();
        let band = self.edition.band_of(u64::from(total), 1);

        out.failed_minimums.clear();
        let mut failed_level = 6u8;
        for (k, m) in compact.minimums.iter().enumerate() {
            let met = match answers.get(m.criterion as usize) {
                None => false,
                Some(Answer::Ticked(bits)) => m.option < 64 && bits & (1u64 << m.option) != 0,
                Some(Answer::One(i)) => i < 64 && m.meets & (1u64 << i) != 0,
            };
            if !met {
                out.failed_minimums.push(k);
                failed_level = failed_level.min(m.level);
            }
        }

        let eliminated = self.elimination(answers, &out.points, flagged);
        out.stars = if eliminated.is_some() {
            None
        } else {
            Some(band.min(failed_level.saturating_sub(1)).max(1))
        };
        out.parts = parts;
        out.total = total;
        out.band = band;
        out.failed_level = failed_level;
        out.eliminated = eliminated;
        out.complete = complete;
    }

    /// The first applicable elimination or stop note in printed order.
    fn elimination(
        &self,
        answers: &Answers,
        points: &[u32],
        flagged: &[usize],
    ) -> Option<Elimination> {
        let sheet: &Sheet = self.sheet;
        let mut best: Option<Elimination> = None;
        let mut consider = |e: Elimination| {
            if best.is_none_or(|b| e.criterion < b.criterion) {
                best = Some(e);
            }
        };
        for &ci in flagged {
            if let Some(note) = sheet.criteria.get(ci).and_then(|c| {
                c.notes.iter().position(|n| {
                    matches!(
                        n.kind,
                        crate::data::NoteKind::Elimination | crate::data::NoteKind::StopRule
                    )
                })
            }) {
                consider(Elimination {
                    criterion: ci,
                    note,
                    by_answers: false,
                });
            }
        }
        for t in &sheet.triggers {
            let fired = t
                .zero_points_in
                .iter()
                .any(|&k| answers.get(k).is_some() && points.get(k).copied() == Some(0));
            if fired {
                consider(Elimination {
                    criterion: t.criterion,
                    note: t.note,
                    by_answers: true,
                });
            }
        }
        best
    }

    /// Points of the best possible answer to every unanswered criterion (an upper bound of
    /// what completing a partial sheet can reach).
    #[must_use]
    pub fn max_total_completing(&self, answers: &Answers) -> u32 {
        self.sheet
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| match answers.get(i) {
                None => c.max,
                a => points_of(self.sheet, i, a),
            })
            .sum()
    }

    /// Part of criterion `i`.
    #[must_use]
    pub fn part_of(&self, i: usize) -> Option<Part> {
        self.sheet.criteria.get(i).map(|c| c.part)
    }
}

#[cfg(test)]
mod tests {
    use super::{meets, points_of, Answer, Answers, Evaluation, Mode, Scorer};
    use crate::registry::registry;

    /// The compact tables give the same points and failed minimums as the rules stated on the
    /// option records (`points_of`, `meets`), for every option of every criterion of every
    /// sheet, with neighbouring criteria answered in several patterns.
    #[test]
    fn compact_tables_follow_the_option_records() {
        let reg = registry().expect("registry");
        let mut out = Evaluation::default();
        let mut checked = 0usize;
        for edition in reg.editions() {
            for sheet in edition.sheets.iter().flatten() {
                let sc = Scorer::new(edition, sheet);
                let n = sheet.criteria.len();
                for (i, c) in sheet.criteria.iter().enumerate() {
                    for o in 0..c.options.len() {
                        let mut answers = Answers::empty(n);
                        for (j, d) in sheet.criteria.iter().enumerate() {
                            let k = if j == i { o } else { (j + o) % d.options.len() };
                            let a = match d.mode {
                                Mode::Additive => Answer::Ticked((1u64 << k) | 1),
                                _ => Answer::One(u8::try_from(k).expect("small")),
                            };
                            answers.set(j, Some(a));
                        }
                        if o % 3 == 2 {
                            answers.set(i, None);
                        }
                        sc.evaluate_into(&answers, &[], &mut out);
                        let points: Vec<u32> = (0..n)
                            .map(|j| points_of(sheet, j, answers.get(j)))
                            .collect();
                        assert_eq!(
                            out.points, points,
                            "{} set {}",
                            edition.meta.id, sheet.number
                        );
                        let failed: Vec<usize> = sheet
                            .minimums
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| !meets(sheet, m, answers.get(m.criterion)))
                            .map(|(k, _)| k)
                            .collect();
                        assert_eq!(
                            out.failed_minimums, failed,
                            "{} set {}",
                            edition.meta.id, sheet.number
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// `evaluate_into` on a reused (dirty) `Evaluation` equals `evaluate`, for every sheet of
    /// every edition and a spread of answer patterns (none, lowest, highest, mixed, flagged).
    #[test]
    fn evaluate_into_equals_evaluate() {
        let reg = registry().expect("registry");
        let mut out = Evaluation::default();
        let mut checked = 0usize;
        for edition in reg.editions() {
            for sheet in edition.sheets.iter().flatten() {
                let sc = Scorer::new(edition, sheet);
                let n = sheet.criteria.len();
                for pattern in 0..7usize {
                    let mut answers = Answers::empty(n);
                    for (i, c) in sheet.criteria.iter().enumerate() {
                        let k = c.options.len();
                        let pick = match pattern {
                            0 => None,
                            1 => Some(0),
                            2 => Some(k.saturating_sub(1)),
                            3 => (i % 3 != 0).then_some((i * 7 + 3) % k.max(1)),
                            _ => Some((i * (pattern + 5) + pattern) % k.max(1)),
                        };
                        let a = pick.and_then(|o| match c.mode {
                            Mode::Additive => {
                                Some(Answer::Ticked((1u64 << o) | u64::from(pattern % 2 == 0)))
                            }
                            _ => u8::try_from(o).ok().map(Answer::One),
                        });
                        answers.set(i, a);
                    }
                    let flagged: Vec<usize> = if pattern == 6 {
                        (0..n).collect()
                    } else {
                        Vec::new()
                    };
                    sc.evaluate_into(&answers, &flagged, &mut out);
                    assert_eq!(out, sc.evaluate(&answers, &flagged));
                    checked += 1;
                }
            }
        }
        assert!(checked > 0);
    }
}
