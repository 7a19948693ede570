//! The PDF form: the sheet of an edition and set on A4, one □ box to tick per option, the
//! heading fields, the signature line and page numbers, in Noto Sans (embedded, subset), so
//! that every Vietnamese criterion name and option label can be read back from the file
//! exactly as the law prints it.

use crate::page::{Align, Layout, PdfError, Style, CONTENT_W, MARGIN_X, PAGE_W};
use crate::print::{self, Row};
use crate::{FormMember, FormSpec};
use ocop_core::data::Mode;
use ocop_core::error::{Error, ErrorCode};
use ocop_core::{Errors, Scorer};

const BODY: Style = Style::regular(9.5);
const BODY_BOLD: Style = Style::bold(9.5);
const SMALL: Style = Style::regular(8.5);
const BOX: f32 = 8.5;
/// Width of the right-hand points column.
const POINTS_W: f32 = 48.0;

/// A PDF error as the library's typed error (`invalid_data`: a defect, never the input).
pub(crate) fn pdf_error(e: &PdfError) -> Errors {
    Error::new(ErrorCode::InvalidData, "", e.to_string()).into()
}

/// The form as one PDF: one sheet per member (a blank sheet when there are no members),
/// each sheet's pages numbered on their own.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable` (paths `/edition`,
/// `/product_set`); `invalid_data` if the PDF cannot be made (a defect).
pub fn form_pdf(spec: &FormSpec) -> Result<Vec<u8>, Errors> {
    let scorer = print::scorer(spec)?;
    let labels = print::labels(spec.lang);
    let title = format!(
        "{} — {} {}",
        labels.title, scorer.edition.meta.id, scorer.sheet.heading
    );
    let mut l = Layout::new(&title, spec.lang).map_err(|e| pdf_error(&e))?;
    for m in print::members(spec) {
        member_sheet(&mut l, spec, &scorer, &m);
    }
    l.finish().map_err(|e| pdf_error(&e))
}

/// One PDF per member, in member order (one blank sheet when there are no members).
///
/// # Errors
/// As [`form_pdf`].
pub fn form_pdfs(spec: &FormSpec) -> Result<Vec<(FormMember, Vec<u8>)>, Errors> {
    print::members(spec)
        .into_iter()
        .map(|m| {
            let one = FormSpec {
                members: vec![m.clone()],
                ..spec.clone()
            };
            form_pdf(&one).map(|b| (m, b))
        })
        .collect()
}

