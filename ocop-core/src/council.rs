//! Councils: several members score the same product; the council's result.
//!
//! # Entry points
//! - typed: [`score_council`]`(&CouncilRequest) -> Result<CouncilResult, Errors>`;
//! - JSON tree: [`score_council_json`]`(&Json) -> Outcome<CouncilResult>`; the general
//!   [`crate::score::score_json`] dispatches here when the request has `"members"`.
//!
//! Request: `{"edition" | "date" + "dossier" [+ "evaluated_on"], "product_set", "level":
//! "district" | "province" | "central", "members": [{"member": "name", "answers": {…}}],
//! "partial", "eliminated"}`. Success: the single-sheet fields (with `total` the exact average
//! as a decimal string, `band` and `stars` the council's) plus `members`, `average`
//! (`numerator`, `denominator`, `decimal`, `exact`), `spread`, `spread_limit`,
//! `rescore_required`, `level` and `action`.
//!
//! # Rules
//! - **Average** (QĐ 26/2026/QĐ-TTg Điều 3 khoản 3 and QĐ 1048/QĐ-TTg Điều 1 khoản 2: the bands
//!   are on the "Tổng điểm trung bình"; QĐ 1048 Phụ lục II: "tính trung bình điểm của các thành
//!   viên"): the sum of the members' totals over their number, kept as an exact fraction. The
//!   band compares that fraction exactly: 179/2 = 89.5 is below 90, so 4★. The `decimal`
//!   string shows at most two decimals, truncated (never rounded up across a threshold);
//!   `exact` says whether it is the whole value.
//! - **Star minimums** ("Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao"): a
//!   minimum counts as met only if every member's sheet meets it; `capped_by` names the
//!   dissenting members and their answers.
//! - **Spread** (QĐ 1048/QĐ-TTg Phụ lục II, Hội đồng cấp tỉnh and cấp trung ương: "Điểm của
//!   các thành viên không được chênh lệch quá 10 điểm. Trong trường hợp chênh lệch lớn hơn 10
//!   điểm, Hội đồng đánh giá sẽ thảo luận để thống nhất chấm điểm lại"): under 1048/2019 and
//!   1048+781/2020, at province and central level, `rescore_required` when the highest and
//!   lowest totals differ by more than 10. The district text has no such clause. QĐ 26/2026
//!   has none (its only related text, Điều 7 khoản 6 điểm d, has the council meet "khi có
//!   nhiều ý kiến đánh giá khác nhau" in a written re-evaluation, without a number). The
//!   procedure of QĐ 148 and 1489 was not available: no rule is applied and a
//!   `council_rule_unknown` warning says so.
//! - **Elimination and stop notes**: the council flags a note it finds to apply in the
//!   request's `eliminated` (the council decides as a body: "Hội đồng tổng hợp kết quả đánh
//!   giá, … thống nhất, thông qua kết quả đánh giá", QĐ 1048 Phụ lục II). A note triggered by
//!   answers stops the council's evaluation when it triggers on **any** member's sheet, the
//!   members are named: the note is a condition on the product, and a condition, like a star
//!   minimum, is met only if every member finds it met. The texts do not say more.
//! - **Levels** — what each may do (`action`):
//!   - district (1048/2019, 1048+781/2020, 148/2023): products of 3–5★ (50–100 points) are
//!     forwarded to the province (QĐ 1048 Phụ lục II mục 1.a, 2.c, 4.a; for 148, secondary
//!     sources: "chuyển hồ sơ các sản phẩm có số điểm đạt từ 50 điểm đến 100 điểm (từ 3 đến 5
//!     sao)"). No district level after QĐ 1489 and in 26/2026 ("gồm 2 cấp: cấp tỉnh và cấp
//!     trung ương", Điều 4 khoản 1): a district council is a `conflicting_fields` error;
//!   - province: 3–4★ are recognised by the province (Điều 4 khoản 1 điểm a); 5★ (average
//!     ≥ 90 and the 5★ minimums met: "sản phẩm có tiềm năng đạt 5 sao (đạt từ 90 trở lên)",
//!     Điều 7 khoản 3 điểm e) go to the central council;
//!   - central: 5★ are recognised by the Ministry (Điều 4 khoản 1 điểm b); below 90 the
//!     province may recognise 3–4★ on the central result (Điều 7 khoản 4, last paragraph);
//!   - 1–2★ or eliminated: no certificate ("Đối với sản phẩm đạt 1 sao hoặc 2 sao, không ban
//!     hành quyết định công nhận và không cấp giấy chứng nhận", Điều 4 khoản 1 điểm a).
//!
//!   The action follows the council's stars (after minimums), not the average alone.

