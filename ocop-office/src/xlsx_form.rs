//! The fillable XLSX form (`ocop form --format xlsx`): one worksheet per member, each with
//! the sheet's heading fields, parts, groups, criteria and options (points, star minimums),
//! notes, an answer cell per criterion (drop-down of its options) or a tick cell per option
//! of an additive criterion, and live formulas for the criteria, parts, total and band whose
//! cached results are the engine's own (a spreadsheet that keeps cached values never shows a
//! stale 0). Structure cells are locked (sheet protection without a password), answer and
//! heading cells are not. Every answer cell has a defined name (see [`crate::layout`]); a
//! hidden sheet records what the form was made for, so that [`crate::import`] can check it.

use crate::layout::{
    self, answer_name, cell_name, dropdown_text, star_text, tick_name, RowKind, COL_ANSWER,
    COL_CODE, COL_LIST, COL_POINTS, COL_SCORE, COL_STAR, COL_TEXT,
};
use crate::{FormMember, FormSpec, Lang};
use ocop_core::contract::{evaluate_request, ENGINE_VERSION};
use ocop_core::data::{Edition, Mode, Part, Sheet};
use ocop_core::error::{Error, ErrorCode, Errors};
use ocop_core::eval::{Answer, Evaluation};
use ocop_core::ScoreRequest;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};
use std::sync::Arc;

/// About how many characters of the text column fit on one printed line.
const TEXT_CHARS: usize = 84;

/// Name of the hidden sheet that records what the form was made for.
pub const META_SHEET: &str = "ocop";

/// The resolved inputs of a form: the edition, the sheet, and per member the evaluation of
/// its pre-filled answers (all empty for a blank form).
pub(crate) struct Resolved<'r> {
    pub edition: &'r Edition,
    pub sheet: &'r Arc<Sheet>,
    pub members: Vec<(FormMember, ocop_core::Answers, Evaluation)>,
}

/// Checks the spec against the embedded data and evaluates each member's answers (partial).
///
/// # Errors
/// The contract's errors (`unknown_edition`, `unknown_product_set`, `option_out_of_range`, …),
/// with paths `/members/<i>/answers/<code>`.
pub(crate) fn resolve(spec: &FormSpec) -> Result<Resolved<'static>, Errors> {
    let members: Vec<FormMember> = if spec.members.is_empty() {
        vec![FormMember::default()]
    } else {
        spec.members.clone()
    };
    let mut out = Vec::with_capacity(members.len());
    let mut handle = None;
    for (i, m) in members.into_iter().enumerate() {
        let req = ScoreRequest {
            edition: spec.edition.clone(),
            product_set: spec.product_set.clone(),
            answers: m.answers.clone(),
            partial: true,
            ..ScoreRequest::default()
        };
        let ev = evaluate_request(&req).map_err(|Errors(es)| {
            Errors(
                es.into_iter()
                    .map(|mut e| {
                        if e.path.starts_with("/answers") {
                            e.path = format!("/members/{i}{}", e.path);
                        }
                        e
                    })
                    .collect(),
            )
        })?;
        handle = Some(ev.scorer);
        out.push((m, ev.answers, ev.evaluation));
    }
    let scorer = handle.ok_or_else(|| Error::new(ErrorCode::MissingField, "/members", "empty"))?;
    Ok(Resolved {
        edition: scorer.edition,
        sheet: scorer.sheet,
        members: out,
    })
}

/// The worksheet names of a form of `n` member sheets.
pub(crate) fn sheet_names(n: usize, lang: Lang) -> Vec<String> {
    let base = lang.pick("Phiếu", "Sheet");
    if n <= 1 {
        vec![base.to_owned()]
    } else {
        (1..=n).map(|i| format!("{base} {i}")).collect()
    }
}

