//! The council's minutes for one session ("Biên bản / Bảng tổng hợp kết quả đánh giá"): per
//! product, the members' totals, the exact average and the spread, whether re-scoring is
//! required, band and stars, the star minimums that capped the stars (in words), any
//! elimination and what the level does with the result, then a signature block. Every figure
//! is ocop-core's council result ([`ocop_core::council::score_council`]); nothing is worked
//! out again here.
//!
//! Input: a JSON list of council requests (or one request). Each request may also carry
//! `product`, `product_code` and `owner` (printed in the minutes, not part of the request).

use crate::page::{Align, Layout, Style, CONTENT_W, MARGIN_X};
use crate::pdf::pdf_error;
use crate::print::level_name;
use crate::Lang;
use ocop_core::council::{score_council, ActionCode, CouncilRequest, CouncilResult};
use ocop_core::data::NoteKind;
use ocop_core::error::{pointer, Error, ErrorCode};
use ocop_core::json::Json;
use ocop_core::Errors;

/// The keys a product of the minutes may have besides the council request's own.
pub const PRODUCT_KEYS: &[&str] = &["product", "product_code", "owner"];

/// One product of the session: what identifies it on paper, and its council request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesProduct {
    /// Tên sản phẩm.
    pub product: Option<String>,
    /// Mã số sản phẩm.
    pub product_code: Option<String>,
    /// Tên chủ thể.
    pub owner: Option<String>,
    /// The council's request (members' answers).
    pub request: CouncilRequest,
}

/// A product with the council's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredProduct {
    /// The product as given.
    pub product: MinutesProduct,
    /// ocop-core's council result.
    pub result: CouncilResult,
}

/// Reads the minutes' input: a JSON list of council requests, or one request, each with the
/// optional `product`, `product_code`, `owner`. Errors carry the item's index in their path
/// (`/0/members/1/answers/1.1`; no index for a single request).
///
/// # Errors
/// `invalid_json`, `empty_input`, `input_too_large`, and the council request's errors.
pub fn read_products(input: &[u8]) -> Result<Vec<MinutesProduct>, Errors> {
    let v = Json::parse(input)?;
    match &v {
        Json::Array(items) => {
            if items.is_empty() {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    "",
                    "the minutes need at least one product's council request",
                )
                .into());
            }
            let mut out = Vec::with_capacity(items.len());
            let mut errors = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match read_product(item, &pointer("", &i.to_string())) {
                    Ok(p) => out.push(p),
                    Err(Errors(e)) => errors.extend(e),
                }
            }
            if errors.is_empty() {
                Ok(out)
            } else {
                Err(Errors(errors))
            }
        }
        _ => read_product(&v, "").map(|p| vec![p]),
    }
}

/// One product of the session from a folder of filled forms (one file per member, or one
/// workbook with a sheet per member), read by the form importer ([`crate::import::read`]); the
/// product is named after the folder. A folder with one member's sheet gives a council of one,
/// whose level must then come from `opts.level`.
///
/// # Errors
/// The importer's errors (`invalid_file`, `form_mismatch`, `unreadable_cell`,
/// `input_too_large`, …, each with its `source`), and `missing_field` at `/level` for a single
/// sheet with no level.
pub fn product_from_forms(
    folder: &str,
    files: &[crate::import::InputFile],
    opts: &crate::import::ImportOptions,
) -> Result<MinutesProduct, Errors> {
    let imported = crate::import::read(files, opts)?;
    let mut request = imported.request.clone();
    if let serde_json::Value::Object(obj) = &mut request {
        if !imported.council {
            let answers = obj.remove("answers").unwrap_or(serde_json::Value::Null);
            let member = files
                .first()
                .map_or_else(String::new, |f| crate::import::file_stem(&f.name));
            obj.insert(
                "members".into(),
                serde_json::json!([{"member": member, "answers": answers}]),
            );
            match &opts.level {
                Some(l) => {
                    obj.insert("level".into(), serde_json::json!(l));
                }
                None => {
                    return Err(Errors::one(Error::new(
                        ErrorCode::MissingField,
                        "/level",
                        opts.lang.pick(
                            "thư mục chỉ có phiếu của một thành viên: cần cấp đánh giá (--level)",
                            "the folder holds one member's sheet: give the council level (--level)",
                        ),
                    )));
                }
            }
        }
        let name = std::path::Path::new(folder.trim_end_matches(['/', '\\']))
            .file_name()
            .map_or_else(|| folder.to_owned(), |n| n.to_string_lossy().into_owned());
        obj.insert("product".into(), serde_json::json!(name));
    }
    let text = request.to_string();
    let v = Json::parse(text.as_bytes())?;
    read_product(&v, "").map_err(|e| imported.locate(e))
}

