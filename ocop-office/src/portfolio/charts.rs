//! The portfolio's charts as inline SVG (no script, no font or image from elsewhere): stars by
//! sector, expiries and re-evaluation windows month by month, progress to targets. The HTML
//! report and the Python package's `_repr_html_` show the same SVG.

use super::Portfolio;
use std::fmt::Write as _;

const FONT: &str = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif";
/// Colours: 3★ under 60, 3★ from 60, 4★, 5★.
const STAR_COLORS: [&str; 4] = ["#f4c27a", "#e09f3e", "#3a86a8", "#2a5d34"];
const SERIES: [&str; 3] = ["#7fb069", "#e76f51", "#6d597a"];

/// Escapes text for XML.
#[must_use]
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn text(out: &mut String, x: f64, y: f64, size: u32, anchor: &str, fill: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        esc(s)
    );
}

fn open(out: &mut String, w: u32, h: u32, class: &str, title: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="ocop-chart {class}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}" style="{FONT};background:#fff">"#,
        esc(title)
    );
    text(out, 12.0, 22.0, 15, "start", "#222", title);
}

fn legend(out: &mut String, x0: f64, y: f64, items: &[(&str, &str)]) {
    let mut x = x0;
    for (color, label) in items {
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{color}"/>"#,
            y - 10.0
        );
        text(out, x + 16.0, y, 12, "start", "#333", label);
        x += 24.0 + 7.0 * label.chars().count() as f64;
    }
}

/// Valid products by sector, stacked by stars (3★ split at 60 points).
#[must_use]
pub fn stars_by_sector(p: &Portfolio) -> String {
    let groups = &p.summary.by_sector;
    let row_h = 30.0;
    let left = 250.0;
    let width = 760u32;
    let bar_w = f64::from(width) - left - 60.0;
    let h = 70 + u32::try_from(groups.len()).unwrap_or(0) * 30 + 30;
    let mut o = String::new();
    open(
        &mut o,
        width,
        h,
        "ocop-stars-by-sector",
        "Sản phẩm còn hiệu lực theo ngành và hạng sao",
    );
    legend(
        &mut o,
        12.0,
        46.0,
        &[
            (STAR_COLORS[0], "3★ dưới 60 điểm"),
            (STAR_COLORS[1], "3★ từ 60 điểm"),
            (STAR_COLORS[2], "4★"),
            (STAR_COLORS[3], "5★"),
        ],
    );
    let max = groups
        .iter()
        .map(|g| g.counts.valid)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    for (i, g) in groups.iter().enumerate() {
        let y = 62.0 + row_h * i as f64;
        text(
            &mut o,
            left - 8.0,
            y + 17.0,
            12,
            "end",
            "#222",
            &clip(&g.key, 38),
        );
        let get = |k: &str| g.counts.stars.get(k).copied().unwrap_or(0);
        let non = g.counts.three_star_non;
        let parts = [non, get("3").saturating_sub(non), get("4"), get("5")];
        let mut x = left;
        for (k, n) in parts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let w = bar_w * (*n as f64) / max;
            let _ = write!(
                o,
                r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="20" fill="{}"><title>{}: {n}</title></rect>"#,
                y + 4.0,
                STAR_COLORS.get(k).copied().unwrap_or("#999"),
                esc(&g.key)
            );
            x += w;
        }
        text(
            &mut o,
            x + 6.0,
            y + 18.0,
            12,
            "start",
            "#222",
            &g.counts.valid.to_string(),
        );
    }
    if groups.is_empty() {
        text(
            &mut o,
            12.0,
            80.0,
            13,
            "start",
            "#666",
            "Không có sản phẩm.",
        );
    }
    o.push_str("</svg>");
    o
}

/// The first day of the month `k` months after `on`'s month, as (year, month).
fn month_after(year: i32, month: u8, k: i32) -> (i32, u8) {
    let t = year * 12 + i32::from(month) - 1 + k;
    (
        t.div_euclid(12),
        u8::try_from(t.rem_euclid(12) + 1).unwrap_or(1),
    )
}

