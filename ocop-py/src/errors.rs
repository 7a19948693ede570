//! Core errors as Python exceptions, and a guard so that no Rust panic reaches Python.
//!
//! The exception classes are defined in Python (`python/ocop/_errors.py`, `OcopError` and one
//! subclass per error family); Rust hands the list of `(code, path, message, source)` to
//! `ocop._make_error`, which picks the class from the first error's code. `source` is `None`,
//! or `(file, sheet, cell)` for an error found in an office file.

use ocop_core::error::{Error, ErrorCode};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::panic::{catch_unwind, AssertUnwindSafe};

static MAKE_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception object (not raised) for a non-empty list of errors.
///
/// # Errors
/// Only if the `ocop` package cannot be imported.
pub fn error_object<'py>(py: Python<'py>, errors: &[Error]) -> PyResult<Bound<'py, PyAny>> {
    let make = MAKE_ERROR.import(py, "ocop", "_make_error")?;
    type Source<'a> = Option<(&'a str, Option<&'a str>, Option<&'a str>)>;
    let items: Vec<(&str, &str, &str, Source<'_>)> = errors
        .iter()
        .map(|e| {
            let source = e
                .source
                .as_deref()
                .map(|s| (s.file.as_str(), s.sheet.as_deref(), s.cell.as_deref()));
            (e.code.as_str(), e.path.as_str(), e.message.as_str(), source)
        })
        .collect();
    make.call1((items,))
}

/// The Python exception to raise for a list of errors.
pub fn to_pyerr(py: Python<'_>, errors: &[Error]) -> PyErr {
    match error_object(py, errors) {
        Ok(e) => PyErr::from_value(e),
        Err(_) => PyValueError::new_err(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// The error reported when Rust code panicked: a defect of this release, never of the input.
#[must_use]
pub fn internal(what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidData,
        "",
        format!("internal error in ocop ({what}); please report it with the input"),
    )
}

/// Runs `f`, turning a panic into an `invalid_data` error instead of unwinding into Python.
pub fn guard<T>(what: &str, f: impl FnOnce() -> Result<T, Vec<Error>>) -> Result<T, Vec<Error>> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(vec![internal(what)]),
    }
}

/// Runs a `PyResult` body, turning a panic into an `ocop.DataError` (`invalid_data`).
///
/// # Errors
/// Whatever `f` returns, or the converted panic.
pub fn guard_py<T>(py: Python<'_>, what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(to_pyerr(py, &[internal(what)])),
    }
}