use crate::data::{NoteKind, Part, Sheet};
use crate::date::Date;
use crate::error::{pointer, Error, ErrorCode, Errors};
use crate::eval::{scorer_of, Answer, Answers, Evaluation, Scorer};
use crate::json::{self, Json, Obj};
use crate::registry::{parse_set_number, registry, Registry};
use crate::report::ProductSetRef;
use crate::timeline::resolve_choice;
use crate::vocab::{
    edition_choice_keys, gap_warnings, read_answers, read_choice, read_codes, AnswerValue, Dossier,
    EditionChoice, Outcome, Provenance, Warning,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::data::{ActionCode, Level};

impl Level {
    fn from_json(v: &Json, path: &str) -> Result<Level, Error> {
        let expected = "one of \"district\", \"province\", \"central\"";
        match v {
            Json::String(s) => match s.as_str() {
                "district" => Ok(Level::District),
                "province" => Ok(Level::Province),
                "central" => Ok(Level::Central),
                other => Err(Error::new(
                    ErrorCode::WrongType,
                    path,
                    format!("expected {expected}, found {}", crate::error::quoted(other)),
                )),
            },
            other => Err(json::wrong_type(path, expected, other)),
        }
    }
}

/// One member's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSheet {
    /// The member's name (unique in the council).
    pub member: String,
    /// Criterion code → answer.
    pub answers: BTreeMap<String, AnswerValue>,
}

/// A council request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilRequest {
    /// Edition id (empty when `date` is given).
    #[serde(default)]
    pub edition: String,
    /// Filing date, instead of `edition`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Kind of dossier, with `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// Evaluation date, with `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_on: Option<Date>,
    /// Product set number.
    pub product_set: String,
    /// Level of the council.
    pub level: Level,
    /// The members' sheets.
    pub members: Vec<MemberSheet>,
    /// Score unfinished sheets.
    #[serde(default)]
    pub partial: bool,
    /// Criteria whose elimination or stop note the council found to apply.
    #[serde(default)]
    pub eliminated: Vec<String>,
}

/// The keys a council request may have (`answers` only to report it as a conflict):
/// [`crate::vocab::EDITION_CHOICE_KEYS`], then its own.
pub const COUNCIL_KEYS: &[&str] = edition_choice_keys!(
    []["product_set", "level", "members", "partial", "eliminated", "answers"]
);

/// The keys of one member.
pub const MEMBER_KEYS: &[&str] = &["member", "answers"];

/// Is this JSON request a council request (an object with `"members"`)?
#[must_use]
pub fn is_council_request(v: &Json) -> bool {
    matches!(v, Json::Object(entries) if entries.iter().any(|(k, _)| k == "members"))
}

impl CouncilRequest {
    /// How this request chooses its edition (`edition`, or `date` with `dossier`).
    #[must_use]
    pub fn edition_choice(&self) -> EditionChoice {
        EditionChoice {
            edition: self.edition.clone(),
            date: self.date,
            dossier: self.dossier,
            evaluated_on: self.evaluated_on,
        }
    }

