//! A province's portfolio (issue 14): the register of certified products analysed on a date —
//! each certificate's standing, expiry and re-evaluation window, the 3★ products under 60
//! points, the points missing to the next star (with the advisor's plan when the row carries
//! the council's answers), counts by stars, sector, product set and area, the events of the
//! next 30/90/180 days, and progress against targets.
//!
//! Every rule comes from `ocop-core`: validity, extension and standing from
//! [`ocop_core::certificate`] ([`certificate_in`], [`Certificate::standing_on`]), the window's
//! state from [`Window::state_on`], the bands from the edition data ([`Edition::band_of`],
//! [`Edition::band_min`]), sectors and product sets from the sheets, the plan from
//! [`ocop_core::advise::advise_in`]. This module reads, counts and lays out.
//!
//! Format of the register and of the output: `docs/portfolio.md`.
//!
//! [`Certificate::standing_on`]: ocop_core::certificate::Certificate::standing_on
//! [`Window::state_on`]: ocop_core::certificate::Window::state_on
//! [`Edition::band_of`]: ocop_core::data::Edition::band_of
//! [`Edition::band_min`]: ocop_core::data::Edition::band_min

pub mod charts;
pub mod html;
pub mod register;
pub mod targets;
pub mod xlsx;

use crate::table::Table;
use ocop_core::advise::{advise_in, Constraints, ReasonCode};
use ocop_core::certificate::{
    certificate_in, Certificate, CertificateQuery, Standing, WindowState,
};
use ocop_core::contract::{AnswerValue, ScoreRequest};
use ocop_core::date::Date;
use ocop_core::error::{Error, ErrorCode, Errors};
use ocop_core::registry::Registry;
use register::{read_row, Entry, Layout, RowError};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
pub use targets::{read_targets, Target, TargetProgress};

/// The upper bound (exclusive) of a "3 sao non" total: a 3★ product scoring 50 to under 60.
/// Not a rule of any decision: the provincial OCOP plans use it (e.g. Bắc Kạn: "hơn 80% sản
/// phẩm 3 sao đạt 50 đến dưới 60 điểm"), issue 14. The lower bound is the edition's 3★ band.
pub const THREE_STAR_NON_BELOW: u32 = 60;

/// The horizons of `upcoming`, in days after the date of the analysis.
pub const HORIZONS: [i64; 3] = [30, 90, 180];

/// The re-evaluation window of a row on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowOut {
    /// First day to file (inclusive).
    pub opens: Date,
    /// Last day to file (inclusive).
    pub closes: Date,
    /// `not_open`, `open` or `closed` on the date.
    pub state: WindowState,
    /// `false` when the window closed before QĐ 26/2026 (which set it) took effect.
    pub applies: bool,
}

/// One change of the advisor's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanChange {
    /// Criterion code.
    pub criterion: String,
    /// Current answer.
    pub from: Option<AnswerValue>,
    /// Advised answer.
    pub to: AnswerValue,
    /// Points gained.
    pub points_gained: u32,
    /// Forced by a star minimum (or an elimination trigger).
    pub required_by_minimum: bool,
}

/// The advisor's cheapest plan on the row's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanOut {
    /// Whether the target can be reached.
    pub reachable: bool,
    /// Why not (the advisor's reason code), when unreachable.
    pub reason: Option<ReasonCode>,
    /// The answers' own total.
    pub total_before: u32,
    /// Points the answers' total must rise.
    pub points_needed: u32,
    /// The changes, in printed order.
    pub changes: Vec<PlanChange>,
}

/// What the next star needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStar {
    /// The next star level.
    pub target: u8,
    /// Its band minimum in the row's edition.
    pub band_min: u32,
    /// Points missing from the row's total to that minimum (exact decimal; `"0"` when the total
    /// reaches it and only star minimums hold the product back).
    pub points_missing: String,
    /// The advisor's plan, when the row has answers.
    pub plan: Option<PlanOut>,
}

