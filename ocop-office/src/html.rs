//! The printable HTML form: one self-contained page (inline CSS with print rules, no script,
//! no network), one sheet per member, each starting on a new printed page. The same rows as
//! the PDF ([`crate::print::rows`]).

use crate::print::{self, Row};
use crate::{FormMember, FormSpec};
use ocop_core::data::Mode;
use ocop_core::{Errors, Scorer};
use std::fmt::Write as _;

/// Escapes text for HTML.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The print style sheet (A4, a page break between sheets, boxes drawn in CSS).
const CSS: &str = "@page{size:A4;margin:15mm 15mm 18mm}\
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#000;margin:0 auto;max-width:180mm}\
.sheet{break-after:page;page-break-after:always;padding:4mm 0}.sheet:last-child{break-after:auto;page-break-after:auto}\
h1{font-size:13pt;text-align:center;margin:0 0 2mm}.sub{text-align:center;font-weight:bold;margin:0}.cite{text-align:center;font-size:8.5pt;margin:1mm 0 3mm}\
.field{margin:1mm 0}.field b{margin-right:1mm}.fill{display:inline-block;min-width:110mm;border-bottom:1px dotted #000}\
.hint{font-size:8.5pt}h2{font-size:11pt;border-bottom:1px solid #000;margin:4mm 0 1mm;break-after:avoid}\
.group{font-weight:bold;display:flex;justify-content:space-between;margin-top:2mm;break-after:avoid}\
.crit{font-weight:bold;display:flex;justify-content:space-between;margin-top:1.5mm;break-after:avoid}\
.opt{display:flex;align-items:flex-start;break-inside:avoid}.opt .label{flex:1}.pts{white-space:nowrap;margin-left:3mm;text-align:right;min-width:14mm}\
.box{display:inline-block;width:3mm;height:3mm;border:1px solid #000;margin:0.8mm 2mm 0 0;flex:none;text-align:center;line-height:3mm;font-size:8pt}\
.note,.case{margin-left:5mm;font-size:8.5pt}.case{font-weight:bold}.ticked{font-weight:bold}\
table.sum{border-collapse:collapse;margin-top:4mm}table.sum td{border:1px solid #000;padding:1mm 3mm}\
.sign{margin:6mm 0 0 50%;text-align:center;break-inside:avoid}.sign .name{margin-top:18mm;font-weight:bold}\
@media screen{body{padding:8mm}.sheet{border-bottom:2px dashed #999;margin-bottom:8mm}}";

/// The form as one HTML page.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable` (paths `/edition`,
/// `/product_set`).
pub fn form_html(spec: &FormSpec) -> Result<String, Errors> {
    let scorer = print::scorer(spec)?;
    let labels = print::labels(spec.lang);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title>\
         <meta name=\"generator\" content=\"ocop {}\"><style>{CSS}</style></head><body>\n",
        spec.lang.code(),
        escape(labels.title),
        escape(&scorer.sheet.heading),
        env!("CARGO_PKG_VERSION"),
    );
    for m in print::members(spec) {
        sheet(&mut h, spec, &scorer, &m);
    }
    h.push_str("</body></html>\n");
    Ok(h)
}

#[allow(clippy::too_many_lines)]
fn sheet(h: &mut String, spec: &FormSpec, scorer: &Scorer<'_>, m: &FormMember) {
    let labels = print::labels(spec.lang);
    let s = scorer.sheet;
    h.push_str("<section class=\"sheet\">\n");
    let _ = writeln!(h, "<h1>{}</h1>", escape(labels.title));
    for line in [
        Some(s.sector.as_str()),
        Some(s.group.as_str()),
        s.subgroup.as_deref(),
        Some(s.heading.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(h, "<p class=\"sub\">{}</p>", escape(line));
    }
    let _ = writeln!(
        h,
        "<p class=\"cite\">{}: {}</p>",
        escape(labels.edition),
        escape(&s.citation)
    );
    if let Some(level) = &spec.level {
        let _ = writeln!(
            h,
            "<p class=\"field\"><b>{}:</b>{}</p>",
            escape(labels.level),
            escape(&print::level_name(level, spec.lang))
        );
    }
    let (lines, source) = print::heading(spec, m);
    for l in &lines {
        let value = l
            .value
            .as_deref()
            .map_or_else(|| "<span class=\"fill\">&nbsp;</span>".to_owned(), escape);
        let _ = writeln!(
            h,
            "<p class=\"field\"><b>{}:</b>{value}</p>",
            escape(&l.label)
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"hint\">{}</p><p class=\"hint\">{}</p>",
        escape(source.as_deref().unwrap_or(labels.no_source)),
        escape(labels.tick_hint)
    );
    for row in print::rows(s, m) {
        match row {
            Row::Part { title } => {
                let _ = writeln!(h, "<h2>{}</h2>", escape(title));
            }
            Row::Group { code, name, max } => {
                let _ = writeln!(
                    h,
                    "<div class=\"group\"><span>{}. {}</span><span>{}</span></div>",
                    escape(code),
                    escape(name),
                    max.map_or_else(String::new, |x| format!("{x} {}", labels.points))
                );
            }
            Row::Criterion(c) => {
                let _ = writeln!(
                    h,
                    "<div class=\"crit\" data-code=\"{}\"><span>{} {}</span><span class=\"pts\">{} {}</span></div>",
                    escape(&c.code),
                    escape(&c.code),
                    escape(&c.name),
                    labels.max,
                    c.max
                );
                if c.mode == Mode::Additive {
                    let _ = writeln!(h, "<div class=\"note\">({})</div>", labels.additive_hint);
                }
            }
            Row::Case { text } => {
                let _ = writeln!(h, "<div class=\"case\">{}</div>", escape(text));
            }
            Row::Note { text } => {
                let _ = writeln!(h, "<div class=\"note\">{}</div>", escape(text));
            }
            Row::Option {
                number,
                label,
                points,
                ticked,
            } => {
                let _ = writeln!(
                    h,
                    "<div class=\"opt{}\" data-option=\"{number}\"><span class=\"box\">{}</span><span class=\"label\">{}</span><span class=\"pts\">{points} {}</span></div>",
                    if ticked { " ticked" } else { "" },
                    if ticked { "X" } else { "" },
                    escape(label),
                    labels.points
                );
            }
        }
    }
    for n in &s.notes {
        let _ = writeln!(h, "<p class=\"hint\">{}</p>", escape(&n.text));
    }
    h.push_str("<table class=\"sum\">\n");
    for (k, v) in print::summary(scorer, m, spec.lang) {
        let _ = writeln!(
            h,
            "<tr><td><b>{}</b></td><td>{}</td></tr>",
            escape(&k),
            escape(&v)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<div class=\"sign\"><div>{}</div><div><b>{} {}</b></div><div class=\"name\">{}</div></div>",
        escape(labels.date_line),
        escape(labels.signature),
        escape(labels.signature_hint),
        escape(&m.name)
    );
    h.push_str("</section>\n");
}
