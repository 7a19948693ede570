//! A bounded reader of tables: CSV, XLSX, ODS (the first worksheet) and JSON lines, into rows
//! of cells that remember where they came from (row number and column, `C5` in A1 notation).
//!
//! The first row of a CSV or a worksheet is the header; rows are numbered as a spreadsheet
//! shows them (the header is row 1, the first data row 2). A JSON-lines file has one object
//! per line; its keys are the columns (in order of first appearance) and its rows are numbered
//! by line. A line that is no JSON object keeps its place with an error, so a caller can report
//! it and go on. Files larger than [`MAX_TABLE_BYTES`] or with more than [`MAX_TABLE_ROWS`] rows
//! are refused with `input_too_large`.

use ocop_core::date::Date;
use ocop_core::error::{Error, ErrorCode};
use ocop_core::json::{Json, Number};
use std::fmt::Write as _;

/// The largest file read, in bytes (256 MiB).
pub const MAX_TABLE_BYTES: usize = 256 << 20;

/// The most data rows read.
pub const MAX_TABLE_ROWS: usize = 2_000_000;

/// The most columns read.
pub const MAX_TABLE_COLUMNS: usize = 1_000;

/// The format of a table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values (UTF-8, optional BOM; `,` or `;` separated).
    Csv,
    /// Office Open XML workbook.
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// One JSON object per line.
    JsonLines,
    /// Built in memory (a DataFrame's cells).
    Cells,
}

impl Format {
    /// Guesses the format from a file name's extension, then from the first bytes.
    #[must_use]
    pub fn detect(name: &str, bytes: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Format::Xlsx
        } else if lower.ends_with(".ods") {
            Format::Ods
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Format::JsonLines
        } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Format::Csv
        } else if bytes.starts_with(b"PK") {
            // A zip: an ODS names its mimetype first, uncompressed.
            if bytes
                .windows(46)
                .take(200)
                .any(|w| w.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"))
            {
                Format::Ods
            } else {
                Format::Xlsx
            }
        } else if bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{')
        {
            Format::JsonLines
        } else {
            Format::Csv
        }
    }
}

/// One cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (an empty cell, an empty CSV field, JSON `null` or an absent key).
    Empty,
    /// Text (every CSV field is text).
    Text(String),
    /// A number: a spreadsheet's number cell or a JSON number.
    Number(f64),
    /// A whole number held exactly (JSON integers, integer cells).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A date cell of a spreadsheet (its time of day, if any, dropped).
    Date(Date),
    /// Something no column can use (a formula error, a JSON array or object).
    Other(String),
}

impl Value {
    /// `true` for [`Value::Empty`] and for text that is only white space.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would type it (numbers in their shortest exact form,
    /// dates as `YYYY-MM-DD`); `None` for [`Value::Empty`].
    #[must_use]
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Empty => None,
            Value::Text(s) => Some(s.trim().to_owned()),
            Value::Number(f) => Some(number_text(*f)),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Date(d) => Some(d.to_string()),
            Value::Other(s) => Some(s.clone()),
        }
    }
}

/// A float in its shortest round-trip form, without a trailing `.0` on whole numbers.
fn number_text(f: f64) -> String {
    let s = format!("{f}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_owned)
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row number in the file (spreadsheets and CSV: the header is row 1; JSON lines: the
    /// line number).
    pub number: usize,
    /// One value per column of [`Table::columns`].
    pub cells: Vec<Value>,
    /// Set when the row itself could not be read (a JSON line that is no object).
    pub error: Option<Error>,
}

impl Row {
    /// The value in column `i` ([`Value::Empty`] beyond the row's end).
    #[must_use]
    pub fn cell(&self, i: usize) -> &Value {
        self.cells.get(i).unwrap_or(&Value::Empty)
    }
}

/// A table: its columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The format read.
    pub format: Format,
    /// Column names (headers trimmed).
    pub columns: Vec<String>,
    /// Data rows, in file order (blank rows of a spreadsheet or CSV skipped).
    pub rows: Vec<Row>,
}

/// Column letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
#[must_use]
pub fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        let rem = u8::try_from(i % 26).unwrap_or(0);
        out.push(char::from(b'A' + rem));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.iter().rev().collect()
}

fn too_large(what: &str) -> Error {
    Error::new(ErrorCode::InputTooLarge, "", what.to_owned())
}

fn invalid_file(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidFile, "", msg)
}

impl Table {
    /// Where a cell is, for messages: `C5` for spreadsheets and CSV, `line 5` for JSON lines.
    #[must_use]
    pub fn cell_ref(&self, row: usize, column: usize) -> String {
        match self.format {
            Format::JsonLines => format!("line {row}"),
            _ => format!("{}{row}", column_letters(column)),
        }
    }

