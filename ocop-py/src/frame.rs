//! Columnar scoring for `ocop.score_frame`: whole columns cross into Rust as buffers.
//!
//! A row is the request `{"edition", "product_set", "answers": {column: cell, …},
//! "partial", "eliminated"}` (or `"date"`/`"dossier"`/`"evaluated_on"` instead of
//! `"edition"`) and gets exactly the errors that request would get, in the
//! same precedence: reading (types, option numbers), then edition and set lookup, then
//! resolution against the sheet, then completeness. All of it is the core's: this module reads
//! cells with [`read_answer`], resolves them with [`Scorer::resolve_answer`], evaluates with
//! [`Scorer::evaluate_checked`] and reports [`Scorer::caps`]. It skips only the explained
//! report, which analysts' frames do not need.

use crate::convert::{float_to_json, i64_to_json, to_json};
use crate::errors::guard;
use crate::par;
use ocop_core::contract::{
    read_answer, read_codes, AnswerValue, ScoreRequest, EDITION_CHOICE_KEYS,
};
use ocop_core::error::{pointer, Error, Errors};
use ocop_core::eval::{Answers, Evaluation};
use ocop_core::json::{Json, Number};
use ocop_core::registry::registry;
use ocop_core::tally::{Contribution, Tables, Tally};
use ocop_core::Scorer;
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString, PyTuple};
use rustc_hash::FxBuildHasher;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Cell values coded per column: `0..MEMO` is that option number as written.
const MEMO: usize = 16;
/// The code of a missing numeric cell (NaN).
const MISSING: u8 = 16;
/// The code of a numeric cell that needs the general path (its raw value is kept).
const OTHER: u8 = 17;
/// Codes per (group, column) in a group's cell table: `0..MEMO`, [`MISSING`], [`OTHER`].
const SLOTS: usize = 18;
/// Rows whose contributions are added up together, column by column (their tallies stay in
/// the L1 cache).
const BLOCK: usize = 256;

/// One criterion column.
enum Cells {
    /// An integer column: per-row codes, and the raw values when some code is [`OTHER`].
    Int {
        small: Vec<u8>,
        raw: Option<Vec<i64>>,
    },
    /// A float column (NaN = missing): per-row codes, and the raw values when needed.
    Float {
        small: Vec<u8>,
        raw: Option<Vec<f64>>,
    },
    /// Any other column, read cell by cell (lists for additive criteria, mixed values).
    Objects(Vec<Result<Option<AnswerValue>, Errors>>),
}

fn code_i64(i: i64) -> u8 {
    // A select (no early return), so that the loop over a column vectorises.
    let k = u8::try_from(i & 0xff).unwrap_or(OTHER);
    if (0..MEMO as i64).contains(&i) {
        k
    } else {
        OTHER
    }
}

fn code_f64(f: f64) -> u8 {
    // `as` saturates (NaN → 0); the round trip is exact only for whole numbers 0..=255.
    // Written as selects (no early returns) so that the loop over a column vectorises.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked by the round trip"
    )]
    let k = f as u8;
    let fallback = if f.is_nan() { MISSING } else { OTHER };
    if (f64::from(k) == f) & (k < 16) {
        k
    } else {
        fallback
    }
}

struct Column {
    code: String,
    cells: Cells,
}

/// What the groups' plans need to know of a column before its cells are read.
struct Shape {
    code: String,
    kind: Kind,
}

/// How a column's cells will be read (see [`read_column`]).
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Float,
    Objects,
}

impl Kind {
    fn of(obj: &Bound<'_, PyAny>) -> Kind {
        if PyBuffer::<i64>::get(obj).is_ok() {
            Kind::Int
        } else if PyBuffer::<f64>::get(obj).is_ok() {
            Kind::Float
        } else {
            Kind::Objects
        }
    }
}

impl Column {
    /// The answer in row `r`, read by the core's request reader.
    fn cell(&self, r: usize) -> Result<Option<AnswerValue>, Errors> {
        let read = |j: Json| read_answer(&j, "/answers", &self.code);
        match &self.cells {
            Cells::Int { small, raw } => match small.get(r) {
                None => Ok(None),
                Some(&OTHER) => match raw.as_ref().and_then(|v| v.get(r)) {
                    Some(&i) => read(i64_to_json(i)),
                    None => Ok(None),
                },
                Some(&k) => read(i64_to_json(i64::from(k))),
            },
            Cells::Float { small, raw } => match small.get(r) {
                None | Some(&MISSING) => Ok(None),
                Some(&OTHER) => match raw.as_ref().and_then(|v| v.get(r)) {
                    Some(&f) => match float_to_json(f) {
                        Ok(j) => read(j),
                        Err(e) => Err(Errors::one(Error {
                            path: pointer("/answers", &self.code),
                            ..e
                        })),
                    },
                    None => Ok(None),
                },
                Some(&k) => read(Json::Number(Number::F(f64::from(k)))),
            },
            Cells::Objects(v) => v.get(r).cloned().unwrap_or(Ok(None)),
        }
    }
}

/// Scratch space for copying NumPy columns (reused, so that only the compact codes are
/// fresh memory).
#[derive(Default)]
struct Scratch {
    ints: Vec<i64>,
    floats: Vec<f64>,
}

/// Reads a column object: an int64 or float64 buffer, or else a sequence of Python values.
fn read_column(code: &str, obj: &Bound<'_, PyAny>, scratch: &mut Scratch) -> PyResult<Cells> {
    let py = obj.py();
    if let Ok(b) = PyBuffer::<i64>::get(obj) {
        scratch.ints.resize(b.item_count(), 0);
        b.copy_to_slice(py, &mut scratch.ints)?;
        let small: Vec<u8> = scratch.ints.iter().map(|&i| code_i64(i)).collect();
        let raw = small.contains(&OTHER).then(|| scratch.ints.clone());
        return Ok(Cells::Int { small, raw });
    }
    if let Ok(b) = PyBuffer::<f64>::get(obj) {
        scratch.floats.resize(b.item_count(), 0.0);
        b.copy_to_slice(py, &mut scratch.floats)?;
        let small: Vec<u8> = scratch.floats.iter().map(|&f| code_f64(f)).collect();
        let raw = small.contains(&OTHER).then(|| scratch.floats.clone());
        return Ok(Cells::Float { small, raw });
    }
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        out.push(match to_json(&item) {
            Ok(j) => read_answer(&j, "/answers", code),
            Err(e) => Err(Errors::one(Error {
                path: format!("{}{}", pointer("/answers", code), e.path),
                ..e
            })),
        });
    }
    Ok(Cells::Objects(out))
}

