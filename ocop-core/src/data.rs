//! The criteria data model and its strict loader.
//!
//! The files are described in `data/FORMAT.md`. Loading checks every invariant listed there;
//! any failure is an [`ErrorCode::InvalidData`] error naming the file and the JSON path.

use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::json::Json;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A part of the sheet: A (production and community), B (marketing), C (quality).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Part {
    /// Phần A: sản phẩm và sức mạnh cộng đồng.
    A,
    /// Phần B: khả năng tiếp thị.
    B,
    /// Phần C: chất lượng sản phẩm.
    C,
}

impl Part {
    /// All parts in order.
    pub const ALL: [Part; 3] = [Part::A, Part::B, Part::C];

    /// 0, 1, 2.
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Part::A => 0,
            Part::B => 1,
            Part::C => 2,
        }
    }

    /// `"A"`, `"B"`, `"C"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Part::A => "A",
            Part::B => "B",
            Part::C => "C",
        }
    }
}

/// How a criterion is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One option.
    Single,
    /// One case applies ("Lựa chọn một trong hai trường hợp"); one option of that case.
    Case,
    /// Any subset of options; points are summed ("Được cộng tổng điểm các nội dung ghi Có").
    Additive,
}

/// Kind of a note printed on a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// "Bị loại nếu …": the product is eliminated.
    Elimination,
    /// "… sẽ không đánh giá các bước tiếp theo": the evaluation stops.
    StopRule,
    /// "Chỉ áp dụng khi …".
    Applicability,
    /// "Yêu cầu: …".
    Requirement,
    /// "Lựa chọn một trong hai trường hợp sau".
    CaseSelector,
    /// A case heading.
    CaseHeader,
    /// Any other note.
    Note,
    /// Sheet level: "Hồ sơ bị loại khi …".
    DossierRejection,
    /// Sheet level: "Dấu sao là yêu cầu tối thiểu …".
    StarMarker,
}

/// What makes an elimination or stop note apply from the answers alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The note applies when any of these criteria scores 0 points.
    pub zero_points_in: Vec<String>,
}

/// A printed note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Kind.
    pub kind: NoteKind,
    /// Verbatim text.
    pub text: String,
    /// For answer-triggered elimination/stop notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// One answer option of a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opt {
    /// Verbatim label including any trailing star marker.
    pub label: String,
    /// Points.
    pub points: u32,
    /// Minimum star level this option satisfies (3, 4 or 5), from the `***` marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_star: Option<u8>,
    /// The case heading this option belongs to (case mode only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
}

impl Opt {
    /// The label without its trailing star marker and the space before it.
    #[must_use]
    pub fn text(&self) -> &str {
        self.label.trim_end().trim_end_matches(['*', ' '])
    }
}

/// A non-scored heading of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Printed code.
    pub code: String,
    /// Part.
    pub part: Part,
    /// Printed name.
    pub name: String,
    /// Printed maximum, if any.
    pub max: Option<u32>,
    /// Parent heading code.
    pub parent: Option<String>,
}

/// A scorable criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Printed code, unique in the sheet.
    pub code: String,
    /// Part.
    pub part: Part,
    /// Top-level group code.
    pub group: String,
    /// Nearest sub-heading code, if any.
    pub parent: Option<String>,
    /// Printed name.
    pub name: String,
    /// Maximum points the evaluator uses.
    pub max: u32,
    /// Answer mode.
    pub mode: Mode,
    /// Case headings (case mode).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<String>,
    /// Options in printed order.
    pub options: Vec<Opt>,
    /// Notes.
    pub notes: Vec<Note>,
}

impl Criterion {
    /// The first elimination or stop-rule note, if any.
    #[must_use]
    pub fn elimination_note(&self) -> Option<&Note> {
        self.notes
            .iter()
            .find(|n| matches!(n.kind, NoteKind::Elimination | NoteKind::StopRule))
    }
}

/// A sheet's part heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetPart {
    /// A, B or C.
    pub code: Part,
    /// Printed title.
    pub title: String,
    /// Maximum used.
    pub max: u32,
}

/// Which field an erratum corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErratumField {
    /// An option's points.
    Points,
    /// A criterion's maximum.
    Max,
    /// A criterion's option list.
    Options,
    /// A part's printed maximum.
    PartMax,
    /// A part whose criteria do not sum to its maximum (kept as printed).
    PartSum,
    /// Wording (kept as printed; the reason gives the probable reading).
    Label,
    /// A code (e.g. printed twice).
    Code,
    /// The answer mode.
    Mode,
    /// A star marker reading.
    MinStar,
}

/// A correction (or an explicitly kept deviation) of a printed error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// Criterion code, or null for the sheet.
    pub criterion: Option<String>,
    /// 1-based option number, if the erratum concerns one option.
    pub option: Option<u32>,
    /// Field.
    pub field: ErratumField,
    /// Part, where relevant.
    #[serde(default)]
    pub part: Option<Part>,
    /// As printed.
    pub printed: String,
    /// As used.
    pub used: String,
    /// Why.
    pub reason: String,
}

/// One field printed at the head of a sheet, to be filled in by hand (`Tên sản phẩm: ……`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HeadingField {
    /// Stable ASCII snake_case key: `product_name`, `product_code`, `owner`, `phone`,
    /// `address`, …
    pub key: String,
    /// The printed label, exactly (NFC), without the colon and the dotted fill.
    pub label: String,
    /// The printed pattern of the value, where one is printed (the product code's
    /// `(T).-.(X).-.(STT).-20`).
    pub pattern: Option<String>,
}

/// The heading fields of a sheet and where they are printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HeadingFields {
    /// The fields in printed order.
    pub fields: Vec<HeadingField>,
    /// The source that prints them.
    pub source: String,
}

