//! Reading filled forms back (`ocop import`): XLSX (written by Excel or LibreOffice, not only
//! by `ocop form`) and ODS made from an `ocop form`, and CSV with one row per member. Several
//! members give a council request, one member a score request.
//!
//! Nothing is guessed: a form whose hidden sheet or structure was changed, a cell that holds
//! no answer, a file of another edition or set is an error with the contract's shape and a
//! `source` naming the file, the sheet and the cell. Hostile files are refused with
//! `input_too_large` before any parser reads them (see [`limits`]).

pub mod limits;
mod table;
mod tabular;

use crate::Lang;
use ocop_core::contract::AnswerValue;
use ocop_core::error::{Error, ErrorCode, ErrorSource, Errors};
use ocop_core::json::Json;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The options of `ocop import`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Council level (`district`, `province`, `central`); overrides the forms' own.
    pub level: Option<String>,
    /// Filing date: the request chooses its edition by date (with `dossier`) instead of by id;
    /// the edition it picks must be the forms'.
    pub date: Option<String>,
    /// Kind of dossier, with `date`.
    pub dossier: Option<String>,
    /// Language of the messages.
    pub lang: Lang,
}

/// One input file: the name it is reported under and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path or name (reported in `source.file`; its stem names a member with no name).
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// One member's sheet as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadSheet {
    pub member: String,
    pub edition: String,
    pub date: Option<String>,
    pub dossier: Option<String>,
    pub product_set: String,
    pub level: Option<String>,
    pub answers: BTreeMap<String, AnswerValue>,
    /// Criterion code → the cell its answer was read from.
    pub cells: BTreeMap<String, ErrorSource>,
    /// The file and sheet (no cell).
    pub origin: ErrorSource,
}

/// What the import produced: a request (JSON) and where each of its answers came from.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The request, as the contract's JSON.
    pub request: Value,
    /// `true` for a council request (several members).
    pub council: bool,
    /// JSON Pointer in the request → where it was read.
    sources: Vec<(String, ErrorSource)>,
}

pub(crate) fn msg<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    lang.pick(vi, en)
}

/// An error about a whole file.
pub(crate) fn whole_file(code: ErrorCode, file: &str, message: String) -> Error {
    Error::new(code, "", message).with_source(ErrorSource {
        file: file.to_owned(),
        sheet: None,
        cell: None,
    })
}

/// An error at a place of a file.
pub(crate) fn at(code: ErrorCode, path: &str, src: &ErrorSource, message: String) -> Error {
    Error::new(code, path, message).with_source(src.clone())
}

/// The member name a file gives when its sheet names none: the file's stem.
pub fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned())
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Reads one file into its member sheets.
fn read_file(f: &InputFile, lang: Lang) -> Result<Vec<ReadSheet>, Errors> {
    limits::check_size(&f.name, f.bytes.len(), lang)?;
    let lower = f.name.to_lowercase();
    if is_zip(&f.bytes) {
        let kind = limits::check_zip(&f.name, &f.bytes, lang)?;
        table::read_workbook(f, kind, lang)
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") || lower == "-" {
        tabular::read_csv(f, lang)
    } else {
        Err(Errors::one(whole_file(
            ErrorCode::InvalidFile,
            &f.name,
            msg(
                lang,
                "không phải tệp xlsx, ods hoặc csv (tệp bảng tính phải là zip; tệp csv phải có đuôi .csv)",
                "not an xlsx, ods or csv file (a workbook is a zip; a CSV file ends in .csv)",
            )
            .to_owned(),
        )))
    }
}

