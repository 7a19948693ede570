//! Filled XLSX and ODS forms: the hidden sheet, the structure check against the sheet data,
//! and the answer cells.

use super::limits::{Kind, MAX_CELLS};
use super::{at, file_stem, msg, whole_file, InputFile, ReadSheet};
use crate::layout::{self, cell_name, dropdown_text, option_text, COL_ANSWER, COL_CODE, COL_LIST};
use crate::layout::{COL_POINTS, COL_TEXT, LAYOUT_VERSION};
use crate::xlsx_form::META_SHEET;
use crate::Lang;
use calamine::{Data, DataRef, Ods, Reader, Xlsx};
use ocop_core::contract::AnswerValue;
use ocop_core::data::{Mode, Sheet};
use ocop_core::error::{Error, ErrorCode, ErrorSource, Errors};
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

/// Rows past this are not read (a form has a few hundred).
const MAX_ROW: u32 = 20_000;

/// A cell's value, as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Text(String),
    Num(f64),
    Bool(bool),
    Bad(String),
}

/// The cells of one worksheet that a form uses (columns A to G), by (row, column).
#[derive(Debug, Default)]
pub(crate) struct Grid(HashMap<(u32, u16), Val>);

impl Grid {
    fn get(&self, row: u32, col: u16) -> Option<&Val> {
        self.0.get(&(row, col))
    }

    /// The cell as text: strings as they are, whole numbers without a fraction.
    fn text(&self, row: u32, col: u16) -> String {
        match self.get(row, col) {
            None => String::new(),
            Some(Val::Text(s)) => s.clone(),
            Some(Val::Num(x)) => num_text(*x),
            Some(Val::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Some(Val::Bad(s)) => s.clone(),
        }
    }

    fn insert(&mut self, row: u32, col: u32, v: Val) {
        if let Ok(col) = u16::try_from(col) {
            if col <= COL_LIST && row < MAX_ROW {
                if matches!(&v, Val::Text(s) if s.is_empty()) {
                    return;
                }
                self.0.insert((row, col), v);
            }
        }
    }
}

fn num_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

fn val_of(d: &DataRef<'_>) -> Option<Val> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::Int(i) => Val::Num(*i as f64),
        DataRef::Float(x) => Val::Num(*x),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Val::Text(s.clone())
        }
        DataRef::SharedString(s) => Val::Text((*s).to_owned()),
        DataRef::Bool(b) => Val::Bool(*b),
        DataRef::DateTime(x) => Val::Bad(format!("{x}")),
        DataRef::Error(e) => Val::Bad(format!("{e}")),
    })
}

fn data_val(d: &Data) -> Option<Val> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Val::Num(*i as f64),
        Data::Float(x) => Val::Num(*x),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Val::Text(s.clone()),
        Data::Bool(b) => Val::Bool(*b),
        Data::DateTime(x) => Val::Bad(format!("{x}")),
        Data::Error(e) => Val::Bad(format!("{e}")),
    })
}

fn unreadable_file(file: &str, lang: Lang, why: &str) -> Errors {
    Errors::one(whole_file(
        ErrorCode::InvalidFile,
        file,
        format!(
            "{} ({why})",
            msg(
                lang,
                "không đọc được bảng tính",
                "the workbook cannot be read"
            )
        ),
    ))
}