/// A criteria sheet (phiếu đánh giá) for one product set of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Data format version.
    pub format: u32,
    /// Edition that defines this sheet.
    pub edition: String,
    /// Product set number.
    pub number: u8,
    /// Product set name.
    pub name: String,
    /// Printed heading.
    pub heading: String,
    /// The fields printed at the head of the sheet (Tên sản phẩm, Mã số sản phẩm, …), with
    /// their source; `None` where no source available prints them (unknown, not absent).
    pub heading_fields: Option<HeadingFields>,
    /// Sector line.
    pub sector: String,
    /// Group line.
    pub group: String,
    /// Sub-group line.
    pub subgroup: Option<String>,
    /// Citation.
    pub citation: String,
    /// Confidence override.
    pub confidence: Option<String>,
    /// Parts.
    pub parts: Vec<SheetPart>,
    /// Non-scored headings.
    pub groups: Vec<Group>,
    /// Sheet-level notes.
    pub notes: Vec<Note>,
    /// Criteria in printed order.
    pub criteria: Vec<Criterion>,
    /// Errata.
    pub errata: Vec<Erratum>,
    /// Code → index.
    #[serde(skip)]
    pub(crate) index: HashMap<String, usize>,
    /// Star minimums, from the options' markers.
    #[serde(skip)]
    pub(crate) minimums: Vec<Minimum>,
    /// Answer-triggered elimination and stop notes.
    #[serde(skip)]
    pub(crate) triggers: Vec<TriggerRef>,
    /// Compact per-criterion tables for the evaluator's hot loop (derived from `criteria`).
    #[serde(skip)]
    pub(crate) compact: Compact,
}

/// The numbers the evaluator reads for every sheet it scores, laid out flat so that scoring
/// does not walk the option records (labels, cases) at all. Derived from the criteria at load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Compact {
    /// Per criterion: part index, case mode, additive mode, offset of its first option in
    /// `points`/`case`, number of options.
    pub(crate) criteria: Vec<CompactCriterion>,
    /// Every option's points, criterion after criterion.
    pub(crate) points: Vec<u32>,
    /// Every option's case index within its criterion (`u8::MAX` outside case mode).
    pub(crate) case: Vec<u8>,
    /// Per star minimum, in the order of `Sheet::minimums`.
    pub(crate) minimums: Vec<CompactMinimum>,
}

/// One star minimum in [`Compact`]: which answers meet it, worked out once at load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CompactMinimum {
    /// Criterion index.
    pub(crate) criterion: u32,
    /// Marked option index (a ticked answer meets the minimum when this option is ticked).
    pub(crate) option: u8,
    /// Star level 3–5.
    pub(crate) level: u8,
    /// Bit *i* set when choosing option *i* meets the minimum: it has at least the marked
    /// option's points, or (case mode) it is in another case, whose markers do not bind it.
    pub(crate) meets: u64,
}

/// One criterion in [`Compact`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CompactCriterion {
    pub(crate) part: u8,
    pub(crate) case_mode: bool,
    pub(crate) additive: bool,
    pub(crate) first: u32,
    pub(crate) len: u8,
}

/// A star minimum: to reach `level` stars, criterion `criterion` must be answered at least at
/// option `option` (compared by points; within the option's case in case mode; in additive mode
/// the option itself must be ticked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minimum {
    /// Criterion index.
    pub criterion: usize,
    /// Star level 3–5.
    pub level: u8,
    /// Marked option index (0-based).
    pub option: usize,
}

/// An answer-triggered note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRef {
    /// Criterion carrying the note.
    pub criterion: usize,
    /// Note index in that criterion.
    pub note: usize,
    /// Criteria whose 0 points trigger it.
    pub zero_points_in: Vec<usize>,
}

impl Sheet {
    /// The criterion with this code.
    #[must_use]
    pub fn criterion(&self, code: &str) -> Option<(usize, &Criterion)> {
        let i = *self.index.get(code)?;
        Some((i, self.criteria.get(i)?))
    }

    /// Star minimums of this sheet.
    #[must_use]
    pub fn minimums(&self) -> &[Minimum] {
        &self.minimums
    }

    /// Maximum of a part.
    #[must_use]
    pub fn part_max(&self, part: Part) -> u32 {
        self.parts
            .iter()
            .find(|p| p.code == part)
            .map_or(0, |p| p.max)
    }
}

/// A part of an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionPart {
    /// A, B, C.
    pub code: Part,
    /// Name.
    pub name: String,
    /// Maximum.
    pub max: u32,
}

/// A star band: totals `>= min` (and below the next band's min) get `stars`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Stars 1–5.
    pub stars: u8,
    /// Lowest total of the band (inclusive).
    pub min: u32,
}

/// Something this release knows it lacks for an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// Short topic.
    pub topic: String,
    /// Explanation reported in results.
    pub message: String,
}

/// How firmly a rule of the procedure rests on its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the official text (its article is cited).
    Official,
    /// Stated by a secondary source (named in the citation), not read in the text.
    Secondary,
    /// No source found: the data says what the engine does and results say it is unknown.
    Unknown,
}

/// Evaluation level of a council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Cấp huyện (1048, 148 only).
    District,
    /// Cấp tỉnh.
    Province,
    /// Cấp trung ương.
    Central,
}

impl Level {
    /// `"district"`, `"province"`, `"central"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Province => "province",
            Level::Central => "central",
        }
    }
}

/// What a council's level does with its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActionCode {
    /// District → province.
    ForwardToProvince,
    /// Province → central council (5★ candidates).
    ForwardToCentral,
    /// Recognised at this level.
    Recognise,
    /// Central result below 5★: the province may recognise 3–4★ on it.
    ReturnToProvince,
    /// No recognition, no certificate.
    NoCertificate,
    /// No source found says what this level does with such a result (the result's warning
    /// names the gap).
    Unknown,
}

/// Deserialises a nullable field that must be present (`null` is a value, absence an error).
fn required<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// A value of the procedure with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// `"<decision>: <article>"`, or the secondary source, or why none is known.
    pub citation: String,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
}

/// What a level does with a result of the given stars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OutcomeRule {
    /// The council stars this rule covers (`null` = eliminated, no stars).
    pub stars: Vec<Option<u8>>,
    /// What the level does.
    pub action: ActionCode,
    /// `"<decision>: <article>"` as results show it.
    pub citation: String,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
    /// Where `confidence` is `unknown`: the warning results carry (what no source says);
    /// null otherwise.
    #[serde(deserialize_with = "required")]
    pub gap: Option<String>,
}