    /// The index of a column by name (exact, after trimming).
    #[must_use]
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Reads a table file of the given format.
    ///
    /// # Errors
    /// `input_too_large` (file, rows or columns beyond the limits), `empty_input` (no header),
    /// `invalid_file` (not a readable CSV, workbook or UTF-8 text), `duplicate_key` (a header
    /// named twice), `missing_field` (an empty header above a column with values).
    pub fn read(bytes: &[u8], format: Format) -> Result<Table, Error> {
        Table::read_limited(bytes, format, MAX_TABLE_BYTES)
    }

    /// [`Table::read`] with another size limit (in bytes).
    ///
    /// # Errors
    /// As [`Table::read`].
    pub fn read_limited(bytes: &[u8], format: Format, max_bytes: usize) -> Result<Table, Error> {
        if bytes.len() > max_bytes {
            return Err(too_large(&format!(
                "the file has {} bytes; the limit is {max_bytes}",
                bytes.len()
            )));
        }
        match format {
            Format::Csv | Format::Cells => read_csv(bytes),
            Format::Xlsx | Format::Ods => read_workbook(bytes, format),
            Format::JsonLines => read_jsonl(bytes),
        }
    }

    /// Builds a table from header names and rows of text cells (`None` = empty), e.g. a
    /// DataFrame's. Row numbers are those the rows would have in a spreadsheet under the
    /// header (the first row is 2).
    ///
    /// # Errors
    /// As [`Table::read`] for the header and the limits.
    pub fn from_cells(
        columns: Vec<String>,
        rows: Vec<Vec<Option<String>>>,
    ) -> Result<Table, Error> {
        let header: Vec<Value> = columns.into_iter().map(Value::Text).collect();
        let body = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    i + 2,
                    r.into_iter()
                        .map(|c| c.map_or(Value::Empty, Value::Text))
                        .collect(),
                )
            })
            .collect();
        build(Format::Cells, header, body)
    }
}

/// Checks the header and the limits, and drops blank rows.
fn build(
    format: Format,
    header: Vec<Value>,
    body: Vec<(usize, Vec<Value>)>,
) -> Result<Table, Error> {
    if header.len() > MAX_TABLE_COLUMNS {
        return Err(too_large(&format!(
            "the table has {} columns; the limit is {MAX_TABLE_COLUMNS}",
            header.len()
        )));
    }
    let mut columns: Vec<String> = header
        .iter()
        .map(|v| v.text().unwrap_or_default())
        .collect();
    // Trailing unnamed columns without a value anywhere are spreadsheet noise.
    while columns.last().is_some_and(String::is_empty) {
        let i = columns.len() - 1;
        if body
            .iter()
            .any(|(_, r)| r.get(i).is_some_and(|v| !v.is_empty()))
        {
            break;
        }
        columns.pop();
    }
    if columns.iter().all(String::is_empty) {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "",
            "the table has no header row",
        ));
    }
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingField,
                format!("/columns/{i}"),
                format!("column {} has values but no header", column_letters(i)),
            ));
        }
        if columns.iter().take(i).any(|d| d == c) {
            return Err(Error::new(
                ErrorCode::DuplicateKey,
                format!("/columns/{i}"),
                format!(
                    "column {} repeats the header {}",
                    column_letters(i),
                    ocop_core::error::quoted(c)
                ),
            ));
        }
    }
    let n = columns.len();
    let mut rows = Vec::with_capacity(body.len());
    for (number, mut cells) in body {
        if cells.iter().all(Value::is_empty) {
            continue;
        }
        cells.truncate(n);
        // Trailing empty cells read as empty anyway ([`Row::cell`]); dropping them keeps a
        // register with many optional columns small in memory.
        while cells.last().is_some_and(|v| *v == Value::Empty) {
            cells.pop();
        }
        cells.shrink_to_fit();
        rows.push(Row {
            number,
            cells,
            error: None,
        });
    }
    if rows.len() > MAX_TABLE_ROWS {
        return Err(too_large(&format!(
            "the table has {} rows; the limit is {MAX_TABLE_ROWS}",
            rows.len()
        )));
    }
    Ok(Table {
        format,
        columns,
        rows,
    })
}