/// The workbook's sheets: names in order, and a way to load one as a grid.
enum Book {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

impl Book {
    fn open(f: &InputFile, kind: Kind, lang: Lang) -> Result<Self, Errors> {
        let bytes = f.bytes.clone();
        let opened = std::panic::catch_unwind(move || match kind {
            Kind::Xlsx => Xlsx::new(Cursor::new(bytes))
                .map(|b| Book::Xlsx(Box::new(b)))
                .map_err(|e| e.to_string()),
            Kind::Ods => Ods::new(Cursor::new(bytes))
                .map(|b| Book::Ods(Box::new(b)))
                .map_err(|e| e.to_string()),
        });
        match opened {
            Ok(Ok(b)) => Ok(b),
            Ok(Err(e)) => Err(unreadable_file(&f.name, lang, &e)),
            Err(_) => Err(unreadable_file(&f.name, lang, "parser failure")),
        }
    }

    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    fn grid(&mut self, name: &str, budget: &mut u64) -> Result<Grid, String> {
        let mut grid = Grid::default();
        let over = |b: &mut u64| -> Result<(), String> {
            *b = b
                .checked_sub(1)
                .ok_or_else(|| format!("> {MAX_CELLS} cells"))?;
            Ok(())
        };
        match self {
            Book::Xlsx(b) => {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(
                    || -> Result<Grid, String> {
                        let mut cells =
                            b.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                        while let Some(c) = cells.next_cell().map_err(|e| e.to_string())? {
                            over(budget)?;
                            let (row, col) = c.get_position();
                            if let Some(v) = val_of(c.get_value()) {
                                grid.insert(row, col, v);
                            }
                        }
                        Ok(grid)
                    },
                ));
                r.unwrap_or_else(|_| Err("parser failure".to_owned()))
            }
            Book::Ods(b) => {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(
                    || -> Result<Grid, String> {
                        let range = b.worksheet_range(name).map_err(|e| e.to_string())?;
                        for (row, col, d) in range.used_cells() {
                            over(budget)?;
                            let (row, col) = (
                                u32::try_from(row)
                                    .unwrap_or(u32::MAX)
                                    .saturating_add(range.start().map_or(0, |s| s.0)),
                                u32::try_from(col)
                                    .unwrap_or(u32::MAX)
                                    .saturating_add(range.start().map_or(0, |s| s.1)),
                            );
                            if let Some(v) = data_val(d) {
                                grid.insert(row, col, v);
                            }
                        }
                        Ok(grid)
                    },
                ));
                r.unwrap_or_else(|_| Err("parser failure".to_owned()))
            }
        }
    }
}