    /// The handle of this request's edition and sheet, and why that edition when the request
    /// chose it by date.
    ///
    /// # Errors
    /// As [`scorer_of`].
    pub fn scorer<'r>(&self, reg: &'r Registry) -> Result<(Scorer<'r>, Option<String>), Errors> {
        scorer_of(reg, &self.edition_choice(), &self.product_set)
    }

    /// Reads a council request, collecting every error.
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<CouncilRequest, Errors> {
        let o = Obj::new(v, "", COUNCIL_KEYS)?;
        let mut errors = Vec::new();
        let choice = read_choice(&o, &mut errors);
        if o.get("answers").is_some() {
            errors.push(Error::new(
                ErrorCode::ConflictingFields,
                "/answers",
                "a council request gives each member's answers in \"members\"; remove \"answers\"",
            ));
        }
        let product_set = match o
            .require("product_set")
            .and_then(|x| parse_set_number(x, "/product_set"))
        {
            Ok(n) => n.to_string(),
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let level = match o
            .require("level")
            .and_then(|x| Level::from_json(x, "/level"))
        {
            Ok(l) => Some(l),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let members = match o.require("members") {
            Ok(Json::Array(items)) => {
                if items.is_empty() {
                    errors.push(Error::new(
                        ErrorCode::MissingField,
                        "/members",
                        "a council needs at least one member's sheet",
                    ));
                }
                let mut out: Vec<MemberSheet> = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let base = pointer("/members", &i.to_string());
                    if let Some(m) = read_member(item, &base, &mut errors) {
                        if out.iter().any(|x| x.member == m.member) {
                            errors.push(Error::new(
                                ErrorCode::DuplicateKey,
                                pointer(&base, "member"),
                                format!(
                                    "member {} is listed twice",
                                    crate::error::quoted(&m.member)
                                ),
                            ));
                        }
                        out.push(m);
                    }
                }
                out
            }
            Ok(other) => {
                errors.push(json::wrong_type(
                    "/members",
                    "a list of {\"member\", \"answers\"}",
                    other,
                ));
                Vec::new()
            }
            Err(e) => {
                errors.push(e);
                Vec::new()
            }
        };
        let partial = match o.get("partial") {
            None | Some(Json::Null) => false,
            Some(x) => json::as_bool(x, "/partial").unwrap_or_else(|e| {
                errors.push(e);
                false
            }),
        };
        let eliminated = match o.get("eliminated") {
            None | Some(Json::Null) => Vec::new(),
            Some(x) => read_codes(x, "/eliminated", &mut errors),
        };
        match level {
            Some(level) if errors.is_empty() => Ok(CouncilRequest {
                edition: choice.edition,
                date: choice.date,
                dossier: choice.dossier,
                evaluated_on: choice.evaluated_on,
                product_set,
                level,
                members,
                partial,
                eliminated,
            }),
            _ => Err(Errors(errors)),
        }
    }
}

fn read_member(v: &Json, base: &str, errors: &mut Vec<Error>) -> Option<MemberSheet> {
    let o = match Obj::new(v, base, MEMBER_KEYS) {
        Ok(o) => o,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let name = match o
        .require("member")
        .and_then(|x| json::as_str(x, &o.path_of("member")))
    {
        Ok("") => {
            errors.push(Error::new(
                ErrorCode::MissingField,
                o.path_of("member"),
                "a member needs a non-empty name",
            ));
            None
        }
        Ok(s) => Some(s.to_owned()),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let answers = match o.require("answers") {
        Ok(a) => Some(read_answers(a, &o.path_of("answers"), errors)),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    Some(MemberSheet {
        member: name?,
        answers: answers?,
    })
}

// ---------------------------------------------------------------------------------------------
// Results

/// An exact average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Average {
    /// Numerator of the reduced fraction.
    pub numerator: u64,
    /// Denominator of the reduced fraction.
    pub denominator: u64,
    /// At most two decimals, truncated, trailing zeros dropped: `"89.5"`, `"90"`, `"83.33"`.
    pub decimal: String,
    /// `true` when `decimal` is the exact value.
    pub exact: bool,
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// `sum / n` as a decimal string with at most two decimals (truncated), and whether exact.
#[must_use]
pub fn decimal(sum: u64, n: u64) -> (String, bool) {
    if n == 0 {
        return ("0".to_owned(), false);
    }
    let scaled = sum.saturating_mul(100);
    let hundredths = scaled / n;
    let exact = scaled % n == 0;
    let (int, frac) = (hundredths / 100, hundredths % 100);
    let s = if frac == 0 {
        int.to_string()
    } else if frac % 10 == 0 {
        format!("{int}.{}", frac / 10)
    } else {
        format!("{int}.{frac:02}")
    };
    (s, exact)
}

impl Average {
    /// The average `sum / n`.
    #[must_use]
    pub fn of(sum: u64, n: u64) -> Average {
        let g = gcd(sum, n).max(1);
        let (decimal, exact) = decimal(sum, n);
        Average {
            numerator: sum / g,
            denominator: n / g,
            decimal,
            exact,
        }
    }
}

/// One member's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberResult {
    /// Name.
    pub member: String,
    /// The member's total.
    pub total: u32,
    /// Band of that total.
    pub band: u8,
    /// Stars of the member's sheet alone (its minimums; null when eliminated).
    pub stars: Option<u8>,
    /// Every criterion answered on this sheet.
    pub complete: bool,
}

/// A member whose sheet misses a star minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dissent {
    /// Name.
    pub member: String,
    /// The member's answer (null if unanswered; a list for additive criteria).
    pub answered_option: Option<AnswerValue>,
}

/// A star minimum not met on every member's sheet, at a level the council's band reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilCap {
    /// Criterion code.
    pub criterion: String,
    /// The star level the minimum belongs to.
    pub level: u8,
    /// The marked option (1-based).
    pub required_option: u32,
    /// The members whose sheets miss it.
    pub dissenting: Vec<Dissent>,
}