/// Prefixes every error's path with `base`.
fn under(base: &str, Errors(e): Errors) -> Errors {
    Errors(
        e.into_iter()
            .map(|mut x| {
                x.path = format!("{base}{}", x.path);
                x
            })
            .collect(),
    )
}

fn read_product(v: &Json, base: &str) -> Result<MinutesProduct, Errors> {
    let Json::Object(entries) = v else {
        return Err(ocop_core::json::wrong_type(base, "a council request (an object)", v).into());
    };
    let mut errors = Vec::new();
    let mut text = |key: &str| -> Option<String> {
        let (_, x) = entries.iter().find(|(k, _)| k == key)?;
        match x {
            Json::Null => None,
            Json::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
            other => {
                errors.push(ocop_core::json::wrong_type(
                    &pointer(base, key),
                    "a string",
                    other,
                ));
                None
            }
        }
    };
    let (product, product_code, owner) = (text("product"), text("product_code"), text("owner"));
    let rest = Json::Object(
        entries
            .iter()
            .filter(|(k, _)| !PRODUCT_KEYS.contains(&k.as_str()))
            .cloned()
            .collect(),
    );
    let request = CouncilRequest::from_json(&rest).map_err(|e| under(base, e));
    match request {
        Ok(request) if errors.is_empty() => Ok(MinutesProduct {
            product,
            product_code,
            owner,
            request,
        }),
        Ok(_) => Err(Errors(errors)),
        Err(Errors(e)) => {
            errors.extend(e);
            Err(Errors(errors))
        }
    }
}

/// Scores every product's council with ocop-core.
///
/// # Errors
/// Every product's errors, their paths under the product's index (`/1/members/0/answers/…`).
pub fn score_products(products: Vec<MinutesProduct>) -> Result<Vec<ScoredProduct>, Errors> {
    let single = products.len() == 1;
    let mut out = Vec::with_capacity(products.len());
    let mut errors = Vec::new();
    for (i, p) in products.into_iter().enumerate() {
        match score_council(&p.request) {
            Ok(result) => out.push(ScoredProduct { product: p, result }),
            Err(e) => {
                let base = if single {
                    String::new()
                } else {
                    pointer("", &i.to_string())
                };
                errors.extend(under(&base, e).0);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Errors(errors))
    }
}

/// The output formats of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesFormat {
    /// A workbook (rust_xlsxwriter).
    Xlsx,
    /// A PDF (the form's layout and embedded font).
    Pdf,
}

impl MinutesFormat {
    /// `xlsx` or `pdf` (case-insensitive).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(Self::Xlsx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// The minutes of the products' councils, from JSON input ([`read_products`]), as a file.
///
/// # Errors
/// As [`read_products`] and [`score_products`]; `invalid_data` if the file cannot be made.
pub fn minutes(input: &[u8], format: MinutesFormat, lang: Lang) -> Result<Vec<u8>, Errors> {
    let scored = score_products(read_products(input)?)?;
    write_minutes(&scored, format, lang)
}

/// The minutes of already scored products.
///
/// # Errors
/// `invalid_data` if the file cannot be made (a defect).
pub fn write_minutes(
    scored: &[ScoredProduct],
    format: MinutesFormat,
    lang: Lang,
) -> Result<Vec<u8>, Errors> {
    match format {
        MinutesFormat::Pdf => minutes_pdf(scored, lang),
        MinutesFormat::Xlsx => minutes_xlsx(scored, lang),
    }
}

// ---------------------------------------------------------------------------------------------
// Words

/// A decimal string of ocop-core (`"89.5"`) written the language's way (`89,5` in Vietnamese).
fn num(s: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s.to_owned(),
    }
}

/// The exact average in words: `89,5`, or `83,33… (= 250/3)` when the decimals are cut.
pub(crate) fn average_text(r: &CouncilResult, lang: Lang) -> String {
    let a = &r.average;
    let d = num(&a.decimal, lang);
    if a.exact {
        if a.denominator == 1 {
            d
        } else {
            format!("{d} (= {}/{})", a.numerator, a.denominator)
        }
    } else {
        format!("{d}… (= {}/{})", a.numerator, a.denominator)
    }
}

