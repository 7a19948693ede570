//! The portfolio as one self-contained HTML page (Vietnamese): the summary figures, the
//! charts (inline SVG), and sortable tables of what needs action (a small inline script sorts
//! them; nothing is loaded from elsewhere).

use super::charts::{self, esc};
use super::{EventKind, Portfolio, ProductOut};
use ocop_core::certificate::{Standing, WindowState};
use std::fmt::Write as _;

/// The most rows of one table in the page (the JSON and XLSX outputs hold them all).
pub const MAX_TABLE_ROWS: usize = 1_000;

/// Vietnamese label of a standing.
#[must_use]
pub fn standing_vi(s: Standing) -> &'static str {
    match s {
        Standing::NotYetIssued => "Chưa cấp",
        Standing::Valid => "Còn hiệu lực",
        Standing::Extended => "Được gia hạn",
        Standing::Expired => "Hết hạn",
    }
}

/// Vietnamese label of a window state.
#[must_use]
pub fn window_vi(s: WindowState) -> &'static str {
    match s {
        WindowState::NotOpen => "Chưa mở",
        WindowState::Open => "Đang mở",
        WindowState::Closed => "Đã đóng",
    }
}

/// Vietnamese label of an event.
#[must_use]
pub fn event_vi(k: EventKind) -> &'static str {
    match k {
        EventKind::WindowOpens => "Mở cửa sổ nộp hồ sơ đánh giá lại",
        EventKind::WindowCloses => "Hạn cuối nộp hồ sơ đánh giá lại",
        EventKind::Expires => "Giấy chứng nhận hết hạn",
        EventKind::ExtensionEnds => "Hết thời gian gia hạn",
    }
}