/// The elimination or stop note that applies to the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilEliminated {
    /// Criterion code.
    pub criterion: String,
    /// `"elimination"` or `"stop_rule"`.
    pub kind: NoteKind,
    /// The note, verbatim.
    pub note: String,
    /// `"request"` when flagged in `eliminated`, `"answers"` when triggered on a sheet.
    pub by: String,
    /// Members whose answers trigger the note.
    pub members: Vec<String>,
}

/// A part's average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartAverage {
    /// Average points, as [`Average::decimal`].
    pub average: String,
    /// Maximum.
    pub max: u32,
}

/// Part averages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct PartAverages {
    /// A.
    pub A: PartAverage,
    /// B.
    pub B: PartAverage,
    /// C.
    pub C: PartAverage,
}

/// One criterion across the members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilCriterion {
    /// Code.
    pub code: String,
    /// Part.
    pub part: Part,
    /// Maximum.
    pub max: u32,
    /// Each member's answer, in member order.
    pub options: Vec<Option<AnswerValue>>,
    /// Each member's points, in member order.
    pub points: Vec<u32>,
}

/// The action and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What happens.
    pub code: ActionCode,
    /// The stars concerned (the council's; null when eliminated).
    pub stars: Option<u8>,
    /// `"<decision>: <article>"`.
    pub citation: String,
}

/// A council's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilResult {
    /// Edition applied.
    pub edition: String,
    /// Product set.
    pub product_set: ProductSetRef,
    /// Level.
    pub level: Level,
    /// Every member's sheet complete.
    pub complete: bool,
    /// Average points per part.
    pub parts: PartAverages,
    /// The average total as a decimal string ([`Average::decimal`]).
    pub total: String,
    /// Band of the exact average.
    pub band: u8,
    /// The council's stars (band capped by minimums not met on every sheet; null when
    /// eliminated).
    pub stars: Option<u8>,
    /// Minimums that capped the stars, with dissenting members.
    pub capped_by: Vec<CouncilCap>,
    /// The elimination or stop note that applies.
    pub eliminated: Option<CouncilEliminated>,
    /// Codes unanswered on at least one sheet.
    pub unanswered: Vec<String>,
    /// Per criterion, in printed order.
    pub criteria: Vec<CouncilCriterion>,
    /// Each member's total and stars, in request order.
    pub members: Vec<MemberResult>,
    /// The exact average.
    pub average: Average,
    /// Highest total − lowest total.
    pub spread: u32,
    /// The largest spread the edition allows at this level (10 under 1048 at province and
    /// central level), or null where the texts set none.
    pub spread_limit: Option<u32>,
    /// `true` when the spread exceeds the limit: the council must discuss and score again.
    pub rescore_required: bool,
    /// What this level may do with the result.
    pub action: Action,
    /// Warnings (data gaps, unknown council rules).
    pub warnings: Vec<Warning>,
    /// Provenance.
    pub provenance: Provenance,
}

// ---------------------------------------------------------------------------------------------
// Procedure per edition

struct Procedure {
    levels: &'static [Level],
    /// Spread limit at province and central level.
    spread_limit: Option<u32>,
    /// The procedure text was not available.
    unknown: bool,
    district: &'static str,
    province: &'static str,
    central: &'static str,
}

