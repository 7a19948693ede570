//! Office formats for Python (`ocop.write_form`, `ocop.read_forms`): the same `ocop-office`
//! code as the CLI's `ocop form` and `ocop import`; only the values are converted here.

use crate::convert::to_json;
use crate::errors::{guard_py, to_pyerr};
use ocop_core::contract::AnswerValue;
use ocop_core::error::{Error, ErrorCode, Errors};
use ocop_office::import::{self, ImportOptions, InputFile};
use ocop_office::{FormFormat, FormMember, FormSpec, Lang};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The form's inputs as `ocop.write_form` passes them (a dict).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecIn {
    edition: String,
    product_set: String,
    #[serde(default)]
    product: Option<String>,
    #[serde(default)]
    product_code: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    members: Vec<MemberIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberIn {
    #[serde(default)]
    member: String,
    #[serde(default)]
    answers: BTreeMap<String, AnswerValue>,
}

fn lang_of(s: Option<&str>) -> Result<Lang, Errors> {
    match s {
        None => Ok(Lang::Vi),
        Some(s) => Lang::parse(s).ok_or_else(|| {
            Errors::one(Error::new(
                ErrorCode::WrongType,
                "/lang",
                format!(
                    "expected \"vi\" or \"en\", found {}",
                    ocop_core::error::quoted(s)
                ),
            ))
        }),
    }
}

/// `_write_form(spec, format)`: the form's bytes.
#[pyfunction]
pub fn _write_form<'py>(
    py: Python<'py>,
    spec: &Bound<'py, PyAny>,
    format: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    guard_py(py, "write_form", || {
        let json = to_json(spec).map_err(|e| to_pyerr(py, &[e]))?;
        let text = serde_json::to_string(&json).unwrap_or_default();
        let s: SpecIn = serde_json::from_str(&text).map_err(|e| {
            to_pyerr(
                py,
                &[Error::new(
                    ErrorCode::WrongType,
                    "",
                    format!("write_form: {e}"),
                )],
            )
        })?;
        let fmt = FormFormat::parse(format).ok_or_else(|| {
            to_pyerr(
                py,
                &[Error::new(
                    ErrorCode::WrongType,
                    "/format",
                    format!("expected \"xlsx\", \"pdf\" or \"html\", found {format:?}"),
                )],
            )
        })?;
        let lang = lang_of(s.lang.as_deref()).map_err(|e| to_pyerr(py, &e.0))?;
        let spec = FormSpec {
            edition: s.edition,
            product_set: s.product_set,
            product: s.product,
            product_code: s.product_code,
            owner: s.owner,
            level: s.level,
            members: s
                .members
                .into_iter()
                .map(|m| FormMember {
                    name: m.member,
                    answers: m.answers,
                })
                .collect(),
            lang,
        };
        let bytes = ocop_office::write_form(&spec, fmt).map_err(|e| to_pyerr(py, &e.0))?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// `_read_forms(paths, level, date, dossier, lang)`: the request read, as JSON text.
#[pyfunction]
#[pyo3(signature = (paths, level = None, date = None, dossier = None, lang = None))]
pub fn _read_forms(
    py: Python<'_>,
    paths: Vec<String>,
    level: Option<String>,
    date: Option<String>,
    dossier: Option<String>,
    lang: Option<String>,
) -> PyResult<String> {
    guard_py(py, "read_forms", || {
        let lang = lang_of(lang.as_deref()).map_err(|e| to_pyerr(py, &e.0))?;
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            if let Ok(m) = std::fs::metadata(&path) {
                let len = usize::try_from(m.len()).unwrap_or(usize::MAX);
                import::limits::check_size(&path, len, lang).map_err(|e| to_pyerr(py, &e.0))?;
            }
            let bytes = std::fs::read(&path).map_err(|e| {
                pyo3::exceptions::PyOSError::new_err(format!("cannot read {path}: {e}"))
            })?;
            files.push(InputFile { name: path, bytes });
        }
        let opts = ImportOptions {
            level,
            date,
            dossier,
            lang,
        };
        let imported = py
            .detach(|| import::read(&files, &opts))
            .map_err(|e| to_pyerr(py, &e.0))?;
        Ok(imported.request_json())
    })
}