fn read_csv(bytes: &[u8]) -> Result<Table, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorCode::EmptyInput, "", "the file is empty"));
    }
    // `;` is what spreadsheets write where the decimal separator is a comma.
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let commas = first_line.iter().filter(|&&b| b == b',').count();
    let semis = first_line.iter().filter(|&&b| b == b';').count();
    let delimiter = if semis > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut header = None;
    let mut body = Vec::new();
    // A record is checked as UTF-8 at once (faster than field by field).
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(match e.kind() {
                    csv::ErrorKind::Utf8 { pos, .. } => invalid_file(format!(
                        "line {}: the CSV file is not UTF-8 text",
                        pos.as_ref().map_or(0, csv::Position::line)
                    )),
                    _ => invalid_file(format!("not a readable CSV file: {e}")),
                })
            }
        }
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let mut cells = Vec::with_capacity(record.len());
        for text in &record {
            cells.push(if text.trim().is_empty() {
                Value::Empty
            } else {
                Value::Text(text.to_owned())
            });
        }
        if header.is_none() {
            header = Some(cells);
        } else {
            if body.len() >= MAX_TABLE_ROWS {
                return Err(too_large(&format!(
                    "the table has more than {MAX_TABLE_ROWS} rows"
                )));
            }
            body.push((line, cells));
        }
    }
    build(Format::Csv, header.unwrap_or_default(), body)
}

fn cell_value(d: &calamine::Data) -> Value {
    use calamine::Data;
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Value::Empty
            } else {
                Value::Text(s.clone())
            }
        }
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Date::new(i32::from(y), m, d).map_or_else(
                || Value::Other(format!("date serial {}", dt.as_f64())),
                Value::Date,
            )
        }
        Data::DateTime(dt) => Value::Other(format!("duration {}", dt.as_f64())),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|p| Date::parse(p, "").ok())
            .map_or_else(|| Value::Text(s.clone()), Value::Date),
        Data::DurationIso(s) => Value::Other(s.clone()),
        Data::Error(e) => Value::Other(format!("#{e:?}")),
    }
}

fn read_workbook(bytes: &[u8], format: Format) -> Result<Table, Error> {
    use calamine::Reader as _;
    let cursor = std::io::Cursor::new(bytes);
    let what = if format == Format::Ods { "ODS" } else { "XLSX" };
    let range = if format == Format::Ods {
        let mut wb: calamine::Ods<_> = calamine::open_workbook_from_rs(cursor)
            .map_err(|e| invalid_file(format!("not a readable {what} workbook: {e}")))?;
        wb.worksheet_range_at(0)
            .map(|r| r.map_err(|e| e.to_string()))
    } else {
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(cursor)
            .map_err(|e| invalid_file(format!("not a readable {what} workbook: {e}")))?;
        wb.worksheet_range_at(0)
            .map(|r| r.map_err(|e| e.to_string()))
    };
    let range = match range {
        None => {
            return Err(Error::new(
                ErrorCode::EmptyInput,
                "",
                "the workbook has no sheet",
            ))
        }
        Some(Err(e)) => {
            return Err(invalid_file(format!(
                "the first sheet of the {what} workbook is not readable: {e}"
            )))
        }
        Some(Ok(r)) => r,
    };
    let (height, width) = range.get_size();
    if height > MAX_TABLE_ROWS + 1 {
        return Err(too_large(&format!(
            "the sheet has {height} rows; the limit is {MAX_TABLE_ROWS}"
        )));
    }
    if width > MAX_TABLE_COLUMNS {
        return Err(too_large(&format!(
            "the sheet has {width} columns; the limit is {MAX_TABLE_COLUMNS}"
        )));
    }
    // Row numbers as the spreadsheet shows them: the range may start below row 1.
    let first = range
        .start()
        .map_or(1, |(r, _)| usize::try_from(r).unwrap_or(0) + 1);
    let lead = range
        .start()
        .map_or(0, |(_, c)| usize::try_from(c).unwrap_or(0));
    let mut rows = range.rows();
    let pad = |r: &[calamine::Data]| -> Vec<Value> {
        std::iter::repeat_n(Value::Empty, lead)
            .chain(r.iter().map(cell_value))
            .collect()
    };
    let header = rows.next().map(pad).unwrap_or_default();
    let body = rows
        .enumerate()
        .map(|(i, r)| (first + 1 + i, pad(r)))
        .collect();
    build(format, header, body)
}

fn json_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Empty,
        Json::String(s) => {
            if s.trim().is_empty() {
                Value::Empty
            } else {
                Value::Text(s.clone())
            }
        }
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(Number::U(u)) => {
            i64::try_from(*u).map_or(Value::Number(*u as f64), Value::Int)
        }
        Json::Number(Number::I(i)) => Value::Int(*i),
        Json::Number(Number::F(f)) => Value::Number(*f),
        Json::Array(_) => Value::Other("a JSON array".into()),
        Json::Object(_) => Value::Other("a JSON object".into()),
    }
}