const ALL_LEVELS: &[Level] = &[Level::District, Level::Province, Level::Central];
const NO_DISTRICT: &[Level] = &[Level::Province, Level::Central];

fn procedure(edition: &str) -> Procedure {
    match edition {
        "1048/2019" | "1048+781/2020" => Procedure {
            levels: ALL_LEVELS,
            spread_limit: Some(10),
            unknown: false,
            district: "1048/QĐ-TTg: Phụ lục II mục 1.a, 2.c, 4.a",
            province: "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.b, 2.b, 4.b",
            central: "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.c, 2.a, 4.c",
        },
        "148/2023" => Procedure {
            levels: ALL_LEVELS,
            spread_limit: None,
            unknown: true,
            district: "148/QĐ-TTg: Phụ lục II mục 4 (nguồn thứ cấp)",
            province: "148/QĐ-TTg: Phụ lục II mục 4 (nguồn thứ cấp)",
            central: "148/QĐ-TTg: Phụ lục II mục 4 (nguồn thứ cấp)",
        },
        "148+1489/2025" => Procedure {
            levels: NO_DISTRICT,
            spread_limit: None,
            unknown: true,
            district: "",
            province: "1489/QĐ-TTg: Phụ lục II của QĐ 148 sửa đổi (nguồn thứ cấp)",
            central: "1489/QĐ-TTg: Phụ lục II của QĐ 148 sửa đổi (nguồn thứ cấp)",
        },
        "26/2026" => Procedure {
            levels: NO_DISTRICT,
            spread_limit: None,
            unknown: false,
            district: "",
            province: "26/2026/QĐ-TTg: Điều 4 khoản 1 điểm a; Điều 7 khoản 3 điểm e",
            central: "26/2026/QĐ-TTg: Điều 4 khoản 1 điểm b; Điều 7 khoản 4 điểm e, g",
        },
        _ => Procedure {
            levels: ALL_LEVELS,
            spread_limit: None,
            unknown: true,
            district: "",
            province: "",
            central: "",
        },
    }
}

