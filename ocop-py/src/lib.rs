//! `ocop._ocop`: the native half of the Python package `ocop`.
//!
//! This crate converts types and errors, nothing else: every rule is `ocop-core`'s. Python
//! values become the core's [`Json`] tree (so a dict request is read exactly like JSON text),
//! results come back as [`result::PyScoreResult`], and every list of core errors is raised as
//! the Python exception class of its family (`python/ocop/_errors.py`). Entry points run under
//! a panic guard: a Rust panic becomes `ocop.DataError` (`invalid_data`), never a crash or a
//! `PanicException`. Batch entry points release the GIL while scoring.

mod convert;
mod dicts;
mod errors;
mod frame;
mod par;
mod portfolio;
mod result;

use convert::to_json;
use errors::{error_object, guard, guard_py, to_pyerr};
use ocop_core::contract::{
    self, read_answers, read_codes, AnswerValue, Evaluated, Outcome, Scored, ENGINE_VERSION,
};
use ocop_core::error::{Error, ErrorCode, Errors};
use ocop_core::json::Json;
use ocop_core::registry::{parse_set_number, registry};
use ocop_core::Scorer;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use result::{Payload, PyScoreResult};
use std::collections::BTreeMap;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A request as received from Python, ready to be scored without the GIL.
enum Request {
    /// JSON text (`str` or `bytes`), parsed by the core.
    Text(Vec<u8>),
    /// A Python value already converted to a JSON tree.
    Tree(Json),
    /// A value that could not be converted.
    Bad(Vec<Error>),
    /// A request dict read straight into the core's answers ([`dicts`]).
    Read(dicts::Read),
}

fn request_of(obj: &Bound<'_, PyAny>) -> Request {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(t) => Request::Text(t.as_bytes().to_vec()),
            Err(_) => Request::Bad(vec![Error::new(
                ErrorCode::InvalidJson,
                "",
                "input text is not valid Unicode (lone surrogate)",
            )]),
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Request::Text(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Request::Text(b.to_vec());
    }
    match to_json(obj) {
        Ok(j) => Request::Tree(j),
        Err(e) => Request::Bad(vec![e]),
    }
}

/// Scores a parsed request with the core's JSON entry point.
fn run_tree(json: &Json) -> Result<Payload, Vec<Error>> {
    match contract::evaluate_json(json) {
        Ok(Scored::Sheet(e)) => Ok(Payload::Sheet(Box::new(e))),
        Ok(Scored::Council(c)) => Ok(Payload::Council(Box::new(c))),
        Err(Errors(errors)) => Err(errors),
    }
}

/// Parses a request received from Python (text or tree) and runs one JSON entry point of
/// the core on it.
fn run_op<T>(req: &Request, op: impl Fn(&Json) -> Outcome<T>) -> Result<T, Vec<Error>> {
    let outcome = match req {
        Request::Text(t) => match Json::parse(t) {
            Ok(j) => op(&j),
            Err(e) => return Err(vec![e]),
        },
        Request::Tree(j) => op(j),
        Request::Bad(e) => return Err(e.clone()),
        Request::Read(_) => return Err(vec![errors::internal("request read for scoring")]),
    };
    match outcome {
        Outcome::Success(t) => Ok(t),
        Outcome::Failure { errors } => Err(errors),
    }
}

/// Runs a JSON entry point whose success document is returned as an `ocop.Record` (status
/// included, exactly the core's JSON).
fn record_op<'py, T: serde::Serialize>(
    py: Python<'py>,
    what: &str,
    request: &Bound<'py, PyAny>,
    op: impl Fn(&Json) -> Outcome<T>,
) -> PyResult<Bound<'py, PyAny>> {
    let req = request_of(request);
    let out = guard(what, || run_op(&req, &op));
    match out {
        Ok(t) => result::record(py, &Outcome::Success(&t)),
        Err(e) => Err(to_pyerr(py, &e)),
    }
}

/// Scores a council request (`members`: each member's answers); raises on errors.
#[pyfunction]
fn _score_council(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<PyScoreResult> {
    guard_py(py, "score_council", || {
        let req = request_of(request);
        match guard("score_council", || {
            run_op(&req, contract::score_council_json)
        }) {
            Ok(c) => Ok(PyScoreResult::new(Payload::Council(Box::new(c)))),
            Err(e) => Err(to_pyerr(py, &e)),
        }
    })
}

/// The upgrade advisor on an advise request (a scoring request plus `target`, `frozen`,
/// `max_changes`).
#[pyfunction]
fn _advise<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "advise", || {
        record_op(py, "advise", request, ocop_core::advise::advise_json)
    })
}

