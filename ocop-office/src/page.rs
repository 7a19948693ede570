//! The page layout of the PDF outputs (forms and minutes): text wrapped to a width with
//! the embedded font's own advances (shaped with rustybuzz, the shaper krilla uses to draw),
//! boxes and lines, blocks kept on one page, and page numbers per sheet. Pages are laid out
//! as a list of items first and drawn with krilla at the end, so that "Trang i/n" knows `n`.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// Noto Sans Regular (SIL Open Font License 1.1, `fonts/OFL.txt`): covers Vietnamese.
static REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold (same licence).
static BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// A4 width in points.
pub(crate) const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub(crate) const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub(crate) const MARGIN_X: f32 = 45.0;
const TOP: f32 = 42.0;
const BOTTOM: f32 = 50.0;
/// Width between the margins.
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

/// A text style: size and weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) weight: Weight,
}

impl Style {
    pub(crate) const fn regular(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Regular,
        }
    }
    pub(crate) const fn bold(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Bold,
        }
    }
    /// Line height.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.32
    }
}

/// Why a PDF could not be made (a defect, never the input's fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot make the PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// The page layout under construction.
pub(crate) struct Layout {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
    pages: Vec<Vec<Item>>,
    /// Cursor: the top of the next line, from the top of the page.
    pub(crate) y: f32,
    /// Per page: the sheet it belongs to (index into `sheets`).
    page_sheet: Vec<usize>,
    /// Per sheet: the footer label.
    sheets: Vec<String>,
    title: String,
    lang: &'static str,
    page_word: &'static str,
}

impl std::fmt::Debug for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("pages", &self.pages.len())
            .field("y", &self.y)
            .finish_non_exhaustive()
    }
}

