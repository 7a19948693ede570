//! The table of a fillable form, row by row: what the XLSX writer lays out and what the
//! importer checks a filled form against. Both sides build it from the same sheet data, so a
//! form whose rows were deleted, moved or edited no longer matches and is refused.

use crate::Lang;
use ocop_core::data::{Criterion, Mode, NoteKind, Part, Sheet};

/// Columns of the table (0-based): code, text, points, star minimum, answer, points obtained,
/// and the hidden column holding the drop-down texts.
pub(crate) const COL_CODE: u16 = 0;
/// Printed text (criterion name, option label, note).
pub(crate) const COL_TEXT: u16 = 1;
/// Points of an option, maximum of a criterion, group or part.
pub(crate) const COL_POINTS: u16 = 2;
/// Star minimum of an option (`★★★`).
pub(crate) const COL_STAR: u16 = 3;
/// The answer cell (single choice) or tick cell (additive option).
pub(crate) const COL_ANSWER: u16 = 4;
/// Points obtained (formulas).
pub(crate) const COL_SCORE: u16 = 5;
/// Hidden: the drop-down texts of the options.
pub(crate) const COL_LIST: u16 = 6;

/// Version of the layout, recorded in the hidden sheet; an importer refuses other versions.
pub(crate) const LAYOUT_VERSION: &str = "1";

/// What one table row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// The table's column headings (repeated on every printed page).
    Header,
    /// A part heading (A, B, C), with the part's points formula.
    Part(Part),
    /// A non-scored heading.
    Group,
    /// A criterion (index into the sheet's criteria), with its points formula and, unless
    /// additive, its answer cell.
    Criterion(usize),
    /// An option (criterion index, option index): its points, star minimum and, for an
    /// additive criterion, its tick cell.
    Option(usize, usize),
    /// A printed note.
    Note,
    /// The total.
    Total,
    /// The band (stars by total alone).
    Band,
}

/// One table row with the texts the structure check compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// Kind.
    pub kind: RowKind,
    /// Column A.
    pub code: String,
    /// Column B.
    pub text: String,
    /// Column C (points or maximum), if any.
    pub points: Option<u32>,
}

/// The drop-down text of option `k` (0-based) of `c`: its number, the start of its label and
/// its points. An answer cell accepts it as well as the bare number.
pub(crate) fn dropdown_text(c: &Criterion, k: usize, lang: Lang) -> String {
    let Some(o) = c.options.get(k) else {
        return String::new();
    };
    let text = o.text();
    let short: String = if text.chars().count() > 60 {
        let mut s: String = text.chars().take(57).collect();
        s.push('…');
        s
    } else {
        text.to_owned()
    };
    format!(
        "{}. {} ({} {})",
        k + 1,
        short,
        o.points,
        lang.pick("điểm", "points")
    )
}

/// The printed text of option `k` of `c`: number, case mark (case mode) and verbatim label.
pub(crate) fn option_text(c: &Criterion, k: usize) -> String {
    let Some(o) = c.options.get(k) else {
        return String::new();
    };
    let case = match (&c.mode, &o.case) {
        (Mode::Case, Some(case)) => {
            let pos = c.cases.iter().position(|x| x == case).unwrap_or(0);
            format!("({}) ", case_mark(case, pos))
        }
        _ => String::new(),
    };
    format!("{}. {case}{}", k + 1, o.label)
}

/// `a` for `a. Trường hợp 1: …`; else the case's number.
fn case_mark(case: &str, pos: usize) -> String {
    match case.split_once('.') {
        Some((m, _)) if !m.is_empty() && m.chars().count() <= 2 => m.trim().to_owned(),
        _ => (pos + 1).to_string(),
    }
}

/// The star minimum shown next to an option (`★★★`), empty when it has none.
pub(crate) fn star_text(stars: Option<u8>) -> String {
    stars.map_or_else(String::new, |n| "★".repeat(usize::from(n)))
}