fn read_codes_column(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Result<Vec<String>, Errors>>> {
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        out.push(match to_json(&item) {
            Ok(Json::Null) => Ok(Vec::new()),
            Ok(j) => {
                let mut errors = Vec::new();
                let codes = read_codes(&j, "/eliminated", &mut errors);
                if errors.is_empty() {
                    Ok(codes)
                } else {
                    Err(Errors(errors))
                }
            }
            Err(e) => Err(Errors::one(Error {
                path: format!("/eliminated{}", e.path),
                ..e
            })),
        });
    }
    Ok(out)
}

/// Factorizes a key column given as a list of Python values: per-row codes (-1: missing)
/// into its distinct values, and the first object of each. Repeated objects (the usual case:
/// pandas repeats references) are recognised by identity, other equal values by their JSON
/// text.
fn factorize<'py>(values: &Bound<'py, PyAny>) -> PyResult<(Vec<i64>, Vec<Bound<'py, PyAny>>)> {
    let list = values.cast::<PyList>()?;
    let mut codes = Vec::with_capacity(list.len());
    let mut firsts: Vec<Bound<'py, PyAny>> = Vec::new();
    let mut by_object: HashMap<usize, i64, FxBuildHasher> = HashMap::default();
    let mut by_text: HashMap<String, i64, FxBuildHasher> = HashMap::default();
    let mut last: Option<(usize, i64)> = None;
    for item in list.iter() {
        // The list holds every item alive, so addresses identify objects during the loop.
        let id = item.as_ptr() as usize;
        let code = match last {
            Some((prev, code)) if prev == id => code,
            _ => match by_object.get(&id) {
                Some(&code) => code,
                None => {
                    let next = i64::try_from(firsts.len()).unwrap_or(i64::MAX);
                    let code = match to_json(&item) {
                        Ok(Json::Null) => -1,
                        Ok(j) => {
                            let text = ocop_core::contract::to_json(&j);
                            *by_text.entry(text).or_insert_with(|| {
                                firsts.push(item.clone());
                                next
                            })
                        }
                        Err(_) => {
                            firsts.push(item.clone());
                            next
                        }
                    };
                    by_object.insert(id, code);
                    code
                }
            },
        };
        last = Some((id, code));
        codes.push(code);
    }
    Ok((codes, firsts))
}

/// Factorizes a key column given as a list of Python values (see [`factorize`]): returns the
/// per-row codes as native-endian int64 bytes (-1: missing) and the first object of each
/// distinct value. Called by `ocop.score_frame` for text and mixed key columns.
#[pyfunction]
pub fn _factorize<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyList>)> {
    crate::errors::guard_py(py, "score_frame", || {
        let (codes, firsts) = factorize(values)?;
        let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_ne_bytes()).collect();
        Ok((PyBytes::new(py, &bytes), PyList::new(py, firsts)?))
    })
}

fn int_buffer(obj: &Bound<'_, PyAny>) -> PyResult<Vec<i64>> {
    PyBuffer::<i64>::get(obj)?.to_vec(obj.py())
}

/// One distinct combination of the frame's key columns (edition, product set, …).
struct Group {
    /// Reading errors of the pair's edition and product set values (request reading phase).
    read: Vec<Error>,
    /// The handle, or the lookup errors.
    scorer: Result<Scorer<'static>, Errors>,
    /// Column index → criterion index in this sheet (`None`: the sheet has no such criterion).
    colmap: Vec<Option<usize>>,
    /// The fast path's table: `cells[c * SLOTS + code]` is the index in `contributions` of what
    /// a cell of column `c` coded `code` contributes to its row, when the core's reader and
    /// resolver accept it, else [`GENERAL`] (the row takes the general path). Empty when the
    /// group has no sheet or read errors (every row takes the general path).
    cells: Vec<u16>,
    /// What cells contribute (see `cells`).
    contributions: Vec<Contribution>,
    /// The sheet's tally tables (`None`: every row takes the general path).
    tables: Option<Arc<Tables<'static>>>,
}

/// A `cells` entry whose rows take the general path.
const GENERAL: u16 = u16::MAX;

/// Rows per unit of work handed to the scoring threads.
const CHUNK: usize = 4096;

/// One unit of work: the rows `start..start + groups.len()` (`groups`: each row's group) and
/// their output slots.
type Chunk<'a> = (usize, &'a [usize], Outputs<'a>);

/// Scores every row on rayon's threads (`par::threads()` of them, see [`pool`]): the rows in
/// chunks, each chunk's side report its own (a chunk starts with an empty `seen`).
/// `numbers`: the [`COLUMNS`] number columns, `8 * n` bytes each.
fn score_rows(
    frame: &Frame,
    row_group: &[usize],
    numbers: &mut [u8],
) -> (Vec<u32>, Vec<u32>, Vec<Side>) {
    use rayon::prelude::*;
    let n = row_group.len();
    let mut caps = vec![0u32; n];
    let mut elims = vec![0u32; n];
    let sides: Vec<Side> = {
        // Each column's bytes, split into the chunks' ranges.
        let mut columns: Vec<_> = numbers
            .chunks_mut((n * 8).max(1))
            .map(|col| col.chunks_mut(CHUNK * 8))
            .collect();
        let chunks: Vec<Chunk<'_>> = caps
            .chunks_mut(CHUNK)
            .zip(elims.chunks_mut(CHUNK))
            .zip(row_group.chunks(CHUNK))
            .enumerate()
            .map(|(t, ((caps, elims), groups))| {
                let out = Outputs {
                    numbers: columns.iter_mut().filter_map(Iterator::next).collect(),
                    caps,
                    elims,
                };
                (t * CHUNK, groups, out)
            })
            .collect();
        let score = |st: &mut RunState, (start, groups, out): Chunk<'_>| {
            st.seen.clear();
            frame.run(start, groups, out, st);
            std::mem::take(&mut st.side)
        };
        match pool() {
            Some(pool) if chunks.len() > 1 => pool.install(|| {
                chunks
                    .into_par_iter()
                    .with_max_len(1)
                    .map_init(RunState::default, score)
                    .collect()
            }),
            _ => {
                let mut st = RunState::default();
                chunks.into_iter().map(|c| score(&mut st, c)).collect()
            }
        }
    };
    (caps, elims, sides)
}