fn action(level: Level, stars: Option<u8>, p: &Procedure) -> Action {
    let s = stars.unwrap_or(0);
    let (code, citation) = match level {
        Level::District if s >= 3 => (ActionCode::ForwardToProvince, p.district),
        Level::District => (ActionCode::NoCertificate, p.district),
        Level::Province if s >= 5 => (ActionCode::ForwardToCentral, p.province),
        Level::Province if s >= 3 => (ActionCode::Recognise, p.province),
        Level::Province => (ActionCode::NoCertificate, p.province),
        Level::Central if s >= 5 => (ActionCode::Recognise, p.central),
        Level::Central if s >= 3 => (ActionCode::ReturnToProvince, p.central),
        Level::Central => (ActionCode::NoCertificate, p.central),
    };
    Action {
        code,
        stars,
        citation: citation.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

fn answer_value(c: &crate::data::Criterion, a: Option<Answer>) -> Option<AnswerValue> {
    match a? {
        Answer::One(i) => Some(AnswerValue::One(u32::from(i) + 1)),
        Answer::Ticked(bits) => Some(AnswerValue::Many(
            (0..c.options.len().min(64))
                .filter(|k| bits & (1u64 << k) != 0)
                .filter_map(|k| u32::try_from(k + 1).ok())
                .collect(),
        )),
    }
}

/// Does a trigger of criterion `ci` fire on this sheet?
fn fires(sheet: &Sheet, ci: usize, answers: &Answers, ev: &Evaluation) -> Option<usize> {
    sheet
        .triggers
        .iter()
        .filter(|t| t.criterion == ci)
        .find(|t| {
            t.zero_points_in
                .iter()
                .any(|&k| answers.get(k).is_some() && ev.points.get(k).copied() == Some(0))
        })
        .map(|t| t.note)
}

/// Scores a council request in the given registry.
///
/// # Errors
/// Every problem found, with codes and paths (member answers under `/members/<i>/answers`).
#[allow(clippy::too_many_lines)]
pub fn score_council_in(reg: &Registry, req: &CouncilRequest) -> Result<CouncilResult, Errors> {
    let (edition, why) = resolve_choice(reg, &req.edition_choice())?;
    let n = parse_set_number(&Json::String(req.product_set.clone()), "/product_set")?;
    let sheet = reg.require_sheet(edition, n, "/product_set")?;
    let scorer = Scorer::new(edition, sheet);
    let proc = procedure(&edition.meta.id);
    if !proc.levels.contains(&req.level) {
        return Err(Error::new(
            ErrorCode::ConflictingFields,
            "/level",
            format!(
                "edition {} has no {} level; its levels: {}",
                edition.meta.id,
                req.level.as_str(),
                proc.levels
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .into());
    }
    if req.members.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingField,
            "/members",
            "a council needs at least one member's sheet",
        )
        .into());
    }
    let mut errors = Vec::new();
    let flags = scorer
        .resolve_flags(&req.eliminated, "/eliminated")
        .unwrap_or_else(|Errors(e)| {
            errors.extend(e);
            Vec::new()
        });
    let mut resolved = Vec::with_capacity(req.members.len());
    for (i, m) in req.members.iter().enumerate() {
        let base = pointer(&pointer("/members", &i.to_string()), "answers");
        match scorer.resolve(&m.answers, &base) {
            Ok(a) => resolved.push(a),
            Err(Errors(e)) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let evs: Vec<Evaluation> = resolved
        .iter()
        .map(|a| scorer.evaluate(a, &flags))
        .collect();
    let s: &Sheet = sheet;

    // Elimination: the first criterion in printed order that is flagged or whose note
    // triggers on any member's sheet.
    let mut eliminated = None;
    for (ci, c) in s.criteria.iter().enumerate() {
        let triggered: Vec<(usize, usize)> = resolved
            .iter()
            .zip(&evs)
            .enumerate()
            .filter_map(|(m, (a, ev))| fires(s, ci, a, ev).map(|note| (m, note)))
            .collect();
        let names = || {
            triggered
                .iter()
                .filter_map(|(m, _)| req.members.get(*m).map(|x| x.member.clone()))
                .collect::<Vec<_>>()
        };
        let hit = if flags.contains(&ci) {
            c.notes
                .iter()
                .position(|n| matches!(n.kind, NoteKind::Elimination | NoteKind::StopRule))
                .map(|note| (note, "request"))
        } else {
            triggered.first().map(|&(_, note)| (note, "answers"))
        };
        if let Some((note, by)) = hit {
            if let Some(n) = c.notes.get(note) {
                eliminated = Some(CouncilEliminated {
                    criterion: c.code.clone(),
                    kind: n.kind,
                    note: n.text.clone(),
                    by: by.to_owned(),
                    members: names(),
                });
                break;
            }
        }
    }

    // Completeness: unless partial or stopped, every sheet must be complete.
    if !req.partial && eliminated.is_none() {
        for (i, (a, ev)) in resolved.iter().zip(&evs).enumerate() {
            if ev.complete {
                continue;
            }
            let base = pointer(&pointer("/members", &i.to_string()), "answers");
            for (ci, c) in s.criteria.iter().enumerate() {
                if a.get(ci).is_none() {
                    errors.push(Error::new(
                        ErrorCode::MissingAnswer,
                        pointer(&base, &c.code),
                        format!(
                            "member {} has no answer for criterion {} ({}); answer it or set \"partial\": true",
                            crate::error::quoted(req.members.get(i).map_or("", |m| m.member.as_str())),
                            c.code,
                            c.name
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
    }

    let count = u64::try_from(evs.len()).unwrap_or(u64::MAX);
    let sum: u64 = evs.iter().map(|e| u64::from(e.total)).sum();
    let average = Average::of(sum, count);
    let band = edition.band_of(sum, count);
    let failed_level = evs.iter().map(|e| e.failed_level).min().unwrap_or(6);
    let stars = if eliminated.is_some() {
        None
    } else {
        Some(band.min(failed_level.saturating_sub(1)).max(1))
    };
    let capped_by = s
        .minimums
        .iter()
        .enumerate()
        .filter(|(_, m)| m.level <= band)
        .filter_map(|(k, m)| {
            let c = s.criteria.get(m.criterion)?;
            let dissenting: Vec<Dissent> = req
                .members
                .iter()
                .zip(resolved.iter().zip(&evs))
                .filter(|(_, (_, ev))| ev.failed_minimums.contains(&k))
                .map(|(mem, (a, _))| Dissent {
                    member: mem.member.clone(),
                    answered_option: answer_value(c, a.get(m.criterion)),
                })
                .collect();
            if dissenting.is_empty() {
                return None;
            }
            Some(CouncilCap {
                criterion: c.code.clone(),
                level: m.level,
                required_option: u32::try_from(m.option + 1).ok()?,
                dissenting,
            })
        })
        .collect();
    let part = |p: Part| {
        let total: u64 = evs
            .iter()
            .map(|e| u64::from(e.parts.get(p.index()).copied().unwrap_or(0)))
            .sum();
        PartAverage {
            average: decimal(total, count).0,
            max: s.part_max(p),
        }
    };
    let criteria = s
        .criteria
        .iter()
        .enumerate()
        .map(|(ci, c)| CouncilCriterion {
            code: c.code.clone(),
            part: c.part,
            max: c.max,
            options: resolved
                .iter()
                .map(|a| answer_value(c, a.get(ci)))
                .collect(),
            points: evs
                .iter()
                .map(|e| e.points.get(ci).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let unanswered = s
        .criteria
        .iter()
        .enumerate()
        .filter(|(ci, _)| resolved.iter().any(|a| a.get(*ci).is_none()))
        .map(|(_, c)| c.code.clone())
        .collect();
    let members = req
        .members
        .iter()
        .zip(&evs)
        .map(|(m, e)| MemberResult {
            member: m.member.clone(),
            total: e.total,
            band: e.band,
            stars: e.stars,
            complete: e.complete,
        })
        .collect();
    let hi = evs.iter().map(|e| e.total).max().unwrap_or(0);
    let lo = evs.iter().map(|e| e.total).min().unwrap_or(0);
    let spread = hi - lo.min(hi);
    let at_upper = matches!(req.level, Level::Province | Level::Central);
    let spread_limit = proc.spread_limit.filter(|_| at_upper);
    let mut warnings = gap_warnings(edition, s);
    if proc.unknown && at_upper {
        warnings.push(Warning {
            code: "council_rule_unknown".to_owned(),
            message: format!(
                "the council procedure of {} (Phụ lục II) was not available: whether members' totals may differ by at most 10 points, as QĐ 1048/QĐ-TTg Phụ lục II requires at province and central level, is unknown and not applied",
                edition.meta.id
            ),
        });
    }
    let mut provenance = scorer.provenance();
    provenance.edition_reason = why.map(|w| w.reason);
    Ok(CouncilResult {
        edition: edition.meta.id.clone(),
        product_set: ProductSetRef {
            number: s.number,
            name: s.name.clone(),
        },
        level: req.level,
        complete: evs.iter().all(|e| e.complete),
        parts: PartAverages {
            A: part(Part::A),
            B: part(Part::B),
            C: part(Part::C),
        },
        total: average.decimal.clone(),
        band,
        stars,
        capped_by,
        eliminated,
        unanswered,
        criteria,
        members,
        average,
        spread,
        spread_limit,
        rescore_required: spread_limit.is_some_and(|l| spread > l),
        action: action(req.level, stars, &proc),
        warnings,
        provenance,
    })
}

/// Scores a council request.
///
/// # Errors
/// See [`score_council_in`].
pub fn score_council(req: &CouncilRequest) -> Result<CouncilResult, Errors> {
    score_council_in(registry()?, req)
}

/// Scores a council request given as a JSON tree.
#[must_use]
pub fn score_council_json(v: &Json) -> Outcome<CouncilResult> {
    CouncilRequest::from_json(v)
        .and_then(|r| score_council(&r))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(decimal(179, 2), ("89.5".to_owned(), true));
        assert_eq!(decimal(180, 2), ("90".to_owned(), true));
        assert_eq!(decimal(250, 3), ("83.33".to_owned(), false));
        assert_eq!(decimal(269, 3), ("89.66".to_owned(), false));
        assert_eq!(decimal(901, 10), ("90.1".to_owned(), true));
        assert_eq!(Average::of(179, 2).denominator, 2);
        assert_eq!(Average::of(180, 2).numerator, 90);
    }
}