/// Which edition applies to a dossier (`{"date", "dossier", "evaluated_on"}`).
#[pyfunction]
fn _edition_for<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "edition_for", || {
        record_op(py, "edition_for", request, contract::edition_for_json)
    })
}

/// What this release says about a certificate (`{"issued", "edition", "on", …}`).
#[pyfunction]
fn _certificate<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "certificate", || {
        record_op(py, "certificate", request, contract::certificate_json)
    })
}

fn run(req: &Request) -> Result<Payload, Vec<Error>> {
    guard("score", || match req {
        Request::Text(t) => Json::parse(t)
            .map_err(|e| vec![e])
            .and_then(|j| run_tree(&j)),
        Request::Tree(j) => run_tree(j),
        Request::Bad(e) => Err(e.clone()),
        Request::Read(r) => r
            .scorer
            .evaluate_checked(&r.answers, &[], r.partial)
            .map(|evaluation| {
                Payload::Sheet(Box::new(Evaluated {
                    scorer: r.scorer,
                    answers: r.answers.clone(),
                    evaluation,
                    edition_reason: r.edition_reason.clone(),
                }))
            })
            .map_err(|Errors(e)| e),
    })
}

/// One batch outcome as a Python object: a `ScoreResult`, or an `OcopError` instance (not
/// raised).
fn outcome_object<'py>(
    py: Python<'py>,
    r: Result<Payload, Vec<Error>>,
) -> PyResult<Bound<'py, PyAny>> {
    match r {
        Ok(p) => Ok(Bound::new(py, PyScoreResult::new(p))?.into_any()),
        Err(e) => error_object(py, &e),
    }
}

/// Batch outcomes as a list of Python objects, made with the cyclic garbage collector
/// paused: every result is a tracked object, and a collection every few hundred of them
/// would walk every live object (the caller's requests included) again and again.
fn outcome_list<'py>(
    py: Python<'py>,
    results: Vec<Result<Payload, Vec<Error>>>,
) -> PyResult<Bound<'py, PyList>> {
    let gc = py.import("gc")?;
    let was = gc.call_method0("isenabled")?.is_truthy()?;
    gc.call_method0("disable")?;
    let items = results
        .into_iter()
        .map(|r| outcome_object(py, r))
        .collect::<PyResult<Vec<_>>>();
    if was {
        gc.call_method0("enable")?;
    }
    PyList::new(py, items?)
}

fn raise_or<T>(py: Python<'_>, r: Result<T, Errors>) -> PyResult<T> {
    r.map_err(|Errors(e)| to_pyerr(py, &e))
}

/// Score one request: a dict (or other JSON-like Python value), JSON text (`str`) or UTF-8
/// bytes. Returns a `ScoreResult`; raises an `OcopError` subclass listing every error.
#[pyfunction]
fn score(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<PyScoreResult> {
    guard_py(py, "score", || {
        let req = request_of(request);
        match run(&req) {
            Ok(p) => Ok(PyScoreResult::new(p)),
            Err(e) => Err(to_pyerr(py, &e)),
        }
    })
}

/// Score many requests (dicts, `str` or `bytes`) on every core: read in chunks under the GIL
/// while earlier chunks are scored, the GIL released while waiting for them.
/// Returns one item per request, in order: a `ScoreResult`, or for an invalid request the
/// `OcopError` instance it would have raised (never raised: one bad row does not abort).
#[pyfunction]
fn score_many<'py>(py: Python<'py>, requests: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    guard_py(py, "score_many", || {
        // Dicts in the common form are read straight into answers; every other request (and
        // every dict the core would reject) through the JSON tree.
        let mut sheets = dicts::Sheets::default();
        let source = requests.try_iter()?.map(|x| {
            x.map(|x| match dicts::read(&x, &mut sheets) {
                Some(r) => Request::Read(r),
                None => request_of(&x),
            })
        });
        let results = par::pipeline(py, source, run)?;
        outcome_list(py, results)
    })
}