/// The rayon pool of `par::threads()` threads (one per distinct `OCOP_THREADS` value seen),
/// or `None` if it cannot be built (the rows are then scored on the calling thread).
fn pool() -> Option<Arc<rayon::ThreadPool>> {
    type Pools = Mutex<HashMap<usize, Arc<rayon::ThreadPool>, FxBuildHasher>>;
    static POOLS: OnceLock<Pools> = OnceLock::new();
    let threads = par::threads();
    let mut pools = match POOLS.get_or_init(Pools::default).lock() {
        Ok(p) => p,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(p) = pools.get(&threads) {
        return Some(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("ocop-frame-{i}"))
        .build()
        .ok()
        .map(Arc::new)?;
    pools.insert(threads, Arc::clone(&p));
    Some(p)
}

/// The tally tables of each sheet, made once per process (the registry lives as long).
fn tables_of(scorer: Scorer<'static>) -> Option<Arc<Tables<'static>>> {
    type Cache = Mutex<HashMap<(usize, usize), Option<Arc<Tables<'static>>>, FxBuildHasher>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (
        std::ptr::from_ref(scorer.edition) as usize,
        Arc::as_ptr(scorer.sheet) as usize,
    );
    let cache = CACHE.get_or_init(Cache::default);
    let mut map = match cache.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(key)
        .or_insert_with(|| Tables::new(scorer).map(Arc::new))
        .clone()
}

/// The fast path's cell table of one sheet (see [`Group::cells`]): what the core's reader
/// and resolver give for each small option number in each column (the JSON number type of
/// the column's cells), and what that answer contributes. A missing cell contributes an
/// unanswered criterion, or nothing in a column the sheet lacks; everything else, and every
/// failure, takes the general path.
fn cells_for(
    scorer: &Scorer<'static>,
    tables: &Tables<'static>,
    columns: &[Shape],
    colmap: &[Option<usize>],
) -> (Vec<u16>, Vec<Contribution>) {
    let mut cells = vec![GENERAL; columns.len() * SLOTS];
    let mut contributions: Vec<Contribution> = Vec::new();
    let mut add = |c: Contribution| {
        contributions.push(c);
        u16::try_from(contributions.len() - 1)
            .ok()
            .filter(|&i| i != GENERAL)
            .unwrap_or(GENERAL)
    };
    for ((col, idx), slots) in columns
        .iter()
        .zip(colmap)
        .zip(cells.chunks_exact_mut(SLOTS))
    {
        let Some(i) = *idx else {
            // A column this sheet lacks: only a missing cell is harmless.
            if let Some(slot) = slots.get_mut(usize::from(MISSING)) {
                *slot = add(Contribution::default());
            }
            continue;
        };
        if let (Some(slot), Some(c)) = (
            slots.get_mut(usize::from(MISSING)),
            tables.contribution(i, None),
        ) {
            *slot = add(c);
        }
        for (k, slot) in (0u8..).zip(slots.iter_mut().take(MEMO)) {
            let j = match col.kind {
                Kind::Int => Some(i64_to_json(i64::from(k))),
                Kind::Float => Some(Json::Number(Number::F(f64::from(k)))),
                Kind::Objects => None,
            };
            let contribution = j
                .and_then(|j| read_answer(&j, "/answers", &col.code).ok().flatten())
                .and_then(|v| scorer.resolve_answer(i, &v, "/answers").ok())
                .and_then(|a| tables.contribution(i, Some(a)));
            if let Some(c) = contribution {
                *slot = add(c);
            }
        }
    }
    (cells, contributions)
}

/// One row's outcome.
enum Row {
    Scored {
        parts: [u32; 3],
        total: u32,
        band: u8,
        stars: Option<u8>,
        caps: Caps,
        eliminated: Option<usize>,
    },
    Failed(Vec<Error>),
}

/// Number columns of the output: A, B, C, total, band, stars.
const COLUMNS: usize = 6;

/// Per-row outputs, written in place by the scoring threads: the [`COLUMNS`] number columns'
/// ranges (native-endian int64, -1 where absent), the capping minimums as 1 + an index into
/// the thread's `Side::caps` (0: none), the eliminating criterion's index + 1 (0: none).
struct Outputs<'a> {
    numbers: Vec<&'a mut [u8]>,
    caps: &'a mut [u32],
    elims: &'a mut [u32],
}

/// What a scoring thread reports besides the in-place outputs, for the row ranges
/// `(start, rows)` it scored.
#[derive(Default)]
struct Side {
    ranges: Vec<(usize, usize)>,
    errors: Vec<(usize, Vec<Error>)>,
    /// The distinct capping sets of this thread's rows, with their group.
    caps: Vec<(usize, Caps)>,
    /// Rows scored on the general path (for `OCOP_PROFILE`).
    general: usize,
}

/// The minimums that capped a row: bit *k* = `sheet.minimums()[k]` (sheets have far fewer
/// than 64), or the codes themselves for a sheet with more.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Caps {
    Mask(u64),
    Codes(Vec<&'static str>),
}

struct Frame {
    columns: Vec<Column>,
    groups: Vec<Group>,
    eliminated: Option<Vec<Result<Vec<String>, Errors>>>,
    partial: bool,
}

/// A scoring thread's scratch space and what it reports.
#[derive(Default)]
struct RunState {
    /// One evaluation per thread, refilled for every row of the general path.
    ev: Evaluation,
    side: Side,
    /// Capping sets already in `side.caps` → 1 + their index there.
    seen: HashMap<(usize, u64), u32, FxBuildHasher>,
    /// The block's tallies, and which of its rows take the general path.
    tallies: Vec<Tally>,
    general: Vec<bool>,
}

impl RunState {
    /// Writes row `r`'s outcome: `numbers` (the chunk's number columns, row `j` of them),
    /// `cap`, `elim`, and errors and new capping sets into `side`.
    #[expect(clippy::too_many_arguments, reason = "one row's output slots")]
    fn put(
        &mut self,
        r: usize,
        g: usize,
        row: Row,
        cap: &mut u32,
        elim: &mut u32,
        numbers: &mut [&mut [u8]],
        j: usize,
    ) {
        let nums: [i64; 6] = match row {
            Row::Scored {
                parts: [a, b, c],
                total,
                band,
                stars,
                caps,
                eliminated,
            } => {
                *cap = match caps {
                    Caps::Mask(0) => 0,
                    Caps::Mask(m) => {
                        let side = &mut self.side;
                        *self.seen.entry((g, m)).or_insert_with(|| {
                            side.caps.push((g, Caps::Mask(m)));
                            u32::try_from(side.caps.len()).unwrap_or(u32::MAX)
                        })
                    }
                    codes @ Caps::Codes(_) => {
                        self.side.caps.push((g, codes));
                        u32::try_from(self.side.caps.len()).unwrap_or(u32::MAX)
                    }
                };
                *elim = eliminated
                    .and_then(|i| u32::try_from(i + 1).ok())
                    .unwrap_or(0);
                [
                    i64::from(a),
                    i64::from(b),
                    i64::from(c),
                    i64::from(total),
                    i64::from(band),
                    stars.map_or(-1, i64::from),
                ]
            }
            Row::Failed(es) => {
                *cap = 0;
                *elim = 0;
                self.side.errors.push((r, es));
                [-1; 6]
            }
        };
        for (col, x) in numbers.iter_mut().zip(nums) {
            if let Some(slot) = col.get_mut(j * 8..j * 8 + 8) {
                slot.copy_from_slice(&x.to_ne_bytes());
            }
        }
    }

    /// Forgets what rows after `mark` (lengths of `side.errors` and `side.caps`) reported.
    fn rollback(&mut self, (errors, caps): (usize, usize)) {
        self.side.errors.truncate(errors);
        self.side.caps.truncate(caps);
        let kept = u32::try_from(caps).unwrap_or(u32::MAX);
        self.seen.retain(|_, id| *id <= kept);
    }
}

impl Frame {
    /// Scores the rows `start..start + groups.len()` (`groups`: each row's group) into `out`,
    /// block by block: the block's cells are added up column by column into one tally per
    /// row ([`Frame::tally`]), and each tally is concluded; rows the tables cannot take (see
    /// [`Group::cells`]) and incomplete rows take the general path.
    fn run(&self, start: usize, groups: &[usize], out: Outputs<'_>, st: &mut RunState) {
        st.side.ranges.push((start, groups.len()));
        let Outputs {
            mut numbers,
            caps,
            elims,
        } = out;
        let blocks = caps
            .chunks_mut(BLOCK)
            .zip(elims.chunks_mut(BLOCK))
            .zip(groups.chunks(BLOCK))
            .enumerate();
        for (b, ((caps, elims), groups)) in blocks {
            let first = b * BLOCK;
            let r = start + first;
            // A panic is a defect, never expected: the block is guarded as a whole, and only
            // if it panics are its rows scored again one by one on the general path, each
            // guarded.
            let score_block = |st: &mut RunState,
                               numbers: &mut Vec<&mut [u8]>,
                               caps: &mut [u32],
                               elims: &mut [u32],
                               each_guarded: bool| {
                if !each_guarded {
                    self.tally(r, groups, st);
                }
                let rows = caps.iter_mut().zip(elims.iter_mut()).zip(groups);
                for (k, ((cap, elim), &g)) in rows.enumerate() {
                    let row = if each_guarded {
                        guard("score_frame row", || Ok(self.row(r + k, g, &mut st.ev)))
                            .unwrap_or_else(Row::Failed)
                    } else {
                        #[cfg(test)]
                        tests::maybe_panic(r + k);
                        let fast = match (st.general.get(k), st.tallies.get(k)) {
                            (Some(false), Some(t)) => self.conclude(g, t),
                            _ => None,
                        };
                        match fast {
                            Some(row) => row,
                            None => {
                                st.side.general += 1;
                                self.row(r + k, g, &mut st.ev)
                            }
                        }
                    };
                    st.put(r + k, g, row, cap, elim, numbers, first + k);
                }
            };
            let mark = (st.side.errors.len(), st.side.caps.len());
            let whole = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                score_block(st, &mut numbers, caps, elims, false);
            }));
            if whole.is_err() {
                st.rollback(mark);
                score_block(st, &mut numbers, caps, elims, true);
            }
        }
    }

    /// Adds up the contributions of the cells of rows `r..r + groups.len()` into
    /// `st.tallies`, column by column, and marks in `st.general` the rows that need the
    /// general path (a cell the group's table does not take, a council flag, a group without
    /// tables).
    fn tally(&self, r: usize, groups: &[usize], st: &mut RunState) {
        let len = groups.len();
        st.tallies.clear();
        st.tallies.resize(len, Tally::default());
        st.general.clear();
        st.general.resize(len, false);
        for (k, (flag, &g)) in st.general.iter_mut().zip(groups).enumerate() {
            let no_table = self.groups.get(g).is_none_or(|x| x.cells.is_empty());
            let flagged = self
                .eliminated
                .as_ref()
                .is_some_and(|e| !matches!(e.get(r + k), Some(Ok(codes)) if codes.is_empty()));
            *flag = no_table || flagged;
        }
        let lookup = |g: usize, at: usize| -> Option<&Contribution> {
            let x = self.groups.get(g)?;
            x.contributions.get(usize::from(*x.cells.get(at)?))
        };
        // A block of one group (the usual case) reads one table per column.
        let one = groups
            .first()
            .filter(|&&g0| groups.iter().all(|&g| g == g0))
            .and_then(|&g0| self.groups.get(g0));
        for (c, col) in self.columns.iter().enumerate() {
            let base = c * SLOTS;
            let rows = st.tallies.iter_mut().zip(st.general.iter_mut()).zip(groups);
            match (&col.cells, one) {
                (Cells::Int { small, .. } | Cells::Float { small, .. }, Some(x)) => {
                    let src = small.get(r..r + len).unwrap_or_default();
                    let table = x.cells.get(base..base + SLOTS).unwrap_or_default();
                    for (((t, flag), _), &code) in rows.zip(src) {
                        match table
                            .get(usize::from(code))
                            .and_then(|&i| x.contributions.get(usize::from(i)))
                        {
                            Some(x) => t.add(x),
                            None => *flag = true,
                        }
                    }
                }
                (Cells::Int { small, .. } | Cells::Float { small, .. }, None) => {
                    let src = small.get(r..r + len).unwrap_or_default();
                    for (((t, flag), &g), &code) in rows.zip(src) {
                        match lookup(g, base + usize::from(code)) {
                            Some(x) => t.add(x),
                            None => *flag = true,
                        }
                    }
                }
                (Cells::Objects(v), _) => {
                    let src = v.get(r..r + len).unwrap_or_default();
                    for (((t, flag), &g), cell) in rows.zip(src) {
                        let x = match cell {
                            Ok(None) => lookup(g, base + usize::from(MISSING)).copied(),
                            Ok(Some(value)) => self.groups.get(g).and_then(|x| {
                                let i = x.colmap.get(c).copied().flatten()?;
                                let sc = x.scorer.as_ref().ok()?;
                                let a = sc.resolve_answer(i, value, "/answers").ok()?;
                                x.tables.as_ref()?.contribution(i, Some(a))
                            }),
                            Err(_) => None,
                        };
                        match x {
                            Some(x) => t.add(&x),
                            None => *flag = true,
                        }
                    }
                }
            }
        }
    }

    /// A fast row's outcome from its tally, or `None` when it takes the general path (an
    /// incomplete row without `partial`: the core's completeness check gives the errors).
    fn conclude(&self, g: usize, t: &Tally) -> Option<Row> {
        let o = self.groups.get(g)?.tables.as_ref()?.conclude(t);
        if !self.partial && !o.complete && o.eliminated.is_none() {
            return None;
        }
        Some(Row::Scored {
            parts: o.parts,
            total: o.total,
            band: o.band,
            stars: o.stars,
            caps: Caps::Mask(o.capped),
            eliminated: o.eliminated.map(|e| e.criterion),
        })
    }

    /// One row's outcome on the general path.
    fn row(&self, r: usize, g: usize, ev: &mut Evaluation) -> Row {
        #[cfg(test)]
        tests::maybe_panic(r);
        self.general(r, g, ev).unwrap_or_else(Row::Failed)
    }

    /// Evaluation, completeness and the row's output.
    fn finish(
        &self,
        scorer: &Scorer<'static>,
        answers: &Answers,
        flags: &[usize],
        ev: &mut Evaluation,
    ) -> Result<Row, Vec<Error>> {
        let sheet: &'static ocop_core::data::Sheet = scorer.sheet;
        scorer.evaluate_into(answers, flags, ev);
        if !self.partial && !ev.complete && ev.eliminated.is_none() {
            // Incomplete: the core's completeness check gives the errors (it evaluates again,
            // only on such rows).
            return match scorer.evaluate_checked(answers, flags, self.partial) {
                Err(Errors(es)) => Err(es),
                Ok(_) => Err(vec![crate::errors::internal("completeness check")]),
            };
        }
        let ev: &Evaluation = ev;
        let mut mask = 0u64;
        let mut over = false;
        for k in scorer.cap_indices(ev) {
            match u32::try_from(k).ok().and_then(|k| 1u64.checked_shl(k)) {
                Some(bit) if k < 64 => mask |= bit,
                _ => over = true,
            }
        }
        let caps = if over {
            Caps::Codes(
                scorer
                    .caps(ev)
                    .filter_map(|m| sheet.criteria.get(m.criterion).map(|c| c.code.as_str()))
                    .collect(),
            )
        } else {
            Caps::Mask(mask)
        };
        Ok(Row::Scored {
            parts: ev.parts,
            total: ev.total,
            band: ev.band,
            stars: ev.stars,
            caps,
            eliminated: ev.eliminated.map(|e| e.criterion),
        })
    }

    /// The general path: reads and resolves every cell with the core, in the request
    /// reader's order of phases.
    fn general(&self, r: usize, g: usize, ev: &mut Evaluation) -> Result<Row, Vec<Error>> {
        let Some(group) = self.groups.get(g) else {
            return Err(vec![crate::errors::internal("group index")]);
        };
        // 1. Reading, as `ScoreRequest::from_json`.
        let mut errors: Vec<Error> = group.read.clone();
        let mut values: Vec<(usize, AnswerValue)> = Vec::new();
        for (c, col) in self.columns.iter().enumerate() {
            match col.cell(r) {
                Ok(Some(v)) => values.push((c, v)),
                Ok(None) => {}
                Err(Errors(es)) => errors.extend(es),
            }
        }
        let codes: &[String] = match self.eliminated.as_ref().and_then(|e| e.get(r)) {
            Some(Ok(codes)) => codes,
            Some(Err(Errors(es))) => {
                errors.extend(es.iter().cloned());
                &[]
            }
            None => &[],
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // 2. Edition and sheet.
        let scorer = group.scorer.as_ref().map_err(|Errors(e)| e.clone())?;
        // 3. Resolution against the sheet.
        let sheet: &'static ocop_core::data::Sheet = scorer.sheet;
        let mut answers = Answers::empty(sheet.criteria.len());
        for (c, v) in values {
            match group.colmap.get(c).copied().flatten() {
                Some(i) => match scorer.resolve_answer(i, &v, "/answers") {
                    Ok(a) => answers.set(i, Some(a)),
                    Err(Errors(es)) => errors.extend(es),
                },
                None => {
                    // Not a criterion of this sheet: the core's own error for that request.
                    let code = self
                        .columns
                        .get(c)
                        .map(|x| x.code.clone())
                        .unwrap_or_default();
                    if let Err(Errors(es)) =
                        scorer.resolve(&BTreeMap::from([(code, v)]), "/answers")
                    {
                        errors.extend(es);
                    }
                }
            }
        }
        let flags = match scorer.resolve_flags(codes, "/eliminated") {
            Ok(f) => f,
            Err(Errors(es)) => {
                errors.extend(es);
                Vec::new()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        // 4. Evaluation and completeness.
        self.finish(scorer, &answers, &flags, ev)
    }
}

/// Criterion codes interned as small integers (one Python string each), and each group's star
/// minimums as such integers, so that equal capping lists of different groups share one tuple.
#[derive(Default)]
struct Interned<'py> {
    ids: HashMap<&'static str, u16, FxBuildHasher>,
    strings: Vec<Bound<'py, PyString>>,
    minimums: Vec<Option<Vec<u16>>>,
}

impl<'py> Interned<'py> {
    /// The interned codes of the minimums in `mask` (bit *k*: the sheet's *k*-th minimum) of
    /// group `g`, in sheet order.
    fn codes(
        &mut self,
        py: Python<'py>,
        sheets: &[Option<&'static ocop_core::data::Sheet>],
        g: usize,
        mask: u64,
    ) -> Vec<u16> {
        let Some(Some(sheet)) = sheets.get(g).copied() else {
            return Vec::new();
        };
        if self.minimums.len() < sheets.len() {
            self.minimums.resize(sheets.len(), None);
        }
        let (ids, strings) = (&mut self.ids, &mut self.strings);
        let Some(slot) = self.minimums.get_mut(g) else {
            return Vec::new();
        };
        let of_sheet = slot.get_or_insert_with(|| {
            sheet
                .minimums()
                .iter()
                .map(|m| {
                    let code = sheet
                        .criteria
                        .get(m.criterion)
                        .map_or("", |c| c.code.as_str());
                    *ids.entry(code).or_insert_with(|| {
                        strings.push(PyString::new(py, code));
                        u16::try_from(strings.len() - 1).unwrap_or(u16::MAX)
                    })
                })
                .collect()
        });
        let mut m = mask;
        let mut out = Vec::with_capacity(usize::try_from(mask.count_ones()).unwrap_or(0));
        while m != 0 {
            let k = usize::try_from(m.trailing_zeros()).unwrap_or(usize::MAX);
            m &= m - 1;
            if let Some(&id) = of_sheet.get(k) {
                out.push(id);
            }
        }
        out
    }

    /// The tuple of the codes `ids`.
    fn tuple(&self, py: Python<'py>, ids: &[u16]) -> PyResult<Bound<'py, PyTuple>> {
        let items: Vec<&Bound<'py, PyString>> = ids
            .iter()
            .filter_map(|&i| self.strings.get(usize::from(i)))
            .collect();
        PyTuple::new(py, items)
    }
}

/// The key columns a row's request takes from the frame, in the order of the request reader:
/// the core's keys that choose an edition, then `product_set`.
fn key_columns() -> impl Iterator<Item = &'static str> {
    EDITION_CHOICE_KEYS
        .iter()
        .copied()
        .chain(std::iter::once("product_set"))
}

/// How many key columns there are (see [`key_columns`]).
const KEYS: usize = EDITION_CHOICE_KEYS.len() + 1;

/// A factorized key column: per-row codes into its distinct values (-1 = missing).
struct KeyColumn {
    codes: Vec<i64>,
    values: Vec<Result<Json, Error>>,
}

/// Builds the groups from the factorized key columns (`None`: the frame has no such column).
fn groups(keys: &[Option<KeyColumn>], n: usize, columns: &[Shape]) -> (Vec<Group>, Vec<usize>) {
    let mut out: Vec<Group> = Vec::new();
    let mut row_group = Vec::with_capacity(n);
    let key_of = |r: usize| {
        let mut key = [-2i64; KEYS];
        for (slot, k) in key.iter_mut().zip(keys) {
            if let Some(k) = k {
                *slot = k.codes.get(r).copied().unwrap_or(-1);
            }
        }
        key
    };
    // Codes are -1 (missing) or indices into the distinct values: a mixed-radix number over
    // the key columns indexes a table directly when the combinations are few (as usual).
    let radix: Vec<usize> = keys
        .iter()
        .map(|k| match k {
            Some(k) => usize::try_from(k.codes.iter().copied().max().unwrap_or(-1).max(-1) + 2)
                .unwrap_or(usize::MAX),
            None => 1,
        })
        .collect();
    let size = radix.iter().try_fold(1usize, |a, &b| a.checked_mul(b));
    if let Some(size) = size.filter(|&s| s <= 1 << 20) {
        let mut table: Vec<Option<usize>> = vec![None; size];
        for r in 0..n {
            let key = key_of(r);
            let mut idx = 0usize;
            let mut stride = 1usize;
            for (&c, &b) in key.iter().zip(&radix) {
                if b > 1 {
                    idx += usize::try_from(c + 1).unwrap_or(0) * stride;
                    stride *= b;
                }
            }
            let g = match table.get(idx).copied().flatten() {
                Some(g) => g,
                None => {
                    out.push(group(&key, keys, columns));
                    let g = out.len() - 1;
                    if let Some(slot) = table.get_mut(idx) {
                        *slot = Some(g);
                    }
                    g
                }
            };
            row_group.push(g);
        }
    } else {
        let mut index: HashMap<[i64; KEYS], usize, FxBuildHasher> = HashMap::default();
        for r in 0..n {
            let key = key_of(r);
            let g = *index.entry(key).or_insert_with(|| {
                out.push(group(&key, keys, columns));
                out.len() - 1
            });
            row_group.push(g);
        }
    }
    (out, row_group)
}

/// Reads a group's key values like the request `{key: value, …, "answers": {}}` and looks up
/// its sheet like `contract::score` does.
fn group(key: &[i64; KEYS], keys: &[Option<KeyColumn>], columns: &[Shape]) -> Group {
    let mut read = Vec::new();
    let mut entries = Vec::new();
    for ((name, &code), col) in key_columns().zip(key).zip(keys) {
        let Some(col) = col else { continue };
        match usize::try_from(code).ok().and_then(|i| col.values.get(i)) {
            Some(Ok(Json::Null)) | None => {}
            Some(Ok(j)) => entries.push(((*name).to_owned(), j.clone())),
            Some(Err(e)) => read.push(Error {
                path: format!("/{name}{}", e.path),
                ..e.clone()
            }),
        }
    }
    entries.push(("answers".to_owned(), Json::Object(Vec::new())));
    let request = ScoreRequest::from_json(&Json::Object(entries));
    let scorer = match request {
        Err(Errors(es)) => {
            read.extend(es);
            Err(Errors::one(crate::errors::internal("unread request")))
        }
        Ok(req) => registry()
            .map_err(Errors::one)
            .and_then(|reg| Ok(req.scorer(reg)?.0)),
    };
    let colmap: Vec<Option<usize>> = match &scorer {
        Ok(sc) => columns
            .iter()
            .map(|c| sc.sheet.criterion(&c.code).map(|(i, _)| i))
            .collect(),
        Err(_) => Vec::new(),
    };
    let tables = match &scorer {
        Ok(sc) if read.is_empty() => tables_of(*sc),
        _ => None,
    };
    let (cells, contributions) = match (&scorer, &tables) {
        (Ok(sc), Some(t)) => cells_for(sc, t, columns, &colmap),
        _ => Default::default(),
    };
    Group {
        read,
        scorer,
        colmap,
        cells,
        contributions,
        tables,
    }
}

/// Scores a frame given as columns. Called by `ocop.score_frame` (Python), which factorizes
/// the key columns (`keys`: name, int64 codes with -1 for missing, distinct values) and passes
/// criterion columns as NumPy arrays (int64, float64) or lists.
///
/// Returns `(numbers, cap_ids, caps, elim_ids, elims, errors)`: `numbers` is a bytearray of
/// six native-endian int64 columns of `n` rows each (A, B, C, total, band, stars; -1 where
/// absent); `cap_ids` and
/// `elim_ids` are int32 bytes, one per row, indexing the lists `caps` (tuples of criterion
/// codes) and `elims` (criterion codes), -1 for none; `errors` is a sparse list of
/// `(row, text, code, path)`.
#[pyfunction]
#[pyo3(signature = (n, keys, columns, eliminated, partial))]
pub fn _score_columns<'py>(
    py: Python<'py>,
    n: usize,
    keys: Vec<(String, Option<Bound<'py, PyAny>>, Bound<'py, PyAny>)>,
    columns: Vec<(String, Bound<'py, PyAny>)>,
    eliminated: Option<Bound<'py, PyAny>>,
    partial: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    crate::errors::guard_py(py, "score_frame", || {
        let mut columns_by_key: Vec<Option<KeyColumn>> = key_columns().map(|_| None).collect();
        for (name, codes, values) in keys.iter() {
            let codes = codes.as_ref();
            let Some(slot) = key_columns()
                .position(|k| k == name)
                .and_then(|i| columns_by_key.get_mut(i))
            else {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "{name:?} is not a key column"
                )));
            };
            let (codes, values) = match codes {
                Some(codes) => (
                    int_buffer(codes)?,
                    values.try_iter()?.collect::<PyResult<Vec<_>>>()?,
                ),
                None => factorize(values)?,
            };
            let column = KeyColumn {
                codes,
                values: values.iter().map(to_json).collect(),
            };
            if column.codes.len() != n {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "key column {name:?} must have one value per row"
                )));
            }
            *slot = Some(column);
        }
        let t_read = Instant::now();
        // The request reader reports answers in code order.
        let mut order: Vec<&(String, Bound<'py, PyAny>)> = columns.iter().collect();
        order.sort_by(|a, b| a.0.cmp(&b.0));
        let shapes: Vec<Shape> = order
            .iter()
            .map(|(code, obj)| Shape {
                code: code.clone(),
                kind: Kind::of(obj),
            })
            .collect();
        // The rows' groups and the groups' plans need only the key columns and the columns'
        // kinds: a second thread works them out while this one reads the cells (for frames
        // of a chunk or more; a small frame is not worth a thread).
        let (grouped, cols) = std::thread::scope(|s| {
            let handle = (n >= CHUNK && par::threads() > 1)
                .then(|| {
                    std::thread::Builder::new()
                        .name("ocop-groups".into())
                        .spawn_scoped(s, || groups(&columns_by_key, n, &shapes))
                        .ok()
                })
                .flatten();
            let mut scratch = Scratch::default();
            let cols = order
                .iter()
                .map(|(code, obj)| {
                    Ok(Column {
                        code: code.clone(),
                        cells: read_column(code, obj, &mut scratch)?,
                    })
                })
                .collect::<PyResult<Vec<Column>>>();
            let grouped = handle.and_then(|h| h.join().ok());
            (grouped, cols)
        });
        let cols = cols?;
        let eliminated = match eliminated {
            Some(obj) => Some(read_codes_column(&obj)?),
            None => None,
        };

        let work = move |numbers: &mut [u8]| {
            let (groups, row_group) =
                grouped.unwrap_or_else(|| groups(&columns_by_key, n, &shapes));
            let frame = Frame {
                columns: cols,
                groups,
                eliminated,
                partial,
            };
            let scored = score_rows(&frame, &row_group, numbers);
            let sheets: Vec<Option<&'static ocop_core::data::Sheet>> = frame
                .groups
                .iter()
                .map(|x| {
                    x.scorer
                        .as_ref()
                        .ok()
                        .map(|s| -> &'static ocop_core::data::Sheet { s.sheet })
                })
                .collect();
            (scored, row_group, sheets)
        };
        let t_work = Instant::now();
        // The threads write the number columns straight into the bytearray handed to Python
        // (nothing else can see it before it is returned).
        let mut scored = None;
        let numbers = PyByteArray::new_with(py, n * 8 * COLUMNS, |buf| {
            scored = Some(py.detach(|| work(buf)));
            Ok(())
        })?;
        let Some(((caps, elims, sides), row_group, sheets)) = scored else {
            return Err(crate::errors::to_pyerr(
                py,
                &[crate::errors::internal("score_frame output")],
            ));
        };
        let t_out = Instant::now();

        // Capped and eliminated as int32 ids into lists of their distinct values (-1: none), so
        // that no Python object is made per row; errors as a sparse list.
        // Every row is in one thread's ranges; should one be missing, it reads as none (-1).
        let mut cap_ids: Vec<u8> = vec![0xff; n * 4];
        let mut elim_ids: Vec<u8> = vec![0xff; n * 4];
        let mut cap_index: HashMap<(usize, u64), i32, FxBuildHasher> = HashMap::default();
        let mut elim_index: HashMap<(usize, u32), i32, FxBuildHasher> = HashMap::default();
        let cap_values = PyList::empty(py);
        let elim_values = PyList::empty(py);
        let mut interned = Interned::default();
        let mut by_codes: HashMap<Vec<u16>, i32, FxBuildHasher> = HashMap::default();
        for side in &sides {
            // Each thread's distinct capping sets → global ids (one tuple per distinct code list).
            let mut remap: Vec<i32> = Vec::with_capacity(side.caps.len());
            for (g, caps) in &side.caps {
                let known = match caps {
                    Caps::Mask(m) => cap_index.get(&(*g, *m)).copied(),
                    Caps::Codes(_) => None,
                };
                let id = match known {
                    Some(id) => id,
                    None => {
                        let id = match caps {
                            Caps::Codes(c) => {
                                cap_values.append(PyTuple::new(py, c)?)?;
                                i32::try_from(cap_values.len() - 1).unwrap_or(i32::MAX)
                            }
                            Caps::Mask(mask) => {
                                let codes = interned.codes(py, &sheets, *g, *mask);
                                let id = match by_codes.get(&codes) {
                                    Some(&id) => id,
                                    None => {
                                        cap_values.append(interned.tuple(py, &codes)?)?;
                                        let id =
                                            i32::try_from(cap_values.len() - 1).unwrap_or(i32::MAX);
                                        by_codes.insert(codes, id);
                                        id
                                    }
                                };
                                cap_index.insert((*g, *mask), id);
                                id
                            }
                        };
                        id
                    }
                };
                remap.push(id);
            }
            for &(start, len) in &side.ranges {
                let end = start.saturating_add(len).min(n);
                let rows = caps
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .zip(elims.get(start..end).unwrap_or_default())
                    .zip(row_group.get(start..end).unwrap_or_default())
                    .zip(
                        cap_ids
                            .get_mut(start * 4..end * 4)
                            .unwrap_or_default()
                            .chunks_exact_mut(4),
                    )
                    .zip(
                        elim_ids
                            .get_mut(start * 4..end * 4)
                            .unwrap_or_default()
                            .chunks_exact_mut(4),
                    );
                for ((((&cap, &elim), &g), cap_slot), elim_slot) in rows {
                    let cap = match cap.checked_sub(1) {
                        None => -1,
                        Some(local) => remap
                            .get(usize::try_from(local).unwrap_or(usize::MAX))
                            .copied()
                            .unwrap_or(-1),
                    };
                    let el = if elim == 0 {
                        -1
                    } else if let Some(&id) = elim_index.get(&(g, elim)) {
                        id
                    } else {
                        let code = sheets
                            .get(g)
                            .copied()
                            .flatten()
                            .and_then(|sh| {
                                sh.criteria
                                    .get(usize::try_from(elim - 1).unwrap_or(usize::MAX))
                            })
                            .map_or("", |c| c.code.as_str());
                        let id = i32::try_from(elim_values.len()).unwrap_or(i32::MAX);
                        elim_values.append(code)?;
                        elim_index.insert((g, elim), id);
                        id
                    };
                    cap_slot.copy_from_slice(&cap.to_ne_bytes());
                    elim_slot.copy_from_slice(&el.to_ne_bytes());
                }
            }
        }
        let errors = PyList::empty(py);
        for (r, es) in sides.iter().flat_map(|x| &x.errors) {
            let first = es.first();
            errors.append((
                r,
                Errors(es.clone()).to_string(),
                first.map(|e| e.code.as_str()).unwrap_or(""),
                first.map(|e| e.path.as_str()).unwrap_or(""),
            ))?;
        }
        let out = PyTuple::new(
            py,
            [
                numbers.into_any(),
                PyBytes::new(py, &cap_ids).into_any(),
                cap_values.into_any(),
                PyBytes::new(py, &elim_ids).into_any(),
                elim_values.into_any(),
                errors.into_any(),
            ],
        );
        if std::env::var_os("OCOP_PROFILE").is_some() {
            eprintln!(
                "ocop score_frame: {n} rows ({} on the general path), read {:?}, score {:?} ({} threads max), output {:?}",
                sides.iter().map(|x| x.general).sum::<usize>(),
                t_work - t_read,
                t_out - t_work,
                par::threads(),
                t_out.elapsed()
            );
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::panic,
        clippy::unwrap_used,
        clippy::indexing_slicing,
        reason = "tests"
    )]
    use super::*;
    use ocop_core::error::ErrorCode;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The row whose scoring panics (a defect injected to test the guard); `usize::MAX`: none.
    static PANIC_AT: AtomicUsize = AtomicUsize::new(usize::MAX);

    pub(super) fn maybe_panic(r: usize) {
        if PANIC_AT.load(Ordering::Relaxed) == r {
            panic!("injected panic at row {r}");
        }
    }

    /// Number columns, capping ids, elimination ids, errors by row.
    type Scored = (Vec<u8>, Vec<u32>, Vec<u32>, Vec<(usize, Vec<Error>)>);

    /// A frame of `n` rows of 26/2026 set 1 (every criterion a column of option numbers,
    /// varying by row), scored into (numbers, caps, elims, errors by row).
    fn score(n: usize) -> Scored {
        let reg = registry().unwrap();
        let sheet = reg.edition("26/2026").unwrap().sheet(1).unwrap();
        let key = |v: Json| KeyColumn {
            codes: vec![0; n],
            values: vec![Ok(v)],
        };
        let keys = vec![
            Some(key(Json::String("26/2026".into()))),
            None,
            None,
            None,
            Some(key(Json::Number(Number::U(1)))),
        ];
        let mut columns: Vec<Column> = sheet
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| Column {
                code: c.code.clone(),
                cells: Cells::Int {
                    // Every 50th row answers its first criterion with an option it lacks.
                    small: (0..n)
                        .map(|r| match (i, r % 50) {
                            (0, 3) => 15,
                            _ => u8::try_from(1 + (r * 7 + i * 3) % c.options.len()).unwrap(),
                        })
                        .collect(),
                    raw: None,
                },
            })
            .collect();
        columns.sort_by(|a, b| a.code.cmp(&b.code));
        let shapes: Vec<Shape> = columns
            .iter()
            .map(|c| Shape {
                code: c.code.clone(),
                kind: Kind::Int,
            })
            .collect();
        let (groups, row_group) = groups(&keys, n, &shapes);
        let frame = Frame {
            columns,
            groups,
            eliminated: None,
            partial: false,
        };
        let mut numbers = vec![0u8; n * 8 * COLUMNS];
        let (caps, elims, sides) = score_rows(&frame, &row_group, &mut numbers);
        let errors = sides.into_iter().flat_map(|s| s.errors).collect();
        (numbers, caps, elims, errors)
    }

    /// A panic in one row fails that row alone (an internal error), and every other row of
    /// its block, scored again one by one, comes out as if nothing had happened.
    #[test]
    fn a_panicking_row_fails_alone() {
        let n = 3 * BLOCK + 17;
        let (numbers, caps, elims, errors) = score(n);
        let rows: Vec<usize> = errors.iter().map(|e| e.0).collect();
        assert_eq!(rows, (0..n).filter(|r| r % 50 == 3).collect::<Vec<_>>());
        assert!(caps.iter().any(|&c| c != 0));
        // Late in a block, after rows with errors and capping sets of the same block.
        let bad = BLOCK + 60;
        PANIC_AT.store(bad, Ordering::Relaxed);
        let (numbers2, caps2, elims2, errors2) = score(n);
        PANIC_AT.store(usize::MAX, Ordering::Relaxed);
        let mut rows2: Vec<usize> = errors2.iter().map(|e| e.0).collect();
        rows2.sort_unstable();
        let mut want = rows.clone();
        want.push(bad);
        want.sort_unstable();
        assert_eq!(rows2, want, "each error once");
        let injected = errors2.iter().find(|e| e.0 == bad).unwrap();
        assert_eq!(injected.1[0].code, ErrorCode::InvalidData);
        for r in (0..n).filter(|&r| r != bad) {
            for k in 0..COLUMNS {
                let at = k * n * 8 + r * 8;
                assert_eq!(
                    numbers[at..at + 8],
                    numbers2[at..at + 8],
                    "row {r} column {k}"
                );
            }
            assert_eq!(elims[r], elims2[r], "row {r}");
            // Capping ids are per thread: equal sets, not necessarily equal ids, so compare
            // whether a row is capped at all.
            assert_eq!(caps[r] == 0, caps2[r] == 0, "row {r}");
        }
        let at = bad * 8;
        assert_eq!(numbers2[at..at + 8], (-1i64).to_ne_bytes());
    }
}