/// The largest allowed difference between members' totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SpreadRule {
    /// Points; null = no limit (or unknown).
    #[serde(deserialize_with = "required")]
    pub limit: Option<u32>,
    /// The levels the rule applies at (where it is unknown: the levels results warn at).
    pub levels: Vec<Level>,
    /// Whether a difference equal to the limit is allowed (null without a limit).
    #[serde(deserialize_with = "required")]
    pub equal_allowed: Option<bool>,
    /// Source.
    pub citation: String,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
    /// Where `confidence` is `unknown`: the warning results carry at `levels`; else null.
    #[serde(deserialize_with = "required")]
    pub gap: Option<String>,
}

/// The re-evaluation filing window before a certificate expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct WindowRule {
    /// First day to file, in days before expiry (null: this edition sets no window).
    #[serde(deserialize_with = "required")]
    pub opens_days_before_expiry: Option<u32>,
    /// Last day to file, in days before expiry.
    #[serde(deserialize_with = "required")]
    pub closes_days_before_expiry: Option<u32>,
    /// Source.
    pub citation: String,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
}

/// Certificates issued under an edition, and the filing rules it sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CertificateRules {
    /// Months a certificate is valid.
    pub validity_months: Sourced<u8>,
    /// The re-evaluation window of dossiers filed while this edition is in force.
    pub reevaluation_window: WindowRule,
    /// The longest extension after expiry for a re-evaluation filed after the window closed
    /// (days; null: none set).
    pub late_filing_extension_days: Sourced<Option<u32>>,
}

/// The deadline of a pending dossier of some kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TransitionDeadline {
    /// The kinds of dossier, as requests name them ([`DOSSIER_KINDS`]).
    pub dossiers: Vec<String>,
    /// Days after this edition's effective date (the first day not counted).
    pub days: u32,
    /// `"<decision>: <article>"`.
    pub citation: String,
}

/// The kinds of dossier a request names (`timeline::Dossier`), each of which a transition
/// gives a deadline.
pub const DOSSIER_KINDS: [&str; 3] = ["first", "upgrade", "reevaluation"];

/// Which rules a dossier filed before this edition and still pending when it takes effect
/// follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PendingFollows {
    /// The edition in force the day before this one takes effect.
    Predecessor,
}

/// Pending dossiers when this edition takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PendingRule {
    /// Which rules they follow.
    pub follows: PendingFollows,
    /// How results name those rules (`"the 2021–2025 rules"`).
    pub follows_name: String,
    /// The deadline by kind of dossier; every kind exactly once.
    pub deadlines: Vec<TransitionDeadline>,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
}

/// What this edition says about dossiers and certificates of the editions before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TransitionRules {
    /// Pending dossiers (null: this edition has no such clause).
    #[serde(deserialize_with = "required")]
    pub pending: Option<PendingRule>,
    /// `"<decision>: <article>"` of the clause keeping earlier certificates valid to their
    /// expiry (null: none).
    #[serde(deserialize_with = "required")]
    pub prior_certificates: Option<String>,
    /// Source, or why no clause is known.
    pub citation: String,
    /// How firmly it rests on the source.
    pub confidence: Confidence,
}

/// The procedure of an edition as data: council levels, what each level does with each
/// result, the spread rule, certificates, and the transition from the editions before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The levels councils sit at.
    pub levels: Sourced<Vec<Level>>,
    /// Per level (every level of `levels`, no other), the rules by stars: together they
    /// cover `null` (eliminated) and 1–5 exactly once.
    pub outcomes: BTreeMap<Level, Vec<OutcomeRule>>,
    /// The spread rule.
    pub spread: SpreadRule,
    /// Certificates.
    pub certificate: CertificateRules,
    /// Transition.
    pub transition: TransitionRules,
}

impl Procedure {
    /// The rule for a result of `stars` at `level`.
    #[must_use]
    pub fn outcome(&self, level: Level, stars: Option<u8>) -> Option<&OutcomeRule> {
        self.outcomes
            .get(&level)?
            .iter()
            .find(|r| r.stars.contains(&stars))
    }
}

/// An edition's metadata as stored in `edition.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    /// Format version.
    pub format: u32,
    /// Edition id, e.g. `"26/2026"`.
    pub id: String,
    /// Decision number as printed.
    pub decision: String,
    /// Amending decision.
    pub amended_by: Option<String>,
    /// Title.
    pub title: String,
    /// Signature date.
    pub signed_on: Date,
    /// First day in force.
    pub effective_from: Date,
    /// First day no longer in force for new dossiers (exclusive).
    pub effective_to: Option<Date>,
    /// Edition whose sheets are inherited.
    pub inherits: Option<String>,
    /// Number of product sets.
    pub sets: u8,
    /// Provenance.
    pub source: String,
    /// Confidence.
    pub confidence: String,
    /// Data version.
    pub data_version: String,
    /// Parts.
    pub parts: Vec<EditionPart>,
    /// Bands, highest first.
    pub bands: Vec<Band>,
    /// Citations by topic.
    pub citations: BTreeMap<String, String>,
    /// Known gaps.
    pub gaps: Vec<Gap>,
    /// The procedure.
    pub procedure: Procedure,
}

/// An edition with its sheets.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Metadata.
    pub meta: EditionMeta,
    /// Sheets by number − 1 (`None` where no data exists); compiled sheets are decoded on
    /// first use.
    pub sheets: Sheets,
}

impl Edition {
    /// The sheet of product set `number`.
    #[must_use]
    pub fn sheet(&self, number: u8) -> Option<&Arc<Sheet>> {
        self.sheets
            .get(usize::from(number).checked_sub(1)?)
            .and_then(Option::as_ref)
    }

    /// The band (stars by total alone) of `num / den`, compared exactly.
    #[must_use]
    pub fn band_of(&self, num: u64, den: u64) -> u8 {
        for b in &self.meta.bands {
            if num >= u64::from(b.min).saturating_mul(den) {
                return b.stars;
            }
        }
        1
    }