/// Reads filled forms into one request: a score request for one member, a council request
/// for several.
///
/// # Errors
/// `invalid_file`, `form_mismatch`, `unreadable_cell`, `input_too_large`, and the contract's
/// own errors for the request read, each with its `source`.
pub fn read(files: &[InputFile], opts: &ImportOptions) -> Result<Imported, Errors> {
    let lang = opts.lang;
    if files.is_empty() {
        return Err(Errors::one(Error::new(
            ErrorCode::MissingField,
            "",
            msg(lang, "không có tệp nào để đọc", "no file to read"),
        )));
    }
    let mut sheets = Vec::new();
    for f in files {
        sheets.extend(read_file(f, lang)?);
    }
    let Some(first) = sheets.first().cloned() else {
        return Err(Errors::one(Error::new(
            ErrorCode::MissingField,
            "",
            msg(
                lang,
                "các tệp không có phiếu nào",
                "the files hold no member sheet",
            ),
        )));
    };
    for s in sheets.iter().skip(1) {
        if (&s.edition, &s.date, &s.dossier) != (&first.edition, &first.date, &first.dossier)
            || s.product_set != first.product_set
        {
            return Err(Errors::one(at(
                ErrorCode::FormMismatch,
                "",
                &s.origin,
                format!(
                    "{}: {} / {} ≠ {} / {}",
                    msg(
                        lang,
                        "các phiếu không cùng phiên bản tiêu chí và bộ sản phẩm",
                        "the sheets are not of the same edition and product set"
                    ),
                    describe(s),
                    s.product_set,
                    describe(&first),
                    first.product_set
                ),
            )));
        }
    }
    let council = sheets.len() > 1;
    let mut req = Map::new();
    let mut sources: Vec<(String, ErrorSource)> = Vec::new();
    let by_date = opts.date.is_some() || opts.dossier.is_some();
    if by_date {
        if let Some(d) = &opts.date {
            req.insert("date".into(), json!(d));
        }
        if let Some(k) = &opts.dossier {
            req.insert("dossier".into(), json!(k));
        }
    } else if first.edition.is_empty() {
        if let Some(d) = &first.date {
            req.insert("date".into(), json!(d));
        }
        if let Some(k) = &first.dossier {
            req.insert("dossier".into(), json!(k));
        }
    } else {
        req.insert("edition".into(), json!(first.edition));
    }
    req.insert("product_set".into(), json!(first.product_set));
    let answers_of = |s: &ReadSheet| -> Value {
        Value::Object(
            s.answers
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        AnswerValue::One(n) => json!(n),
                        AnswerValue::Many(ns) => json!(ns),
                    };
                    (k.clone(), v)
                })
                .collect(),
        )
    };
    if council {
        let level = match &opts.level {
            Some(l) => Some(l.clone()),
            None => {
                let levels: Vec<&String> = sheets
                    .iter()
                    .filter_map(|s| s.level.as_ref())
                    .filter(|l| !l.is_empty())
                    .collect();
                if let Some(l) = levels.first() {
                    if levels.iter().any(|x| x != l) {
                        return Err(Errors::one(Error::new(
                            ErrorCode::ConflictingFields,
                            "/level",
                            msg(
                                lang,
                                "các phiếu ghi những cấp đánh giá khác nhau; chỉ rõ bằng --level",
                                "the sheets name different council levels; give --level",
                            ),
                        )));
                    }
                }
                levels.first().map(|l| (*l).clone())
            }
        };
        match level {
            Some(l) => {
                req.insert("level".into(), json!(l));
            }
            None => {
                return Err(Errors::one(Error::new(
                    ErrorCode::MissingField,
                    "/level",
                    msg(
                        lang,
                        "hội đồng nhiều thành viên cần cấp đánh giá: dùng --level district|province|central",
                        "a council of several members needs its level: give --level district|province|central",
                    ),
                )));
            }
        }
        let members: Vec<Value> = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                sources.push((format!("/members/{i}"), s.origin.clone()));
                for (code, src) in &s.cells {
                    sources.push((
                        ocop_core::error::pointer(&format!("/members/{i}/answers"), code),
                        src.clone(),
                    ));
                }
                json!({"member": s.member, "answers": answers_of(s)})
            })
            .collect();
        req.insert("members".into(), Value::Array(members));
    } else {
        sources.push((String::new(), first.origin.clone()));
        for (code, src) in &first.cells {
            sources.push((ocop_core::error::pointer("/answers", code), src.clone()));
        }
        req.insert("answers".into(), answers_of(&first));
    }
    let imported = Imported {
        request: Value::Object(req),
        council,
        sources,
    };
    imported.validate(&first, lang)?;
    Ok(imported)
}

fn describe(s: &ReadSheet) -> String {
    if s.edition.is_empty() {
        format!(
            "{} {}",
            s.date.clone().unwrap_or_default(),
            s.dossier.clone().unwrap_or_default()
        )
    } else {
        s.edition.clone()
    }
}

