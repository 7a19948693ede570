//! Conversions between Python values and the core's JSON types.
//!
//! Python → [`Json`]: a request given as Python objects becomes the same tree the core builds
//! from JSON text, so every rule (types, unknown fields, option numbers) is checked by the core
//! with the same codes and paths. Only what text cannot express is decided here: `float('nan')`
//! and `pandas.NA` read as `null` (missing, as pandas writes it), infinities are
//! `invalid_number`, a `datetime.date` is its `YYYY-MM-DD` text, NumPy values are their
//! `tolist()` form, and values that are not JSON-like are `wrong_type`.
//!
//! `serde_json::Value` → Python: results and catalogue data become plain dicts and lists.

use ocop_core::error::{pointer, Error, ErrorCode};
use ocop_core::json::{Json, Number};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;

/// Deepest nesting accepted from Python objects (the JSON parser's limit is the same).
pub const MAX_DEPTH: usize = 128;

/// Converts a Python value to a JSON tree. Errors carry the JSON Pointer of the bad value.
///
/// # Errors
/// `wrong_type`, `invalid_number`, `nesting_too_deep`.
pub fn to_json(obj: &Bound<'_, PyAny>) -> Result<Json, Error> {
    to_json_at(obj, 0)
}

/// Prefixes an error's path with one reference token (on the way out of a container, so
/// paths are only built when there is an error).
fn under(token: &str, mut e: Error) -> Error {
    if e.code != ErrorCode::NestingTooDeep {
        e.path = format!("{}{}", pointer("", token), e.path);
    }
    e
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn wrong_type(obj: &Bound<'_, PyAny>) -> Error {
    Error::new(
        ErrorCode::WrongType,
        "",
        format!(
            "expected a JSON-like value (dict, list, tuple, str, int, float, bool or None), found Python {}",
            type_name(obj)
        ),
    )
}

/// A Python float as JSON: NaN is `null` (pandas' missing value), infinities are invalid.
///
/// # Errors
/// `invalid_number` for ±infinity.
pub fn float_to_json(f: f64) -> Result<Json, Error> {
    if f.is_nan() {
        Ok(Json::Null)
    } else if f.is_finite() {
        Ok(Json::Number(Number::F(f)))
    } else {
        Err(Error::new(
            ErrorCode::InvalidNumber,
            "",
            format!("expected a finite number, found {f}"),
        ))
    }
}

/// A Python integer column value as JSON.
#[must_use]
pub fn i64_to_json(i: i64) -> Json {
    match u64::try_from(i) {
        Ok(u) => Json::Number(Number::U(u)),
        Err(_) => Json::Number(Number::I(i)),
    }
}

fn int_to_json(obj: &Bound<'_, PyAny>) -> Result<Json, Error> {
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Json::Number(Number::U(u)));
    }
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(i64_to_json(i));
    }
    // Beyond 64 bits: a float, as the JSON parser reads such literals.
    match obj.extract::<f64>() {
        Ok(f) => float_to_json(f),
        Err(_) => Err(Error::new(
            ErrorCode::InvalidNumber,
            "",
            "integer too large to represent",
        )),
    }
}

fn seq_to_json<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
) -> Result<Json, Error> {
    let mut out = Vec::new();
    for (i, x) in items.enumerate() {
        out.push(to_json_at(&x, depth + 1).map_err(|e| under(&i.to_string(), e))?);
    }
    Ok(Json::Array(out))
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Json, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::new(
            ErrorCode::NestingTooDeep,
            "",
            format!("input nests lists or dicts more than {MAX_DEPTH} levels deep"),
        ));
    }
    if obj.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Json::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return int_to_json(obj);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float_to_json(f.value());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(s) => Ok(Json::String(s.to_owned())),
            Err(_) => Err(Error::new(
                ErrorCode::InvalidJson,
                "",
                "string is not valid Unicode (lone surrogate)",
            )),
        };
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut out = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_str().map(str::to_owned).map_err(|_| {
                    Error::new(ErrorCode::InvalidJson, "", "key is not valid Unicode")
                })?,
                Err(_) => {
                    let shown = k.str().map(|s| s.to_string()).unwrap_or_default();
                    return Err(Error::new(
                        ErrorCode::WrongType,
                        pointer("", &shown),
                        format!("dict keys must be strings, found Python {}", type_name(&k)),
                    ));
                }
            };
            let value = to_json_at(&v, depth + 1).map_err(|e| under(&key, e))?;
            out.push((key, value));
        }
        return Ok(Json::Object(out));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return seq_to_json(l.iter(), depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return seq_to_json(t.iter(), depth);
    }
    let tname = type_name(obj);
    // pandas' missing value.
    if tname == "NAType" {
        return Ok(Json::Null);
    }
    // `datetime.date`: its ISO form, as dates are written in requests (`YYYY-MM-DD`).
    if tname == "date" {
        if let Ok(iso) = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
        {
            return Ok(Json::String(iso));
        }
    }
    // NumPy scalars and arrays, pandas Series: their plain Python form.
    if obj.hasattr("tolist").unwrap_or(false) {
        if let Ok(plain) = obj.call_method0("tolist") {
            if !plain.is(obj) {
                return to_json_at(&plain, depth + 1);
            }
        }
    }
    // Other mappings.
    if obj.hasattr("items").unwrap_or(false) {
        if let Ok(d) = obj
            .py()
            .get_type::<PyDict>()
            .call1((obj,))
            .and_then(|d| d.cast_into::<PyDict>().map_err(PyErr::from))
        {
            return to_json_at(d.as_any(), depth);
        }
    }
    Err(wrong_type(obj))
}

/// Converts a JSON value to plain Python objects.
///
/// # Errors
/// Only Python allocation failures.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// Serialises any core type to a `serde_json::Value` (infallible for the core's types; a
/// failure becomes `null`).
pub fn value_of<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
