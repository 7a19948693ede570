//! What a printed form shows, in printed order, independent of the output format: the PDF
//! ([`crate::pdf`]) and the HTML page ([`crate::html`]) both draw these rows, so the two can
//! never disagree on content.

use crate::{FormMember, FormSpec, Lang};
use ocop_core::contract::{self, AnswerValue, ScoreRequest, ScoreResult};
use ocop_core::data::{Criterion, Mode, NoteKind, Sheet};
use ocop_core::{Errors, Scorer};
use std::collections::BTreeSet;

/// One printed row of a form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Row<'s> {
    /// A part heading ("Phần A: …").
    Part { title: &'s str },
    /// A non-scored heading of the sheet: code, name, printed maximum.
    Group {
        code: &'s str,
        name: &'s str,
        max: Option<u32>,
    },
    /// A criterion: code, name, maximum, how it is answered.
    Criterion(&'s Criterion),
    /// A note printed under a criterion.
    Note { text: &'s str },
    /// A case heading ("Trường hợp 1: …") before its options.
    Case { text: &'s str },
    /// An option: its number (1-based), label as printed, points, ticked on this sheet.
    Option {
        number: u32,
        label: &'s str,
        points: u32,
        ticked: bool,
    },
}

/// The ticked option numbers of an answer.
fn ticked(a: Option<&AnswerValue>) -> BTreeSet<u32> {
    match a {
        Some(AnswerValue::One(n)) => std::iter::once(*n).collect(),
        Some(AnswerValue::Many(v)) => v.iter().copied().collect(),
        None => BTreeSet::new(),
    }
}

/// Every row of the sheet in printed order, with this member's answers ticked.
pub(crate) fn rows<'s>(sheet: &'s Sheet, member: &FormMember) -> Vec<Row<'s>> {
    let mut out = Vec::new();
    let mut part = None;
    let mut printed: BTreeSet<&str> = BTreeSet::new();
    for c in &sheet.criteria {
        if part != Some(c.part) {
            part = Some(c.part);
            if let Some(p) = sheet.parts.iter().find(|p| p.code == c.part) {
                out.push(Row::Part { title: &p.title });
            }
        }
        // The headings above the criterion, outermost first, each printed once.
        let mut chain = Vec::new();
        let mut next = c.parent.as_deref().or(Some(c.group.as_str()));
        while let Some(code) = next {
            if printed.contains(code) || chain.len() > 16 {
                break;
            }
            match sheet.groups.iter().find(|g| g.code == code) {
                Some(g) => {
                    chain.push(g);
                    next = g.parent.as_deref();
                }
                None => break,
            }
        }
        for g in chain.into_iter().rev() {
            printed.insert(&g.code);
            out.push(Row::Group {
                code: &g.code,
                name: &g.name,
                max: g.max,
            });
        }
        out.push(Row::Criterion(c));
        let answer = ticked(member.answers.get(&c.code));
        let mut case: Option<&str> = None;
        for (i, o) in c.options.iter().enumerate() {
            if c.mode == Mode::Case && o.case.as_deref() != case {
                case = o.case.as_deref();
                if let Some(t) = case {
                    out.push(Row::Case { text: t });
                }
            }
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            out.push(Row::Option {
                number,
                label: &o.label,
                points: o.points,
                ticked: answer.contains(&number),
            });
        }
        for n in &c.notes {
            if !matches!(n.kind, NoteKind::CaseHeader | NoteKind::CaseSelector) {
                out.push(Row::Note { text: &n.text });
            }
        }
    }
    out
}

/// One line of the form's heading: a label and the value given, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingLine {
    pub(crate) label: String,
    pub(crate) value: Option<String>,
}

/// The heading lines of the form and where their labels come from (`None`: no source; the
/// labels are the plain ones of [`plain_labels`]).
pub(crate) fn heading(spec: &FormSpec, member: &FormMember) -> (Vec<HeadingLine>, Option<String>) {
    let (vi, en) = plain_labels();
    let label = |k: usize| {
        spec.lang
            .pick(
                vi.get(k).copied().unwrap_or(""),
                en.get(k).copied().unwrap_or(""),
            )
            .to_owned()
    };
    let opt = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
    let name = Some(member.name.clone()).filter(|v| !v.trim().is_empty());
    let lines = vec![
        HeadingLine {
            label: label(0),
            value: opt(&spec.product),
        },
        HeadingLine {
            label: label(1),
            value: opt(&spec.product_code),
        },
        HeadingLine {
            label: label(2),
            value: opt(&spec.owner),
        },
        HeadingLine {
            label: label(3),
            value: name,
        },
    ];
    (lines, None)
}

/// The plain heading labels (Vietnamese, English): product name, product code, owner,
/// member.
fn plain_labels() -> ([&'static str; 4], [&'static str; 4]) {
    (
        [
            "Tên sản phẩm",
            "Mã số sản phẩm",
            "Tên chủ thể",
            "Thành viên hội đồng",
        ],
        ["Product name", "Product code", "Owner", "Council member"],
    )
}