/// Month by month over the next 12 months (the date's month first): certificates expiring,
/// windows opening and windows closing.
#[must_use]
pub fn months(p: &Portfolio) -> String {
    let n = 12usize;
    let (y0, m0) = (p.on.year(), p.on.month());
    let keys: Vec<(i32, u8)> = (0..n)
        .map(|k| month_after(y0, m0, i32::try_from(k).unwrap_or(0)))
        .collect();
    let mut counts = vec![[0u64; 3]; n];
    let mut bump = |d: ocop_core::date::Date, s: usize| {
        if let Some(i) = keys
            .iter()
            .position(|&(y, m)| y == d.year() && m == d.month())
        {
            if let Some(c) = counts.get_mut(i).and_then(|c| c.get_mut(s)) {
                *c += 1;
            }
        }
    };
    for r in &p.products {
        if let Some(w) = &r.window {
            bump(w.opens, 0);
            bump(w.closes, 1);
        }
        if let Some(e) = r.expires {
            bump(e, 2);
        }
    }
    let width = 760u32;
    let h = 300u32;
    let (left, top, bottom) = (44.0, 62.0, 250.0);
    let plot_w = f64::from(width) - left - 16.0;
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let mut o = String::new();
    open(
        &mut o,
        width,
        h,
        "ocop-months",
        "Cửa sổ đánh giá lại và hết hạn theo tháng (12 tháng tới)",
    );
    legend(
        &mut o,
        12.0,
        46.0,
        &[
            (SERIES[0], "Mở cửa sổ nộp hồ sơ"),
            (SERIES[1], "Đóng cửa sổ nộp hồ sơ"),
            (SERIES[2], "Hết hạn giấy chứng nhận"),
        ],
    );
    let _ = write!(
        o,
        r##"<line x1="{left}" y1="{bottom}" x2="{:.1}" y2="{bottom}" stroke="#999"/>"##,
        left + plot_w
    );
    text(
        &mut o,
        left - 6.0,
        top + 4.0,
        11,
        "end",
        "#666",
        &format!("{max:.0}"),
    );
    text(&mut o, left - 6.0, bottom, 11, "end", "#666", "0");
    let slot = plot_w / n as f64;
    let bw = (slot - 10.0) / 3.0;
    for (i, ((y, m), c)) in keys.iter().zip(&counts).enumerate() {
        let x0 = left + slot * i as f64 + 5.0;
        for (s, v) in c.iter().enumerate() {
            let bh = (bottom - top) * (*v as f64) / max;
            let _ = write!(
                o,
                r#"<rect x="{:.1}" y="{:.1}" width="{bw:.1}" height="{bh:.1}" fill="{}"><title>{m:02}/{y}: {v}</title></rect>"#,
                x0 + bw * s as f64,
                bottom - bh,
                SERIES.get(s).copied().unwrap_or("#999")
            );
        }
        text(
            &mut o,
            x0 + 1.5 * bw,
            bottom + 16.0,
            11,
            "middle",
            "#333",
            &format!("{m:02}/{}", y % 100),
        );
    }
    o.push_str("</svg>");
    o
}

/// Progress to each target: products counted now against the target count.
#[must_use]
pub fn targets(p: &Portfolio) -> String {
    let width = 760u32;
    let row_h = 44.0;
    let left = 250.0;
    let bar_w = f64::from(width) - left - 120.0;
    let h = 50 + u32::try_from(p.targets.len()).unwrap_or(0) * 44 + 16;
    let mut o = String::new();
    open(&mut o, width, h, "ocop-targets", "Tiến độ so với mục tiêu");
    for (i, t) in p.targets.iter().enumerate() {
        let y = 40.0 + row_h * i as f64;
        let scale = (t.target.count.max(t.actual).max(1)) as f64;
        text(
            &mut o,
            left - 8.0,
            y + 17.0,
            12,
            "end",
            "#222",
            &clip(&t.target.name, 38),
        );
        text(
            &mut o,
            left - 8.0,
            y + 32.0,
            11,
            "end",
            "#666",
            &format!("≥{}★, hạn {}", t.target.stars_at_least, t.target.by),
        );
        let full = bar_w * (t.target.count as f64) / scale;
        let _ = write!(
            o,
            r##"<rect x="{left}" y="{:.1}" width="{full:.1}" height="22" fill="#eee" stroke="#bbb"/>"##,
            y + 4.0
        );
        let w = bar_w * (t.actual as f64) / scale;
        let color = if t.met { "#2a9d8f" } else { "#e9a800" };
        let _ = write!(
            o,
            r#"<rect x="{left}" y="{:.1}" width="{w:.1}" height="22" fill="{color}"><title>{}: {} / {}</title></rect>"#,
            y + 4.0,
            esc(&t.target.name),
            t.actual,
            t.target.count
        );
        let pct = t
            .actual
            .saturating_mul(100)
            .checked_div(t.target.count)
            .unwrap_or(100);
        text(
            &mut o,
            left + bar_w + 8.0,
            y + 20.0,
            12,
            "start",
            "#222",
            &format!("{} / {} ({pct} %)", t.actual, t.target.count),
        );
    }
    if p.targets.is_empty() {
        text(
            &mut o,
            12.0,
            56.0,
            13,
            "start",
            "#666",
            "Chưa có tệp mục tiêu (--targets).",
        );
    }
    o.push_str("</svg>");
    o
}

/// The three charts, one after the other.
#[must_use]
pub fn all(p: &Portfolio) -> String {
    format!(
        "<div class=\"ocop-charts\">{}{}{}</div>",
        stars_by_sector(p),
        months(p),
        targets(p)
    )
}