fn read_jsonl(bytes: &[u8]) -> Result<Table, Error> {
    let mut columns: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = i + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if rows.len() >= MAX_TABLE_ROWS {
            return Err(too_large(&format!(
                "the file has more than {MAX_TABLE_ROWS} lines"
            )));
        }
        let parsed = Json::parse(line);
        let entries = match &parsed {
            Ok(v @ Json::Object(_)) => ocop_core::json::unique_entries(v, ""),
            Ok(other) => Err(ocop_core::json::wrong_type("", "a JSON object", other)),
            Err(e) => Err(e.clone()),
        };
        match entries {
            Ok(entries) => {
                let mut cells = vec![Value::Empty; columns.len()];
                for (k, v) in entries {
                    let key = k.trim();
                    let idx = match columns.iter().position(|c| c == key) {
                        Some(j) => j,
                        None => {
                            if columns.len() >= MAX_TABLE_COLUMNS {
                                return Err(too_large(&format!(
                                    "the file has more than {MAX_TABLE_COLUMNS} keys"
                                )));
                            }
                            columns.push(key.to_owned());
                            cells.push(Value::Empty);
                            columns.len() - 1
                        }
                    };
                    if let Some(c) = cells.get_mut(idx) {
                        *c = json_value(v);
                    }
                }
                rows.push(Row {
                    number,
                    cells,
                    error: None,
                });
            }
            Err(e) => {
                let mut msg = String::new();
                let _ = write!(msg, "line {number}: {}", e.message);
                rows.push(Row {
                    number,
                    cells: Vec::new(),
                    error: Some(Error::new(e.code, e.path, msg)),
                });
            }
        }
    }
    if columns.is_empty() && rows.iter().all(|r| r.error.is_none()) {
        return Err(Error::new(ErrorCode::EmptyInput, "", "the file is empty"));
    }
    Ok(Table {
        format: Format::JsonLines,
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    #[test]
    fn csv_not_utf8_names_its_line() {
        let e = Table::read(b"a,b\n1,2\n3,\xff\n", Format::Csv).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidFile);
        assert_eq!(e.message, "line 3: the CSV file is not UTF-8 text");
        let t = Table::read("a,b\n1, Hà Nội \n".as_bytes(), Format::Csv).unwrap();
        assert_eq!(t.rows[0].cells[1], Value::Text(" Hà Nội ".into()));
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn csv_rows_and_numbers() {
        let t = Table::read(b"\xEF\xBB\xBFa,b\n1,\"x, y\"\n\n,\n2,z\n", Format::Csv).unwrap();
        assert_eq!(t.columns, ["a", "b"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[0].cell(1), &Value::Text("x, y".into()));
        assert_eq!(t.rows[1].number, 5);
        assert_eq!(t.cell_ref(5, 1), "B5");
        let semi = Table::read(b"a;b\n1,5;2\n", Format::Csv).unwrap();
        assert_eq!(semi.rows[0].cell(0), &Value::Text("1,5".into()));
    }

    #[test]
    fn header_errors() {
        let e = Table::read(b"a,a\n1,2\n", Format::Csv).unwrap_err();
        assert_eq!(e.code, ErrorCode::DuplicateKey);
        let e = Table::read(b"a,,b\n1,2,3\n", Format::Csv).unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingField);
        assert_eq!(
            Table::read(b"", Format::Csv).unwrap_err().code,
            ErrorCode::EmptyInput
        );
        assert_eq!(
            Table::read(b"a\n\xff\n", Format::Csv).unwrap_err().code,
            ErrorCode::InvalidFile
        );
        assert_eq!(
            Table::read(b"PK\x03\x04junk", Format::Xlsx)
                .unwrap_err()
                .code,
            ErrorCode::InvalidFile
        );
    }

    #[test]
    fn jsonl_bad_line_keeps_its_place() {
        let t = Table::read(
            b"{\"a\": 1, \"b\": 2.5}\n[1]\n{\"b\": null, \"c\": \"x\"}\n{bad\n",
            Format::JsonLines,
        )
        .unwrap();
        assert_eq!(t.columns, ["a", "b", "c"]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[0].cell(1), &Value::Number(2.5));
        assert_eq!(t.rows[1].error.as_ref().unwrap().code, ErrorCode::WrongType);
        assert_eq!(t.rows[2].cell(2), &Value::Text("x".into()));
        assert_eq!(t.rows[3].number, 4);
        assert_eq!(
            t.rows[3].error.as_ref().unwrap().code,
            ErrorCode::InvalidJson
        );
    }

    #[test]
    fn number_text_is_shortest() {
        assert_eq!(Value::Number(55.67).text().unwrap(), "55.67");
        assert_eq!(Value::Number(3.0).text().unwrap(), "3");
    }

    #[test]
    fn detect() {
        assert_eq!(Format::detect("r.XLSX", b""), Format::Xlsx);
        assert_eq!(Format::detect("-", b" {\"a\":1}"), Format::JsonLines);
        assert_eq!(Format::detect("-", b"a,b"), Format::Csv);
    }
}