fn stars_text(s: Option<u8>, lang: Lang) -> String {
    match s {
        Some(n) => format!(
            "{n} {}",
            lang.pick("sao", if n == 1 { "star" } else { "stars" })
        ),
        None => lang
            .pick("không xếp hạng (bị loại)", "none (eliminated)")
            .to_owned(),
    }
}

fn spread_text(r: &CouncilResult, lang: Lang) -> String {
    let pts = lang.pick("điểm", "points");
    match (r.spread_limit, r.rescore_required) {
        (Some(l), true) => format!(
            "{} {pts} ({} {l} {pts}): {}",
            r.spread,
            lang.pick("vượt giới hạn", "above the limit of"),
            lang.pick(
                "Hội đồng thảo luận để thống nhất chấm điểm lại",
                "the council must discuss and score again"
            )
        ),
        (Some(l), false) => format!(
            "{} {pts} ({} {l} {pts}): {}",
            r.spread,
            lang.pick("trong giới hạn", "within the limit of"),
            lang.pick("không phải chấm lại", "no re-scoring")
        ),
        (None, _) => format!(
            "{} {pts} ({})",
            r.spread,
            lang.pick(
                "văn bản không quy định giới hạn chênh lệch ở cấp này",
                "the texts set no limit at this level"
            )
        ),
    }
}

/// The star minimums that capped the stars, one sentence each.
fn caps_text(r: &CouncilResult, lang: Lang) -> Vec<String> {
    let reg = ocop_core::registry().ok();
    let sheet = reg
        .and_then(|g| g.edition(&r.edition))
        .and_then(|e| e.sheet(r.product_set.number));
    r.capped_by
        .iter()
        .map(|c| {
            let crit = sheet.and_then(|s| s.criterion(&c.criterion)).map(|(_, x)| x);
            let name = crit.map_or(String::new(), |x| format!(" ({})", x.name));
            let label = crit
                .and_then(|x| {
                    x.options
                        .get(usize::try_from(c.required_option).ok()?.checked_sub(1)?)
                })
                .map_or(String::new(), |o| format!(" “{}”", o.text()));
            let who = c
                .dissenting
                .iter()
                .map(|d| {
                    let ans = match &d.answered_option {
                        Some(ocop_core::contract::AnswerValue::One(n)) => {
                            format!("{} {n}", lang.pick("chọn nội dung", "chose option"))
                        }
                        Some(ocop_core::contract::AnswerValue::Many(v)) if !v.is_empty() => {
                            format!(
                                "{} {}",
                                lang.pick("chọn nội dung", "ticked options"),
                                v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                            )
                        }
                        _ => lang.pick("không chọn", "no answer").to_owned(),
                    };
                    format!("{} ({ans})", d.member)
                })
                .collect::<Vec<_>>()
                .join("; ");
            match lang {
                Lang::Vi => format!(
                    "Tiêu chí {}{name}: yêu cầu tối thiểu để đạt {} sao là nội dung {}{label}; chưa đạt trên phiếu của: {who}.",
                    c.criterion, c.level, c.required_option
                ),
                Lang::En => format!(
                    "Criterion {}{name}: the minimum for {} stars is option {}{label}; not met on the sheets of: {who}.",
                    c.criterion, c.level, c.required_option
                ),
            }
        })
        .collect()
}

fn elimination_text(r: &CouncilResult, lang: Lang) -> Option<String> {
    let e = r.eliminated.as_ref()?;
    let what = match (e.kind, lang) {
        (NoteKind::StopRule, Lang::Vi) => "Dừng đánh giá",
        (NoteKind::StopRule, Lang::En) => "Evaluation stopped",
        (_, Lang::Vi) => "Sản phẩm bị loại",
        (_, Lang::En) => "Product eliminated",
    };
    let by = if e.by == "request" {
        lang.pick("do Hội đồng xác định", "as found by the council")
            .to_owned()
    } else {
        format!(
            "{}: {}",
            lang.pick("theo phiếu của", "on the sheets of"),
            e.members.join(", ")
        )
    };
    Some(format!(
        "{what} ({} {}, {by}): {}",
        lang.pick("tiêu chí", "criterion"),
        e.criterion,
        e.note
    ))
}