/// The heading fields of the form: key, printed label, value to pre-fill; and whether the
/// labels come from the sheet's source.
fn heading_fields(sheet: &Sheet, spec: &FormSpec) -> (Vec<(String, String, String)>, bool) {
    let value = |key: &str| -> String {
        match key {
            "product_name" => spec.product.clone(),
            "product_code" => spec.product_code.clone(),
            "owner" => spec.owner.clone(),
            _ => None,
        }
        .unwrap_or_default()
    };
    let _ = sheet;
    let lang = spec.lang;
    let plain = [
        ("product_name", lang.pick("Tên sản phẩm", "Product name")),
        ("product_code", lang.pick("Mã số sản phẩm", "Product code")),
        ("owner", lang.pick("Tên chủ thể", "Owner (producer)")),
    ];
    (
        plain
            .iter()
            .map(|(k, l)| ((*k).to_owned(), (*l).to_owned(), value(k)))
            .collect(),
        false,
    )
}

/// A council level in words.
pub(crate) fn level_text(level: &str, lang: Lang) -> String {
    match level {
        "district" => lang.pick("Cấp huyện", "District"),
        "province" => lang.pick("Cấp tỉnh", "Province"),
        "central" => lang.pick("Cấp trung ương", "Central"),
        other => other,
    }
    .to_owned()
}

struct Formats {
    title: Format,
    bold: Format,
    wrap: Format,
    note: Format,
    label: Format,
    input: Format,
    header: Format,
    part: Format,
    group: Format,
    crit: Format,
    crit_num: Format,
    option: Format,
    num: Format,
    star: Format,
    answer: Format,
    score_bold: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter);
    let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    Formats {
        title: base
            .clone()
            .set_bold()
            .set_font_size(13)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        bold: base.clone().set_bold().set_text_wrap(),
        wrap: base.clone().set_text_wrap(),
        note: boxed.clone().set_italic(),
        label: base.clone().set_bold(),
        input: base
            .clone()
            .set_unlocked()
            .set_border_bottom(FormatBorder::Dotted)
            .set_text_wrap(),
        header: boxed
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color("#D9D9D9"),
        part: boxed.clone().set_bold().set_background_color("#EDEDED"),
        group: boxed.clone().set_bold(),
        crit: boxed.clone().set_bold(),
        crit_num: boxed.clone().set_bold().set_align(FormatAlign::Center),
        option: boxed.clone(),
        num: boxed.clone().set_align(FormatAlign::Center),
        star: boxed.clone().set_align(FormatAlign::Center),
        answer: boxed
            .clone()
            .set_unlocked()
            .set_align(FormatAlign::Center)
            .set_background_color("#FFF2CC"),
        score_bold: boxed.set_bold().set_align(FormatAlign::Center),
    }
}

fn xerr(e: &XlsxError) -> Errors {
    Errors::one(Error::new(
        ErrorCode::InvalidData,
        "",
        format!("cannot write the XLSX form: {e}"),
    ))
}

/// `$E$12`.
fn abs_cell(row: u32, col: u16) -> String {
    let cell = cell_name(row, col);
    let (letters, digits): (String, String) = cell.chars().partition(char::is_ascii_alphabetic);
    format!("${letters}${digits}")
}

/// `='Sheet name'!$E$12`.
fn abs_ref(sheet_name: &str, row: u32, col: u16) -> String {
    format!(
        "='{}'!{}",
        sheet_name.replace('\'', "''"),
        abs_cell(row, col)
    )
}

/// The answer cell formula of a single-choice criterion: the points of the option whose
/// number (or drop-down text) the answer cell holds, 0 when empty or unmatched.
fn single_formula(answer: &str, rows: &[u32], points: &[u32]) -> String {
    let terms: Vec<String> = rows
        .iter()
        .zip(points)
        .enumerate()
        .map(|(k, (r, p))| {
            let n = k + 1;
            let list = cell_name(*r, COL_LIST);
            let _ = p;
            let pts = cell_name(*r, COL_POINTS);
            format!("IF(OR({answer}={n},{answer}=\"{n}\",{answer}={list}),{pts},0)")
        })
        .collect();
    format!("={}", terms.join("+"))
}

/// Points of the ticked options of an additive criterion.
fn additive_formula(rows: &[u32]) -> String {
    let terms: Vec<String> = rows
        .iter()
        .map(|r| {
            let t = cell_name(*r, COL_ANSWER);
            let pts = cell_name(*r, COL_POINTS);
            format!("IF(OR({t}=\"x\",{t}=\"✓\",{t}=\"1\",{t}=\"TRUE\",{t}=1,{t}=TRUE),{pts},0)")
        })
        .collect();
    format!("={}", terms.join("+"))
}