impl Layout {
    /// A new, empty layout (no page yet: call [`Layout::new_sheet`]).
    pub(crate) fn new(title: &str, lang: crate::Lang) -> Result<Self, PdfError> {
        let face = |data: &'static [u8]| {
            rustybuzz::Face::from_slice(data, 0)
                .ok_or_else(|| PdfError("the embedded font cannot be read".to_owned()))
        };
        Ok(Self {
            regular: face(REGULAR)?,
            bold: face(BOLD)?,
            pages: Vec::new(),
            y: TOP,
            page_sheet: Vec::new(),
            sheets: Vec::new(),
            title: title.to_owned(),
            lang: lang.code(),
            page_word: lang.pick("Trang", "Page"),
        })
    }

    fn face(&self, w: Weight) -> &rustybuzz::Face<'static> {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The width of `text` drawn in `style`, from the shaped glyph advances.
    pub(crate) fn width(&self, text: &str, style: Style) -> f32 {
        let face = self.face(style.weight);
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buf);
        let units: i64 = out
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        let upem = f32::from(u16::try_from(face.units_per_em()).unwrap_or(1000).max(1));
        #[allow(clippy::cast_precision_loss)]
        let w = units as f32 * style.size / upem;
        w
    }

    /// `text` broken into lines no wider than `width` (at spaces; a word wider than the line
    /// is broken between characters). Explicit newlines are kept.
    pub(crate) fn wrap(&self, text: &str, width: f32, style: Style) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, style) <= width {
                    line = word.to_owned();
                } else {
                    // A word longer than the line: break between characters.
                    for ch in word.chars() {
                        let mut next = line.clone();
                        next.push(ch);
                        if !line.is_empty() && self.width(&next, style) > width {
                            lines.push(std::mem::take(&mut line));
                            line.push(ch);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Starts a new sheet (a new page whose footer reads `label — Trang i/n`, `i` and `n`
    /// counted within this sheet).
    pub(crate) fn new_sheet(&mut self, label: &str) {
        self.sheets.push(label.to_owned());
        self.new_page();
    }

    /// Starts a new page of the current sheet.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.page_sheet.push(self.sheets.len().saturating_sub(1));
        self.y = TOP;
    }

    /// The space left on the page below the cursor.
    pub(crate) fn room(&self) -> f32 {
        PAGE_H - BOTTOM - self.y
    }

    /// Makes sure `h` points fit below the cursor, starting a new page if not (a block taller
    /// than a page starts on a fresh page and runs over).
    pub(crate) fn keep(&mut self, h: f32) {
        if h > self.room() && self.y > TOP + 0.5 {
            self.new_page();
        }
    }

    /// Moves the cursor down.
    pub(crate) fn skip(&mut self, h: f32) {
        self.y += h;
    }

    fn push(&mut self, item: Item) {
        if self.pages.is_empty() {
            self.new_page();
        }
        if let Some(p) = self.pages.last_mut() {
            p.push(item);
        }
    }

    /// Draws one line of text with its top at `top`.
    pub(crate) fn text_at(&mut self, x: f32, top: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        self.push(Item::Text {
            x,
            y: top + style.size * 1.02,
            size: style.size,
            weight: style.weight,
            text: text.to_owned(),
        });
    }

    /// Draws lines at `x` in a column `width` wide, aligned, from the top `top`.
    pub(crate) fn lines_at(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        lines: &[String],
        style: Style,
        align: Align,
    ) {
        let mut t = top;
        for l in lines {
            let dx = match align {
                Align::Left => 0.0,
                Align::Center => ((width - self.width(l, style)) / 2.0).max(0.0),
                Align::Right => (width - self.width(l, style)).max(0.0),
            };
            self.text_at(x + dx, t, l, style);
            t += style.leading();
        }
    }

    /// A wrapped paragraph at the cursor, kept on one page when it fits on one; the cursor
    /// moves below it.
    pub(crate) fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style, align: Align) {
        let lines = self.wrap(text, width, style);
        #[allow(clippy::cast_precision_loss)]
        let h = lines.len() as f32 * style.leading();
        self.keep(h);
        for l in &lines {
            self.keep(style.leading());
            let y = self.y;
            self.lines_at(x, y, width, std::slice::from_ref(l), style, align);
            self.y += style.leading();
        }
    }

    /// A rectangle outline.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.push(Item::Rect { x, y, w, h });
    }

    /// A straight line.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.push(Item::Line { x1, y1, x2, y2 });
    }

    /// A tick box of side `s` with its top-left at (`x`, `y`); crossed when `ticked`.
    pub(crate) fn tick_box(&mut self, x: f32, y: f32, s: f32, ticked: bool) {
        self.rect(x, y, s, s);
        if ticked {
            self.line(x + 1.5, y + 1.5, x + s - 1.5, y + s - 1.5);
            self.line(x + 1.5, y + s - 1.5, x + s - 1.5, y + 1.5);
        }
    }

    /// A horizontal rule across the content width at the cursor.
    pub(crate) fn rule(&mut self) {
        let y = self.y;
        self.line(MARGIN_X, y, PAGE_W - MARGIN_X, y);
    }

    /// Draws every page with krilla and returns the PDF bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>, PdfError> {
        let regular = Font::new(REGULAR.into(), 0)
            .ok_or_else(|| PdfError("the embedded font cannot be read".to_owned()))?;
        let bold = Font::new(BOLD.into(), 0)
            .ok_or_else(|| PdfError("the embedded font cannot be read".to_owned()))?;
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError("bad page size".to_owned()))?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language(self.lang.to_owned())
                .creator(format!("ocop {}", env!("CARGO_PKG_VERSION"))),
        );
        let black: krilla::paint::Paint = rgb::Color::new(0, 0, 0).into();
        let footer = Style::regular(8.5);
        // Page i of n within each sheet.
        let mut counts = vec![0usize; self.sheets.len()];
        for s in &self.page_sheet {
            if let Some(c) = counts.get_mut(*s) {
                *c += 1;
            }
        }
        let mut seen = vec![0usize; self.sheets.len()];
        for (pi, items) in self.pages.iter().enumerate() {
            let sheet = self.page_sheet.get(pi).copied().unwrap_or(0);
            let i = seen.get_mut(sheet).map_or(1, |c| {
                *c += 1;
                *c
            });
            let n = counts.get(sheet).copied().unwrap_or(1);
            let label = self.sheets.get(sheet).map_or("", String::as_str);
            let foot = if label.is_empty() {
                format!("{} {i}/{n}", self.page_word)
            } else {
                format!("{label} — {} {i}/{n}", self.page_word)
            };
            let fw = self.width(&foot, footer);
            let mut page = doc.start_page_with(settings.clone());
            let mut surface = page.surface();
            surface.set_stroke(Some(Stroke {
                paint: black.clone(),
                width: 0.7,
                ..Stroke::default()
            }));
            for item in items {
                match item {
                    Item::Rect { x, y, w, h } => {
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.draw_path(&path);
                        }
                    }
                    Item::Line { x1, y1, x2, y2 } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x1, *y1);
                        pb.line_to(*x2, *y2);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.draw_path(&path);
                        }
                    }
                    Item::Text { .. } => {}
                }
            }
            surface.set_stroke(None);
            surface.set_fill(Some(Fill {
                paint: black.clone(),
                ..Fill::default()
            }));
            let draw = |surface: &mut krilla::surface::Surface<'_>,
                        x: f32,
                        y: f32,
                        size: f32,
                        weight: Weight,
                        text: &str| {
                let font = match weight {
                    Weight::Regular => regular.clone(),
                    Weight::Bold => bold.clone(),
                };
                surface.draw_text(
                    Point::from_xy(x, y),
                    font,
                    size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            };
            for item in items {
                if let Item::Text {
                    x,
                    y,
                    size,
                    weight,
                    text,
                } = item
                {
                    draw(&mut surface, *x, *y, *size, *weight, text);
                }
            }
            draw(
                &mut surface,
                PAGE_W - MARGIN_X - fw,
                PAGE_H - BOTTOM + 26.0,
                footer.size,
                Weight::Regular,
                &foot,
            );
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PdfError(format!("{e:?}")))
    }
}
