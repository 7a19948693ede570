//! `ocop.ScoreResult`: a scored request with attribute access, `to_dict()` and a scorecard.
//!
//! The typed core result is kept as is; its JSON form (exactly the core's success document) is
//! built on first use, so batch scoring pays for Python objects only when they are looked at.

use crate::convert::{to_json, to_py, value_of};
use crate::errors::{guard, internal, to_pyerr};
use ocop_core::advise::advise_json;
use ocop_core::contract::{self, AnswerValue, CouncilResult, Evaluated, Outcome, ScoreResult};
use ocop_core::error::{Error, ErrorCode};
use ocop_core::json::{Json, Number};
use ocop_core::registry;
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

static RECORD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SCORECARD_HTML: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SCORECARD_SVG: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// What a successful scoring operation returned.
#[derive(Debug)]
pub enum Payload {
    /// One sheet, evaluated; the core explains it ([`Evaluated::report`]) when looked at.
    Sheet(Box<Evaluated<'static>>),
    /// A council.
    Council(Box<CouncilResult>),
}

/// The result of scoring one request (`ocop.score`, `ocop.Sheet.score`, batch rows).
#[pyclass(frozen, name = "ScoreResult", module = "ocop")]
#[derive(Debug)]
pub struct PyScoreResult {
    payload: Payload,
    /// The explanation, built once; `None` if building it failed (a defect, reported as
    /// `ocop.DataError` by the methods that need it, never as a panic).
    /// (Boxed: a batch makes one object per row, and a small object comes from Python's
    /// small-object allocator.)
    report: OnceLock<Option<Box<ScoreResult>>>,
    value: OnceLock<Value>,
}

impl PyScoreResult {
    /// Wraps a payload.
    #[must_use]
    pub fn new(payload: Payload) -> Self {
        Self {
            payload,
            report: OnceLock::new(),
            value: OnceLock::new(),
        }
    }

    /// The explained single-sheet result (built once, on first use, under a panic guard).
    fn sheet(&self) -> Option<&ScoreResult> {
        match &self.payload {
            Payload::Sheet(e) => self
                .report
                .get_or_init(|| catch_unwind(AssertUnwindSafe(|| Box::new(e.report()))).ok())
                .as_deref(),
            Payload::Council(_) => None,
        }
    }

    /// Explains the result if needed; an `ocop.DataError` if that failed.
    fn ensure(&self, py: Python<'_>) -> PyResult<()> {
        if matches!(self.payload, Payload::Sheet(_)) && self.sheet().is_none() {
            Err(to_pyerr(py, &[internal("explaining a result")]))
        } else {
            Ok(())
        }
    }

    /// The core's success document (`{"status": "success", …}`).
    fn value(&self) -> &Value {
        self.value
            .get_or_init(|| match (&self.payload, self.sheet()) {
                (_, Some(r)) => value_of(&Outcome::Success(r)),
                (Payload::Council(c), None) => value_of(&Outcome::Success(c.as_ref())),
                (Payload::Sheet(_), None) => Value::Null,
            })
    }

    /// The core's JSON text of the success document.
    fn text(&self) -> String {
        match (&self.payload, self.sheet()) {
            (_, Some(r)) => contract::to_json(&Outcome::Success(r)),
            (Payload::Council(c), None) => contract::to_json(&Outcome::Success(c.as_ref())),
            (Payload::Sheet(_), None) => String::new(),
        }
    }

    /// Scalar fields of a single sheet that the explained result copies from the evaluation
    /// as they are (read without explaining the result).
    fn quick(&self, py: Python<'_>, name: &str) -> PyResult<Option<Py<PyAny>>> {
        let Payload::Sheet(e) = &self.payload else {
            return Ok(None);
        };
        if self.report.get().is_some() {
            return Ok(None);
        }
        let ev = &e.evaluation;
        Ok(Some(match name {
            "status" => "success".into_pyobject(py)?.into_any().unbind(),
            "total" => ev.total.into_pyobject(py)?.into_any().unbind(),
            "band" => ev.band.into_pyobject(py)?.into_any().unbind(),
            "stars" => ev.stars.into_pyobject(py)?.into_any().unbind(),
            "complete" => pyo3::types::PyBool::new(py, ev.complete)
                .to_owned()
                .into_any()
                .unbind(),
            _ => return Ok(None),
        }))
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.value().as_object().and_then(|o| o.get(name))
    }
}

#[pymethods]
impl PyScoreResult {
    /// Field access: `result.total`, `result.parts.A.points`, `result.capped_by[0].criterion`.
    /// Scalars come straight from the result; lists and dicts are parsed from the core's JSON
    /// text so that their keys keep the core's order.
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        if let Some(v) = self.quick(py, name)? {
            return Ok(v);
        }
        self.ensure(py)?;
        match self.get(name) {
            Some(Value::Array(_) | Value::Object(_)) => {
                let whole = loads(py, &self.text(), true)?;
                Ok(whole.get_item(name)?.unbind())
            }
            Some(v) => Ok(to_py(py, v)?.unbind()),
            None => Err(PyAttributeError::new_err(format!(
                "ScoreResult has no field {name:?}"
            ))),
        }
    }