impl Imported {
    /// The request as compact JSON text.
    #[must_use]
    pub fn request_json(&self) -> String {
        self.request.to_string()
    }

    /// The request as pretty JSON text.
    #[must_use]
    pub fn request_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.request).unwrap_or_else(|_| self.request_json())
    }

    fn tree(&self) -> Result<Json, Errors> {
        Json::parse(self.request_json().as_bytes()).map_err(Errors::one)
    }

    /// Adds to each error the place in the files its path comes from.
    #[must_use]
    pub fn locate(&self, errors: Errors) -> Errors {
        Errors(
            errors
                .0
                .into_iter()
                .map(|mut e| {
                    if e.source.is_none() {
                        let best = self
                            .sources
                            .iter()
                            .filter(|(p, _)| {
                                e.path == *p
                                    || p.is_empty()
                                    || e.path
                                        .strip_prefix(p.as_str())
                                        .is_some_and(|rest| rest.starts_with('/'))
                            })
                            .max_by_key(|(p, _)| p.len());
                        if let Some((_, src)) = best {
                            e.source = Some(Box::new(src.clone()));
                        }
                    }
                    e
                })
                .collect(),
        )
    }

    /// Checks the request against the contract, and that an edition chosen by date is the
    /// forms' own.
    fn validate(&self, first: &ReadSheet, lang: Lang) -> Result<(), Errors> {
        let v = self.tree()?;
        let reg = ocop_core::registry()?;
        // The answers must fit the sheet (a partly filled form is still a request).
        let scorer = if self.council {
            let r =
                ocop_core::council::CouncilRequest::from_json(&v).map_err(|e| self.locate(e))?;
            let (scorer, _) = r.scorer(reg).map_err(|e| self.locate(e))?;
            for (i, m) in r.members.iter().enumerate() {
                scorer
                    .evaluate_answers(&m.answers, &[], true)
                    .map_err(|Errors(es)| {
                        self.locate(Errors(
                            es.into_iter()
                                .map(|mut e| {
                                    e.path = format!("/members/{i}{}", e.path);
                                    e
                                })
                                .collect(),
                        ))
                    })?;
            }
            scorer
        } else {
            let r = ocop_core::ScoreRequest::from_json(&v).map_err(|e| self.locate(e))?;
            let (scorer, _) = r.scorer(reg).map_err(|e| self.locate(e))?;
            scorer
                .evaluate_answers(&r.answers, &r.eliminated, true)
                .map_err(|e| self.locate(e))?;
            scorer
        };
        if !first.edition.is_empty()
            && reg.edition(&first.edition).map(|e| &e.meta.id) != Some(&scorer.edition.meta.id)
        {
            return Err(Errors::one(at(
                ErrorCode::FormMismatch,
                "/date",
                &first.origin,
                format!(
                    "{} {} ≠ {}",
                    msg(
                        lang,
                        "ngày và loại hồ sơ chọn phiên bản tiêu chí khác với phiếu:",
                        "the date and dossier choose another edition than the forms':"
                    ),
                    scorer.edition.meta.id,
                    first.edition
                ),
            )));
        }
        Ok(())
    }

    /// Scores the request: the contract's outcome document (compact JSON), each error located
    /// in the files; `false` on failure.
    #[must_use]
    pub fn score_json(&self) -> (String, bool) {
        use ocop_core::contract::{score_json, to_json, Outcome};
        match self.tree() {
            Ok(v) => match score_json(&v) {
                Outcome::Success(out) => (to_json(&Outcome::Success(out)), true),
                Outcome::Failure { errors } => {
                    let errors = self.locate(Errors(errors)).0;
                    (to_json(&Outcome::<()>::Failure { errors }), false)
                }
            },
            Err(e) => (to_json(&Outcome::<()>::from(Err(e))), false),
        }
    }
}

/// The failure document for errors (as the contract prints it), compact JSON.
#[must_use]
pub fn failure_json(errors: Errors) -> String {
    ocop_core::contract::to_json(&ocop_core::contract::Outcome::<()>::from(Err(errors)))
}