/// What the level does with the result, in words, with the source.
pub(crate) fn action_text(r: &CouncilResult, lang: Lang) -> String {
    let s = r
        .action
        .stars
        .map_or_else(String::new, |n| format!(" ({})", stars_text(Some(n), lang)));
    let what = match (r.action.code, lang) {
        (ActionCode::ForwardToProvince, Lang::Vi) => "Chuyển hồ sơ lên Hội đồng cấp tỉnh",
        (ActionCode::ForwardToProvince, Lang::En) => "Forwarded to the province council",
        (ActionCode::ForwardToCentral, Lang::Vi) => "Đề nghị Hội đồng cấp trung ương đánh giá",
        (ActionCode::ForwardToCentral, Lang::En) => "Sent to the central council",
        (ActionCode::Recognise, Lang::Vi) => "Đề nghị công nhận ở cấp này",
        (ActionCode::Recognise, Lang::En) => "Recognised at this level",
        (ActionCode::ReturnToProvince, Lang::Vi) => {
            "Chưa đạt 5 sao: cấp tỉnh có thể công nhận 3–4 sao theo kết quả này"
        }
        (ActionCode::ReturnToProvince, Lang::En) => {
            "Below 5 stars: the province may recognise 3–4 stars on this result"
        }
        (ActionCode::NoCertificate, Lang::Vi) => {
            "Không ban hành quyết định công nhận, không cấp giấy chứng nhận"
        }
        (ActionCode::NoCertificate, Lang::En) => "No recognition, no certificate",
        (ActionCode::Unknown, Lang::Vi) => {
            "Chưa có nguồn nào quy định cấp này làm gì với kết quả này (xem cảnh báo)"
        }
        (ActionCode::Unknown, Lang::En) => {
            "No source states what this level does with this result (see the warnings)"
        }
    };
    if r.action.citation.is_empty() {
        format!("{what}{s}")
    } else {
        format!("{what}{s} — {}", r.action.citation)
    }
}

fn product_title(p: &MinutesProduct, i: usize, lang: Lang) -> String {
    let name = p
        .product
        .clone()
        .unwrap_or_else(|| format!("{} {}", lang.pick("Sản phẩm", "Product"), i + 1));
    match &p.product_code {
        Some(c) => format!("{}. {name} ({} {c})", i + 1, lang.pick("mã số", "code")),
        None => format!("{}. {name}", i + 1),
    }
}

// ---------------------------------------------------------------------------------------------
// PDF