/// Something on a row worth a look that does not stop its analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// `expires_differs`, `sector_differs` or `answers_total_differs`.
    pub code: &'static str,
    /// The column concerned.
    pub column: String,
    /// Explanation (Vietnamese).
    pub message: String,
}

/// A row's error, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowErrorOut {
    /// Stable code (the core's codes).
    pub code: ErrorCode,
    /// Column at fault (`null`: the whole row).
    pub column: Option<String>,
    /// Cell (`F12`), or `line 12` for JSON lines.
    pub cell: Option<String>,
    /// JSON Pointer into the register: `/<row>/<column>`.
    pub path: String,
    /// Explanation.
    pub message: String,
}

/// One product's analysis (or its error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductOut {
    /// Row number in the file.
    pub row: usize,
    /// `product_id` (null when unreadable).
    pub product_id: Option<String>,
    /// `product_name`.
    pub product_name: Option<String>,
    /// `owner`.
    pub owner: Option<String>,
    /// `commune`.
    pub commune: Option<String>,
    /// `district`.
    pub district: Option<String>,
    /// Product set number.
    pub product_set: Option<u8>,
    /// The product set's name in the row's edition.
    pub product_set_name: Option<String>,
    /// The sector of the product set in the row's edition, as the data prints it.
    pub sector: Option<String>,
    /// Edition of the certificate.
    pub edition: Option<String>,
    /// `true` when the edition was inferred from the issue date.
    pub edition_inferred: Option<bool>,
    /// Stars.
    pub stars: Option<u8>,
    /// Total (exact decimal).
    pub total: Option<String>,
    /// Issue date.
    pub issued: Option<Date>,
    /// Standing on the date.
    pub standing: Option<Standing>,
    /// Expiry (last day of the 36 months).
    pub expires: Option<Date>,
    /// Last day of validity, extension included.
    pub valid_until: Option<Date>,
    /// The re-evaluation window.
    pub window: Option<WindowOut>,
    /// Days from the date to `expires` (negative once past).
    pub days_to_expiry: Option<i64>,
    /// A 3★ product with a total under 60.
    pub three_star_non: Option<bool>,
    /// What the next star needs (null at 5★).
    pub next_star: Option<NextStar>,
    /// Findings that do not stop the analysis.
    pub flags: Vec<Flag>,
    /// The row's error, or null.
    pub error: Option<RowErrorOut>,
}

/// Counts of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Products of the group (rows without error).
    pub count: u64,
    /// Of which valid or extended on the date.
    pub valid: u64,
    /// Valid products by stars (`"3"`, `"4"`, `"5"`).
    pub stars: BTreeMap<String, u64>,
    /// Valid 3★ products under 60 points.
    pub three_star_non: u64,
}

/// The keys of a count by stars, without an allocation per row.
const STAR_KEYS: [&str; 6] = ["0", "1", "2", "3", "4", "5"];

/// `map[key] += n`, allocating the key only the first time it is seen.
fn bump(map: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(v) => *v += n,
        None => {
            map.insert(key.to_owned(), n);
        }
    }
}

/// Applies `f` to `map[key]`, inserted as [`Counts::zero`] (the key allocated) the first time
/// it is seen.
fn in_group(map: &mut BTreeMap<String, Counts>, key: &str, f: impl FnOnce(&mut Counts)) {
    match map.get_mut(key) {
        Some(c) => f(c),
        None => {
            let mut c = Counts::zero();
            f(&mut c);
            map.insert(key.to_owned(), c);
        }
    }
}

impl Counts {
    fn add(&mut self, stars: u8, valid: bool, non: bool) {
        self.count += 1;
        if valid {
            self.valid += 1;
            match STAR_KEYS.get(usize::from(stars)) {
                Some(k) => bump(&mut self.stars, k, 1),
                None => bump(&mut self.stars, &stars.to_string(), 1),
            }
            if non {
                self.three_star_non += 1;
            }
        }
    }

    /// Adds another group's counts (groups that share a label).
    fn merge(&mut self, other: &Counts) {
        self.count += other.count;
        self.valid += other.valid;
        self.three_star_non += other.three_star_non;
        for (k, n) in &other.stars {
            bump(&mut self.stars, k, *n);
        }
    }

