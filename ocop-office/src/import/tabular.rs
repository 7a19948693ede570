//! CSV, one row per member (docs/councils-on-paper.md): `member`, `edition` (or `date` and
//! `dossier`), `product_set`, then one column per criterion code; an additive criterion's
//! cell lists the ticked option numbers separated by `+` (empty: none ticked).

use super::{at, file_stem, msg, whole_file, InputFile, ReadSheet};
use crate::layout::cell_name;
use crate::Lang;
use ocop_core::contract::AnswerValue;
use ocop_core::data::Mode;
use ocop_core::error::{Error, ErrorCode, ErrorSource, Errors};

/// Most member rows in one CSV file.
const MAX_ROWS: usize = 10_000;
/// Most columns.
const MAX_COLS: usize = 1_000;

const FIXED: &[&str] = &["member", "edition", "date", "dossier", "product_set"];

pub(crate) fn read_csv(f: &InputFile, lang: Lang) -> Result<Vec<ReadSheet>, Errors> {
    let bytes = f.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&f.bytes);
    let invalid = |why: String| {
        Errors::one(whole_file(
            ErrorCode::InvalidFile,
            &f.name,
            format!(
                "{} ({why})",
                msg(
                    lang,
                    "không đọc được tệp CSV",
                    "the CSV file cannot be read"
                )
            ),
        ))
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(invalid(e.to_string())),
        None => return Err(invalid(msg(lang, "tệp rỗng", "empty file").to_owned())),
    };
    if header.len() > MAX_COLS {
        return Err(Errors::one(whole_file(
            ErrorCode::InputTooLarge,
            &f.name,
            format!("{} > {MAX_COLS} columns", header.len()),
        )));
    }
    let cols: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let src_at = |row: usize, c: usize| ErrorSource {
        file: f.name.clone(),
        sheet: None,
        cell: Some(cell_name(
            u32::try_from(row).unwrap_or(u32::MAX),
            u16::try_from(c).unwrap_or(u16::MAX),
        )),
    };
    for need in ["member", "product_set"] {
        if col(need).is_none() {
            return Err(Errors::one(whole_file(
                ErrorCode::MissingField,
                &f.name,
                format!(
                    "{} {need:?}",
                    msg(lang, "tệp CSV thiếu cột", "the CSV file has no column")
                ),
            )));
        }
    }
    if col("edition").is_none() && (col("date").is_none() || col("dossier").is_none()) {
        return Err(Errors::one(whole_file(
            ErrorCode::MissingField,
            &f.name,
            msg(
                lang,
                "tệp CSV cần cột \"edition\", hoặc hai cột \"date\" và \"dossier\"",
                "the CSV file needs an \"edition\" column, or \"date\" and \"dossier\"",
            )
            .to_owned(),
        )));
    }
    let reg = ocop_core::registry()?;
    let mut out = Vec::new();
    for (i, rec) in records.enumerate() {
        let row = i + 1;
        if row > MAX_ROWS {
            return Err(Errors::one(whole_file(
                ErrorCode::InputTooLarge,
                &f.name,
                format!("> {MAX_ROWS} rows"),
            )));
        }
        let rec = rec.map_err(|e| invalid(e.to_string()))?;
        if rec.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let field = |name: &str| {
            col(name)
                .and_then(|c| rec.get(c))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let origin = ErrorSource {
            file: f.name.clone(),
            sheet: None,
            cell: Some(cell_name(u32::try_from(row).unwrap_or(u32::MAX), 0)),
        };
        let mut rs = ReadSheet {
            member: field("member").unwrap_or_else(|| format!("{} {row}", file_stem(&f.name))),
            edition: field("edition").unwrap_or_default(),
            date: field("date"),
            dossier: field("dossier"),
            product_set: field("product_set").unwrap_or_default(),
            origin: origin.clone(),
            ..ReadSheet::default()
        };
        // The sheet this row is for, chosen as the request will choose it.
        let mut probe = serde_json::Map::new();
        if !rs.edition.is_empty() {
            probe.insert("edition".into(), rs.edition.clone().into());
        }
        if let Some(d) = &rs.date {
            probe.insert("date".into(), d.clone().into());
        }
        if let Some(d) = &rs.dossier {
            probe.insert("dossier".into(), d.clone().into());
        }
        probe.insert("product_set".into(), rs.product_set.clone().into());
        probe.insert(
            "answers".into(),
            serde_json::Value::Object(serde_json::Map::new()),
        );
        let locate = |Errors(es): Errors| {
            Errors(
                es.into_iter()
                    .map(|e| {
                        let name = e.path.trim_start_matches('/').to_owned();
                        let c = col(&name).unwrap_or(0);
                        e.with_source(src_at(row, c))
                    })
                    .collect(),
            )
        };
        let tree =
            ocop_core::json::Json::parse(serde_json::Value::Object(probe).to_string().as_bytes())
                .map_err(Errors::one)?;
        let (scorer, _) = ocop_core::ScoreRequest::from_json(&tree)
            .and_then(|r| r.scorer(reg))
            .map_err(locate)?;
        if rs.edition.is_empty() {
            // Chosen by date: keep the date, and check every row picks the same sheet.
        } else {
            rs.edition.clone_from(&scorer.edition.meta.id);
        }
        rs.product_set = scorer.sheet.number.to_string();
        let sheet = scorer.sheet;
        let mut errors: Vec<Error> = Vec::new();
        for (c, name) in cols.iter().enumerate() {
            if FIXED.contains(&name.as_str()) {
                continue;
            }
            let src = src_at(row, c);
            let path = ocop_core::error::pointer("/answers", name);
            let Some((_, crit)) = sheet.criterion(name) else {
                errors.push(at(
                    ErrorCode::UnknownCriterion,
                    &path,
                    &src_at(0, c),
                    format!(
                        "{} {name:?}",
                        msg(
                            lang,
                            "cột không phải mã tiêu chí của phiếu:",
                            "the column is not a criterion code of the sheet:"
                        )
                    ),
                ));
                continue;
            };
            let v = rec.get(c).unwrap_or_default().trim();
            let additive = crit.mode == Mode::Additive;
            if v.is_empty() {
                if additive {
                    rs.answers
                        .insert(name.clone(), AnswerValue::Many(Vec::new()));
                    rs.cells.insert(name.clone(), src);
                }
                continue;
            }
            let parts: Vec<&str> = v.split('+').map(str::trim).collect();
            let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
            match nums {
                None => errors.push(at(
                    ErrorCode::UnreadableCell,
                    &path,
                    &src,
                    format!(
                        "{} {}",
                        ocop_core::error::quoted(v),
                        msg(
                            lang,
                            "không phải số thứ tự phương án (tiêu chí cộng điểm: các số nối bằng +)",
                            "is no option number (additive criteria: numbers joined by +)"
                        )
                    ),
                )),
                Some(ns) if additive => {
                    rs.answers.insert(name.clone(), AnswerValue::Many(ns));
                }
                Some(ns) => match ns.as_slice() {
                    [n] => {
                        rs.answers.insert(name.clone(), AnswerValue::One(*n));
                    }
                    _ => errors.push(at(
                        ErrorCode::MultipleAnswers,
                        &path,
                        &src,
                        msg(
                            lang,
                            "tiêu chí này chỉ chọn một phương án, ô ghi nhiều phương án",
                            "this criterion takes one option; the cell names several",
                        )
                        .to_owned(),
                    )),
                },
            }
            rs.cells.insert(name.clone(), src);
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        out.push(rs);
    }
    Ok(out)
}