fn minutes_pdf(scored: &[ScoredProduct], lang: Lang) -> Result<Vec<u8>, Errors> {
    let title = lang.pick(
        "BIÊN BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "MINUTES: SUMMARY OF THE OCOP EVALUATION AND RATING RESULTS",
    );
    let body = Style::regular(9.5);
    let bold = Style::bold(9.5);
    let small = Style::regular(8.5);
    let mut l = Layout::new(title, lang).map_err(|e| pdf_error(&e))?;
    l.new_sheet(lang.pick("Biên bản tổng hợp kết quả", "Minutes"));
    l.paragraph(MARGIN_X, CONTENT_W, title, Style::bold(12.5), Align::Center);
    l.skip(4.0);
    let levels: Vec<String> = {
        let mut v: Vec<&str> = Vec::new();
        for s in scored {
            if !v.contains(&s.result.level.as_str()) {
                v.push(s.result.level.as_str());
            }
        }
        v.into_iter().map(|x| level_name(x, lang)).collect()
    };
    l.paragraph(
        MARGIN_X,
        CONTENT_W,
        &format!(
            "{}: {}",
            lang.pick("Hội đồng đánh giá", "Council"),
            levels.join(", ")
        ),
        body,
        Align::Center,
    );
    l.paragraph(
        MARGIN_X,
        CONTENT_W,
        lang.pick(
            "Thời gian họp: ……………………………   Địa điểm: ……………………………………………",
            "Date: ……………………………   Place: ……………………………………………",
        ),
        body,
        Align::Center,
    );
    l.paragraph(
        MARGIN_X,
        CONTENT_W,
        &format!(
            "{}: {}",
            lang.pick("Số sản phẩm đánh giá", "Products evaluated"),
            scored.len()
        ),
        body,
        Align::Center,
    );
    l.skip(6.0);

    for (i, sp) in scored.iter().enumerate() {
        let r = &sp.result;
        let p = &sp.product;
        l.skip(6.0);
        l.keep(150.0);
        l.paragraph(
            MARGIN_X,
            CONTENT_W,
            &product_title(p, i, lang),
            Style::bold(11.0),
            Align::Left,
        );
        l.rule();
        l.skip(3.0);
        let mut facts = Vec::new();
        if let Some(o) = &p.owner {
            facts.push((lang.pick("Chủ thể", "Owner"), o.clone()));
        }
        facts.push((
            lang.pick("Bộ tiêu chí", "Criteria"),
            format!(
                "{} {}: {} ({})",
                lang.pick("bộ sản phẩm", "product set"),
                r.product_set.number,
                r.product_set.name,
                r.edition
            ),
        ));
        facts.push((
            lang.pick("Cấp hội đồng", "Level"),
            level_name(r.level.as_str(), lang),
        ));
        for (k, v) in facts {
            label_value(&mut l, k, &v, bold, body);
        }
        // The members' totals.
        l.skip(3.0);
        let rowh = 16.0;
        let c1 = 26.0;
        let c2 = 260.0;
        let c3 = 70.0;
        let c4 = 80.0;
        #[allow(clippy::cast_precision_loss)]
        l.keep(rowh * (r.members.len() as f32 + 1.0));
        let header = [
            lang.pick("TT", "No."),
            lang.pick("Thành viên", "Member"),
            lang.pick("Tổng điểm", "Total"),
            lang.pick("Hạng sao của phiếu", "Sheet's stars"),
        ];
        let widths = [c1, c2, c3, c4];
        let table_row = |l: &mut Layout, cells: [String; 4], style: Style| {
            l.keep(rowh);
            let y = l.y;
            let mut x = MARGIN_X;
            for (cell, w) in cells.iter().zip(widths) {
                l.rect(x, y, w, rowh);
                let fitted = l.wrap(cell, w - 8.0, style);
                let first = fitted.first().cloned().unwrap_or_default();
                l.text_at(x + 4.0, y + 3.5, &first, style);
                x += w;
            }
            l.skip(rowh);
        };
        table_row(&mut l, header.map(str::to_owned), bold);
        for (k, m) in r.members.iter().enumerate() {
            table_row(
                &mut l,
                [
                    (k + 1).to_string(),
                    m.member.clone(),
                    m.total.to_string(),
                    m.stars.map_or_else(|| "—".to_owned(), |s| s.to_string()),
                ],
                body,
            );
        }
        l.skip(4.0);
        let mut lines = vec![
            (
                lang.pick("Điểm trung bình", "Average"),
                average_text(r, lang),
            ),
            (lang.pick("Chênh lệch điểm", "Spread"), spread_text(r, lang)),
            (
                lang.pick("Hạng theo điểm trung bình", "Band of the average"),
                stars_text(Some(r.band), lang),
            ),
            (
                lang.pick("Hạng sao của Hội đồng", "The council's stars"),
                stars_text(r.stars, lang),
            ),
        ];
        let caps = caps_text(r, lang);
        if caps.is_empty() && r.eliminated.is_none() {
            lines.push((
                lang.pick("Yêu cầu tối thiểu (dấu sao)", "Star minimums"),
                lang.pick(
                    "đạt trên mọi phiếu, không hạ hạng sao",
                    "met on every sheet; no star lost",
                )
                .to_owned(),
            ));
        }
        for (k, v) in lines {
            label_value(&mut l, k, &v, bold, body);
        }
        for c in caps {
            label_value(
                &mut l,
                lang.pick("Hạ hạng sao do", "Capped by"),
                &c,
                bold,
                body,
            );
        }
        if let Some(e) = elimination_text(r, lang) {
            label_value(&mut l, lang.pick("Loại", "Elimination"), &e, bold, body);
        }
        label_value(
            &mut l,
            lang.pick("Kết luận", "Outcome"),
            &action_text(r, lang),
            bold,
            body,
        );
        for w in &r.warnings {
            l.paragraph(
                MARGIN_X + 10.0,
                CONTENT_W - 10.0,
                &format!("{}: {}", lang.pick("Lưu ý", "Note"), w.message),
                small,
                Align::Left,
            );
        }
    }

    // Signature block.
    l.skip(18.0);
    l.keep(120.0);
    let half = CONTENT_W / 2.0;
    let y = l.y;
    for (k, who) in [
        lang.pick("THƯ KÝ HỘI ĐỒNG", "SECRETARY OF THE COUNCIL"),
        lang.pick("CHỦ TỊCH HỘI ĐỒNG", "CHAIR OF THE COUNCIL"),
    ]
    .into_iter()
    .enumerate()
    {
        #[allow(clippy::cast_precision_loss)]
        let x = MARGIN_X + half * k as f32;
        l.lines_at(x, y, half, &[who.to_owned()], bold, Align::Center);
        l.lines_at(
            x,
            y + 14.0,
            half,
            &[lang
                .pick("(ký, ghi rõ họ tên)", "(signature and full name)")
                .to_owned()],
            body,
            Align::Center,
        );
    }
    l.skip(100.0);
    l.finish().map_err(|e| pdf_error(&e))
}