    /// Item access with the same names as the JSON document.
    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        self.__getattr__(py, name)
            .map_err(|_| pyo3::exceptions::PyKeyError::new_err(name.to_owned()))
    }

    fn __contains__(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn __dir__(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .value()
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for m in [
            "to_dict",
            "to_json",
            "to_svg",
            "keys",
            "next_star",
            "_repr_html_",
        ] {
            names.push(m.to_owned());
        }
        names
    }

    /// The field names, in the core's order.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ensure(py)?;
        loads(py, &self.text(), false)?
            .call_method0("keys")?
            .try_iter()?
            .collect::<PyResult<Vec<_>>>()
            .and_then(|k| Ok(pyo3::types::PyList::new(py, k)?.into_any()))
    }

    /// The whole result as plain dicts and lists, exactly the core's JSON success document
    /// (keys in the core's order, `"status": "success"` included).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ensure(py)?;
        loads(py, &self.text(), false)
    }

    /// The core's JSON text (the same bytes as the CLI), or indented when `indent` is given.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        self.ensure(py)?;
        Ok(match indent {
            None => self.text(),
            Some(n) => match (&self.payload, self.sheet()) {
                (_, Some(r)) => pretty(&Outcome::Success(r), n),
                (Payload::Council(c), None) => pretty(&Outcome::Success(c.as_ref()), n),
                (Payload::Sheet(_), None) => String::new(),
            },
        })
    }

    /// The next star level and the points the total lacks for it: `{"stars": k,
    /// "min_total": …, "points_needed": …, "blocked_by_minimums": bool}` (`blocked_by_minimums`:
    /// the total already reaches level k and star minimums hold the product back; see
    /// `capped_by`). `None` at 5★, when eliminated, and for councils (whose total is an
    /// exact average).
    #[getter]
    fn next_star<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.ensure(py)?;
        let Some(r) = self.sheet() else {
            return Ok(None);
        };
        let Some(stars) = r.stars else {
            return Ok(None);
        };
        let next = stars.saturating_add(1);
        let Some(min_total) = registry()
            .ok()
            .and_then(|reg| reg.edition(&r.edition))
            .and_then(|e| e.band_min(next))
        else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("stars", next)?;
        d.set_item("min_total", min_total)?;
        d.set_item("points_needed", min_total.saturating_sub(r.total))?;
        d.set_item("blocked_by_minimums", next <= r.band)?;
        Ok(Some(d))
    }

    /// `True` for a council result (the request had `members`).
    #[getter]
    fn is_council(&self) -> bool {
        matches!(self.payload, Payload::Council(_))
    }

    /// The upgrade advisor on this result (`ocop.advise` on the request that produced it):
    /// the cheapest plan to `target` stars (default: the next level). Only for single sheets.
    #[pyo3(signature = (target = None, *, frozen = None, max_changes = None))]
    fn advise<'py>(
        &self,
        py: Python<'py>,
        target: Option<Bound<'py, PyAny>>,
        frozen: Option<Bound<'py, PyAny>>,
        max_changes: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.ensure(py)?;
        let Some(r) = self.sheet() else {
            return Err(to_pyerr(
                py,
                &[Error::new(
                    ErrorCode::ConflictingFields,
                    "/members",
                    "the advisor works on single sheets, not councils",
                )],
            ));
        };
        let mut req = request_of_result(r);
        let mut extra = |key: &str, v: Option<Bound<'py, PyAny>>| -> PyResult<()> {
            if let Some(v) = v {
                let j = to_json(&v).map_err(|e| {
                    to_pyerr(
                        py,
                        &[Error {
                            path: format!("/{key}{}", e.path),
                            ..e
                        }],
                    )
                })?;
                req.push((key.to_owned(), j));
            }
            Ok(())
        };
        extra("target", target)?;
        extra("frozen", frozen)?;
        extra("max_changes", max_changes)?;
        let out = guard("advise", || match advise_json(&Json::Object(req)) {
            Outcome::Success(a) => Ok(a),
            Outcome::Failure { errors } => Err(errors),
        });
        match out {
            Ok(a) => record(py, &Outcome::Success(&a)),
            Err(e) => Err(to_pyerr(py, &e)),
        }
    }

    /// Jupyter: the scorecard (inline SVG, no network assets).
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let f = SCORECARD_HTML.import(py, "ocop._scorecard", "repr_html")?;
        f.call1((slf,))?.extract()
    }

    /// The scorecard as SVG text; also written to `path` when given.
    #[pyo3(signature = (path = None))]
    fn to_svg(slf: &Bound<'_, Self>, path: Option<Bound<'_, PyAny>>) -> PyResult<String> {
        let py = slf.py();
        let f = SCORECARD_SVG.import(py, "ocop._scorecard", "to_svg")?;
        f.call1((slf, path))?.extract()
    }

    fn __repr__(&self) -> String {
        let field = |k: &str| {
            self.get(k)
                .map(|v| match v {
                    Value::String(s) => format!("{s:?}"),
                    Value::Null => "None".to_owned(),
                    other => other.to_string(),
                })
                .unwrap_or_else(|| "None".to_owned())
        };
        let set = self
            .get("product_set")
            .and_then(|p| p.get("number"))
            .map_or_else(|| "None".to_owned(), ToString::to_string);
        format!(
            "ScoreResult(edition={}, product_set={set}, total={}, band={}, stars={})",
            field("edition"),
            field("total"),
            field("band"),
            field("stars")
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyScoreResult>() {
            Ok(o) => self.value() == o.get().value(),
            Err(_) => false,
        }
    }

    /// `True`: a result is a success (failures are raised, or returned as `OcopError` by the
    /// batch functions).
    #[getter]
    fn ok(&self) -> bool {
        true
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// The scoring request that reproduces a single-sheet result: its edition, set and answers,
/// `partial` (unanswered criteria stay unanswered) and the flagged elimination, if any.
fn request_of_result(r: &ScoreResult) -> Vec<(String, Json)> {
    let answer = |a: &AnswerValue| match a {
        AnswerValue::One(n) => Json::Number(Number::U(u64::from(*n))),
        AnswerValue::Many(v) => Json::Array(
            v.iter()
                .map(|n| Json::Number(Number::U(u64::from(*n))))
                .collect(),
        ),
    };
    let answers = r
        .criteria
        .iter()
        .filter_map(|c| c.option.as_ref().map(|o| (c.code.clone(), answer(o))))
        .collect();
    let mut req = vec![
        ("edition".to_owned(), Json::String(r.edition.clone())),
        (
            "product_set".to_owned(),
            Json::String(r.product_set.number.to_string()),
        ),
        ("answers".to_owned(), Json::Object(answers)),
        ("partial".to_owned(), Json::Bool(true)),
    ];
    if let Some(e) = r.eliminated.as_ref().filter(|e| e.by == "request") {
        req.push((
            "eliminated".to_owned(),
            Json::Array(vec![Json::String(e.criterion.clone())]),
        ));
    }
    req
}

/// Indented JSON text in the types' own field order.
fn pretty<T: serde::Serialize>(v: &T, indent: usize) -> String {
    let mut out = Vec::new();
    let pad = " ".repeat(indent);
    let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    match v.serialize(&mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => contract::to_json(v),
    }
}

/// Parses JSON text with Python's `json.loads` (keys keep the text's order); with `record`,
/// every dict becomes an `ocop.Record`.
///
/// # Errors
/// Only if the text is not JSON (never for the core's output) or `ocop` cannot be imported.
pub fn loads<'py>(py: Python<'py>, text: &str, record: bool) -> PyResult<Bound<'py, PyAny>> {
    let f = JSON_LOADS.import(py, "json", "loads")?;
    if record {
        let kw = PyDict::new(py);
        kw.set_item("object_hook", RECORD.import(py, "ocop", "Record")?)?;
        f.call((text,), Some(&kw))
    } else {
        f.call1((text,))
    }
}

/// A core success document as an `ocop.Record` (attribute access on every dict, keys in the
/// core's order).
///
/// # Errors
/// As [`loads`].
pub fn record<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    loads(py, &contract::to_json(v), true)
}