    fn zero() -> Counts {
        Counts {
            stars: ["3", "4", "5"]
                .iter()
                .map(|s| ((*s).to_owned(), 0))
                .collect(),
            ..Counts::default()
        }
    }
}

/// A named group's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The group's key (sector label, `"<n>. <name>"` of a product set, area name).
    pub key: String,
    /// Counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts by area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ByArea {
    /// `district` when the register has a district column, else `commune`.
    pub level: &'static str,
    /// One group per area.
    pub groups: Vec<Group>,
}

/// Counts of the register on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Rows read.
    pub rows: u64,
    /// Rows with an error.
    pub errors: u64,
    /// Rows analysed.
    pub products: u64,
    /// By standing.
    pub standing: BTreeMap<String, u64>,
    /// Valid or extended.
    pub valid: u64,
    /// Valid 3★ products.
    pub three_star: u64,
    /// Valid 3★ products under 60 points.
    pub three_star_non: u64,
    /// Rows whose window is open on the date.
    pub window_open: u64,
    /// Rows with a flag.
    pub flagged: u64,
}

/// The register's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Totals.
    pub totals: Totals,
    /// By stars (`"3"`, `"4"`, `"5"`).
    pub by_stars: BTreeMap<String, Counts>,
    /// By sector of the classification.
    pub by_sector: Vec<Group>,
    /// By product set.
    pub by_product_set: Vec<Group>,
    /// By district (or commune).
    pub by_area: ByArea,
    /// Events within each horizon (`"30"`, `"90"`, `"180"`), by kind.
    pub upcoming: BTreeMap<String, BTreeMap<String, u64>>,
}

/// The kind of an upcoming event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The re-evaluation window opens.
    WindowOpens,
    /// The re-evaluation window closes (its last day).
    WindowCloses,
    /// The certificate's last day of the 36 months.
    Expires,
    /// The last day of an extension.
    ExtensionEnds,
}

impl EventKind {
    /// The kind's JSON name.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            EventKind::WindowOpens => "window_opens",
            EventKind::WindowCloses => "window_closes",
            EventKind::Expires => "expires",
            EventKind::ExtensionEnds => "extension_ends",
        }
    }
}

/// One upcoming event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The day.
    pub date: Date,
    /// What happens.
    pub event: EventKind,
    /// Days after the date of the analysis (0 = that day).
    pub days: i64,
    /// The smallest horizon (30, 90, 180) that holds it.
    pub within: i64,
    /// Row of the product.
    pub row: usize,
    /// Product id.
    pub product_id: String,
    /// Product name.
    pub product_name: String,
}

/// The whole analysis: the JSON document of `ocop portfolio`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Portfolio {
    /// Always `"success"` (a register that cannot be read at all is a failure outcome).
    pub status: &'static str,
    /// Date of the analysis.
    pub on: Date,
    /// Columns of the register that were ignored (neither known nor criterion codes).
    pub ignored_columns: Vec<String>,
    /// One entry per row, in file order.
    pub products: Vec<ProductOut>,
    /// Counts.
    pub summary: Summary,
    /// Events of the next 180 days, by date.
    pub upcoming: Vec<Event>,
    /// Progress against each target.
    pub targets: Vec<TargetProgress>,
}

/// A sector label of the data, normalised for grouping: the Roman numeral and the name in
/// sentence case without the leading `NGÀNH` / `SẢN PHẨM` word, so `"I. NGÀNH THỰC PHẨM"`,
/// `"I. Thực phẩm"` and `"I. SẢN PHẨM THỰC PHẨM"` are one group `"I. Thực phẩm"`. Sectors
/// whose names differ (1048's `"V. NGÀNH VẢI, MAY MẶC"` and 148's `"V. Sinh vật cảnh"`) stay
/// apart.
#[must_use]
pub fn sector_label(sector: &str) -> String {
    let (numeral, name) = split_sector(sector);
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    let sentence: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    match numeral {
        Some(n) => format!("{n}. {sentence}"),
        None => sentence,
    }
}