/// Every rule edition this release knows, oldest first, with dates, sources and confidence.
#[pyfunction]
fn editions<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "editions", || {
        let v = raise_or(py, contract::editions())?;
        result::loads(py, &contract::to_json(&v), false)
    })
}

/// The product sets of an edition (`number`, `name`, `sector`, `group`, `subgroup`).
#[pyfunction]
fn product_sets<'py>(py: Python<'py>, edition: &str) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "product_sets", || {
        let v = raise_or(py, contract::product_sets(edition))?;
        result::loads(py, &contract::to_json(&v), false)
    })
}

/// A product set reference as text: `"1"`, `"01"` or `1`.
fn set_text(py: Python<'_>, set: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = set.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    match to_json(set) {
        Ok(j) => match parse_set_number(&j, "/product_set") {
            Ok(n) => Ok(n.to_string()),
            Err(e) => Err(to_pyerr(py, &[e])),
        },
        Err(e) => Err(to_pyerr(
            py,
            &[Error {
                path: "/product_set".into(),
                ..e
            }],
        )),
    }
}

/// The criteria sheet of one product set of one edition, as plain data (the CLI's
/// `ocop sheet`).
#[pyfunction]
#[pyo3(name = "sheet")]
fn sheet_fn<'py>(
    py: Python<'py>,
    edition: &str,
    product_set: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "sheet", || {
        let set = set_text(py, product_set)?;
        let v = raise_or(py, contract::sheet(edition, &set))?;
        result::loads(py, &contract::to_json(&v), false)
    })
}

/// Versions: this package, the engine, and each edition's criteria data.
#[pyfunction]
fn versions<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
    guard_py(py, "versions", || {
        let d = PyDict::new(py);
        d.set_item("ocop", env!("CARGO_PKG_VERSION"))?;
        d.set_item("engine", ENGINE_VERSION)?;
        let data = PyDict::new(py);
        let reg = registry().map_err(|e| to_pyerr(py, &[e]))?;
        for e in reg.editions() {
            data.set_item(&e.meta.id, &e.meta.data_version)?;
        }
        d.set_item("data", data)?;
        d.set_item("abi", "abi3-py311")?;
        Ok(d)
    })
}

/// Raises a Rust panic inside the guard, for the test that no panic reaches Python.
#[pyfunction]
#[expect(clippy::panic, reason = "deliberate panic for the panic-guard test")]
fn _selftest_panic(py: Python<'_>) -> PyResult<()> {
    guard_py(py, "selftest", || panic!("deliberate panic (selftest)"))
}

/// A parsed criteria sheet: the edition and product set are resolved once, then any number of
/// answer maps are scored against it.
#[pyclass(frozen, name = "Sheet", module = "ocop")]
#[derive(Debug)]
struct PySheet {
    scorer: Scorer<'static>,
}

/// A handle call's answers and eliminated codes, read like a request's, or the errors found.
type ReadCall = Result<(BTreeMap<String, AnswerValue>, Vec<String>), Vec<Error>>;

