//! The register: one row per certified product, read from a [`Table`] into typed values.
//! Format: `docs/portfolio.md`.

use crate::table::{Table, Value};
use ocop_core::contract::AnswerValue;
use ocop_core::date::Date;
use ocop_core::error::{Error, ErrorCode};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// Columns every register has (a value in every row).
pub const REQUIRED_COLUMNS: &[&str] = &[
    "product_id",
    "product_name",
    "owner",
    "commune",
    "province",
    "product_set",
    "stars",
    "total",
    "issued",
];

/// Columns a register may have.
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "district",
    "edition",
    "expires",
    "certificate_no",
    "sector",
    "reevaluation_filed",
    "result_on",
];

/// The most decimal places of a `total`.
pub const MAX_DECIMALS: u32 = 15;

/// A non-negative decimal held exactly: `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    units: u64,
    scale: u32,
}

fn pow10(n: u32) -> u64 {
    10u64.saturating_pow(n)
}

impl Decimal {
    /// A whole number.
    #[must_use]
    pub fn whole(n: u32) -> Decimal {
        Decimal {
            units: u64::from(n),
            scale: 0,
        }
    }

    /// Parses `55`, `55.5`, `55,5` (a decimal comma), up to [`MAX_DECIMALS`] places, at most
    /// 1,000,000.
    #[must_use]
    pub fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (int, frac) = match s.find(['.', ',']) {
            Some(i) => (s.get(..i)?, s.get(i + 1..)?),
            None => (s, ""),
        };
        if int.is_empty()
            || int.len() > 7
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.len() > int.len() && frac.is_empty())
        {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        let scale = u32::try_from(frac.len())
            .ok()
            .filter(|&k| k <= MAX_DECIMALS)?;
        let i: u64 = int.parse().ok()?;
        let f: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        let units = i.checked_mul(pow10(scale))?.checked_add(f)?;
        Some(Decimal { units, scale })
    }

    /// The value as a fraction `(numerator, denominator)`.
    #[must_use]
    pub fn fraction(self) -> (u64, u64) {
        (self.units, pow10(self.scale))
    }

    /// Compares with a whole number, exactly.
    #[must_use]
    pub fn cmp_whole(self, n: u32) -> Ordering {
        let (num, den) = self.fraction();
        u128::from(num).cmp(&(u128::from(n) * u128::from(den)))
    }

    /// `n − self`, or zero when `self ≥ n`.
    #[must_use]
    pub fn missing_to(self, n: u32) -> Decimal {
        let target = u64::from(n).saturating_mul(pow10(self.scale));
        Decimal {
            units: target.saturating_sub(self.units),
            scale: self.scale,
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let den = pow10(self.scale);
        let int = self.units / den;
        let frac = self.units % den;
        if self.scale == 0 || frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:0width$}", width = self.scale as usize);
            write!(f, "{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// One register row, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Row number in the file.
    pub row: usize,
    /// `product_id`.
    pub product_id: String,
    /// `product_name`.
    pub product_name: String,
    /// `owner` (chủ thể).
    pub owner: String,
    /// `commune` (xã, phường).
    pub commune: String,
    /// `district` (huyện), when given.
    pub district: Option<String>,
    /// `province`.
    pub province: String,
    /// Product set number.
    pub product_set: u8,
    /// Edition, when given.
    pub edition: Option<String>,
    /// Stars recognised (3–5).
    pub stars: u8,
    /// The council's average total.
    pub total: Decimal,
    /// Issue date.
    pub issued: Date,
    /// Expiry as the register states it, when given.
    pub expires: Option<Date>,
    /// Certificate number, when given.
    pub certificate_no: Option<String>,
    /// Sector as the register states it, when given.
    pub sector: Option<String>,
    /// Re-evaluation filing date, when given.
    pub reevaluation_filed: Option<Date>,
    /// Date of the re-evaluation result, when given.
    pub result_on: Option<Date>,
    /// The council's answers, by criterion code (empty: none given).
    pub answers: BTreeMap<String, AnswerValue>,
    /// `true` when some criterion column of the row is empty while others have answers.
    pub partial: bool,
}

/// The text fields of a row that could be read whatever else is wrong with it (for the report
/// of a bad row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    /// `product_id`, if readable.
    pub product_id: Option<String>,
    /// `product_name`, if readable.
    pub product_name: Option<String>,
}