    /// The lowest total of the band for `stars`.
    #[must_use]
    pub fn band_min(&self, stars: u8) -> Option<u32> {
        self.meta
            .bands
            .iter()
            .find(|b| b.stars == stars)
            .map(|b| b.min)
    }
}

fn invalid(file: &str, path: &str, msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidData, format!("{file}#{path}"), msg)
}

/// Rejects duplicate keys anywhere in a data file.
fn check_duplicates(file: &str, v: &Json, path: &str) -> Result<(), Error> {
    match v {
        Json::Object(entries) => {
            let seen = crate::json::unique_entries(v, path)
                .map_err(|e| invalid(file, &e.path, e.message))?;
            for (k, x) in seen {
                check_duplicates(file, x, &crate::error::pointer(path, k))?;
            }
            let _ = entries;
            Ok(())
        }
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_duplicates(file, x, &crate::error::pointer(path, &i.to_string()))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn parse_strict<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Error> {
    let tree = Json::parse_str(text).map_err(|e| invalid(file, "", e.message))?;
    check_duplicates(file, &tree, "")?;
    let mut de = serde_json::Deserializer::from_str(text);
    T::deserialize(&mut de).map_err(|e| {
        invalid(
            file,
            "",
            format!("line {} column {}: {e}", e.line(), e.column()),
        )
    })
}

/// Parses and checks one sheet file.
///
/// # Errors
/// `invalid_data` naming the file and path of the first problem.
pub fn load_sheet(file: &str, text: &str) -> Result<Sheet, Error> {
    let mut s: Sheet = parse_strict(file, text)?;
    check_sheet(file, &mut s)?;
    if let Some(h) = &s.heading_fields {
        check_heading_fields(file, h)?;
    }
    Ok(s)
}

/// Parses and checks one edition file.
///
/// # Errors
/// `invalid_data`.
pub fn load_edition_meta(file: &str, text: &str) -> Result<EditionMeta, Error> {
    let m: EditionMeta = parse_strict(file, text)?;
    if m.format != 1 {
        return Err(invalid(file, "/format", "unsupported format (expected 1)"));
    }
    let parts: Vec<Part> = m.parts.iter().map(|p| p.code).collect();
    if parts != Part::ALL {
        return Err(invalid(file, "/parts", "parts must be A, B, C in order"));
    }
    let stars: Vec<u8> = m.bands.iter().map(|b| b.stars).collect();
    if stars != [5, 4, 3, 2, 1]
        || m.bands
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.min <= b.min))
    {
        return Err(invalid(
            file,
            "/bands",
            "bands must be 5, 4, 3, 2, 1 with strictly decreasing minimums",
        ));
    }
    if m.bands.last().map(|b| b.min) != Some(0) {
        return Err(invalid(file, "/bands", "the 1-star band must start at 0"));
    }
    if let Some(to) = m.effective_to {
        if to <= m.effective_from {
            return Err(invalid(
                file,
                "/effective_to",
                "effective_to must follow effective_from",
            ));
        }
    }
    check_procedure(file, &m.procedure)?;
    Ok(m)
}

/// A `gap` is given exactly where the confidence is `unknown`.
fn check_gap(
    file: &str,
    path: &str,
    confidence: Confidence,
    gap: Option<&String>,
) -> Result<(), Error> {
    match (confidence, gap) {
        (Confidence::Unknown, Some(g)) if !g.trim().is_empty() => Ok(()),
        (Confidence::Unknown, _) => Err(invalid(
            file,
            path,
            "an unknown rule says in \"gap\" what no source states (results warn with it)",
        )),
        (_, None) => Ok(()),
        (_, Some(_)) => Err(invalid(
            file,
            path,
            "\"gap\" is null where the rule rests on a source",
        )),
    }
}