/// The labels every form format prints that are not the law's own text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    pub(crate) title: &'static str,
    pub(crate) tick_hint: &'static str,
    pub(crate) additive_hint: &'static str,
    pub(crate) points: &'static str,
    pub(crate) max: &'static str,
    pub(crate) total: &'static str,
    pub(crate) part: &'static str,
    pub(crate) stars: &'static str,
    pub(crate) star_word: &'static str,
    pub(crate) date_line: &'static str,
    pub(crate) signature: &'static str,
    pub(crate) signature_hint: &'static str,
    pub(crate) no_source: &'static str,
    pub(crate) level: &'static str,
    pub(crate) edition: &'static str,
    pub(crate) sheet_of: &'static str,
}

/// The labels in a language.
pub(crate) fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Vi => Labels {
            title: "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
            tick_hint: "Đánh dấu X vào ô vuông của nội dung đạt được (mỗi tiêu chí một ô).",
            additive_hint: "được cộng điểm các nội dung đánh dấu",
            points: "điểm",
            max: "tối đa",
            total: "Tổng điểm",
            part: "Điểm phần",
            stars: "Hạng sao",
            star_word: "sao",
            date_line: "……………, ngày …… tháng …… năm ………",
            signature: "Người đánh giá",
            signature_hint: "(ký, ghi rõ họ tên)",
            no_source: "Các mục đầu phiếu chưa có nguồn văn bản: in theo nhãn thông thường.",
            level: "Hội đồng đánh giá",
            edition: "Căn cứ",
            sheet_of: "Phiếu",
        },
        Lang::En => Labels {
            title: "OCOP PRODUCT EVALUATION AND RATING SHEET",
            tick_hint: "Mark the box of the content reached with X (one box per criterion).",
            additive_hint: "the points of every marked content are added",
            points: "points",
            max: "max.",
            total: "Total",
            part: "Part",
            stars: "Stars",
            star_word: "stars",
            date_line: "……………, date …… / …… / ………",
            signature: "Evaluator",
            signature_hint: "(signature and full name)",
            no_source: "The heading fields have no source text: plain labels are printed.",
            level: "Council",
            edition: "Under",
            sheet_of: "Sheet",
        },
    }
}

/// The council level in words.
pub(crate) fn level_name(level: &str, lang: Lang) -> String {
    match level {
        "district" => lang.pick("Cấp huyện", "District"),
        "province" => lang.pick("Cấp tỉnh", "Province"),
        "central" => lang.pick("Cấp trung ương", "Central"),
        other => other,
    }
    .to_owned()
}

/// The sheet of a form's edition and set.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable`, with paths `/edition` and
/// `/product_set`.
pub(crate) fn scorer(spec: &FormSpec) -> Result<Scorer<'static>, Errors> {
    let reg = ocop_core::registry()?;
    Ok(contract::scorer_for(reg, &spec.edition, &spec.product_set)?)
}

/// The member's score when the form is pre-filled and the answers score (partial allowed);
/// `None` for a blank sheet or answers that do not score.
pub(crate) fn prefilled_score(scorer: &Scorer<'_>, member: &FormMember) -> Option<ScoreResult> {
    if member.answers.is_empty() {
        return None;
    }
    contract::score(&ScoreRequest {
        edition: scorer.edition.meta.id.clone(),
        product_set: scorer.sheet.number.to_string(),
        answers: member.answers.clone(),
        partial: true,
        ..ScoreRequest::default()
    })
    .ok()
}

/// The members to print: the spec's, or one blank sheet.
pub(crate) fn members(spec: &FormSpec) -> Vec<FormMember> {
    if spec.members.is_empty() {
        vec![FormMember::default()]
    } else {
        spec.members.clone()
    }
}

/// The summary under a sheet: part points, total and stars, each as (label, value); the
/// values are ocop-core's when the form is pre-filled, `……` to write in by hand otherwise.
pub(crate) fn summary(
    scorer: &Scorer<'_>,
    member: &FormMember,
    lang: Lang,
) -> Vec<(String, String)> {
    let labels = labels(lang);
    let score = prefilled_score(scorer, member);
    let blank = || "……".to_owned();
    let parts = &scorer.sheet.parts;
    let mut entries: Vec<(String, String)> = parts
        .iter()
        .map(|p| {
            let got = score.as_ref().map(|s| match p.code {
                ocop_core::data::Part::A => s.parts.A.points,
                ocop_core::data::Part::B => s.parts.B.points,
                ocop_core::data::Part::C => s.parts.C.points,
            });
            (
                format!("{} {}", labels.part, p.code.as_str()),
                format!("{} / {}", got.map_or_else(blank, |g| g.to_string()), p.max),
            )
        })
        .collect();
    let max: u32 = parts.iter().map(|p| p.max).sum();
    entries.push((
        labels.total.to_owned(),
        format!(
            "{} / {max}",
            score.as_ref().map_or_else(blank, |s| s.total.to_string())
        ),
    ));
    entries.push((
        labels.stars.to_owned(),
        score
            .as_ref()
            .and_then(|s| s.stars)
            .map_or_else(blank, |n| format!("{n} {}", labels.star_word)),
    ));
    entries
}