fn split_sector(sector: &str) -> (Option<String>, String) {
    let s = sector.trim();
    let (numeral, rest) = match s.split_once('.') {
        Some((n, rest))
            if !n.trim().is_empty() && n.trim().chars().all(|c| "IVXivx".contains(c)) =>
        {
            (Some(n.trim().to_uppercase()), rest.trim())
        }
        _ if !s.is_empty() && s.chars().all(|c| "IVXivx".contains(c)) => {
            (Some(s.to_uppercase()), "")
        }
        _ => (None, s),
    };
    let lower = rest.to_lowercase();
    let name = ["ngành ", "sản phẩm "]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(str::to_owned))
        .unwrap_or(lower);
    (numeral, name.trim().to_owned())
}

/// `true` when a register's `sector` value names the data's sector: the numeral, the name, or
/// both, case and the leading `ngành` / `sản phẩm` aside.
fn sector_matches(given: &str, data: &str) -> bool {
    let (gn, gname) = split_sector(given);
    let (dn, dname) = split_sector(data);
    let numeral_ok = gn.is_none() || gn == dn;
    let name_ok = gname.is_empty() || gname == dname;
    numeral_ok && name_ok && (gn.is_some() || !gname.is_empty())
}

fn roman_value(label: &str) -> u32 {
    let numeral = label.split('.').next().unwrap_or_default();
    let mut total = 0i64;
    let mut prev = 0i64;
    for c in numeral.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            _ => return 99,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    u32::try_from(total).unwrap_or(99)
}

fn row_error(row: usize, e: RowError) -> RowErrorOut {
    let path = match &e.column {
        Some(c) => format!(
            "/{row}/{}",
            ocop_core::error::pointer("", c).trim_start_matches('/')
        ),
        None => format!("/{row}"),
    };
    RowErrorOut {
        code: e.code,
        column: e.column,
        cell: e.cell,
        path,
        message: e.message,
    }
}

/// A core error on a row, located at the column its path names (`/issued` → `issued`,
/// `/answers/1.1` → `1.1`).
fn core_error(table: &Table, layout: &Layout, row: usize, e: &Error) -> RowError {
    let column = e
        .path
        .strip_prefix("/answers/")
        .or_else(|| e.path.strip_prefix('/'))
        .map(|c| {
            c.split('/')
                .next()
                .unwrap_or(c)
                .replace("~1", "/")
                .replace("~0", "~")
        })
        .map(|c| if c == "date" { "issued".to_owned() } else { c });
    match column {
        Some(c) if !c.is_empty() => {
            register::error_at(table, layout, row, e.code, &c, e.message.clone())
        }
        _ => RowError {
            code: e.code,
            column: None,
            cell: None,
            message: e.message.clone(),
        },
    }
}

struct Analysed<'r> {
    out: ProductOut,
    ok: Option<OkRow<'r>>,
}

/// What the counts need of an analysed row (the certificate itself is dropped once read).
struct OkRow<'r> {
    stars: u8,
    valid: bool,
    non: bool,
    /// Index into the sector labels.
    sector: usize,
    set_key: (u8, &'r str),
    area: String,
    standing: Standing,
    window_open: bool,
    events: [Option<(EventKind, Date)>; 4],
}

impl OkRow<'_> {
    fn events(&self) -> impl Iterator<Item = (EventKind, Date)> + '_ {
        self.events.iter().flatten().copied()
    }
}

/// An analysed row before it is counted: its output, its counts, its certificate (for the
/// targets) and its sheet's sector as the data prints it.
type Done<'r> = (ProductOut, OkRow<'r>, Certificate, &'r str, &'r str);