/// The procedure section: levels in order, outcomes for exactly those levels covering every
/// result once, a consistent spread rule and window, one deadline per kind of dossier.
fn check_procedure(file: &str, p: &Procedure) -> Result<(), Error> {
    use crate::error::pointer;
    let levels = &p.levels.value;
    if levels.is_empty() || levels.windows(2).any(|w| matches!(w, [a, b] if a >= b)) {
        return Err(invalid(
            file,
            "/procedure/levels/value",
            "levels: at least one, in the order district, province, central, each once",
        ));
    }
    let keys: Vec<Level> = p.outcomes.keys().copied().collect();
    if &keys != levels {
        return Err(invalid(
            file,
            "/procedure/outcomes",
            "outcomes are given for every level of \"levels\" and no other",
        ));
    }
    let results: [Option<u8>; 6] = [None, Some(1), Some(2), Some(3), Some(4), Some(5)];
    for (level, rules) in &p.outcomes {
        let base = pointer("/procedure/outcomes", level.as_str());
        for (i, r) in rules.iter().enumerate() {
            let rp = pointer(&base, &i.to_string());
            if r.stars.is_empty() || r.stars.iter().any(|s| !results.contains(s)) {
                return Err(invalid(
                    file,
                    &pointer(&rp, "stars"),
                    "stars are null (eliminated) or 1 to 5, at least one",
                ));
            }
            if r.citation.trim().is_empty() {
                return Err(invalid(file, &pointer(&rp, "citation"), "blank citation"));
            }
            check_gap(file, &pointer(&rp, "gap"), r.confidence, r.gap.as_ref())?;
        }
        for s in results {
            let n = rules.iter().filter(|r| r.stars.contains(&s)).count();
            if n != 1 {
                return Err(invalid(
                    file,
                    &base,
                    format!(
                        "the result {} is covered by {n} rules, not one",
                        s.map_or_else(|| "null (eliminated)".to_owned(), |x| format!("{x}★"))
                    ),
                ));
            }
        }
    }
    let sp = &p.spread;
    if sp.limit.is_some() != sp.equal_allowed.is_some() {
        return Err(invalid(
            file,
            "/procedure/spread/equal_allowed",
            "equal_allowed is given exactly when there is a limit",
        ));
    }
    if sp.limit.is_some() && sp.confidence == Confidence::Unknown {
        return Err(invalid(
            file,
            "/procedure/spread/limit",
            "an unknown spread rule has no limit",
        ));
    }
    if let Some(l) = sp.levels.iter().find(|l| !levels.contains(l)) {
        return Err(invalid(
            file,
            "/procedure/spread/levels",
            format!("{} is not a level of this edition", l.as_str()),
        ));
    }
    check_gap(
        file,
        "/procedure/spread/gap",
        sp.confidence,
        sp.gap.as_ref(),
    )?;
    let c = &p.certificate;
    if c.validity_months.value == 0 {
        return Err(invalid(
            file,
            "/procedure/certificate/validity_months/value",
            "a certificate is valid for at least one month",
        ));
    }
    let w = &c.reevaluation_window;
    match (w.opens_days_before_expiry, w.closes_days_before_expiry) {
        (Some(o), Some(cl)) if o >= cl => {}
        (None, None) => {}
        _ => {
            return Err(invalid(
                file,
                "/procedure/certificate/reevaluation_window",
                "a window opens no later than it closes (opens ≥ closes days before expiry), or both are null",
            ))
        }
    }
    if c.late_filing_extension_days.value.is_some() && w.closes_days_before_expiry.is_none() {
        return Err(invalid(
            file,
            "/procedure/certificate/late_filing_extension_days",
            "an extension for filing after the window needs a window",
        ));
    }
    if let Some(pending) = &p.transition.pending {
        for kind in DOSSIER_KINDS {
            let n = pending
                .deadlines
                .iter()
                .filter(|d| d.dossiers.iter().any(|x| x == kind))
                .count();
            if n != 1 {
                return Err(invalid(
                    file,
                    "/procedure/transition/pending/deadlines",
                    format!("the dossier kind {kind:?} has {n} deadlines, not one"),
                ));
            }
        }
        for (i, d) in pending.deadlines.iter().enumerate() {
            let dp = pointer("/procedure/transition/pending/deadlines", &i.to_string());
            if let Some(x) = d
                .dossiers
                .iter()
                .find(|x| !DOSSIER_KINDS.contains(&x.as_str()))
            {
                return Err(invalid(
                    file,
                    &pointer(&dp, "dossiers"),
                    format!("unknown dossier kind {x:?}; kinds: first, upgrade, reevaluation"),
                ));
            }
            if d.days == 0 {
                return Err(invalid(file, &pointer(&dp, "days"), "at least one day"));
            }
        }
    }
    Ok(())
}