/// The band formula: the edition's bands, highest first.
fn band_formula(edition: &Edition, total: &str) -> String {
    let mut f = String::from("1");
    for b in edition.meta.bands.iter().rev() {
        if b.min == 0 {
            f = b.stars.to_string();
            continue;
        }
        f = format!("IF({total}>={},{},{f})", b.min, b.stars);
    }
    format!("={f}")
}

/// What the writer placed where on one member sheet: the first table row and the member
/// name cell (recorded in the hidden sheet).
pub(crate) struct Placed {
    pub table_row: u32,
    pub member_cell: (u32, u16),
}

#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
fn write_member_sheet(
    ws: &mut Worksheet,
    name: &str,
    spec: &FormSpec,
    r: &Resolved<'_>,
    member: &FormMember,
    answers: &ocop_core::Answers,
    ev: &Evaluation,
    names: &mut Vec<(String, String)>,
) -> Result<Placed, XlsxError> {
    let lang = spec.lang;
    let f = formats();
    let sheet: &Sheet = r.sheet;
    ws.set_name(name)?;
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(lang.pick("&CTrang &P / &N", "&CPage &P of &N"));
    ws.set_column_width(COL_CODE, 7)?;
    ws.set_column_width(COL_TEXT, 62)?;
    ws.set_column_width(COL_POINTS, 7)?;
    ws.set_column_width(COL_STAR, 8)?;
    ws.set_column_width(COL_ANSWER, 9)?;
    ws.set_column_width(COL_SCORE, 9)?;
    ws.set_column_width(COL_LIST, 40)?;
    ws.set_column_hidden(COL_LIST)?;

    let mut row: u32 = 0;
    let title = |ws: &mut Worksheet, row: u32, text: &str, fmt: &Format| {
        ws.merge_range(row, COL_CODE, row, COL_SCORE, text, fmt)
            .map(|_| ())
    };
    title(
        ws,
        row,
        lang.pick(
            "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP",
            "OCOP PRODUCT EVALUATION SHEET",
        ),
        &f.title,
    )?;
    row += 1;
    title(ws, row, &sheet.citation, &f.wrap)?;
    ws.set_row_height(row, fit_height(&sheet.citation, 110))?;
    row += 1;
    for line in [
        Some(&sheet.sector),
        Some(&sheet.group),
        sheet.subgroup.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        title(ws, row, line, &f.bold)?;
        ws.set_row_height(row, fit_height(line, 100))?;
        row += 1;
    }
    title(ws, row, &sheet.heading, &f.bold)?;
    ws.set_row_height(row, fit_height(&sheet.heading, 100))?;
    row += 2;

    let (fields, from_source) = heading_fields(sheet, spec);
    let field = |ws: &mut Worksheet, row: u32, label: &str, value: &str| {
        ws.merge_range(row, COL_CODE, row, COL_TEXT, "", &f.label)?;
        ws.write_string_with_format(row, COL_CODE, label, &f.label)?;
        ws.merge_range(row, COL_POINTS, row, COL_SCORE, "", &f.input)?;
        ws.write_string_with_format(row, COL_POINTS, value, &f.input)
            .map(|_| ())
    };
    for (_, label, value) in &fields {
        field(ws, row, &format!("{label}:"), value)?;
        row += 1;
    }
    let member_cell = (row, COL_POINTS);
    field(
        ws,
        row,
        lang.pick("Người đánh giá:", "Council member:"),
        &member.name,
    )?;
    names.push((
        format!("'{name}'!ocop_member"),
        abs_ref(name, row, COL_POINTS),
    ));
    row += 1;
    if let Some(level) = &spec.level {
        field(
            ws,
            row,
            lang.pick("Cấp đánh giá:", "Council level:"),
            &level_text(level, lang),
        )?;
        row += 1;
    }
    if !from_source {
        title(
            ws,
            row,
            lang.pick(
                "Các mục đầu phiếu trên không có trong dữ liệu nguồn của bộ tiêu chí; ghi theo mẫu của Hội đồng.",
                "The heading fields above are not known from a source of this sheet; fill them as the council's template asks.",
            ),
            &f.wrap.clone().set_italic(),
        )?;
        row += 1;
    }
    ws.merge_range(row, COL_CODE, row, COL_SCORE, "", &f.wrap)?;
    ws.write_string_with_format(
        row,
        COL_CODE,
        lang.pick(
            "Cách điền: ở cột \"Trả lời\", chọn phương án trong danh sách hoặc gõ số thứ tự của phương án; với tiêu chí được cộng điểm, đánh dấu x vào từng nội dung đạt. Cột \"Sao tối thiểu\" là mức sao mà phương án đó là yêu cầu tối thiểu.",
            "How to fill: in the \"Answer\" column pick an option from the list or type its number; for an additive criterion put an x against every item met. \"Min. stars\" is the star level for which that option is the minimum required.",
        ),
        &f.wrap,
    )?;
    ws.set_row_height(row, 45)?;
    row += 2;

    let table_row = row;
    let rows = layout::table(sheet, lang);
    // Row numbers of every criterion and option, to build the formulas.
    let mut crit_row = vec![0u32; sheet.criteria.len()];
    let mut option_rows: Vec<Vec<u32>> = sheet.criteria.iter().map(|_| Vec::new()).collect();
    for (i, tr) in rows.iter().enumerate() {
        let at = table_row + u32::try_from(i).unwrap_or(0);
        match tr.kind {
            RowKind::Criterion(ci) => {
                if let Some(slot) = crit_row.get_mut(ci) {
                    *slot = at;
                }
            }
            RowKind::Option(ci, _) => {
                if let Some(v) = option_rows.get_mut(ci) {
                    v.push(at);
                }
            }
            _ => {}
        }
    }
    let mut part_row = [0u32; 3];
    let mut total_row = 0u32;
    for (i, tr) in rows.iter().enumerate() {
        let at = table_row + u32::try_from(i).unwrap_or(0);
        if let RowKind::Part(p) = tr.kind {
            if let Some(slot) = part_row.get_mut(p.index()) {
                *slot = at;
            }
        }
        if tr.kind == RowKind::Total {
            total_row = at;
        }
    }
    let score_ref = |r: u32| cell_name(r, COL_SCORE);

    for (i, tr) in rows.iter().enumerate() {
        let at = table_row + u32::try_from(i).unwrap_or(0);
        if tr.kind != RowKind::Header {
            ws.set_row_height(at, fit_height(&tr.text, TEXT_CHARS))?;
        }
        match &tr.kind {
            RowKind::Header => {
                let heads = [
                    tr.code.as_str(),
                    tr.text.as_str(),
                    lang.pick("Điểm", "Points"),
                    lang.pick("Sao tối thiểu", "Min. stars"),
                    lang.pick("Trả lời", "Answer"),
                    lang.pick("Điểm đạt", "Score"),
                ];
                for (c, h) in (0u16..).zip(heads) {
                    ws.write_string_with_format(at, c, h, &f.header)?;
                }
                ws.set_row_height(at, 30)?;
            }
            RowKind::Part(p) => {
                ws.write_string_with_format(at, COL_CODE, &tr.code, &f.part)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.part)?;
                write_points(ws, at, tr.points, &f.part)?;
                ws.write_blank(at, COL_STAR, &f.part)?;
                ws.write_blank(at, COL_ANSWER, &f.part)?;
                let cells: Vec<String> = sheet
                    .criteria
                    .iter()
                    .zip(&crit_row)
                    .filter(|(c, _)| c.part == *p)
                    .map(|(_, r)| score_ref(*r))
                    .collect();
                let formula = if cells.is_empty() {
                    "=0".to_owned()
                } else {
                    format!("=SUM({})", cells.join(","))
                };
                let value = ev.parts.get(p.index()).copied().unwrap_or(0);
                ws.write_formula_with_format(
                    at,
                    COL_SCORE,
                    Formula::new(formula).set_result(value.to_string()),
                    &f.score_bold,
                )?;
                names.push((
                    format!("'{name}'!ocop_{}", p.as_str()),
                    abs_ref(name, at, COL_SCORE),
                ));
            }
            RowKind::Group => {
                ws.write_string_with_format(at, COL_CODE, &tr.code, &f.group)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.group)?;
                write_points(ws, at, tr.points, &f.crit_num)?;
                for c in [COL_STAR, COL_ANSWER, COL_SCORE] {
                    ws.write_blank(at, c, &f.group)?;
                }
            }
            RowKind::Criterion(ci) => {
                let ci = *ci;
                let Some(c) = sheet.criteria.get(ci) else {
                    continue;
                };
                ws.write_string_with_format(at, COL_CODE, &tr.code, &f.crit)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.crit)?;
                write_points(ws, at, tr.points, &f.crit_num)?;
                ws.write_blank(at, COL_STAR, &f.crit)?;
                let orows = option_rows.get(ci).cloned().unwrap_or_default();
                let points: Vec<u32> = c.options.iter().map(|o| o.points).collect();
                let answer = answers.get(ci);
                let formula = if c.mode == Mode::Additive {
                    ws.write_blank(at, COL_ANSWER, &f.crit)?;
                    additive_formula(&orows)
                } else {
                    let acell = cell_name(at, COL_ANSWER);
                    match answer {
                        Some(Answer::One(k)) => {
                            ws.write_number_with_format(
                                at,
                                COL_ANSWER,
                                f64::from(k) + 1.0,
                                &f.answer,
                            )?;
                        }
                        _ => {
                            ws.write_blank(at, COL_ANSWER, &f.answer)?;
                        }
                    }
                    if let (Some(first), Some(last)) = (orows.first(), orows.last()) {
                        let list = format!(
                            "={}:{}",
                            abs_cell(*first, COL_LIST),
                            abs_cell(*last, COL_LIST)
                        );
                        let dv = DataValidation::new()
                            .allow_list_formula(Formula::new(list))
                            .set_error_style(DataValidationErrorStyle::Information)
                            .set_error_title(lang.pick("Phương án", "Option"))?
                            .set_error_message(lang.pick(
                                "Chọn một phương án trong danh sách, hoặc gõ số thứ tự của phương án.",
                                "Pick an option from the list, or type its number.",
                            ))?;
                        ws.add_data_validation(at, COL_ANSWER, at, COL_ANSWER, &dv)?;
                    }
                    names.push((
                        format!("'{name}'!{}", answer_name(&c.code)),
                        abs_ref(name, at, COL_ANSWER),
                    ));
                    single_formula(&acell, &orows, &points)
                };
                let value = ev.points.get(ci).copied().unwrap_or(0);
                ws.write_formula_with_format(
                    at,
                    COL_SCORE,
                    Formula::new(formula).set_result(value.to_string()),
                    &f.score_bold,
                )?;
            }
            RowKind::Option(ci, k) => {
                let (ci, k) = (*ci, *k);
                let Some(c) = sheet.criteria.get(ci) else {
                    continue;
                };
                let Some(o) = c.options.get(k) else {
                    continue;
                };
                ws.write_blank(at, COL_CODE, &f.option)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.option)?;
                write_points(ws, at, tr.points, &f.num)?;
                ws.write_string_with_format(at, COL_STAR, star_text(o.min_star), &f.star)?;
                ws.write_string(at, COL_LIST, dropdown_text(c, k, lang))?;
                if c.mode == Mode::Additive {
                    let ticked = matches!(answers.get(ci), Some(Answer::Ticked(bits)) if k < 64 && bits & (1u64 << k) != 0);
                    if ticked {
                        ws.write_string_with_format(at, COL_ANSWER, "x", &f.answer)?;
                    } else {
                        ws.write_blank(at, COL_ANSWER, &f.answer)?;
                    }
                    let dv = DataValidation::new()
                        .allow_list_strings(&["x"])?
                        .set_error_style(DataValidationErrorStyle::Information)
                        .set_error_message(lang.pick(
                            "Đánh dấu x nếu đạt nội dung này; để trống nếu không.",
                            "Put an x if this item is met; leave it empty if not.",
                        ))?;
                    ws.add_data_validation(at, COL_ANSWER, at, COL_ANSWER, &dv)?;
                    names.push((
                        format!("'{name}'!{}", tick_name(&c.code, k + 1)),
                        abs_ref(name, at, COL_ANSWER),
                    ));
                } else {
                    ws.write_blank(at, COL_ANSWER, &f.option)?;
                }
                ws.write_blank(at, COL_SCORE, &f.option)?;
            }
            RowKind::Note => {
                ws.write_blank(at, COL_CODE, &f.note)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.note)?;
                for c in [COL_POINTS, COL_STAR, COL_ANSWER, COL_SCORE] {
                    ws.write_blank(at, c, &f.note)?;
                }
            }
            RowKind::Total => {
                ws.write_blank(at, COL_CODE, &f.part)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.part)?;
                write_points(ws, at, tr.points, &f.part)?;
                ws.write_blank(at, COL_STAR, &f.part)?;
                ws.write_blank(at, COL_ANSWER, &f.part)?;
                let formula = format!(
                    "={}+{}+{}",
                    score_ref(part_row.get(Part::A.index()).copied().unwrap_or(0)),
                    score_ref(part_row.get(Part::B.index()).copied().unwrap_or(0)),
                    score_ref(part_row.get(Part::C.index()).copied().unwrap_or(0))
                );
                ws.write_formula_with_format(
                    at,
                    COL_SCORE,
                    Formula::new(formula).set_result(ev.total.to_string()),
                    &f.score_bold,
                )?;
                names.push((format!("'{name}'!ocop_total"), abs_ref(name, at, COL_SCORE)));
            }
            RowKind::Band => {
                ws.write_blank(at, COL_CODE, &f.part)?;
                ws.write_string_with_format(at, COL_TEXT, &tr.text, &f.part)?;
                for c in [COL_POINTS, COL_STAR, COL_ANSWER] {
                    ws.write_blank(at, c, &f.part)?;
                }
                ws.write_formula_with_format(
                    at,
                    COL_SCORE,
                    Formula::new(band_formula(r.edition, &score_ref(total_row)))
                        .set_result(ev.band.to_string()),
                    &f.score_bold,
                )?;
                names.push((format!("'{name}'!ocop_band"), abs_ref(name, at, COL_SCORE)));
            }
        }
    }
    let end = table_row + u32::try_from(rows.len()).unwrap_or(0);
    ws.set_repeat_rows(table_row, table_row)?;
    ws.set_print_area(0, COL_CODE, end + 4, COL_SCORE)?;
    // Signature block.
    let sig = end + 1;
    ws.merge_range(sig, COL_POINTS, sig, COL_SCORE, "", &f.label)?;
    ws.write_string_with_format(
        sig,
        COL_POINTS,
        lang.pick(
            "Người đánh giá (ký, ghi rõ họ tên)",
            "Council member (signature and full name)",
        ),
        &f.label.clone().set_align(FormatAlign::Center),
    )?;
    ws.set_freeze_panes(table_row + 1, 0)?;
    ws.protect();
    Ok(Placed {
        table_row,
        member_cell,
    })
}

