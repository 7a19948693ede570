//! Limits on what an office file may cost to read, checked before any parser sees it: the
//! file size, the zip's number of entries, the size its entries really decompress to (read
//! through, never held, so a zip bomb costs bounded memory and stops at the limit), and for
//! ODS the number and spread of the cells its repeat counts expand to.

use super::{msg, whole_file};
use crate::Lang;
use ocop_core::error::{ErrorCode, Errors};
use std::io::{Cursor, Read};

/// Largest office or CSV file read (bytes).
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Most entries in a workbook's zip.
pub const MAX_ENTRIES: usize = 2_000;
/// Most bytes a workbook's entries may decompress to, in all.
pub const MAX_UNZIPPED: u64 = 64 << 20;
/// At most this many times the file's own size may its entries decompress to (with a floor
/// of 8 MiB, so that small files are not held to a tiny budget).
pub const MAX_RATIO: u64 = 100;
/// Most non-empty cells read from one file.
pub const MAX_CELLS: u64 = 200_000;
/// Largest area (rows × columns) a sheet's cells may span.
pub const MAX_AREA: u64 = 4_000_000;

/// What a zip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An Office Open XML workbook.
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
}

fn too_large(file: &str, lang: Lang, what: &str) -> Errors {
    Errors::one(whole_file(
        ErrorCode::InputTooLarge,
        file,
        format!(
            "{}: {what}",
            msg(lang, "tệp quá lớn để đọc", "the file is too large to read")
        ),
    ))
}

fn invalid(file: &str, lang: Lang, why: &str) -> Errors {
    Errors::one(whole_file(
        ErrorCode::InvalidFile,
        file,
        format!(
            "{} ({why})",
            msg(
                lang,
                "không phải tệp xlsx, ods hoặc csv đọc được",
                "not a readable xlsx, ods or csv file"
            )
        ),
    ))
}

/// Checks a file's size.
///
/// # Errors
/// `input_too_large`.
pub fn check_size(file: &str, len: usize, lang: Lang) -> Result<(), Errors> {
    if len > MAX_FILE_BYTES {
        return Err(too_large(
            file,
            lang,
            &format!("{len} bytes > {MAX_FILE_BYTES}"),
        ));
    }
    Ok(())
}

/// Checks a zip against the limits and tells what it holds.
///
/// # Errors
/// `input_too_large` past a limit; `invalid_file` for a broken zip or one that is no workbook.
pub fn check_zip(file: &str, bytes: &[u8], lang: Lang) -> Result<Kind, Errors> {
    check_size(file, bytes.len(), lang)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| invalid(file, lang, &format!("zip: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(
            file,
            lang,
            &format!("{} zip entries > {MAX_ENTRIES}", zip.len()),
        ));
    }
    let budget = MAX_UNZIPPED.min(
        (u64::try_from(bytes.len()).unwrap_or(u64::MAX))
            .saturating_mul(MAX_RATIO)
            .max(8 << 20),
    );
    let mut declared = 0u64;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| invalid(file, lang, &format!("zip: {e}")))?;
        declared = declared.saturating_add(f.size());
        names.push(f.name().map(|n| n.into_owned()).unwrap_or_default());
    }
    if declared > budget {
        return Err(too_large(
            file,
            lang,
            &format!("{declared} bytes once decompressed > {budget}"),
        ));
    }
    // The declared sizes may lie: decompress everything (into nothing) and count.
    let mut left = budget;
    let mut sink = [0u8; 1 << 14];
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| invalid(file, lang, &format!("zip: {e}")))?;
        loop {
            let n = f
                .read(&mut sink)
                .map_err(|e| invalid(file, lang, &format!("zip: {e}")))?;
            if n == 0 {
                break;
            }
            let n = u64::try_from(n).unwrap_or(u64::MAX);
            if n > left {
                return Err(too_large(
                    file,
                    lang,
                    &format!("more than {budget} bytes once decompressed"),
                ));
            }
            left -= n;
        }
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.xml") {
        return Ok(Kind::Xlsx);
    }
    if has("content.xml") {
        let mut mime = String::new();
        if let Ok(mut f) = zip.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut mime);
        }
        if mime.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
            let content = zip
                .by_name("content.xml")
                .map_err(|e| invalid(file, lang, &format!("zip: {e}")))?;
            ods_cells(file, content, lang)?;
            return Ok(Kind::Ods);
        }
    }
    Err(invalid(
        file,
        lang,
        msg(
            lang,
            "tệp zip này không phải bảng tính",
            "this zip is not a spreadsheet",
        ),
    ))
}

/// Counts the cells an ODS `content.xml` expands to (repeat counts included) and the area
/// they span, per table, without building them.
fn ods_cells(file: &str, content: impl Read, lang: Lang) -> Result<(), Errors> {
    use quick_xml::events::{BytesStart, Event};
    let repeat = |e: &BytesStart<'_>, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let has_value = |e: &BytesStart<'_>| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref() == "office:value-type")
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    let (mut row_cells, mut row_last_col) = (0u64, 0u64);
    let (mut cells, mut max_row, mut max_col) = (0u64, 0u64, 0u64);
    // Depth inside a cell: text inside a cell makes it non-empty.
    let mut in_cell: Option<(u64, bool)> = None;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| invalid(file, lang, &format!("content.xml: {e}")))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                row = 0;
                max_row = 0;
                max_col = 0;
            }
            Event::Start(ref e) if e.name().as_ref() == "table:table-row" => {
                row_repeat = repeat(e, "table:number-rows-repeated");
                col = 0;
                row_cells = 0;
                row_last_col = 0;
            }
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                if row_cells > 0 {
                    cells = cells.saturating_add(row_cells.saturating_mul(row_repeat));
                    max_row = max_row.max(row.saturating_add(row_repeat));
                    max_col = max_col.max(row_last_col);
                }
                row = row.saturating_add(row_repeat);
                if cells > MAX_CELLS {
                    return Err(too_large(file, lang, &format!("> {MAX_CELLS} cells")));
                }
                if max_row.saturating_mul(max_col) > MAX_AREA {
                    return Err(too_large(
                        file,
                        lang,
                        &format!("{max_row} × {max_col} cells > {MAX_AREA}"),
                    ));
                }
            }
            Event::Empty(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let n = repeat(e, "table:number-columns-repeated");
                if has_value(e) {
                    row_cells = row_cells.saturating_add(n);
                    row_last_col = col.saturating_add(n);
                }
                col = col.saturating_add(n);
            }
            Event::Start(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let n = repeat(e, "table:number-columns-repeated");
                in_cell = Some((n, has_value(e)));
            }
            Event::Text(_) | Event::Start(_) | Event::Empty(_) if in_cell.is_some() => {
                if let Some((n, _)) = in_cell {
                    in_cell = Some((n, true));
                }
            }
            Event::End(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some((n, filled)) = in_cell.take() {
                    if filled {
                        row_cells = row_cells.saturating_add(n);
                        row_last_col = col.saturating_add(n);
                    }
                    col = col.saturating_add(n);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}