/// The table rows of `sheet`, in printed order.
pub(crate) fn table(sheet: &Sheet, lang: Lang) -> Vec<Row> {
    let mut rows = vec![Row {
        kind: RowKind::Header,
        code: lang.pick("Mã", "Code").to_owned(),
        text: lang.pick("Nội dung", "Criterion / option").to_owned(),
        points: None,
    }];
    let mut emitted_groups: Vec<&str> = Vec::new();
    let mut part: Option<Part> = None;
    for (ci, c) in sheet.criteria.iter().enumerate() {
        if part != Some(c.part) {
            part = Some(c.part);
            if let Some(p) = sheet.parts.iter().find(|p| p.code == c.part) {
                rows.push(Row {
                    kind: RowKind::Part(c.part),
                    code: c.part.as_str().to_owned(),
                    text: p.title.clone(),
                    points: Some(p.max),
                });
            }
        }
        // The headings above this criterion, outermost first, that are not printed yet.
        let mut chain: Vec<&str> = Vec::new();
        let mut next = c.parent.as_deref().or(Some(c.group.as_str()));
        while let Some(code) = next {
            if code == c.code || chain.contains(&code) {
                break;
            }
            chain.push(code);
            next = sheet
                .groups
                .iter()
                .find(|g| g.code == code)
                .and_then(|g| g.parent.as_deref());
        }
        if c.group != c.code && !chain.contains(&c.group.as_str()) {
            chain.push(c.group.as_str());
        }
        for code in chain.into_iter().rev() {
            if emitted_groups.contains(&code) {
                continue;
            }
            if let Some(g) = sheet.groups.iter().find(|g| g.code == code) {
                emitted_groups.push(code);
                rows.push(Row {
                    kind: RowKind::Group,
                    code: g.code.clone(),
                    text: g.name.clone(),
                    points: g.max,
                });
            }
        }
        rows.push(Row {
            kind: RowKind::Criterion(ci),
            code: c.code.clone(),
            text: c.name.clone(),
            points: Some(c.max),
        });
        let case_note = |k: NoteKind| matches!(k, NoteKind::CaseSelector | NoteKind::CaseHeader);
        for n in c.notes.iter().filter(|n| case_note(n.kind)) {
            rows.push(note_row(&n.text));
        }
        for (k, o) in c.options.iter().enumerate() {
            rows.push(Row {
                kind: RowKind::Option(ci, k),
                code: String::new(),
                text: option_text(c, k),
                points: Some(o.points),
            });
        }
        for n in c.notes.iter().filter(|n| !case_note(n.kind)) {
            rows.push(note_row(&n.text));
        }
    }
    rows.push(Row {
        kind: RowKind::Total,
        code: String::new(),
        text: lang
            .pick("TỔNG ĐIỂM (A + B + C)", "TOTAL (A + B + C)")
            .to_owned(),
        points: Some(sheet.parts.iter().map(|p| p.max).sum()),
    });
    rows.push(Row {
        kind: RowKind::Band,
        code: String::new(),
        text: lang
            .pick(
                "Hạng sao theo tổng điểm (chưa xét yêu cầu tối thiểu dấu sao và điều kiện loại)",
                "Stars by total alone (before star minimums and eliminations)",
            )
            .to_owned(),
        points: None,
    });
    for n in &sheet.notes {
        rows.push(note_row(&n.text));
    }
    rows
}

fn note_row(text: &str) -> Row {
    Row {
        kind: RowKind::Note,
        code: String::new(),
        text: text.to_owned(),
        points: None,
    }
}

/// The defined name of a criterion's answer cell: `ocop_` and the code with `.` (and any
/// other character a name cannot hold) as `_`.
pub(crate) fn answer_name(code: &str) -> String {
    let mut s = String::from("ocop_");
    for ch in code.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            s.push(ch);
        } else {
            s.push('_');
        }
    }
    s
}

/// The defined name of an additive criterion's tick cell for option `n` (1-based).
pub(crate) fn tick_name(code: &str, n: usize) -> String {
    format!("{}__{n}", answer_name(code))
}

/// A1 name of a 0-based cell.
pub(crate) fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from_u32(u32::from(b'A') + r).unwrap_or('A'));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn names_and_cells() {
        assert_eq!(answer_name("6.1.1"), "ocop_6_1_1");
        assert_eq!(answer_name("6.1.3#2"), "ocop_6_1_3_2");
        assert_eq!(tick_name("6", 3), "ocop_6__3");
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 4), "E12");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    /// Every criterion of every sheet has exactly one criterion row and one row per option,
    /// in the sheet's order; defined names are unique within a sheet.
    #[test]
    fn every_criterion_and_option_has_its_row() {
        let reg = ocop_core::registry().unwrap();
        for e in reg.editions() {
            for s in e.sheets.iter().flatten() {
                let rows = table(s, Lang::Vi);
                let crit: Vec<usize> = rows
                    .iter()
                    .filter_map(|r| match r.kind {
                        RowKind::Criterion(i) => Some(i),
                        _ => None,
                    })
                    .collect();
                assert_eq!(crit, (0..s.criteria.len()).collect::<Vec<_>>());
                let opts = rows
                    .iter()
                    .filter(|r| matches!(r.kind, RowKind::Option(..)))
                    .count();
                assert_eq!(
                    opts,
                    s.criteria.iter().map(|c| c.options.len()).sum::<usize>()
                );
                let mut names: Vec<String> = Vec::new();
                for c in &s.criteria {
                    names.push(answer_name(&c.code));
                    for n in 1..=c.options.len() {
                        names.push(tick_name(&c.code, n));
                    }
                }
                let n = names.len();
                names.sort();
                names.dedup();
                assert_eq!(names.len(), n, "{} set {}", e.meta.id, s.number);
            }
        }
    }
}