/// A row height that shows `text` whole in a wrapped cell about `chars` characters wide.
fn fit_height(text: &str, chars: usize) -> f64 {
    let lines: usize = text
        .split('\n')
        .map(|l| l.chars().count().div_ceil(chars.max(1)).max(1))
        .sum();
    15.0 * f64::from(u32::try_from(lines.max(1)).unwrap_or(1)) + 2.0
}

fn write_points(
    ws: &mut Worksheet,
    row: u32,
    points: Option<u32>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match points {
        Some(p) => ws.write_number_with_format(row, COL_POINTS, f64::from(p), fmt)?,
        None => ws.write_blank(row, COL_POINTS, fmt)?,
    };
    Ok(())
}

/// Writes the XLSX form of `spec`: one worksheet per member (one blank sheet when there is
/// none), pre-filled with each member's answers.
///
/// # Errors
/// The contract's errors for an unknown edition or set, or answers that do not fit the sheet
/// (paths `/members/<i>/answers/<code>`); `invalid_data` if the writer fails.
pub fn write_xlsx(spec: &FormSpec) -> Result<Vec<u8>, Errors> {
    if let Some(level) = &spec.level {
        if !matches!(level.as_str(), "district" | "province" | "central") {
            return Err(Errors::one(Error::new(
                ErrorCode::WrongType,
                "/level",
                format!(
                    "expected one of \"district\", \"province\", \"central\", found {}",
                    ocop_core::error::quoted(level)
                ),
            )));
        }
    }
    let r = resolve(spec)?;
    let sheet_names = sheet_names(r.members.len(), spec.lang);
    let mut wb = Workbook::new();
    let mut names: Vec<(String, String)> = Vec::new();
    let mut placed = Vec::new();
    for ((m, answers, ev), name) in r.members.iter().zip(&sheet_names) {
        let ws = wb.add_worksheet();
        let p = write_member_sheet(ws, name, spec, &r, m, answers, ev, &mut names)
            .map_err(|e| xerr(&e))?;
        placed.push(p);
    }
    // Workbook-level names point at the first member's sheet; every sheet also has its own
    // (sheet-scoped) names, which take precedence on that sheet.
    if let Some(first) = sheet_names.first() {
        let prefix = format!("'{first}'!");
        for (n, target) in &names {
            if let Some(global) = n.strip_prefix(&prefix) {
                wb.define_name(global, target).map_err(|e| xerr(&e))?;
            }
        }
    }
    if sheet_names.len() > 1 {
        for (n, target) in &names {
            wb.define_name(n.as_str(), target).map_err(|e| xerr(&e))?;
        }
    }
    let meta = wb.add_worksheet();
    write_meta(meta, spec, &r, &sheet_names, &placed).map_err(|e| xerr(&e))?;
    wb.save_to_buffer().map_err(|e| xerr(&e))
}