fn analyse_entry<'r>(
    reg: &'r Registry,
    table: &Table,
    layout: &Layout,
    e: Entry,
    on: Date,
) -> Result<Done<'r>, RowError> {
    let q = CertificateQuery {
        issued: e.issued,
        edition: e.edition.clone(),
        on: Some(on),
        reevaluation_filed: e.reevaluation_filed,
        result_on: e.result_on,
    };
    let cert = certificate_in(reg, &q).map_err(|Errors(errs)| match errs.first() {
        Some(x) => core_error(table, layout, e.row, x),
        None => RowError {
            code: ErrorCode::InvalidData,
            column: None,
            cell: None,
            message: "no error reported".into(),
        },
    })?;
    let edition = reg
        .require_edition(&cert.edition, "/edition")
        .map_err(|x| core_error(table, layout, e.row, &x))?;
    let sheet = reg
        .require_sheet(edition, e.product_set, "/product_set")
        .map_err(|x| core_error(table, layout, e.row, &x))?;
    let (num, den) = e.total.fraction();
    let band = edition.band_of(num, den);
    if e.stars > band {
        return Err(register::error_at(
            table,
            layout,
            e.row,
            ErrorCode::ConflictingFields,
            "stars",
            format!(
                "{}★ vượt hạng của tổng điểm {} ({}★ theo {})",
                e.stars, e.total, band, edition.meta.decision
            ),
        ));
    }
    let mut flags = Vec::new();
    if let Some(given) = e.expires {
        if given != cert.expires {
            flags.push(Flag {
                code: "expires_differs",
                column: "expires".into(),
                message: format!(
                    "sổ ghi hết hạn {given}, theo quy định là {} (36 tháng từ {}); dùng {}",
                    cert.expires, e.issued, cert.expires
                ),
            });
        }
    }
    if let Some(given) = &e.sector {
        if !sector_matches(given, &sheet.sector) {
            flags.push(Flag {
                code: "sector_differs",
                column: "sector".into(),
                message: format!(
                    "sổ ghi ngành {given:?}, bộ sản phẩm {} của {} thuộc {:?}",
                    e.product_set, edition.meta.id, sheet.sector
                ),
            });
        }
    }
    let three_min = edition.band_min(3).unwrap_or(u32::MAX);
    let non = e.stars == 3
        && e.total.cmp_whole(three_min) != Ordering::Less
        && e.total.cmp_whole(THREE_STAR_NON_BELOW) == Ordering::Less;
    let next_star = if e.stars >= 5 {
        None
    } else {
        let target = e.stars + 1;
        let band_min = edition.band_min(target).unwrap_or(u32::MAX);
        let plan = if e.answers.is_empty() {
            None
        } else {
            let req = ScoreRequest {
                edition: cert.edition.clone(),
                product_set: e.product_set.to_string(),
                answers: e.answers.clone(),
                partial: e.partial,
                ..ScoreRequest::default()
            };
            let advice = advise_in(reg, &req, Some(target), &Constraints::default()).map_err(
                |Errors(errs)| match errs.first() {
                    Some(x) => core_error(table, layout, e.row, x),
                    None => RowError {
                        code: ErrorCode::InvalidData,
                        column: None,
                        cell: None,
                        message: "no error reported".into(),
                    },
                },
            )?;
            if e.total.cmp_whole(advice.total_before) != Ordering::Equal {
                flags.push(Flag {
                    code: "answers_total_differs",
                    column: "total".into(),
                    message: format!(
                        "các câu trả lời cho {} điểm, sổ ghi tổng điểm {}",
                        advice.total_before, e.total
                    ),
                });
            }
            Some(PlanOut {
                reachable: advice.reachable,
                reason: advice.reason.map(|r| r.code),
                total_before: advice.total_before,
                points_needed: advice.points_needed,
                changes: advice
                    .changes
                    .into_iter()
                    .map(|c| PlanChange {
                        criterion: c.criterion,
                        from: c.from,
                        to: c.to,
                        points_gained: c.points_gained,
                        required_by_minimum: c.required_by_minimum,
                    })
                    .collect(),
            })
        };
        Some(NextStar {
            target,
            band_min,
            points_missing: e.total.missing_to(band_min).to_string(),
            plan,
        })
    };
    let standing = cert.standing_on(on);
    let valid = matches!(standing, Standing::Valid | Standing::Extended);
    let window = &cert.reevaluation_window;
    let area = if layout.has_district() {
        e.district
            .clone()
            .unwrap_or_else(|| "(không ghi)".to_owned())
    } else {
        e.commune.clone()
    };
    let window_state = window.state_on(on);
    let out = ProductOut {
        row: e.row,
        product_id: Some(e.product_id),
        product_name: Some(e.product_name),
        owner: Some(e.owner),
        commune: Some(e.commune),
        district: e.district,
        product_set: Some(e.product_set),
        product_set_name: Some(sheet.name.clone()),
        sector: Some(sheet.sector.clone()),
        edition: Some(cert.edition.clone()),
        edition_inferred: Some(cert.edition_inferred),
        stars: Some(e.stars),
        total: Some(e.total.to_string()),
        issued: Some(e.issued),
        standing: Some(standing),
        expires: Some(cert.expires),
        valid_until: Some(cert.valid_until),
        window: Some(WindowOut {
            opens: window.opens,
            closes: window.closes,
            state: window_state,
            applies: window.applies,
        }),
        days_to_expiry: Some(on.days_until(cert.expires)),
        three_star_non: Some(non),
        next_star,
        flags,
        error: None,
    };
    let ok = OkRow {
        stars: e.stars,
        valid,
        non,
        sector: 0,
        set_key: (e.product_set, sheet.name.as_str()),
        area,
        standing,
        window_open: window_state == WindowState::Open,
        events: events_of(&cert),
    };
    Ok((
        out,
        ok,
        cert,
        edition.meta.id.as_str(),
        sheet.sector.as_str(),
    ))
}

