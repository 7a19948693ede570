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

use crate::data::{Criterion, Edition, Minimum, Mode, Note, Part, Sheet};
use crate::error::{pointer, Error, ErrorCode, Errors};
use crate::json::Json;
use crate::registry::{parse_set_number, Registry};
use crate::report::{
    Cap, CriterionScore, Eliminated, PartScore, Parts, ProductSetRef, ScoreResult,
};
use crate::timeline::resolve_choice;
use crate::view::{
    CriterionView, ErratumView, OptionView, PartView, PartsView, SheetSetView, SheetView,
};
use crate::vocab::{
    gap_warnings, unknown_criterion, AnswerValue, EditionChoice, EliminatedBy, Provenance,
    ENGINE_VERSION,
};
use std::collections::BTreeMap;
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
    /// [`Scorer::resolve_flags`] for validation).
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

// ---------------------------------------------------------------------------------------------
// Finding the handle of a request

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

// ---------------------------------------------------------------------------------------------
// Resolving written answers

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

// ---------------------------------------------------------------------------------------------
// Checked evaluation and the explained result

fn answer_value(c: &Criterion, a: Option<Answer>) -> Option<AnswerValue> {
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
                by: if e.by_answers {
                    EliminatedBy::Answers
                } else {
                    EliminatedBy::Request
                },
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
// The sheet as data

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

#[cfg(test)]
mod tests {
    use super::{meets, points_of, Answer, Answers, Evaluation, Mode, Scorer};
    use crate::data::{Edition, Sheet};
    use crate::registry::registry;
    use std::sync::Arc;

    /// Calls `f` with every sheet of every edition of the registry.
    fn every_sheet(mut f: impl FnMut(&Edition, &Arc<Sheet>)) {
        let reg = registry().expect("registry");
        for edition in reg.editions() {
            for sheet in edition.sheets.iter().flatten() {
                f(edition, sheet);
            }
        }
    }

    /// Scores `answers` through the compact tables into `out`, and checks the points are the
    /// ones the option records give (`points_of`).
    fn evaluate_checked(sc: &Scorer<'_>, answers: &Answers, out: &mut Evaluation) {
        sc.evaluate_into(answers, &[], out);
        let sheet: &Sheet = sc.sheet;
        let points: Vec<u32> = (0..sheet.criteria.len())
            .map(|j| points_of(sheet, j, answers.get(j)))
            .collect();
        let (edition, set) = (&sc.edition.meta.id, sheet.number);
        assert_eq!(out.points, points, "{edition} set {set}");
    }

    /// The compact tables give the same points and failed minimums as the rules stated on the
    /// option records (`points_of`, `meets`), for every option of every criterion of every
    /// sheet, with neighbouring criteria answered in several patterns.
    #[test]
    fn compact_tables_follow_the_option_records() {
        let mut out = Evaluation::default();
        let mut checked = 0usize;
        every_sheet(|edition, sheet| {
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
                    evaluate_checked(&sc, &answers, &mut out);
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
        });
        assert!(checked > 1000, "{checked}");
    }

    /// An answer that names no option of its criterion (a pre-parsed `Answer::One` past the
    /// last option) scores nothing, in the compact tables as in the option records: it must
    /// not read the next criterion's points.
    #[test]
    fn an_answer_past_the_last_option_scores_nothing() {
        let mut out = Evaluation::default();
        let mut nonzero_neighbour = 0usize;
        every_sheet(|edition, sheet| {
            let sc = Scorer::new(edition, sheet);
            let n = sheet.criteria.len();
            for (i, c) in sheet.criteria.iter().enumerate() {
                if c.mode == Mode::Additive {
                    continue;
                }
                let len = u8::try_from(c.options.len()).expect("at most 64 options");
                if sheet
                    .criteria
                    .get(i + 1)
                    .and_then(|d| d.options.first())
                    .is_some_and(|o| o.points > 0)
                {
                    nonzero_neighbour += 1;
                }
                // 64: one past the largest option index a sheet can have (a shift by 64
                // would overflow).
                for k in [
                    len,
                    len.saturating_add(1),
                    len.saturating_add(7),
                    64,
                    u8::MAX,
                ] {
                    let mut answers = Answers::empty(n);
                    answers.set(i, Some(Answer::One(k)));
                    evaluate_checked(&sc, &answers, &mut out);
                    assert_eq!(out.points.get(i), Some(&0));
                }
            }
        });
        // The check can see a read of the next criterion's first option.
        assert!(nonzero_neighbour > 0);
    }

    /// A star minimum on an additive criterion is met only when its marked option is ticked
    /// (`data/FORMAT.md`), in the compact tables as in `meets`. No embedded sheet has one;
    /// custom data (`Registry::from_editions`) may, so this marks option 3 of the first
    /// additive criterion of 1048/2019 set 26 `***`.
    #[test]
    fn a_star_minimum_on_an_additive_criterion_needs_its_option_ticked() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/1048-2019/set-26.json");
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let criteria = v
            .get_mut("criteria")
            .and_then(serde_json::Value::as_array_mut)
            .expect("criteria");
        let i = criteria
            .iter()
            .position(|c| c.get("mode").and_then(serde_json::Value::as_str) == Some("additive"))
            .expect("an additive criterion");
        let option = criteria
            .get_mut(i)
            .and_then(|c| c.pointer_mut("/options/2"))
            .and_then(serde_json::Value::as_object_mut)
            .expect("option 3");
        let label = option
            .get("label")
            .and_then(serde_json::Value::as_str)
            .expect("label");
        let marked = format!("{label}***");
        option.insert("label".into(), marked.into());
        option.insert("min_star".into(), 3.into());
        let sheet = std::sync::Arc::new(
            crate::data::load_sheet("1048-2019/set-26.json", &v.to_string()).expect("valid"),
        );
        let reg = registry().expect("registry");
        let edition = reg.edition("1048/2019").expect("1048/2019");
        let sc = Scorer::new(edition, &sheet);
        let (k, m) = sheet
            .minimums
            .iter()
            .enumerate()
            .find(|(_, m)| m.criterion == i)
            .expect("the new minimum");
        assert_eq!((m.option, m.level), (2, 3));
        let mut out = Evaluation::default();
        for bits in 0..16u64 {
            let mut answers = Answers::empty(sheet.criteria.len());
            answers.set(i, Some(Answer::Ticked(bits)));
            sc.evaluate_into(&answers, &[], &mut out);
            let met = !out.failed_minimums.contains(&k);
            assert_eq!(met, bits & 0b100 != 0, "ticked {bits:04b}");
            assert_eq!(met, meets(&sheet, m, answers.get(i)), "ticked {bits:04b}");
        }
    }

    /// `part_of` names each criterion's part (A, B or C, as the data file says), and nothing
    /// past the last criterion.
    #[test]
    fn part_of_names_each_criterions_part() {
        let reg = registry().expect("registry");
        let edition = reg.edition("26/2026").expect("26/2026");
        let sheet = edition
            .sheets
            .get(0)
            .and_then(Option::as_ref)
            .expect("set 1");
        let sc = Scorer::new(edition, sheet);
        let parts: Vec<_> = (0..sheet.criteria.len())
            .filter_map(|i| sc.part_of(i))
            .collect();
        let want: Vec<_> = sheet.criteria.iter().map(|c| c.part).collect();
        assert_eq!(parts, want);
        // 26/2026 set 1 has criteria in all three parts.
        for p in [
            crate::data::Part::A,
            crate::data::Part::B,
            crate::data::Part::C,
        ] {
            assert!(parts.contains(&p), "{p:?}");
        }
        assert_eq!(sc.part_of(sheet.criteria.len()), None);
    }

    /// Answers shorter or longer than the sheet (a pre-parsed caller's) score as if padded
    /// with unanswered criteria or cut to the sheet: one point entry per criterion.
    #[test]
    fn answers_of_another_length_score_every_criterion() {
        let reg = registry().expect("registry");
        let edition = reg.edition("26/2026").expect("26/2026");
        let sheet = edition
            .sheets
            .get(0)
            .and_then(Option::as_ref)
            .expect("set 1");
        let sc = Scorer::new(edition, sheet);
        let n = sheet.criteria.len();
        let mut full = Answers::empty(n);
        for i in 0..n {
            full.set(i, Some(Answer::One(0)));
        }
        let want = sc.evaluate(&full, &[]);
        assert_eq!(want.points.len(), n);
        let mut longer = full.clone();
        longer.0.push(Some(Answer::One(0)));
        assert_eq!(sc.evaluate(&longer, &[]), want);
        let mut shorter = full.clone();
        shorter.0.truncate(n - 1);
        let got = sc.evaluate(&shorter, &[]);
        assert_eq!(got.points.len(), n);
        assert!(!got.complete);
        assert_eq!(got.points.get(..n - 1), want.points.get(..n - 1));
        assert_eq!(got.points.last(), Some(&0));
        assert_eq!(sc.evaluate(&Answers(Vec::new()), &[]).points, vec![0; n]);
    }

    /// The sheet view shows each part's own title, each criterion's group name (its own name
    /// when it has no group) and its options numbered from 1, as the data file of 26/2026
    /// set 1 has them (read here as plain JSON, not through the loader).
    #[test]
    fn sheet_view_follows_the_data_file() {
        use serde_json::Value;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/26-2026/set-01.json");
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let list = |key: &str| {
            file.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let text =
            |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let reg = registry().expect("registry");
        let edition = reg.edition("26/2026").expect("26/2026");
        let sheet = edition
            .sheets
            .get(0)
            .and_then(Option::as_ref)
            .expect("set 1");
        let view = Scorer::new(edition, sheet).sheet_view();
        let title = |code: &str| {
            list("parts")
                .iter()
                .find(|p| text(p, "code") == code)
                .map(|p| text(p, "title"))
                .expect("part")
        };
        assert_eq!(view.parts.A.title, title("A"));
        assert_eq!(view.parts.B.title, title("B"));
        assert_eq!(view.parts.C.title, title("C"));
        assert_ne!(view.parts.A.title, view.parts.B.title);
        let groups = list("groups");
        let criteria = list("criteria");
        assert_eq!(view.criteria.len(), criteria.len());
        let mut grouped = 0;
        for (c, f) in view.criteria.iter().zip(&criteria) {
            let group = groups.iter().find(|g| text(g, "code") == text(f, "group"));
            grouped += usize::from(group.is_some());
            let want = group.map_or_else(|| text(f, "name"), |g| text(g, "name"));
            assert_eq!(c.group_name, want, "{}", c.code);
            let n = f
                .get("options")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let numbers: Vec<u32> = c.options.iter().map(|o| o.number).collect();
            let want: Vec<u32> = (1..=u32::try_from(n).expect("small")).collect();
            assert_eq!(numbers, want, "{}", c.code);
        }
        assert!(grouped > 0 && grouped < criteria.len(), "{grouped}");
    }

    /// `evaluate_into` on a reused (dirty) `Evaluation` equals `evaluate`, for every sheet of
    /// every edition and a spread of answer patterns (none, lowest, highest, mixed, flagged).
    #[test]
    fn evaluate_into_equals_evaluate() {
        let mut out = Evaluation::default();
        let mut checked = 0usize;
        every_sheet(|edition, sheet| {
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
        });
        assert!(checked > 0);
    }
}
