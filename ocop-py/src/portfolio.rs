//! `ocop._ocop._portfolio`: a province's register analysed on a date (`ocop-office`'s
//! portfolio; every rule is the core's). The Python side (`python/ocop/_portfolio.py`) builds
//! the DataFrames and the notebook display.

use crate::errors::{guard, guard_py, to_pyerr};
use ocop_core::date::Date;
use ocop_core::error::Error;
use ocop_office::portfolio::{analyse, charts, html, read_targets, xlsx, Target};
use ocop_office::table::{Format, Table};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

/// Where the register comes from.
enum Source {
    /// A file: its name (for the format) and its bytes.
    File(String, Vec<u8>),
    /// A DataFrame's header and text cells.
    Cells(Vec<String>, Vec<Vec<Option<String>>>),
}

fn read_file(path: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| {
        Error::new(
            ocop_core::ErrorCode::InvalidFile,
            "",
            format!("cannot read {path}: {e}"),
        )
    })
}

fn source_of(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Result<Source, Error>> {
    if let Ok(s) = obj.cast::<PyString>() {
        let path = s.to_str()?.to_owned();
        return Ok(read_file(&path).map(|b| Source::File(path, b)));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Ok(Source::File(name.to_owned(), b.as_bytes().to_vec())));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let columns: Vec<String> = t.get_item(0)?.extract()?;
        let rows: Vec<Vec<Option<String>>> = t.get_item(1)?.extract()?;
        return Ok(Ok(Source::Cells(columns, rows)));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "register: a path, the file's bytes, or (columns, rows) of text cells",
    ))
}

fn targets_of(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Result<Vec<Target>, Error>> {
    let Some(obj) = obj else {
        return Ok(Ok(Vec::new()));
    };
    if obj.is_none() {
        return Ok(Ok(Vec::new()));
    }
    let prefix = |e: Error| Error::new(e.code, format!("/targets{}", e.path), e.message);
    if let Ok(s) = obj.cast::<PyString>() {
        let path = s.to_str()?.to_owned();
        return Ok(read_file(&path).and_then(|b| read_targets(&path, &b).map_err(prefix)));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(read_targets("targets.json", b.as_bytes()).map_err(prefix));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "targets: a path, or JSON bytes",
    ))
}

/// Analyses a register (`register`: a path, the file's bytes with `name` giving its format, or
/// `(columns, rows)` of text cells) on `on` (`YYYY-MM-DD`) against `targets` (a path or JSON
/// bytes). `output`: `json` (the CLI's document) and `charts` (the SVG) as a dict, or `html`
/// (str) or `xlsx` (bytes). Raises an `OcopError` subclass when the register cannot be read at
/// all; a bad row is reported on its row.
#[pyfunction]
#[pyo3(signature = (register, on, targets = None, *, name = "", output = "json"))]
pub fn _portfolio<'py>(
    py: Python<'py>,
    register: &Bound<'py, PyAny>,
    on: &str,
    targets: Option<&Bound<'py, PyAny>>,
    name: &str,
    output: &str,
) -> PyResult<Bound<'py, PyAny>> {
    guard_py(py, "portfolio", || {
        let source = source_of(register, name)?;
        let targets = targets_of(targets)?;
        let out = guard("portfolio", || {
            let on = Date::parse(on, "/on").map_err(|e| vec![e])?;
            let targets = targets.map_err(|e| vec![e])?;
            let table = match source.map_err(|e| vec![e])? {
                Source::File(name, bytes) => {
                    Table::read(&bytes, Format::detect(&name, &bytes)).map_err(|e| vec![e])?
                }
                Source::Cells(columns, rows) => {
                    Table::from_cells(columns, rows).map_err(|e| vec![e])?
                }
            };
            let reg = ocop_core::registry().map_err(|e| vec![e])?;
            analyse(reg, &table, on, &targets).map_err(|e| vec![e])
        });
        let p = out.map_err(|e| to_pyerr(py, &e))?;
        match output {
            "html" => Ok(PyString::new(py, &html::render(&p)).into_any()),
            "xlsx" => {
                let b = xlsx::render(&p).map_err(|e| to_pyerr(py, &[e]))?;
                Ok(PyBytes::new(py, &b).into_any())
            }
            _ => {
                let d = PyDict::new(py);
                d.set_item("json", ocop_core::contract::to_json(&p))?;
                d.set_item("charts", charts::all(&p))?;
                Ok(d.into_any())
            }
        }
    })
}