fn member_sheet(l: &mut Layout, spec: &FormSpec, scorer: &Scorer<'_>, m: &FormMember) {
    let labels = print::labels(spec.lang);
    let sheet = scorer.sheet;
    let foot = if m.name.is_empty() {
        format!("{} {}", labels.sheet_of, sheet.heading)
    } else {
        format!("{} {} — {}", labels.sheet_of, sheet.heading, m.name)
    };
    l.new_sheet(&foot);
    l.paragraph(
        MARGIN_X,
        CONTENT_W,
        labels.title,
        Style::bold(13.0),
        Align::Center,
    );
    l.skip(2.0);
    for line in [
        Some(sheet.sector.as_str()),
        Some(sheet.group.as_str()),
        sheet.subgroup.as_deref(),
        Some(sheet.heading.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        l.paragraph(MARGIN_X, CONTENT_W, line, BODY_BOLD, Align::Center);
    }
    l.paragraph(
        MARGIN_X,
        CONTENT_W,
        &format!("{}: {}", labels.edition, sheet.citation),
        SMALL,
        Align::Center,
    );
    l.skip(8.0);

    // Heading fields: label, then the value or a dotted line to write on.
    let (lines, source) = print::heading(spec, m);
    if let Some(level) = &spec.level {
        l.paragraph(
            MARGIN_X,
            CONTENT_W,
            &format!("{}: {}", labels.level, print::level_name(level, spec.lang)),
            BODY,
            Align::Left,
        );
    }
    for h in &lines {
        let label = format!("{}: ", h.label);
        let lw = l.width(&label, BODY_BOLD);
        l.keep(BODY.leading());
        let y = l.y;
        l.text_at(MARGIN_X, y, &label, BODY_BOLD);
        match &h.value {
            Some(v) => {
                let wrapped = l.wrap(v, CONTENT_W - lw, BODY);
                l.lines_at(
                    MARGIN_X + lw,
                    y,
                    CONTENT_W - lw,
                    &wrapped,
                    BODY,
                    Align::Left,
                );
                #[allow(clippy::cast_precision_loss)]
                l.skip(wrapped.len().max(1) as f32 * BODY.leading());
            }
            None => {
                let base = y + BODY.size * 1.15;
                l.line(MARGIN_X + lw, base, PAGE_W - MARGIN_X, base);
                l.skip(BODY.leading() + 3.0);
            }
        }
    }
    match source {
        Some(src) => l.paragraph(MARGIN_X, CONTENT_W, &src, SMALL, Align::Left),
        None => l.paragraph(MARGIN_X, CONTENT_W, labels.no_source, SMALL, Align::Left),
    }
    l.skip(4.0);
    l.paragraph(MARGIN_X, CONTENT_W, labels.tick_hint, SMALL, Align::Left);
    l.skip(4.0);

    let text_x = MARGIN_X + 14.0;
    let text_w = CONTENT_W - 14.0 - POINTS_W;
    for row in print::rows(sheet, m) {
        match row {
            Row::Part { title } => {
                l.skip(6.0);
                l.keep(60.0);
                l.paragraph(MARGIN_X, CONTENT_W, title, Style::bold(11.0), Align::Left);
                l.skip(1.0);
                l.rule();
                l.skip(3.0);
            }
            Row::Group { code, name, max } => {
                l.skip(3.0);
                l.keep(50.0);
                let text = format!("{code}. {name}");
                let wrapped = l.wrap(&text, CONTENT_W - POINTS_W, BODY_BOLD);
                let y = l.y;
                l.lines_at(
                    MARGIN_X,
                    y,
                    CONTENT_W - POINTS_W,
                    &wrapped,
                    BODY_BOLD,
                    Align::Left,
                );
                if let Some(mx) = max {
                    l.lines_at(
                        PAGE_W - MARGIN_X - POINTS_W,
                        y,
                        POINTS_W,
                        &[format!("{mx} {}", labels.points)],
                        BODY_BOLD,
                        Align::Right,
                    );
                }
                #[allow(clippy::cast_precision_loss)]
                l.skip(wrapped.len() as f32 * BODY_BOLD.leading());
            }
            Row::Criterion(c) => {
                l.skip(3.0);
                let name = format!("{} {}", c.code, c.name);
                let wrapped = l.wrap(&name, CONTENT_W - POINTS_W, BODY_BOLD);
                #[allow(clippy::cast_precision_loss)]
                let h = wrapped.len() as f32 * BODY_BOLD.leading();
                // A criterion's name stays with its first option.
                l.keep(h + 2.0 * BODY.leading());
                let y = l.y;
                l.lines_at(
                    MARGIN_X,
                    y,
                    CONTENT_W - POINTS_W,
                    &wrapped,
                    BODY_BOLD,
                    Align::Left,
                );
                l.lines_at(
                    PAGE_W - MARGIN_X - POINTS_W,
                    y,
                    POINTS_W,
                    &[format!("{} {}", labels.max, c.max)],
                    SMALL,
                    Align::Right,
                );
                l.skip(h);
                if c.mode == Mode::Additive {
                    l.paragraph(
                        text_x,
                        text_w,
                        &format!("({})", labels.additive_hint),
                        SMALL,
                        Align::Left,
                    );
                }
            }
            Row::Case { text } => {
                l.paragraph(text_x, text_w, text, Style::bold(9.0), Align::Left);
            }
            Row::Note { text } => {
                l.paragraph(text_x, text_w, text, SMALL, Align::Left);
            }
            Row::Option {
                label,
                points,
                ticked,
                ..
            } => {
                let wrapped = l.wrap(label, text_w, BODY);
                #[allow(clippy::cast_precision_loss)]
                let h = wrapped.len() as f32 * BODY.leading();
                l.keep(h);
                let y = l.y;
                l.tick_box(MARGIN_X + 2.0, y + 2.0, BOX, ticked);
                l.lines_at(text_x, y, text_w, &wrapped, BODY, Align::Left);
                l.lines_at(
                    PAGE_W - MARGIN_X - POINTS_W,
                    y,
                    POINTS_W,
                    &[format!("{points} {}", labels.points)],
                    BODY,
                    Align::Right,
                );
                l.skip(h + 1.5);
            }
        }
    }

    // The sheet's own notes (dossier rejection, the star marker).
    l.skip(6.0);
    for n in &sheet.notes {
        l.paragraph(MARGIN_X, CONTENT_W, &n.text, SMALL, Align::Left);
    }

    summary(l, spec, scorer, m);
    signature(l, spec, m);
}

/// Part points, total and stars: filled in from ocop-core when the form is pre-filled, blank
/// to write in by hand otherwise.
fn summary(l: &mut Layout, spec: &FormSpec, scorer: &Scorer<'_>, m: &FormMember) {
    let entries = print::summary(scorer, m, spec.lang);
    l.skip(8.0);
    #[allow(clippy::cast_precision_loss)]
    l.keep(entries.len() as f32 * 18.0 + 10.0);
    let col = 150.0;
    let x = MARGIN_X;
    for (k, v) in entries {
        let y = l.y;
        l.rect(x, y, col, 18.0);
        l.rect(x + col, y, 90.0, 18.0);
        l.text_at(x + 5.0, y + 4.0, &k, BODY_BOLD);
        l.text_at(x + col + 5.0, y + 4.0, &v, BODY);
        l.skip(18.0);
    }
}

/// The date line and "Người đánh giá (ký, ghi rõ họ tên)", with the member's name under the
/// space to sign.
fn signature(l: &mut Layout, spec: &FormSpec, m: &FormMember) {
    let labels = print::labels(spec.lang);
    l.skip(14.0);
    l.keep(110.0);
    let x = PAGE_W / 2.0;
    let w = PAGE_W - MARGIN_X - x;
    let y = l.y;
    l.lines_at(x, y, w, &[labels.date_line.to_owned()], BODY, Align::Center);
    l.lines_at(
        x,
        y + 16.0,
        w,
        &[format!("{} {}", labels.signature, labels.signature_hint)],
        BODY_BOLD,
        Align::Center,
    );
    if !m.name.is_empty() {
        l.lines_at(
            x,
            y + 80.0,
            w,
            std::slice::from_ref(&m.name),
            BODY_BOLD,
            Align::Center,
        );
    }
    l.skip(100.0);
}