const STYLE: &str = r"
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#555;margin-bottom:16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#555;font-size:12px}
.ocop-charts{display:flex;flex-direction:column;gap:14px;margin-top:14px}
.ocop-chart{border:1px solid #ddd;border-radius:6px;max-width:100%;height:auto}
table{border-collapse:collapse;background:#fff;font-size:13px;margin-top:6px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0;cursor:pointer;user-select:none;white-space:nowrap}
th.asc::after{content:' ▲'}th.desc::after{content:' ▼'}
td.n{text-align:right}.note{color:#666;font-size:12px}
";

const SCRIPT: &str = r"
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('asc');
      t.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
      th.classList.add(asc?'asc':'desc');
      var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent;
        var y=b.cells[i].getAttribute('data-v')||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())?nx-ny:x.localeCompare(y,'vi');
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
document.body.setAttribute('data-ready','1');
";

fn card(out: &mut String, value: impl std::fmt::Display, label: &str) {
    let _ = write!(
        out,
        "<div class=\"card\"><b>{value}</b><span>{}</span></div>",
        esc(label)
    );
}

/// A sortable table: headers, then rows of (text, is_number).
fn table(
    out: &mut String,
    title: &str,
    note: &str,
    headers: &[&str],
    rows: &[Vec<(String, bool)>],
) {
    let _ = write!(out, "<h2>{} ({})</h2>", esc(title), rows.len());
    if !note.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(note));
    }
    if rows.is_empty() {
        out.push_str("<p class=\"note\">Không có.</p>");
        return;
    }
    out.push_str("<table class=\"sortable\"><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows.iter().take(MAX_TABLE_ROWS) {
        out.push_str("<tr>");
        for (v, num) in r {
            if *num {
                let _ = write!(out, "<td class=\"n\">{}</td>", esc(v));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(v));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if rows.len() > MAX_TABLE_ROWS {
        let _ = write!(
            out,
            "<p class=\"note\">Hiển thị {MAX_TABLE_ROWS} dòng đầu; tệp JSON/XLSX có đủ {} dòng.</p>",
            rows.len()
        );
    }
}

fn s(v: impl std::fmt::Display) -> (String, bool) {
    (v.to_string(), false)
}
fn n(v: impl std::fmt::Display) -> (String, bool) {
    (v.to_string(), true)
}
fn opt<T: std::fmt::Display>(v: Option<T>) -> (String, bool) {
    (v.map(|x| x.to_string()).unwrap_or_default(), false)
}

fn ident(p: &ProductOut) -> Vec<(String, bool)> {
    vec![
        n(p.row),
        opt(p.product_id.as_deref()),
        opt(p.product_name.as_deref()),
        opt(p.owner.as_deref()),
        opt(p.district.as_deref().or(p.commune.as_deref())),
        opt(p.stars.map(|x| format!("{x}★"))),
        n(p.total.clone().unwrap_or_default()),
    ]
}

const IDENT: [&str; 7] = [
    "Dòng",
    "Mã SP",
    "Tên sản phẩm",
    "Chủ thể",
    "Huyện / xã",
    "Hạng",
    "Điểm",
];

fn headers(extra: &[&'static str]) -> Vec<&'static str> {
    IDENT.iter().copied().chain(extra.iter().copied()).collect()
}

/// The page.
#[must_use]
pub fn render(p: &Portfolio) -> String {
    let t = &p.summary.totals;
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Danh mục sản phẩm OCOP ngày {}</title><style>{STYLE}</style></head><body>",
        p.on
    );
    let _ = write!(
        o,
        "<h1>Danh mục sản phẩm OCOP</h1><div class=\"sub\">Tình trạng ngày {} · {} dòng trong sổ · hạn giấy chứng nhận, cửa sổ đánh giá lại và hạng sao theo ocop-core</div>",
        p.on, t.rows
    );
    o.push_str("<div class=\"cards\">");
    card(&mut o, t.products, "sản phẩm trong sổ");
    card(&mut o, t.valid, "còn hiệu lực (kể cả gia hạn)");
    for k in ["3", "4", "5"] {
        let c = p.summary.by_stars.get(k).map_or(0, |c| c.valid);
        card(&mut o, c, &format!("{k} sao còn hiệu lực"));
    }
    let pct = (t.three_star_non * 100)
        .checked_div(t.three_star)
        .map_or_else(|| "–".to_owned(), |x| format!("{x} %"));
    card(
        &mut o,
        pct,
        &format!("3 sao dưới 60 điểm ({} sản phẩm)", t.three_star_non),
    );
    card(
        &mut o,
        t.window_open,
        "đang trong thời hạn nộp hồ sơ đánh giá lại",
    );
    card(
        &mut o,
        t.standing.get("expired").copied().unwrap_or(0),
        "đã hết hạn",
    );
    card(&mut o, t.errors, "dòng lỗi");
    o.push_str("</div>");
    o.push_str(&charts::all(p));

    let ok = || p.products.iter().filter(|r| r.error.is_none());
    let mut open_now: Vec<&ProductOut> = ok()
        .filter(|r| {
            r.window
                .as_ref()
                .is_some_and(|w| w.state == WindowState::Open)
        })
        .collect();
    open_now.sort_by_key(|r| (r.window.as_ref().map(|w| w.closes), r.row));
    let rows: Vec<Vec<(String, bool)>> = open_now
        .iter()
        .map(|r| {
            let mut v = ident(r);
            if let Some(w) = &r.window {
                v.push(s(w.opens));
                v.push(s(w.closes));
            }
            v.push(opt(r.expires));
            v
        })
        .collect();
    table(
        &mut o,
        "Cần nộp hồ sơ đánh giá lại ngay: cửa sổ đang mở",
        "Hồ sơ nộp không sớm hơn 180 ngày và không muộn hơn 120 ngày trước ngày hết hạn (QĐ 26/2026/QĐ-TTg Điều 7 khoản 6 điểm a).",
        &headers(&["Mở từ", "Hạn cuối nộp", "Hết hạn"]),
        &rows,
    );

    let mut expiring: Vec<&ProductOut> = ok()
        .filter(|r| {
            r.days_to_expiry.is_some_and(|d| (0..=90).contains(&d))
                || r.standing == Some(Standing::Extended)
        })
        .collect();
    expiring.sort_by_key(|r| (r.days_to_expiry, r.row));
    let rows: Vec<Vec<(String, bool)>> = expiring
        .iter()
        .map(|r| {
            let mut v = ident(r);
            v.push(opt(r.expires));
            v.push(n(r
                .days_to_expiry
                .map(|d| d.to_string())
                .unwrap_or_default()));
            v.push(s(r.standing.map(standing_vi).unwrap_or_default()));
            v.push(opt(r.valid_until));
            v
        })
        .collect();
    table(
        &mut o,
        "Hết hạn trong 90 ngày tới hoặc đang được gia hạn",
        "",
        &headers(&["Hết hạn", "Số ngày còn lại", "Tình trạng", "Hiệu lực đến"]),
        &rows,
    );

    let mut non: Vec<&ProductOut> = ok()
        .filter(|r| r.three_star_non == Some(true) && r.standing == Some(Standing::Valid))
        .collect();
    non.sort_by(|a, b| {
        let k = |r: &ProductOut| {
            r.next_star
                .as_ref()
                .and_then(|x| super::register::Decimal::parse(&x.points_missing))
                .map(|d| d.fraction())
                .map(|(num, den)| (num as f64) / (den as f64))
                .unwrap_or(f64::MAX)
        };
        k(a).total_cmp(&k(b)).then(a.row.cmp(&b.row))
    });
    let rows: Vec<Vec<(String, bool)>> = non
        .iter()
        .map(|r| {
            let mut v = ident(r);
            let nx = r.next_star.as_ref();
            v.push(n(nx.map(|x| x.points_missing.clone()).unwrap_or_default()));
            v.push(s(nx
                .and_then(|x| x.plan.as_ref())
                .map(|pl| {
                    if pl.reachable {
                        pl.changes
                            .iter()
                            .map(|c| format!("{} (+{})", c.criterion, c.points_gained))
                            .collect::<Vec<_>>()
                            .join(", ")
                    } else {
                        "không đạt được".to_owned()
                    }
                })
                .unwrap_or_default()));
            v.push(opt(r.expires));
            v
        })
        .collect();
    table(
        &mut o,
        "Sản phẩm 3 sao dưới 60 điểm (\"3 sao non\") cần nâng hạng",
        "Điểm còn thiếu để đạt 4 sao (70 điểm); kế hoạch của bộ tư vấn khi sổ có điểm từng tiêu chí.",
        &headers(&["Điểm thiếu đến 4★", "Kế hoạch nâng hạng (tiêu chí)", "Hết hạn"]),
        &rows,
    );

    let rows: Vec<Vec<(String, bool)>> = p
        .upcoming
        .iter()
        .map(|e| {
            vec![
                s(e.date),
                n(e.days),
                s(event_vi(e.event)),
                n(e.row),
                s(&e.product_id),
                s(&e.product_name),
            ]
        })
        .collect();
    table(
        &mut o,
        "Sự kiện trong 180 ngày tới",
        "",
        &[
            "Ngày",
            "Sau (ngày)",
            "Sự kiện",
            "Dòng",
            "Mã SP",
            "Tên sản phẩm",
        ],
        &rows,
    );

    let rows: Vec<Vec<(String, bool)>> = p
        .targets
        .iter()
        .map(|t| {
            vec![
                s(&t.target.name),
                s(t.target.by),
                n(t.target.stars_at_least),
                s(t.target.sector.clone().unwrap_or_default()),
                n(t.target.count),
                n(t.actual),
                n(t.remaining),
                n(t.still_valid_on_by),
                s(if t.met { "Đạt" } else { "Chưa đạt" }),
            ]
        })
        .collect();
    table(
        &mut o,
        "Mục tiêu",
        "Hiện có: sản phẩm đạt số sao tối thiểu, còn hiệu lực ngày phân tích; còn hiệu lực đến hạn: nếu không đánh giá lại.",
        &["Mục tiêu", "Hạn", "Từ (sao)", "Ngành", "Chỉ tiêu", "Hiện có", "Còn thiếu", "Còn hiệu lực đến hạn", "Kết quả"],
        &rows,
    );

    let rows: Vec<Vec<(String, bool)>> = p
        .products
        .iter()
        .flat_map(|r| {
            r.flags.iter().map(move |f| {
                vec![
                    n(r.row),
                    opt(r.product_id.as_deref()),
                    s(f.code),
                    s(&f.column),
                    s(&f.message),
                ]
            })
        })
        .collect();
    table(
        &mut o,
        "Cảnh báo (sổ ghi khác quy định)",
        "",
        &["Dòng", "Mã SP", "Mã cảnh báo", "Cột", "Nội dung"],
        &rows,
    );

    let rows: Vec<Vec<(String, bool)>> = p
        .products
        .iter()
        .filter_map(|r| {
            r.error.as_ref().map(|e| {
                vec![
                    n(r.row),
                    opt(r.product_id.as_deref()),
                    s(e.code),
                    opt(e.column.as_deref()),
                    opt(e.cell.as_deref()),
                    s(&e.message),
                ]
            })
        })
        .collect();
    table(
        &mut o,
        "Dòng lỗi (chưa phân tích được)",
        "",
        &["Dòng", "Mã SP", "Mã lỗi", "Cột", "Ô", "Nội dung"],
        &rows,
    );
    if !p.ignored_columns.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">Cột không dùng: {}</p>",
            esc(&p.ignored_columns.join(", "))
        );
    }
    let _ = writeln!(o, "<script>{SCRIPT}</script></body></html>");
    o
}
