//! Request dicts read straight into the core's answers, for `ocop.score_many`.
//!
//! The common request, `{"edition": str, "product_set": str | int, "answers": {code: int |
//! None | NaN}, "partial": bool | None, "eliminated": None | []}`, is read here without the
//! [`Json`](ocop_core::json::Json) tree: the edition and sheet come from
//! [`contract::scorer_of`] (cached per batch), each answer from [`read_answer`] and
//! [`Scorer::resolve_answer`], exactly the core's reader and resolver. Anything else (another
//! key, another type, a value the core rejects, an unknown criterion or edition) gives up, and
//! the caller reads the dict into a JSON tree as before, which alone produces errors. Giving
//! up is always correct; `tests/test_dicts.py` checks that both paths give the same results and
//! errors, over every edition and set, random requests and the golden corpus's error cases.

use ocop_core::contract::{self, read_answer, AnswerValue};
use ocop_core::eval::{Answer, Answers};
use ocop_core::json::{Json, Number};
use ocop_core::registry::{parse_set_number, registry};
use ocop_core::timeline::EditionChoice;
use ocop_core::Scorer;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use rustc_hash::FxHashMap;

/// A request read from a dict, ready to be evaluated without the GIL.
#[derive(Debug)]
pub struct Read {
    pub scorer: Scorer<'static>,
    pub answers: Answers,
    pub partial: bool,
    /// Why the edition applies (always `None` for a request naming its edition; kept so that
    /// the result is exactly the core's).
    pub edition_reason: Option<String>,
}

/// Option numbers whose resolved answers are kept per criterion (sheets have at most a
/// dozen options).
const MEMO: usize = 16;

/// One sheet of a batch: its handle, its answers' codes by key object, and the core's
/// resolution of each small option number per criterion.
struct Memo {
    scorer: Scorer<'static>,
    edition_reason: Option<String>,
    /// Key object's address → criterion index. The entry holds the key, so that its address
    /// is not reused by another object while the batch lasts.
    codes: FxHashMap<usize, (Py<PyAny>, usize)>,
    /// `answers[i][k - 1]`: what [`Scorer::resolve_answer`] gives for option number `k` of
    /// criterion `i` (`None`: an error, which the general path reports).
    answers: Vec<[Option<Answer>; MEMO]>,
}

impl Memo {
    fn new(scorer: Scorer<'static>, edition_reason: Option<String>) -> Self {
        let answers = (0..scorer.sheet.criteria.len())
            .map(|i| {
                let mut row = [None; MEMO];
                for (k, slot) in (1u32..).zip(row.iter_mut()) {
                    *slot = scorer
                        .resolve_answer(i, &AnswerValue::One(k), "/answers")
                        .ok();
                }
                row
            })
            .collect();
        Self {
            scorer,
            edition_reason,
            codes: FxHashMap::default(),
            answers,
        }
    }
}

/// The sheets of one batch, by edition and product set as written (`None`: the core's
/// lookup failed, so such requests take the general path).
#[derive(Default)]
pub struct Sheets {
    memos: Vec<Memo>,
    by_text: FxHashMap<String, FxHashMap<String, Option<usize>>>,
    by_int: FxHashMap<String, FxHashMap<i64, Option<usize>>>,
}

impl Sheets {
    fn lookup(&mut self, edition: &str, set: &Json) -> Option<usize> {
        let reg = registry().ok()?;
        let n = parse_set_number(set, "/product_set").ok()?;
        let choice = EditionChoice {
            edition: edition.to_owned(),
            date: None,
            dossier: None,
            evaluated_on: None,
        };
        let (scorer, reason) = contract::scorer_of(reg, &choice, &n.to_string()).ok()?;
        self.memos.push(Memo::new(scorer, reason));
        Some(self.memos.len() - 1)
    }