/// A row error: the code, the column (`None`: the whole row) and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// Stable code.
    pub code: ErrorCode,
    /// The column at fault.
    pub column: Option<String>,
    /// The cell (`C5`), or `line 5` for JSON lines.
    pub cell: Option<String>,
    /// Explanation (Vietnamese, or the core's message).
    pub message: String,
}

/// Where each known column is in the table.
#[derive(Debug, Clone)]
pub struct Layout {
    index: BTreeMap<&'static str, usize>,
    /// Criterion columns: (code, index).
    pub criteria: Vec<(String, usize)>,
    /// Columns neither known nor criterion codes (ignored, reported).
    pub ignored: Vec<String>,
}

/// `true` for a header that names a criterion: digits separated by dots (`1.1`, `6.1.1`).
#[must_use]
pub fn is_criterion_code(h: &str) -> bool {
    !h.is_empty()
        && h.split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

impl Layout {
    /// Finds the columns.
    ///
    /// # Errors
    /// `missing_field` at `/columns/<name>` for a required column that is absent.
    pub fn of(table: &Table) -> Result<Layout, Error> {
        let mut index = BTreeMap::new();
        let mut criteria = Vec::new();
        let mut ignored = Vec::new();
        for (i, c) in table.columns.iter().enumerate() {
            let known = REQUIRED_COLUMNS
                .iter()
                .chain(OPTIONAL_COLUMNS)
                .find(|k| **k == c.as_str());
            match known {
                Some(k) => {
                    index.insert(*k, i);
                }
                None if is_criterion_code(c) => criteria.push((c.clone(), i)),
                None => ignored.push(c.clone()),
            }
        }
        if let Some(missing) = REQUIRED_COLUMNS.iter().find(|k| !index.contains_key(*k)) {
            return Err(Error::new(
                ErrorCode::MissingField,
                format!("/columns/{missing}"),
                format!("sổ theo dõi thiếu cột bắt buộc {missing:?}"),
            ));
        }
        Ok(Layout {
            index,
            criteria,
            ignored,
        })
    }

    /// `true` when the register has a `district` column.
    #[must_use]
    pub fn has_district(&self) -> bool {
        self.index.contains_key("district")
    }
}

struct Reader<'a> {
    table: &'a Table,
    layout: &'a Layout,
    row: &'a crate::table::Row,
}

type Res<T> = Result<T, RowError>;