/// `Label: value`, the value wrapped beside the label.
fn label_value(l: &mut Layout, label: &str, value: &str, bold: Style, body: Style) {
    let label = format!("{label}: ");
    let lw = l.width(&label, bold).min(CONTENT_W / 2.0);
    let wrapped = l.wrap(value, CONTENT_W - lw, body);
    #[allow(clippy::cast_precision_loss)]
    let h = wrapped.len().max(1) as f32 * body.leading();
    l.keep(h);
    let y = l.y;
    l.text_at(MARGIN_X, y, &label, bold);
    l.lines_at(
        MARGIN_X + lw,
        y,
        CONTENT_W - lw,
        &wrapped,
        body,
        Align::Left,
    );
    l.skip(h + 1.0);
}

// ---------------------------------------------------------------------------------------------
// XLSX

fn xlsx_error(e: &rust_xlsxwriter::XlsxError) -> Errors {
    Error::new(
        ErrorCode::InvalidData,
        "",
        format!("cannot make the workbook: {e}"),
    )
    .into()
}

#[allow(clippy::too_many_lines)]
fn minutes_xlsx(scored: &[ScoredProduct], lang: Lang) -> Result<Vec<u8>, Errors> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let title_f = Format::new().set_bold().set_font_size(13);
    let e = |e: rust_xlsxwriter::XlsxError| xlsx_error(&e);

    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Tổng hợp", "Summary")).map_err(e)?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
            "SUMMARY OF THE OCOP EVALUATION AND RATING RESULTS",
        ),
        &title_f,
    )
    .map_err(e)?;
    let headers: [(&str, &str, f64); 16] = [
        ("TT", "No.", 5.0),
        ("Tên sản phẩm", "Product", 28.0),
        ("Mã số", "Code", 12.0),
        ("Chủ thể", "Owner", 22.0),
        ("Bộ tiêu chí", "Criteria", 24.0),
        ("Cấp hội đồng", "Level", 12.0),
        ("Số thành viên", "Members", 9.0),
        ("Điểm trung bình", "Average", 11.0),
        ("Điểm trung bình (phân số)", "Average (fraction)", 12.0),
        ("Chênh lệch", "Spread", 10.0),
        ("Phải chấm lại", "Re-score", 10.0),
        ("Hạng theo điểm", "Band", 10.0),
        ("Hạng sao của Hội đồng", "Council's stars", 11.0),
        ("Hạ hạng sao do", "Capped by", 50.0),
        ("Loại", "Elimination", 30.0),
        ("Kết luận", "Outcome", 45.0),
    ];
    for (c, (vi, en, w)) in headers.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        ws.write_string_with_format(2, c, lang.pick(vi, en), &bold)
            .map_err(e)?;
        ws.set_column_width(c, *w).map_err(e)?;
    }
    ws.set_freeze_panes(3, 2).map_err(e)?;
    let yes_no = |b: bool| lang.pick(if b { "có" } else { "không" }, if b { "yes" } else { "no" });
    for (i, sp) in scored.iter().enumerate() {
        let r = &sp.result;
        let p = &sp.product;
        let row = u32::try_from(i + 3).unwrap_or(u32::MAX);
        #[allow(clippy::cast_precision_loss)]
        let avg = r.average.numerator as f64 / r.average.denominator.max(1) as f64;
        let texts: [(u16, String); 12] = [
            (1, p.product.clone().unwrap_or_default()),
            (2, p.product_code.clone().unwrap_or_default()),
            (3, p.owner.clone().unwrap_or_default()),
            (
                4,
                format!(
                    "{} {}: {} ({})",
                    lang.pick("bộ", "set"),
                    r.product_set.number,
                    r.product_set.name,
                    r.edition
                ),
            ),
            (5, level_name(r.level.as_str(), lang)),
            (
                8,
                format!("{}/{}", r.average.numerator, r.average.denominator),
            ),
            (10, yes_no(r.rescore_required).to_owned()),
            (12, r.stars.map_or_else(String::new, |s| s.to_string())),
            (13, caps_text(r, lang).join("\n")),
            (14, elimination_text(r, lang).unwrap_or_default()),
            (15, action_text(r, lang)),
            (0, String::new()),
        ];
        ws.write_number_with_format(row, 0, f64::from(u32::try_from(i + 1).unwrap_or(0)), &wrap)
            .map_err(e)?;
        for (c, t) in texts.iter().filter(|(c, _)| *c != 0) {
            if *c == 12 && r.stars.is_some() {
                ws.write_number_with_format(row, *c, f64::from(r.stars.unwrap_or(0)), &wrap)
                    .map_err(e)?;
            } else {
                ws.write_string_with_format(row, *c, t, &wrap).map_err(e)?;
            }
        }
        let n = f64::from(u32::try_from(r.members.len()).unwrap_or(u32::MAX));
        ws.write_number_with_format(row, 6, n, &wrap).map_err(e)?;
        ws.write_number_with_format(row, 7, avg, &wrap).map_err(e)?;
        ws.write_number_with_format(row, 9, f64::from(r.spread), &wrap)
            .map_err(e)?;
        ws.write_number_with_format(row, 11, f64::from(r.band), &wrap)
            .map_err(e)?;
    }
    let end = u32::try_from(scored.len() + 5).unwrap_or(u32::MAX);
    ws.write_string_with_format(
        end,
        1,
        lang.pick("THƯ KÝ HỘI ĐỒNG", "SECRETARY OF THE COUNCIL"),
        &Format::new().set_bold(),
    )
    .map_err(e)?;
    ws.write_string_with_format(
        end,
        13,
        lang.pick("CHỦ TỊCH HỘI ĐỒNG", "CHAIR OF THE COUNCIL"),
        &Format::new().set_bold(),
    )
    .map_err(e)?;
    let sign = lang.pick("(ký, ghi rõ họ tên)", "(signature and full name)");
    ws.write_string(end + 1, 1, sign).map_err(e)?;
    ws.write_string(end + 1, 13, sign).map_err(e)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2).map_err(e)?;

    // One row per member's total.
    let ms = wb.add_worksheet();
    ms.set_name(lang.pick("Thành viên", "Members")).map_err(e)?;
    let mh: [(&str, &str, f64); 6] = [
        ("TT sản phẩm", "Product no.", 8.0),
        ("Tên sản phẩm", "Product", 28.0),
        ("Thành viên", "Member", 28.0),
        ("Tổng điểm", "Total", 10.0),
        ("Hạng sao của phiếu", "Stars of the sheet", 12.0),
        ("Phiếu đủ", "Complete", 9.0),
    ];
    for (c, (vi, en, w)) in mh.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        ms.write_string_with_format(0, c, lang.pick(vi, en), &bold)
            .map_err(e)?;
        ms.set_column_width(c, *w).map_err(e)?;
    }
    let mut row = 1u32;
    for (i, sp) in scored.iter().enumerate() {
        for m in &sp.result.members {
            ms.write_number(row, 0, f64::from(u32::try_from(i + 1).unwrap_or(0)))
                .map_err(e)?;
            ms.write_string(row, 1, sp.product.product.clone().unwrap_or_default())
                .map_err(e)?;
            ms.write_string(row, 2, &m.member).map_err(e)?;
            ms.write_number(row, 3, f64::from(m.total)).map_err(e)?;
            if let Some(s) = m.stars {
                ms.write_number(row, 4, f64::from(s)).map_err(e)?;
            }
            ms.write_string(row, 5, yes_no(m.complete)).map_err(e)?;
            row = row.saturating_add(1);
        }
    }
    wb.save_to_buffer().map_err(e)
}