/// Heading fields: at least one, keys ASCII snake_case and unique, labels and patterns not
/// blank, a source named.
fn check_heading_fields(file: &str, h: &HeadingFields) -> Result<(), Error> {
    use crate::error::pointer;
    if h.fields.is_empty() {
        return Err(invalid(
            file,
            "/heading_fields/fields",
            "heading fields are null when unknown, never an empty list",
        ));
    }
    if h.source.trim().is_empty() {
        return Err(invalid(
            file,
            "/heading_fields/source",
            "heading fields name their source",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, f) in h.fields.iter().enumerate() {
        let p = pointer("/heading_fields/fields", &i.to_string());
        let snake = f.key.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !snake {
            return Err(invalid(
                file,
                &pointer(&p, "key"),
                format!("key {:?} is not ASCII snake_case", f.key),
            ));
        }
        if !seen.insert(f.key.as_str()) {
            return Err(invalid(
                file,
                &pointer(&p, "key"),
                format!("duplicate heading field {:?}", f.key),
            ));
        }
        if f.label.trim().is_empty() {
            return Err(invalid(file, &pointer(&p, "label"), "blank label"));
        }
        if f.pattern.as_deref().is_some_and(|x| x.trim().is_empty()) {
            return Err(invalid(
                file,
                &pointer(&p, "pattern"),
                "a pattern is null when none is printed, never blank",
            ));
        }
    }
    Ok(())
}

/// The star marker at the end of a label: the number of asterisks in its trailing run of
/// asterisks and spaces (`"…****"`, `"… * * * *"`).
#[must_use]
pub fn star_marker(label: &str) -> Option<u8> {
    let tail = label.trim_end();
    let run = tail.len() - tail.trim_end_matches(['*', ' ']).len();
    let n = tail
        .get(tail.len() - run..)
        .map_or(0, |t| t.matches('*').count());
    match n {
        0 => None,
        n => u8::try_from(n).ok(),
    }
}

#[allow(clippy::too_many_lines)]
pub(crate) fn check_sheet(file: &str, s: &mut Sheet) -> Result<(), Error> {
    use crate::error::pointer;
    if s.format != 1 {
        return Err(invalid(file, "/format", "unsupported format (expected 1)"));
    }
    if s.number == 0 {
        return Err(invalid(file, "/number", "product set numbers start at 1"));
    }
    let parts: Vec<Part> = s.parts.iter().map(|p| p.code).collect();
    if parts != Part::ALL {
        return Err(invalid(file, "/parts", "parts must be A, B, C in order"));
    }
    let mut index = HashMap::with_capacity(s.criteria.len());
    for (i, c) in s.criteria.iter().enumerate() {
        let p = pointer("/criteria", &i.to_string());
        if index.insert(c.code.clone(), i).is_some() {
            return Err(invalid(
                file,
                &pointer(&p, "code"),
                format!("duplicate criterion code {:?}", c.code),
            ));
        }
        if c.group != c.code {
            match s.groups.iter().find(|g| g.code == c.group) {
                Some(g) if g.part == c.part => {}
                Some(_) => {
                    return Err(invalid(
                        file,
                        &pointer(&p, "group"),
                        "group is in another part",
                    ))
                }
                None => {
                    return Err(invalid(
                        file,
                        &pointer(&p, "group"),
                        format!("unknown group {:?}", c.group),
                    ))
                }
            }
        }
        if let Some(parent) = &c.parent {
            if !s.groups.iter().any(|g| &g.code == parent) {
                return Err(invalid(
                    file,
                    &pointer(&p, "parent"),
                    format!("unknown parent {parent:?}"),
                ));
            }
        }
        if c.options.is_empty() {
            return Err(invalid(
                file,
                &pointer(&p, "options"),
                "a criterion needs options",
            ));
        }
        if c.options.len() > 64 {
            return Err(invalid(file, &pointer(&p, "options"), "at most 64 options"));
        }
        for (j, o) in c.options.iter().enumerate() {
            let op = pointer(&pointer(&p, "options"), &j.to_string());
            let marker = star_marker(&o.label);
            if marker != o.min_star {
                return Err(invalid(
                    file,
                    &pointer(&op, "min_star"),
                    format!(
                        "min_star {:?} does not match the label's marker {:?}",
                        o.min_star, marker
                    ),
                ));
            }
            if let Some(m) = o.min_star {
                if !(3..=5).contains(&m) {
                    return Err(invalid(
                        file,
                        &pointer(&op, "min_star"),
                        "min_star must be 3, 4 or 5",
                    ));
                }
            }
            match (c.mode, &o.case) {
                (Mode::Case, Some(case)) if c.cases.contains(case) => {}
                (Mode::Case, _) => {
                    return Err(invalid(
                        file,
                        &pointer(&op, "case"),
                        "case options must name one of the criterion's cases",
                    ))
                }
                (_, Some(_)) => {
                    return Err(invalid(
                        file,
                        &pointer(&op, "case"),
                        "only case-mode options have a case",
                    ))
                }
                (_, None) => {}
            }
        }
        if c.mode == Mode::Case && c.cases.len() < 2 {
            return Err(invalid(
                file,
                &pointer(&p, "cases"),
                "case mode needs at least two cases",
            ));
        }
        if c.mode != Mode::Case && !c.cases.is_empty() {
            return Err(invalid(
                file,
                &pointer(&p, "cases"),
                "only case-mode criteria list cases",
            ));
        }
        let derived = match c.mode {
            Mode::Single | Mode::Case => c.options.iter().map(|o| o.points).max().unwrap_or(0),
            Mode::Additive => c.options.iter().map(|o| o.points).sum(),
        };
        if derived != c.max {
            return Err(invalid(
                file,
                &pointer(&p, "max"),
                format!("max {} differs from the options' maximum {derived}", c.max),
            ));
        }
        for n in &c.notes {
            if let Some(t) = &n.trigger {
                if !matches!(n.kind, NoteKind::Elimination | NoteKind::StopRule) {
                    return Err(invalid(
                        file,
                        &pointer(&p, "notes"),
                        "only elimination and stop notes have triggers",
                    ));
                }
                if t.zero_points_in.is_empty() {
                    return Err(invalid(
                        file,
                        &pointer(&p, "notes"),
                        "a trigger names at least one criterion",
                    ));
                }
            }
        }
    }
    // Triggers name known criteria.
    for (i, c) in s.criteria.iter().enumerate() {
        for n in &c.notes {
            for code in n.trigger.iter().flat_map(|t| &t.zero_points_in) {
                if !index.contains_key(code) {
                    return Err(invalid(
                        file,
                        &pointer(&pointer("/criteria", &i.to_string()), "notes"),
                        format!("trigger names unknown criterion {code:?}"),
                    ));
                }
            }
        }
    }
    // Errata agree with the data.
    for (i, e) in s.errata.iter().enumerate() {
        let p = pointer("/errata", &i.to_string());
        let crit = match &e.criterion {
            Some(code) => match index.get(code).and_then(|&k| s.criteria.get(k)) {
                Some(c) => Some(c),
                None => {
                    return Err(invalid(
                        file,
                        &pointer(&p, "criterion"),
                        format!("unknown criterion {code:?}"),
                    ))
                }
            },
            None => None,
        };
        match e.field {
            ErratumField::Points => {
                let opt = crit
                    .zip(e.option)
                    .and_then(|(c, n)| c.options.get(usize::try_from(n).ok()?.checked_sub(1)?));
                match opt {
                    Some(o) if o.points.to_string() == e.used => {}
                    Some(o) => {
                        return Err(invalid(
                            file,
                            &pointer(&p, "used"),
                            format!("option holds {} points, erratum says {}", o.points, e.used),
                        ))
                    }
                    None => {
                        return Err(invalid(
                            file,
                            &pointer(&p, "option"),
                            "a points erratum names a criterion and an option",
                        ))
                    }
                }
            }
            ErratumField::Max => match crit {
                Some(c) if c.max.to_string() == e.used => {}
                Some(c) => {
                    return Err(invalid(
                        file,
                        &pointer(&p, "used"),
                        format!("criterion max is {}, erratum says {}", c.max, e.used),
                    ))
                }
                None => {
                    return Err(invalid(
                        file,
                        &pointer(&p, "criterion"),
                        "a max erratum names a criterion",
                    ))
                }
            },
            ErratumField::PartSum | ErratumField::PartMax if e.part.is_none() => {
                return Err(invalid(
                    file,
                    &pointer(&p, "part"),
                    "a part erratum names its part",
                ));
            }
            _ => {}
        }
    }
    // Every part sums to its maximum, or a part_sum erratum says what it sums to.
    for part in Part::ALL {
        let max = s.part_max(part);
        let sum: u32 = s
            .criteria
            .iter()
            .filter(|c| c.part == part)
            .map(|c| c.max)
            .sum();
        if sum == max {
            continue;
        }
        let documented = s.errata.iter().any(|e| {
            e.field == ErratumField::PartSum
                && e.part == Some(part)
                && e.printed == max.to_string()
                && e.used == sum.to_string()
        });
        if !documented {
            return Err(invalid(
                file,
                "/criteria",
                format!("part {} sums to {sum}, not its maximum {max}, and no part_sum erratum documents it", part.as_str()),
            ));
        }
    }
    let mut minimums = Vec::new();
    let mut triggers = Vec::new();
    for (ci, c) in s.criteria.iter().enumerate() {
        for (oi, o) in c.options.iter().enumerate() {
            if let Some(level) = o.min_star {
                minimums.push(Minimum {
                    criterion: ci,
                    level,
                    option: oi,
                });
            }
        }
        for (ni, n) in c.notes.iter().enumerate() {
            if let Some(t) = &n.trigger {
                triggers.push(TriggerRef {
                    criterion: ci,
                    note: ni,
                    zero_points_in: t
                        .zero_points_in
                        .iter()
                        .filter_map(|k| index.get(k).copied())
                        .collect(),
                });
            }
        }
    }
    let mut compact = Compact::default();
    for c in &s.criteria {
        compact.criteria.push(CompactCriterion {
            part: u8::try_from(c.part.index()).unwrap_or(0),
            case_mode: c.mode == Mode::Case,
            additive: c.mode == Mode::Additive,
            first: u32::try_from(compact.points.len()).unwrap_or(u32::MAX),
            // At most 64 options (checked above).
            len: u8::try_from(c.options.len()).unwrap_or(u8::MAX),
        });
        for o in &c.options {
            compact.points.push(o.points);
            let case = o
                .case
                .as_ref()
                .and_then(|k| c.cases.iter().position(|x| x == k))
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(u8::MAX);
            compact.case.push(case);
        }
    }
    // Which single answers meet each minimum (Phụ lục II, ghi chú: "Dấu sao là yêu cầu tối
    // thiểu phải đạt theo các cấp độ sao"), read from the flat tables just built: an option
    // meets a marker when it has at least the marked option's points; in case mode a marker
    // binds only the options of its own case. (The evaluator's tests check this against the
    // rule stated on the option records.)
    for m in &minimums {
        let c = compact
            .criteria
            .get(m.criterion)
            .copied()
            .unwrap_or_default();
        let first = c.first as usize;
        let options = compact
            .points
            .get(first..first + usize::from(c.len))
            .unwrap_or_default()
            .iter()
            .zip(compact.case.get(first..).unwrap_or_default());
        let marked = options.clone().nth(m.option);
        let (marked_points, marked_case) = marked.map_or((0, u8::MAX), |(&p, &k)| (p, k));
        let meets = options
            .enumerate()
            .filter(|&(_, (&points, &case))| {
                (c.case_mode && case != marked_case) || points >= marked_points
            })
            .fold(0u64, |bits, (i, _)| bits | (1u64 << (i % 64)));
        compact.minimums.push(CompactMinimum {
            criterion: u32::try_from(m.criterion).unwrap_or(u32::MAX),
            option: u8::try_from(m.option).unwrap_or(u8::MAX),
            level: m.level,
            meets,
        });
    }
    s.index = index;
    s.minimums = minimums;
    s.triggers = triggers;
    s.compact = compact;
    Ok(())
}

/// Every data file embedded in this build as JSON text: `(path relative to data/, contents)`
/// (feature `embed-json`, for tests and tools; the registry reads the compiled form).
#[cfg(feature = "embed-json")]
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    crate::embedded::EMBEDDED
}

/// Loads every embedded edition and sheet from its JSON text with the strict loader.
///
/// # Errors
/// `invalid_data` for the first file that fails; a defect of the release, caught by tests.
#[cfg(feature = "embed-json")]
pub fn load_embedded() -> Result<Vec<Edition>, Error> {
    load_files(embedded_files().iter().copied())
}

/// Every `.json` file below `dir`: `(path relative to dir with '/' separators, contents)`,
/// sorted by path, as [`load_files`] takes them.
///
/// # Errors
/// `invalid_data` naming the file or directory that cannot be read.
pub fn read_data_dir(dir: &std::path::Path) -> Result<Vec<(String, String)>, Error> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut Vec<(String, String)>,
    ) -> Result<(), Error> {
        let unreadable = |p: &std::path::Path, e: std::io::Error| {
            Error::new(
                ErrorCode::InvalidData,
                p.display().to_string(),
                format!("cannot read: {e}"),
            )
        };
        let entries = std::fs::read_dir(dir).map_err(|e| unreadable(dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| unreadable(dir, e))?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path).map_err(|e| unreadable(&path, e))?;
                out.push((rel, text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Loads the editions of a data folder laid out as `data/` with the strict loader.
///
/// # Errors
/// `invalid_data`.
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<Edition>, Error> {
    let files = read_data_dir(dir)?;
    load_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
}

/// Loads editions from `(path, contents)` pairs laid out as in `data/`.
///
/// # Errors
/// `invalid_data`.
pub fn load_files<'a>(
    files: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<Edition>, Error> {
    let mut metas: Vec<(String, EditionMeta)> = Vec::new();
    let mut sheets: Vec<(String, Sheet)> = Vec::new();
    for (path, text) in files {
        let Some((dir, name)) = path.rsplit_once('/') else {
            continue;
        };
        if name == "edition.json" {
            let m = load_edition_meta(path, text)?;
            if m.id.replace('/', "-") != dir {
                return Err(invalid(
                    path,
                    "/id",
                    format!("edition id {:?} does not match directory {dir:?}", m.id),
                ));
            }
            metas.push((dir.to_owned(), m));
        } else if name.starts_with("set-") {
            let s = load_sheet(path, text)?;
            if format!("set-{:02}.json", s.number) != name {
                return Err(invalid(
                    path,
                    "/number",
                    format!("number {} does not match file name", s.number),
                ));
            }
            sheets.push((dir.to_owned(), s));
        }
    }
    let mut editions: Vec<Edition> = Vec::new();
    for (dir, meta) in &metas {
        let mut slots: Vec<Option<Arc<Sheet>>> = vec![None; usize::from(meta.sets)];
        for (sdir, s) in &sheets {
            if sdir != dir {
                continue;
            }
            let path = format!("{dir}/set-{:02}.json", s.number);
            if s.edition != meta.id {
                return Err(invalid(
                    &path,
                    "/edition",
                    format!(
                        "sheet says edition {:?}, directory is {:?}",
                        s.edition, meta.id
                    ),
                ));
            }
            for (sp, ep) in s.parts.iter().zip(&meta.parts) {
                let erratum = s
                    .errata
                    .iter()
                    .any(|e| e.field == ErratumField::PartMax && e.part == Some(sp.code));
                if sp.max != ep.max && !erratum {
                    return Err(invalid(
                        &path,
                        "/parts",
                        format!(
                            "part {} max {} differs from the edition's {}",
                            sp.code.as_str(),
                            sp.max,
                            ep.max
                        ),
                    ));
                }
            }
            match slots.get_mut(usize::from(s.number) - 1) {
                Some(slot) => *slot = Some(Arc::new(s.clone())),
                None => {
                    return Err(invalid(
                        &path,
                        "/number",
                        format!("edition has {} sets", meta.sets),
                    ))
                }
            }
        }
        editions.push(Edition {
            meta: meta.clone(),
            sheets: slots.into(),
        });
    }
    // Inheritance: fill empty slots from the parent edition (one level deep is enough).
    for i in 0..editions.len() {
        let Some(parent_id) = editions.get(i).and_then(|e| e.meta.inherits.clone()) else {
            continue;
        };
        let Some(parent) = editions.iter().find(|e| e.meta.id == parent_id) else {
            let id = editions
                .get(i)
                .map(|e| e.meta.id.clone())
                .unwrap_or_default();
            return Err(invalid(
                &format!("{}/edition.json", id.replace('/', "-")),
                "/inherits",
                format!("unknown edition {parent_id:?}"),
            ));
        };
        let inherited: Vec<Option<Arc<Sheet>>> = parent.sheets.iter().cloned().collect();
        if let Some(e) = editions.get_mut(i) {
            let mut own: Vec<Option<Arc<Sheet>>> = e.sheets.iter().cloned().collect();
            for (slot, p) in own.iter_mut().zip(inherited) {
                if slot.is_none() {
                    *slot = p;
                }
            }
            e.sheets = own.into();
        }
    }
    editions.sort_by_key(|e| e.meta.effective_from);
    Ok(editions)
}

/// A sheet compiled into the library and decoded on first use (`image::LazySheet`).
pub trait SheetSource: std::fmt::Debug + Send + Sync {
    /// The sheet, decoded on first call; `None` if it cannot be.
    fn sheet(&self) -> &Option<Arc<Sheet>>;
    /// Whether it has been decoded.
    fn is_decoded(&self) -> bool;
    /// What listings show of the set, without decoding the sheet if possible.
    fn summary(&self) -> Option<SetSummary> {
        self.sheet().as_deref().map(SetSummary::of)
    }
}

/// What listings (`ocop sets`, `productSets`) show of a product set. The compiled data holds
/// it apart from the sheet, so listing an edition's sets decodes none of its sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetSummary {
    /// Product set number.
    pub number: u8,
    /// Product set name.
    pub name: String,
    /// Sector line.
    pub sector: String,
    /// Group line.
    pub group: String,
    /// Sub-group line.
    pub subgroup: Option<String>,
}

impl SetSummary {
    /// The summary of a sheet.
    #[must_use]
    pub fn of(s: &Sheet) -> Self {
        Self {
            number: s.number,
            name: s.name.clone(),
            sector: s.sector.clone(),
            group: s.group.clone(),
            subgroup: s.subgroup.clone(),
        }
    }
}

#[derive(Debug, Clone)]
enum Slot {
    /// Loaded already (from JSON at run time), or known to be absent.
    Ready(Option<Arc<Sheet>>),
    /// Compiled into the library; decoded on first use.
    Compiled(&'static dyn SheetSource),
}

impl Slot {
    fn get(&self) -> &Option<Arc<Sheet>> {
        match self {
            Slot::Ready(s) => s,
            Slot::Compiled(lazy) => lazy.sheet(),
        }
    }

    fn is_some(&self) -> bool {
        match self {
            Slot::Ready(s) => s.is_some(),
            Slot::Compiled(_) => true,
        }
    }

    fn summary(&self) -> Option<SetSummary> {
        match self {
            Slot::Ready(s) => s.as_deref().map(SetSummary::of),
            Slot::Compiled(lazy) => lazy.summary(),
        }
    }
}

/// An edition's sheets by product set number − 1 (`None` where no data exists), read like a
/// slice of `Option<Arc<Sheet>>`. Compiled sheets are decoded the first time they are read;
/// [`Sheets::available`] and [`Sheets::len`] decode nothing.
#[derive(Debug, Clone, Default)]
pub struct Sheets {
    slots: Vec<Slot>,
}

impl From<Vec<Option<Arc<Sheet>>>> for Sheets {
    fn from(v: Vec<Option<Arc<Sheet>>>) -> Self {
        Self {
            slots: v.into_iter().map(Slot::Ready).collect(),
        }
    }
}

impl Sheets {
    /// Slots for the compiled sheets: `None` where the edition has no data for a set.
    #[must_use]
    pub fn compiled(slots: impl IntoIterator<Item = Option<&'static dyn SheetSource>>) -> Self {
        Self {
            slots: slots
                .into_iter()
                .map(|s| s.map_or(Slot::Ready(None), Slot::Compiled))
                .collect(),
        }
    }

    /// Number of slots (the edition's number of sets).
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no slots.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot at `index` (set number − 1), decoding its sheet if needed.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Option<Arc<Sheet>>> {
        self.slots.get(index).map(Slot::get)
    }

    /// Every slot in order, decoding each sheet as it is reached.
    pub fn iter(&self) -> impl Iterator<Item = &Option<Arc<Sheet>>> + '_ {
        self.slots.iter().map(Slot::get)
    }

    /// The summary of every set with data, in order, without decoding compiled sheets.
    pub fn summaries(&self) -> impl Iterator<Item = SetSummary> + '_ {
        self.slots.iter().filter_map(Slot::summary)
    }

    /// How many sets this release has data for, without decoding any sheet.
    #[must_use]
    pub fn available(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// How many of these sheets are in memory (loaded, or compiled and decoded already).
    #[must_use]
    pub fn decoded(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| match s {
                Slot::Ready(s) => s.is_some(),
                Slot::Compiled(lazy) => lazy.is_decoded(),
            })
            .count()
    }
}