    fn get(&mut self, edition: &str, set: &Bound<'_, PyAny>) -> Option<usize> {
        if let Ok(s) = set.cast_exact::<PyString>() {
            let s = s.to_str().ok()?;
            if let Some(v) = self.by_text.get(edition).and_then(|m| m.get(s)) {
                return *v;
            }
            let v = self.lookup(edition, &Json::String(s.to_owned()));
            self.by_text
                .entry(edition.to_owned())
                .or_default()
                .insert(s.to_owned(), v);
            return v;
        }
        if set.is_exact_instance_of::<PyInt>() {
            let i = set.extract::<i64>().ok()?;
            if let Some(v) = self.by_int.get(edition).and_then(|m| m.get(&i)) {
                return *v;
            }
            let v = self.lookup(edition, &crate::convert::i64_to_json(i));
            self.by_int
                .entry(edition.to_owned())
                .or_default()
                .insert(i, v);
            return v;
        }
        None
    }
}

/// Reads a request dict the core would accept as it is, or `None` (see the module docs).
pub fn read(obj: &Bound<'_, PyAny>, sheets: &mut Sheets) -> Option<Read> {
    let d = obj.cast_exact::<PyDict>().ok()?;
    let mut edition: Option<Bound<'_, PyAny>> = None;
    let mut set: Option<Bound<'_, PyAny>> = None;
    let mut answers: Option<Bound<'_, PyAny>> = None;
    let mut partial = false;
    for (k, v) in d.iter() {
        let key = k.cast_exact::<PyString>().ok()?;
        match key.to_str().ok()? {
            "edition" => edition = Some(v),
            "product_set" => set = Some(v),
            "answers" => answers = Some(v),
            "partial" => {
                if !v.is_none() {
                    partial = v.cast_exact::<PyBool>().ok()?.is_true();
                }
            }
            "eliminated" => {
                let empty = v.is_none() || v.cast_exact::<PyList>().is_ok_and(|l| l.is_empty());
                if !empty {
                    return None;
                }
            }
            _ => return None,
        }
    }
    let edition = edition?;
    let edition = edition.cast_exact::<PyString>().ok()?.to_str().ok()?;
    if edition.is_empty() {
        return None;
    }
    let at = sheets.get(edition, &set?)?;
    let memo = sheets.memos.get_mut(at)?;
    let answers = read_answers(memo, &answers?)?;
    Some(Read {
        scorer: memo.scorer,
        answers,
        partial,
        edition_reason: memo.edition_reason.clone(),
    })
}

/// Reads an answers dict of option numbers (`None` and NaN unanswered) into resolved answers.
fn read_answers(memo: &mut Memo, obj: &Bound<'_, PyAny>) -> Option<Answers> {
    let d = obj.cast_exact::<PyDict>().ok()?;
    let sheet = &**memo.scorer.sheet;
    let mut out = Answers::empty(sheet.criteria.len());
    for (k, v) in d.iter() {
        let i = match memo.codes.get(&(k.as_ptr() as usize)) {
            Some(&(_, i)) => i,
            None => {
                let code = k.cast_exact::<PyString>().ok()?.to_str().ok()?;
                let (i, _) = sheet.criterion(code)?;
                memo.codes
                    .insert(k.as_ptr() as usize, (k.clone().unbind(), i));
                i
            }
        };
        if v.is_none() {
            continue;
        }
        if let Ok(f) = v.cast_exact::<PyFloat>() {
            if f.value().is_nan() {
                continue;
            }
            return None;
        }
        if !v.is_exact_instance_of::<PyInt>() {
            return None;
        }
        let u = v.extract::<u64>().ok()?;
        let k = usize::try_from(u).ok()?.checked_sub(1)?;
        let answer = match memo.answers.get(i).and_then(|row| row.get(k)) {
            Some(a) => (*a)?,
            None => {
                let code = sheet.criteria.get(i)?.code.as_str();
                let value = read_answer(&Json::Number(Number::U(u)), "/answers", code).ok()??;
                memo.scorer.resolve_answer(i, &value, "/answers").ok()?
            }
        };
        out.set(i, Some(answer));
    }
    Some(out)
}