/// Reads the `answers` and `eliminated` values of a handle call like the request reader.
fn read_call(answers: &Bound<'_, PyAny>, eliminated: Option<&Bound<'_, PyAny>>) -> ReadCall {
    let mut errors = Vec::new();
    let under = |base: &str, e: Error| Error {
        path: format!("{base}{}", e.path),
        ..e
    };
    let map = match to_json(answers) {
        Ok(j) => read_answers(&j, "/answers", &mut errors),
        Err(e) => {
            errors.push(under("/answers", e));
            Default::default()
        }
    };
    let codes = match eliminated.map(to_json) {
        None | Some(Ok(Json::Null)) => Vec::new(),
        Some(Ok(j)) => read_codes(&j, "/eliminated", &mut errors),
        Some(Err(e)) => {
            errors.push(under("/eliminated", e));
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok((map, codes))
    } else {
        Err(errors)
    }
}

impl PySheet {
    fn score_read(&self, read: &ReadCall, partial: bool) -> Result<Payload, Vec<Error>> {
        guard("Sheet.score", || {
            let (map, codes) = read.as_ref().map_err(Clone::clone)?;
            self.scorer
                .evaluate_answers(map, codes, partial)
                .map(|(answers, evaluation)| {
                    Payload::Sheet(Box::new(Evaluated {
                        scorer: self.scorer,
                        answers,
                        evaluation,
                        edition_reason: None,
                    }))
                })
                .map_err(|Errors(e)| e)
        })
    }
}

#[pymethods]
impl PySheet {
    /// `Sheet(edition, product_set)`: raises `UnknownReferenceError` (or `DataError` when this
    /// release lacks the sheet).
    #[new]
    fn new(py: Python<'_>, edition: &str, product_set: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard_py(py, "Sheet", || {
            let set = set_text(py, product_set)?;
            let reg = registry().map_err(|e| to_pyerr(py, &[e]))?;
            let scorer =
                contract::scorer_for(reg, edition, &set).map_err(|e| to_pyerr(py, &[e]))?;
            Ok(Self { scorer })
        })
    }

    /// The edition id.
    #[getter]
    fn edition(&self) -> &str {
        &self.scorer.edition.meta.id
    }

    /// The product set number.
    #[getter]
    fn product_set(&self) -> u8 {
        self.scorer.sheet.number
    }

    /// The product set name.
    #[getter]
    fn name(&self) -> &str {
        &self.scorer.sheet.name
    }

    /// Criterion codes in printed order.
    #[getter]
    fn codes(&self) -> Vec<&str> {
        self.scorer
            .sheet
            .criteria
            .iter()
            .map(|c| c.code.as_str())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.scorer.sheet.criteria.len()
    }

    /// The sheet as plain data (the same document as `ocop.sheet(edition, set)`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard_py(py, "Sheet.to_dict", || {
            result::loads(py, &contract::to_json(&self.scorer.sheet_view()), false)
        })
    }

    /// Score one answer map (`{code: option number or [numbers]}`); paths in errors are those
    /// of the equivalent request (`/answers/<code>`).
    #[pyo3(signature = (answers, *, partial = false, eliminated = None))]
    fn score(
        &self,
        py: Python<'_>,
        answers: &Bound<'_, PyAny>,
        partial: bool,
        eliminated: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScoreResult> {
        guard_py(py, "Sheet.score", || {
            let read = read_call(answers, eliminated);
            match self.score_read(&read, partial) {
                Ok(p) => Ok(PyScoreResult::new(p)),
                Err(e) => Err(to_pyerr(py, &e)),
            }
        })
    }

    /// Score many answer maps with the GIL released; one `ScoreResult` or `OcopError`
    /// instance per map, in order.
    #[pyo3(signature = (answer_maps, *, partial = false))]
    fn score_many<'py>(
        &self,
        py: Python<'py>,
        answer_maps: &Bound<'py, PyAny>,
        partial: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        guard_py(py, "Sheet.score_many", || {
            let source = answer_maps
                .try_iter()?
                .map(|x| x.map(|x| read_call(&x, None)));
            let results = par::pipeline(py, source, |r| self.score_read(r, partial))?;
            outcome_list(py, results)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Sheet(edition={:?}, product_set={}, name={:?}, criteria={})",
            self.scorer.edition.meta.id,
            self.scorer.sheet.number,
            self.scorer.sheet.name,
            self.scorer.sheet.criteria.len()
        )
    }
}

/// The native module `ocop._ocop`; import `ocop` instead.
#[pymodule]
fn _ocop(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The core's one list of the request keys that choose an edition (score_frame's key
    // columns are these and `product_set`).
    m.add(
        "EDITION_CHOICE_KEYS",
        pyo3::types::PyTuple::new(m.py(), contract::EDITION_CHOICE_KEYS)?,
    )?;
    m.add_class::<PyScoreResult>()?;
    m.add_class::<PySheet>()?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(score_many, m)?)?;
    m.add_function(wrap_pyfunction!(editions, m)?)?;
    m.add_function(wrap_pyfunction!(product_sets, m)?)?;
    m.add_function(wrap_pyfunction!(sheet_fn, m)?)?;
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    m.add_function(wrap_pyfunction!(frame::_score_columns, m)?)?;
    m.add_function(wrap_pyfunction!(frame::_factorize, m)?)?;
    m.add_function(wrap_pyfunction!(_selftest_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_score_council, m)?)?;
    m.add_function(wrap_pyfunction!(_advise, m)?)?;
    m.add_function(wrap_pyfunction!(_edition_for, m)?)?;
    m.add_function(wrap_pyfunction!(_certificate, m)?)?;
    m.add_function(wrap_pyfunction!(portfolio::_portfolio, m)?)?;
    Ok(())
}