impl Reader<'_> {
    fn err(&self, code: ErrorCode, column: &str, message: String) -> RowError {
        let cell = self
            .layout
            .index
            .get(column)
            .copied()
            .or_else(|| {
                self.layout
                    .criteria
                    .iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, i)| *i)
            })
            .map(|i| self.table.cell_ref(self.row.number, i));
        RowError {
            code,
            column: Some(column.to_owned()),
            cell,
            message,
        }
    }

    fn value(&self, column: &str) -> &Value {
        self.layout
            .index
            .get(column)
            .map_or(&Value::Empty, |&i| self.row.cell(i))
    }

    fn text(&self, column: &str) -> Option<String> {
        let v = self.value(column);
        if v.is_empty() {
            None
        } else {
            v.text()
        }
    }

    /// The trimmed text of a text cell, without a copy (`None` for other cells and blanks).
    fn str_of(&self, column: &str) -> Option<&str> {
        match self.value(column) {
            Value::Text(s) => Some(s.trim()).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    fn required_text(&self, column: &str) -> Res<String> {
        self.text(column).ok_or_else(|| {
            self.err(
                ErrorCode::MissingField,
                column,
                format!("thiếu giá trị ở cột {column:?}"),
            )
        })
    }

    fn date(&self, column: &str) -> Res<Option<Date>> {
        match self.value(column) {
            Value::Empty => Ok(None),
            Value::Date(d) => Ok(Some(*d)),
            Value::Text(s) if s.trim().is_empty() => Ok(None),
            Value::Text(s) => {
                let t = s.trim();
                // A spreadsheet's date written out with a time of day: keep the day.
                let day = t.split_once(['T', ' ']).map_or(t, |(d, _)| d);
                Date::parse(day, "").map(Some).map_err(|_| {
                    self.err(
                        ErrorCode::InvalidDate,
                        column,
                        format!(
                            "cột {column:?}: {} không phải ngày hợp lệ dạng YYYY-MM-DD (1900–2999)",
                            ocop_core::error::quoted(t)
                        ),
                    )
                })
            }
            other => Err(self.err(
                ErrorCode::WrongType,
                column,
                format!(
                    "cột {column:?}: cần một ngày dạng YYYY-MM-DD, gặp {}",
                    other.text().unwrap_or_default()
                ),
            )),
        }
    }

    fn required_date(&self, column: &str) -> Res<Date> {
        self.date(column)?.ok_or_else(|| {
            self.err(
                ErrorCode::MissingField,
                column,
                format!("thiếu giá trị ở cột {column:?}"),
            )
        })
    }

    fn whole(&self, column: &str, lo: u32, hi: u32, what: &str) -> Res<u32> {
        // The common case, a whole number written as text, read without a copy.
        if let Some(n) = self
            .str_of(column)
            .and_then(|t| t.parse::<u32>().ok())
            .filter(|n| (lo..=hi).contains(n))
        {
            return Ok(n);
        }
        let t = self.required_text(column)?;
        let n = match self.value(column) {
            Value::Int(i) => u32::try_from(*i).ok(),
            Value::Number(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => {
                format!("{f}").trim_end_matches(".0").parse().ok()
            }
            _ => t.parse::<u32>().ok(),
        };
        n.filter(|n| (lo..=hi).contains(n)).ok_or_else(|| {
            self.err(
                ErrorCode::InvalidNumber,
                column,
                format!(
                    "cột {column:?}: {what} phải là số nguyên từ {lo} đến {hi}, gặp {}",
                    ocop_core::error::quoted(&t)
                ),
            )
        })
    }

    fn answer(&self, code: &str, i: usize) -> Res<Option<AnswerValue>> {
        let bad = |shown: String| {
            self.err(
                ErrorCode::InvalidNumber,
                code,
                format!(
                    "tiêu chí {code}: cần số thứ tự phương án (1, 2, …) hoặc một danh sách \"1;3\", gặp {}",
                    ocop_core::error::quoted(&shown)
                ),
            )
        };
        let v = self.row.cell(i);
        let one = |s: &str| -> Option<u32> {
            let s = s.trim();
            s.parse::<u32>()
                .ok()
                .or_else(|| s.strip_suffix(".0").and_then(|w| w.parse::<u32>().ok()))
        };
        match v {
            Value::Empty => Ok(None),
            Value::Int(n) => u32::try_from(*n)
                .map(|n| Some(AnswerValue::One(n)))
                .map_err(|_| bad(n.to_string())),
            Value::Number(_) | Value::Text(_) => {
                let t = v.text().unwrap_or_default();
                if t.is_empty() {
                    return Ok(None);
                }
                let inner = t.trim_start_matches('[').trim_end_matches(']');
                if inner.contains([';', ',', ' ']) {
                    let parts: Option<Vec<u32>> = inner
                        .split([';', ',', ' '])
                        .filter(|p| !p.trim().is_empty())
                        .map(one)
                        .collect();
                    parts
                        .map(|p| Some(AnswerValue::Many(p)))
                        .ok_or_else(|| bad(t))
                } else if t.starts_with('[') {
                    one(inner)
                        .map(|n| Some(AnswerValue::Many(vec![n])))
                        .ok_or_else(|| bad(t))
                } else {
                    one(&t)
                        .map(|n| Some(AnswerValue::One(n)))
                        .ok_or_else(|| bad(t))
                }
            }
            other => Err(bad(other.text().unwrap_or_default())),
        }
    }
}

/// Reads one row: the entry, or its first error (columns checked in the documented order)
/// with the identity that could be read.
pub fn read_row(
    table: &Table,
    layout: &Layout,
    row: &crate::table::Row,
) -> (Identity, Result<Entry, RowError>) {
    let r = Reader { table, layout, row };
    let identity = || Identity {
        product_id: r.text("product_id"),
        product_name: r.text("product_name"),
    };
    if let Some(e) = &row.error {
        return (
            identity(),
            Err(RowError {
                code: e.code,
                column: None,
                cell: Some(table.cell_ref(row.number, 0)),
                message: e.message.clone(),
            }),
        );
    }
    match read_entry(&r) {
        Ok(e) => (Identity::default(), Ok(e)),
        Err(e) => (identity(), Err(e)),
    }
}

fn read_entry(r: &Reader<'_>) -> Res<Entry> {
    let product_id = r.required_text("product_id")?;
    let product_name = r.required_text("product_name")?;
    let owner = r.required_text("owner")?;
    let commune = r.required_text("commune")?;
    let district = r.text("district");
    let province = r.required_text("province")?;
    let product_set = r.whole("product_set", 1, 99, "bộ sản phẩm")?;
    let edition = r.text("edition");
    let stars = r.whole(
        "stars",
        3,
        5,
        "số sao của sản phẩm được cấp giấy chứng nhận",
    )?;
    let fast_total = r.str_of("total").and_then(Decimal::parse);
    let total_text = match fast_total {
        Some(_) => String::new(),
        None => r.required_text("total")?,
    };
    let total = match r.value("total") {
        Value::Text(_) if fast_total.is_some() => fast_total,
        Value::Int(i) => u32::try_from(*i).ok().map(Decimal::whole),
        _ => Decimal::parse(&total_text),
    }
    .filter(|t| t.cmp_whole(100) != Ordering::Greater)
    .ok_or_else(|| {
        r.err(
            ErrorCode::InvalidNumber,
            "total",
            format!(
                "cột \"total\": tổng điểm phải là số thập phân từ 0 đến 100, gặp {}",
                ocop_core::error::quoted(&total_text)
            ),
        )
    })?;
    let issued = r.required_date("issued")?;
    let expires = r.date("expires")?;
    let certificate_no = r.text("certificate_no");
    let sector = r.text("sector");
    let reevaluation_filed = r.date("reevaluation_filed")?;
    let result_on = r.date("result_on")?;
    let mut answers = BTreeMap::new();
    let mut empty = 0usize;
    for (code, i) in &r.layout.criteria {
        match r.answer(code, *i)? {
            Some(a) => {
                answers.insert(code.clone(), a);
            }
            None => empty += 1,
        }
    }
    let partial = !answers.is_empty() && empty > 0;
    Ok(Entry {
        row: r.row.number,
        product_id,
        product_name,
        owner,
        commune,
        district,
        province,
        product_set: u8::try_from(product_set).unwrap_or(0),
        edition,
        stars: u8::try_from(stars).unwrap_or(0),
        total,
        issued,
        expires,
        certificate_no,
        sector,
        reevaluation_filed,
        result_on,
        answers,
        partial,
    })
}

/// The error of a row located at a column (for errors found after reading).
#[must_use]
pub fn error_at(
    table: &Table,
    layout: &Layout,
    row: usize,
    code: ErrorCode,
    column: &str,
    message: String,
) -> RowError {
    let idx = table.column(column);
    let _ = layout;
    RowError {
        code,
        column: Some(column.to_owned()),
        cell: idx.map(|i| table.cell_ref(row, i)),
        message,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn decimals_are_exact() {
        let d = Decimal::parse("59.99").unwrap();
        assert_eq!(d.cmp_whole(60), Ordering::Less);
        assert_eq!(
            Decimal::parse("60.000").unwrap().cmp_whole(60),
            Ordering::Equal
        );
        assert_eq!(Decimal::parse("49,5").unwrap().to_string(), "49.5");
        assert_eq!(
            Decimal::parse("55").unwrap().missing_to(70).to_string(),
            "15"
        );
        assert_eq!(
            Decimal::parse("65.25").unwrap().missing_to(70).to_string(),
            "4.75"
        );
        assert_eq!(
            Decimal::parse("75").unwrap().missing_to(70).to_string(),
            "0"
        );
        assert_eq!(
            Decimal::parse("73.66666666666667").unwrap().to_string(),
            "73.66666666666667"
        );
        for bad in ["", "-1", "1e2", "5.", ".5", "abc", "1.2.3", "12345678"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn criterion_codes() {
        assert!(is_criterion_code("1.1"));
        assert!(is_criterion_code("6.1.1"));
        assert!(is_criterion_code("7"));
        assert!(!is_criterion_code("notes"));
        assert!(!is_criterion_code("1..2"));
    }
}