/// `E12` → (11, 4).
fn parse_a1(s: &str) -> Option<(u32, u16)> {
    let letters: String = s.chars().take_while(char::is_ascii_uppercase).collect();
    let digits = s.get(letters.len()..)?;
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col = 0u32;
    for ch in letters.chars() {
        col = col * 26 + (u32::from(ch) - u32::from('A') + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((
        row.checked_sub(1)?,
        u16::try_from(col.checked_sub(1)?).ok()?,
    ))
}

/// Reads every member sheet of a workbook made by `ocop form`.
pub(crate) fn read_workbook(
    f: &InputFile,
    kind: Kind,
    lang: Lang,
) -> Result<Vec<ReadSheet>, Errors> {
    let mut book = Book::open(f, kind, lang)?;
    let names = book.sheet_names();
    let mut budget = MAX_CELLS;
    let meta_src = ErrorSource {
        file: f.name.clone(),
        sheet: Some(META_SHEET.to_owned()),
        cell: None,
    };
    let mismatch =
        |src: &ErrorSource, m: String| Errors::one(at(ErrorCode::FormMismatch, "", src, m));
    if !names.iter().any(|n| n == META_SHEET) {
        return Err(Errors::one(whole_file(
            ErrorCode::FormMismatch,
            &f.name,
            msg(
                lang,
                "bảng tính này không phải phiếu do `ocop form` tạo (không có trang ẩn \"ocop\")",
                "this workbook is not a form made by `ocop form` (no hidden sheet \"ocop\")",
            )
            .to_owned(),
        )));
    }
    let too_large = |why: String| {
        Errors::one(whole_file(
            ErrorCode::InputTooLarge,
            &f.name,
            format!(
                "{}: {why}",
                msg(lang, "tệp quá lớn để đọc", "the file is too large to read")
            ),
        ))
    };
    let read_grid = |book: &mut Book, name: &str, budget: &mut u64| {
        book.grid(name, budget).map_err(|e| {
            if e.starts_with("> ") {
                too_large(e)
            } else {
                unreadable_file(&f.name, lang, &e)
            }
        })
    };
    let meta_grid = read_grid(&mut book, META_SHEET, &mut budget)?;
    let mut meta: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for row in 0..200u32 {
        let k = meta_grid.text(row, 0);
        if !k.is_empty() {
            meta.insert(k, (meta_grid.text(row, 1), row));
        }
    }
    let get = |k: &str| -> Result<String, Errors> {
        meta.get(k).map(|(v, _)| v.clone()).ok_or_else(|| {
            mismatch(
                &meta_src,
                format!(
                    "{} {k:?}",
                    msg(
                        lang,
                        "trang ẩn \"ocop\" đã bị sửa: thiếu mục",
                        "the hidden sheet \"ocop\" was changed: no entry"
                    )
                ),
            )
        })
    };
    let meta_cell = |k: &str| ErrorSource {
        cell: meta.get(k).map(|(_, r)| cell_name(*r, 1)),
        ..meta_src.clone()
    };
    if get("ocop_form")? != LAYOUT_VERSION {
        return Err(mismatch(
            &meta_cell("ocop_form"),
            msg(
                lang,
                "phiếu được tạo theo mẫu khác của ocop; hãy tạo phiếu mới",
                "the form was made with another layout of ocop; make a new form",
            )
            .to_owned(),
        ));
    }
    let edition_id = get("edition")?;
    let set = get("product_set")?;
    let reg = ocop_core::registry()?;
    let edition = reg.edition(&edition_id).ok_or_else(|| {
        mismatch(
            &meta_cell("edition"),
            format!(
                "{} {edition_id:?}",
                msg(lang, "phiên bản tiêu chí không biết:", "unknown edition:")
            ),
        )
    })?;
    let sheet: &Sheet = set
        .parse::<u8>()
        .ok()
        .and_then(|n| edition.sheet(n))
        .ok_or_else(|| {
            mismatch(
                &meta_cell("product_set"),
                format!(
                    "{} {set:?}",
                    msg(
                        lang,
                        "bộ sản phẩm không có dữ liệu:",
                        "no sheet for product set"
                    )
                ),
            )
        })?;
    let dv = get("data_version")?;
    if dv != edition.meta.data_version {
        return Err(mismatch(
            &meta_cell("data_version"),
            format!(
                "{} {dv:?} ≠ {:?}",
                msg(
                    lang,
                    "phiếu được tạo với dữ liệu tiêu chí khác bản này; hãy tạo phiếu mới:",
                    "the form was made with other criteria data than this release's; make a new form:"
                ),
                edition.meta.data_version
            ),
        ));
    }
    let form_lang = Lang::parse(&get("lang")?).unwrap_or_default();
    let level = get("level").ok().filter(|l| !l.is_empty());
    let n: usize = get("sheets")?.parse().unwrap_or(0);
    if n == 0 || n > 200 {
        return Err(mismatch(
            &meta_cell("sheets"),
            msg(
                lang,
                "trang ẩn \"ocop\" đã bị sửa",
                "the hidden sheet \"ocop\" was changed",
            )
            .to_owned(),
        ));
    }
    let rows = layout::table(sheet, form_lang);
    let mut out = Vec::with_capacity(n);
    for i in 1..=n {
        let name = get(&format!("sheet.{i}.name"))?;
        let recorded = get(&format!("sheet.{i}.member"))?;
        let member_cell = parse_a1(&get(&format!("sheet.{i}.member_cell"))?);
        let table_row: Option<u32> = get(&format!("sheet.{i}.table_row"))?
            .parse::<u32>()
            .ok()
            .and_then(|r| r.checked_sub(1));
        let (Some(member_cell), Some(table_row)) = (member_cell, table_row) else {
            return Err(mismatch(
                &meta_src,
                msg(
                    lang,
                    "trang ẩn \"ocop\" đã bị sửa",
                    "the hidden sheet \"ocop\" was changed",
                )
                .to_owned(),
            ));
        };
        let src = ErrorSource {
            file: f.name.clone(),
            sheet: Some(name.clone()),
            cell: None,
        };
        if !names.contains(&name) {
            return Err(mismatch(
                &src,
                format!(
                    "{} {name:?}",
                    msg(lang, "thiếu trang phiếu", "missing member sheet")
                ),
            ));
        }
        let grid = read_grid(&mut book, &name, &mut budget)?;
        check_structure(&grid, &rows, table_row, &src, lang)?;
        let written = grid.text(member_cell.0, member_cell.1).trim().to_owned();
        let member = if !written.is_empty() {
            written
        } else if !recorded.trim().is_empty() {
            recorded.trim().to_owned()
        } else if n > 1 {
            format!("{} ({name})", file_stem(&f.name))
        } else {
            file_stem(&f.name)
        };
        let mut rs = ReadSheet {
            member,
            edition: edition.meta.id.clone(),
            product_set: sheet.number.to_string(),
            level: level.clone(),
            origin: src.clone(),
            ..ReadSheet::default()
        };
        read_answers(
            &grid, sheet, &rows, table_row, &src, form_lang, lang, &mut rs,
        )?;
        out.push(rs);
    }
    Ok(out)
}

/// Compares the table's codes, texts and points with the sheet data, row by row.
fn check_structure(
    grid: &Grid,
    rows: &[layout::Row],
    table_row: u32,
    src: &ErrorSource,
    lang: Lang,
) -> Result<(), Errors> {
    for (i, r) in (0u32..).zip(rows) {
        let at_row = table_row + i;
        let checks: [(u16, String); 3] = [
            (COL_CODE, r.code.clone()),
            (COL_TEXT, r.text.clone()),
            (
                COL_POINTS,
                r.points.map(|p| p.to_string()).unwrap_or_default(),
            ),
        ];
        let n = if r.kind == layout::RowKind::Header {
            2
        } else {
            3
        };
        for (col, want) in checks.into_iter().take(n) {
            let got = grid.text(at_row, col);
            if got.trim() != want.trim() {
                let cell = cell_name(at_row, col);
                return Err(Errors::one(at(
                    ErrorCode::FormMismatch,
                    "",
                    &ErrorSource {
                        cell: Some(cell.clone()),
                        ..src.clone()
                    },
                    format!(
                        "{} {cell}: {} {}, {} {}",
                        msg(
                            lang,
                            "cấu trúc phiếu đã bị sửa (thêm, xoá hoặc sửa dòng) ở ô",
                            "the form's structure was changed (a row added, deleted or edited) at"
                        ),
                        msg(lang, "cần", "expected"),
                        ocop_core::error::quoted(&want),
                        msg(lang, "thấy", "found"),
                        ocop_core::error::quoted(&got)
                    ),
                )));
            }
        }
    }
    Ok(())
}

/// Option numbers in a text such as `1, 3` or `2+4` (two or more).
fn several_numbers(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(|c: char| matches!(c, ',' | ';' | '+' | '/' | '&') || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2 && parts.iter().all(|p| p.parse::<u32>().is_ok())
}

#[allow(clippy::too_many_arguments)]
fn read_answers(
    grid: &Grid,
    sheet: &Sheet,
    rows: &[layout::Row],
    table_row: u32,
    src: &ErrorSource,
    form_lang: Lang,
    lang: Lang,
    out: &mut ReadSheet,
) -> Result<(), Errors> {
    let mut errors: Vec<Error> = Vec::new();
    let mut option_rows: Vec<Vec<u32>> = sheet.criteria.iter().map(|_| Vec::new()).collect();
    let mut crit_rows = vec![0u32; sheet.criteria.len()];
    for (i, r) in (0u32..).zip(rows) {
        match r.kind {
            layout::RowKind::Criterion(ci) => {
                if let Some(slot) = crit_rows.get_mut(ci) {
                    *slot = table_row + i;
                }
            }
            layout::RowKind::Option(ci, _) => {
                if let Some(v) = option_rows.get_mut(ci) {
                    v.push(table_row + i);
                }
            }
            _ => {}
        }
    }
    for ((c, crow), orows) in sheet.criteria.iter().zip(&crit_rows).zip(&option_rows) {
        let path = ocop_core::error::pointer("/answers", &c.code);
        let here = |row: u32| ErrorSource {
            cell: Some(cell_name(row, COL_ANSWER)),
            ..src.clone()
        };
        if c.mode == Mode::Additive {
            let mut ticked = Vec::new();
            for (k, r) in (1u32..).zip(orows) {
                let v = grid.get(*r, COL_ANSWER);
                let yes = match v {
                    None => false,
                    Some(Val::Bool(b)) => {
                        if *b {
                            true
                        } else {
                            errors.push(bad_tick(&path, &here(*r), "FALSE", lang));
                            false
                        }
                    }
                    Some(Val::Num(x)) if *x == 1.0 => true,
                    Some(Val::Text(s)) => match s.trim() {
                        "" => false,
                        t if matches!(t, "x" | "X" | "✓" | "1")
                            || t.eq_ignore_ascii_case("true") =>
                        {
                            true
                        }
                        t => {
                            errors.push(bad_tick(&path, &here(*r), t, lang));
                            false
                        }
                    },
                    Some(other) => {
                        errors.push(bad_tick(&path, &here(*r), &grid.text(*r, COL_ANSWER), lang));
                        let _ = other;
                        false
                    }
                };
                if yes {
                    ticked.push(k);
                }
            }
            out.answers
                .insert(c.code.clone(), AnswerValue::Many(ticked));
            if let Some(r) = orows.first() {
                out.cells.insert(c.code.clone(), here(*r));
            }
            continue;
        }
        let cell = here(*crow);
        let shown = grid.text(*crow, COL_ANSWER);
        let answer: Option<Result<u32, Error>> = match grid.get(*crow, COL_ANSWER) {
            None => None,
            Some(Val::Num(x)) => Some(
                if x.fract() == 0.0 && *x >= 0.0 && *x <= f64::from(u32::MAX) {
                    Ok(*x as u32)
                } else {
                    Err(unreadable(&path, &cell, &shown, lang))
                },
            ),
            Some(Val::Text(s)) => {
                let t = s.trim();
                if t.is_empty() {
                    None
                } else if let Ok(n) = t.parse::<u32>() {
                    Some(Ok(n))
                } else if let Some(k) = (0..c.options.len()).find(|&k| {
                    dropdown_text(c, k, form_lang) == t
                        || option_text(c, k) == t
                        || c.options.get(k).is_some_and(|o| o.label.trim() == t)
                }) {
                    Some(Ok(u32::try_from(k + 1).unwrap_or(u32::MAX)))
                } else if several_numbers(t) {
                    Some(Err(at(
                        ErrorCode::MultipleAnswers,
                        &path,
                        &cell,
                        format!(
                            "{} {}: {}",
                            msg(lang, "ô", "cell"),
                            cell.cell.clone().unwrap_or_default(),
                            msg(
                                lang,
                                "tiêu chí này chỉ chọn một phương án, ô ghi nhiều phương án",
                                "this criterion takes one option; the cell names several"
                            )
                        ),
                    )))
                } else {
                    Some(Err(unreadable(&path, &cell, t, lang)))
                }
            }
            Some(_) => Some(Err(unreadable(&path, &cell, &shown, lang))),
        };
        match answer {
            None => {}
            Some(Ok(n)) => {
                out.answers.insert(c.code.clone(), AnswerValue::One(n));
            }
            Some(Err(e)) => errors.push(e),
        }
        out.cells.insert(c.code.clone(), cell);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

/// `unreadable_cell` at a cell: "cell B7: "…" <why>".
fn unreadable_because(path: &str, cell: &ErrorSource, shown: &str, why: &str, lang: Lang) -> Error {
    at(
        ErrorCode::UnreadableCell,
        path,
        cell,
        format!(
            "{} {}: {} {}",
            msg(lang, "ô", "cell"),
            cell.cell.clone().unwrap_or_default(),
            ocop_core::error::quoted(shown),
            why
        ),
    )
}

fn unreadable(path: &str, cell: &ErrorSource, shown: &str, lang: Lang) -> Error {
    let why = msg(
        lang,
        "không phải số thứ tự hay nội dung của một phương án",
        "is neither an option number nor an option's text",
    );
    unreadable_because(path, cell, shown, why, lang)
}

fn bad_tick(path: &str, cell: &ErrorSource, shown: &str, lang: Lang) -> Error {
    let why = msg(
        lang,
        "không phải dấu chọn (x, ✓, TRUE, 1) và không để trống",
        "is no tick (x, ✓, TRUE, 1) and not empty",
    );
    unreadable_because(path, cell, shown, why, lang)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a1_cells() {
        assert_eq!(parse_a1("E12"), Some((11, 4)));
        assert_eq!(parse_a1("AA1"), Some((0, 26)));
        assert_eq!(parse_a1("12"), None);
        assert_eq!(parse_a1("E0"), None);
        assert!(several_numbers("1, 3"));
        assert!(several_numbers("2+4"));
        assert!(!several_numbers("2"));
        assert!(!several_numbers("Có 2 điểm"));
    }
}