fn failed(row: usize, identity: register::Identity, e: RowError) -> ProductOut {
    ProductOut {
        row,
        product_id: identity.product_id,
        product_name: identity.product_name,
        owner: None,
        commune: None,
        district: None,
        product_set: None,
        product_set_name: None,
        sector: None,
        edition: None,
        edition_inferred: None,
        stars: None,
        total: None,
        issued: None,
        standing: None,
        expires: None,
        valid_until: None,
        window: None,
        days_to_expiry: None,
        three_star_non: None,
        next_star: None,
        flags: Vec::new(),
        error: Some(row_error(row, e)),
    }
}

fn standing_code(s: Standing) -> &'static str {
    match s {
        Standing::NotYetIssued => "not_yet_issued",
        Standing::Valid => "valid",
        Standing::Extended => "extended",
        Standing::Expired => "expired",
    }
}

/// Analyses a register on a date, against targets.
///
/// # Errors
/// Only what stops the whole register: a required column missing (`missing_field`), or the
/// embedded data failing to load. Every row's own problem is reported on the row.
pub fn analyse(
    reg: &Registry,
    table: &Table,
    on: Date,
    targets: &[Target],
) -> Result<Portfolio, Error> {
    let layout = Layout::of(table)?;
    let mut seen: HashSet<String> = HashSet::with_capacity(table.rows.len());
    let mut rows: Vec<Analysed<'_>> = Vec::with_capacity(table.rows.len());
    let mut labels: Vec<String> = Vec::new();
    let mut label_of: HashMap<(&str, u8), usize> = HashMap::new();
    let mut counters: Vec<targets::Counter> = targets.iter().map(targets::Counter::new).collect();
    for row in &table.rows {
        let (mut identity, read) = read_row(table, &layout, row);
        let result = read.and_then(|entry| {
            // Kept for the report of a row that fails after it was read.
            identity = register::Identity {
                product_id: Some(entry.product_id.clone()),
                product_name: Some(entry.product_name.clone()),
            };
            if !seen.insert(entry.product_id.clone()) {
                return Err(register::error_at(
                    table,
                    &layout,
                    row.number,
                    ErrorCode::DuplicateKey,
                    "product_id",
                    format!("mã sản phẩm {:?} đã có ở một dòng trước", entry.product_id),
                ));
            }
            analyse_entry(reg, table, &layout, entry, on)
        });
        rows.push(match result {
            Ok((out, mut ok, cert, edition, sector)) => {
                let key = (edition, ok.set_key.0);
                ok.sector = match label_of.get(&key) {
                    Some(&i) => i,
                    None => {
                        labels.push(sector_label(sector));
                        label_of.insert(key, labels.len() - 1);
                        labels.len() - 1
                    }
                };
                let label = labels.get(ok.sector).map_or("", String::as_str);
                for c in &mut counters {
                    c.add(ok.stars, &cert, label, on);
                }
                Analysed { out, ok: Some(ok) }
            }
            Err(e) => Analysed {
                out: failed(row.number, identity, e),
                ok: None,
            },
        });
    }
    let summary = summarise(&rows, &labels, &layout, on);
    let upcoming = upcoming(&rows, on);
    let progress = counters.into_iter().map(|c| c.finish(on)).collect();
    Ok(Portfolio {
        status: "success",
        on,
        ignored_columns: layout.ignored.clone(),
        products: rows.into_iter().map(|r| r.out).collect(),
        summary,
        upcoming,
        targets: progress,
    })
}