/// The hidden sheet: key / value rows.
fn write_meta(
    ws: &mut Worksheet,
    spec: &FormSpec,
    r: &Resolved<'_>,
    sheet_names: &[String],
    placed: &[Placed],
) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    let mut rows: Vec<(String, String)> = vec![
        ("ocop_form".into(), layout::LAYOUT_VERSION.into()),
        ("edition".into(), r.edition.meta.id.clone()),
        ("product_set".into(), r.sheet.number.to_string()),
        ("data_version".into(), r.edition.meta.data_version.clone()),
        ("engine_version".into(), ENGINE_VERSION.into()),
        ("lang".into(), spec.lang.code().into()),
        ("level".into(), spec.level.clone().unwrap_or_default()),
        ("sheets".into(), sheet_names.len().to_string()),
    ];
    for (i, ((name, p), (m, _, _))) in sheet_names.iter().zip(placed).zip(&r.members).enumerate() {
        let i = i + 1;
        rows.push((format!("sheet.{i}.name"), name.clone()));
        rows.push((format!("sheet.{i}.member"), m.name.clone()));
        rows.push((
            format!("sheet.{i}.member_cell"),
            cell_name(p.member_cell.0, p.member_cell.1),
        ));
        rows.push((
            format!("sheet.{i}.table_row"),
            (p.table_row + 1).to_string(),
        ));
    }
    for (i, (k, v)) in (0u32..).zip(&rows) {
        ws.write_string(i, 0, k)?;
        ws.write_string(i, 1, v)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 40)?;
    ws.protect();
    ws.set_hidden(true);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn band_formula_nests_the_bands() {
        let reg = ocop_core::registry().unwrap();
        let e = reg.edition("26/2026").unwrap();
        assert_eq!(
            band_formula(e, "F9"),
            "=IF(F9>=90,5,IF(F9>=70,4,IF(F9>=50,3,IF(F9>=30,2,1))))"
        );
    }

    #[test]
    fn unknown_set_is_the_contracts_error() {
        let spec = FormSpec {
            edition: "26/2026".into(),
            product_set: "99".into(),
            ..FormSpec::default()
        };
        let e = write_xlsx(&spec).unwrap_err();
        assert_eq!(e.0[0].code, ErrorCode::UnknownProductSet);
    }
}