fn summarise(rows: &[Analysed<'_>], labels: &[String], layout: &Layout, on: Date) -> Summary {
    let mut totals = Totals {
        rows: 0,
        errors: 0,
        products: 0,
        standing: ["not_yet_issued", "valid", "extended", "expired"]
            .iter()
            .map(|s| ((*s).to_owned(), 0))
            .collect(),
        valid: 0,
        three_star: 0,
        three_star_non: 0,
        window_open: 0,
        flagged: 0,
    };
    let mut by_stars: BTreeMap<String, Counts> = ["3", "4", "5"]
        .iter()
        .map(|s| ((*s).to_owned(), Counts::zero()))
        .collect();
    let mut by_label: Vec<Counts> = labels.iter().map(|_| Counts::zero()).collect();
    let mut sets: BTreeMap<(u8, &str), Counts> = BTreeMap::new();
    let mut areas: BTreeMap<String, Counts> = BTreeMap::new();
    for r in rows {
        totals.rows += 1;
        let Some(ok) = &r.ok else {
            totals.errors += 1;
            continue;
        };
        totals.products += 1;
        bump(&mut totals.standing, standing_code(ok.standing), 1);
        if !r.out.flags.is_empty() {
            totals.flagged += 1;
        }
        if ok.valid {
            totals.valid += 1;
            if ok.stars == 3 {
                totals.three_star += 1;
                if ok.non {
                    totals.three_star_non += 1;
                }
            }
        }
        if ok.window_open {
            totals.window_open += 1;
        }
        let add = |c: &mut Counts| c.add(ok.stars, ok.valid, ok.non);
        match STAR_KEYS.get(usize::from(ok.stars)) {
            Some(k) => in_group(&mut by_stars, k, add),
            None => in_group(&mut by_stars, &ok.stars.to_string(), add),
        }
        if let Some(c) = by_label.get_mut(ok.sector) {
            c.add(ok.stars, ok.valid, ok.non);
        }
        sets.entry(ok.set_key)
            .or_insert_with(Counts::zero)
            .add(ok.stars, ok.valid, ok.non);
        in_group(&mut areas, &ok.area, |c| c.add(ok.stars, ok.valid, ok.non));
    }
    // Sector labels repeat over editions and sets: counted per label index, merged by text.
    let mut sectors: BTreeMap<String, Counts> = BTreeMap::new();
    for (label, counts) in labels.iter().zip(&by_label) {
        if counts.count > 0 {
            in_group(&mut sectors, label, |c| c.merge(counts));
        }
    }
    let mut by_sector: Vec<Group> = sectors
        .into_iter()
        .map(|(key, counts)| Group { key, counts })
        .collect();
    by_sector.sort_by(|a, b| {
        roman_value(&a.key)
            .cmp(&roman_value(&b.key))
            .then_with(|| a.key.cmp(&b.key))
    });
    let mut upcoming_counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for h in HORIZONS {
        let mut m: BTreeMap<String, u64> = [
            EventKind::WindowOpens,
            EventKind::WindowCloses,
            EventKind::Expires,
            EventKind::ExtensionEnds,
        ]
        .iter()
        .map(|k| (k.code().to_owned(), 0))
        .collect();
        for r in rows.iter().filter_map(|r| r.ok.as_ref()) {
            for (kind, date) in r.events() {
                let d = on.days_until(date);
                if (0..=h).contains(&d) {
                    bump(&mut m, kind.code(), 1);
                }
            }
        }
        upcoming_counts.insert(h.to_string(), m);
    }
    Summary {
        totals,
        by_stars,
        by_sector,
        by_product_set: sets
            .into_iter()
            .map(|((n, name), counts)| Group {
                key: format!("{n}. {name}"),
                counts,
            })
            .collect(),
        by_area: ByArea {
            level: if layout.has_district() {
                "district"
            } else {
                "commune"
            },
            groups: areas
                .into_iter()
                .map(|(key, counts)| Group { key, counts })
                .collect(),
        },
        upcoming: upcoming_counts,
    }
}

/// A certificate's dated events: the window's first and last day, the expiry, and the end of
/// an extension.
fn events_of(c: &Certificate) -> [Option<(EventKind, Date)>; 4] {
    [
        Some((EventKind::WindowOpens, c.reevaluation_window.opens)),
        Some((EventKind::WindowCloses, c.reevaluation_window.closes)),
        Some((EventKind::Expires, c.expires)),
        c.extension
            .as_ref()
            .map(|x| (EventKind::ExtensionEnds, x.until)),
    ]
}

fn upcoming(rows: &[Analysed<'_>], on: Date) -> Vec<Event> {
    let last = HORIZONS.iter().copied().max().unwrap_or(0);
    let mut out = Vec::new();
    for r in rows {
        let Some(ok) = &r.ok else { continue };
        for (kind, date) in ok.events() {
            let days = on.days_until(date);
            if (0..=last).contains(&days) {
                let within = HORIZONS
                    .iter()
                    .copied()
                    .find(|h| days <= *h)
                    .unwrap_or(last);
                out.push(Event {
                    date,
                    event: kind,
                    days,
                    within,
                    row: r.out.row,
                    product_id: r.out.product_id.clone().unwrap_or_default(),
                    product_name: r.out.product_name.clone().unwrap_or_default(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.row.cmp(&b.row))
            .then(a.event.cmp(&b.event))
    });
    out
}

/// Reads a register file and analyses it: the CLI's and the Python package's entry point.
///
/// # Errors
/// What stops the whole register (see [`Table::read`] and [`analyse`]).
pub fn analyse_bytes(
    name: &str,
    bytes: &[u8],
    on: Date,
    targets: &[Target],
) -> Result<Portfolio, Error> {
    let reg = ocop_core::registry()?;
    let table = Table::read(bytes, crate::table::Format::detect(name, bytes))?;
    analyse(reg, &table, on, targets)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    #[test]
    fn sector_labels_group_typography_only() {
        assert_eq!(sector_label("I. NGÀNH THỰC PHẨM"), "I. Thực phẩm");
        assert_eq!(sector_label("I. SẢN PHẨM THỰC PHẨM"), "I. Thực phẩm");
        assert_eq!(sector_label("I. Thực phẩm"), "I. Thực phẩm");
        assert_eq!(
            sector_label("III. SẢN PHẨM DƯỢC LIỆU VÀ SẢN PHẨM TỪ DƯỢC LIỆU"),
            sector_label("III. Dược liệu và sản phẩm từ dược liệu")
        );
        assert_ne!(
            sector_label("V. NGÀNH VẢI, MAY MẶC"),
            sector_label("V. Sinh vật cảnh")
        );
        assert!(sector_matches("I", "I. Thực phẩm"));
        assert!(sector_matches("thực phẩm", "I. SẢN PHẨM THỰC PHẨM"));
        assert!(!sector_matches("II", "I. Thực phẩm"));
        assert!(!sector_matches("Đồ uống", "I. Thực phẩm"));
        assert_eq!(roman_value("IV. x"), 4);
        assert_eq!(roman_value("VI. x"), 6);
    }
}
