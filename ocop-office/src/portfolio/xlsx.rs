//! The portfolio as an XLSX workbook: the same tables as the report, every row (sheets "Sản
//! phẩm", "Tổng hợp", "Sắp tới", "Mục tiêu", "Lỗi và cảnh báo"), with filters and a frozen
//! header row.

use super::html::{event_vi, standing_vi, window_vi};
use super::{Counts, Portfolio};
use ocop_core::error::{Error, ErrorCode};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// One cell to write.
enum Cell {
    T(String),
    N(f64),
    E,
}

fn t(s: impl std::fmt::Display) -> Cell {
    Cell::T(s.to_string())
}
fn num(v: u64) -> Cell {
    Cell::N(v as f64)
}

fn sheet(
    wb: &mut Workbook,
    name: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color("F0F0F0");
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in headers.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, *h, &bold)?;
        ws.set_column_width(c, (h.chars().count() as f64 + 4.0).max(10.0))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match v {
                Cell::T(s) if !s.is_empty() => {
                    ws.write_string(r, c, s)?;
                }
                Cell::N(x) => {
                    ws.write_number(r, c, *x)?;
                }
                _ => {}
            }
        }
    }
    let last_col = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(0);
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last_row.max(1), last_col)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn counts_row(key: &str, c: &Counts) -> Vec<Cell> {
    let g = |k: &str| num(c.stars.get(k).copied().unwrap_or(0));
    vec![
        t(key),
        num(c.count),
        num(c.valid),
        g("3"),
        g("4"),
        g("5"),
        num(c.three_star_non),
    ]
}

fn build(p: &Portfolio) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let rows: Vec<Vec<Cell>> = p
        .products
        .iter()
        .map(|r| {
            let o = |v: Option<String>| v.map_or(Cell::E, Cell::T);
            let w = r.window.as_ref();
            let nx = r.next_star.as_ref();
            vec![
                num(r.row as u64),
                o(r.product_id.clone()),
                o(r.product_name.clone()),
                o(r.owner.clone()),
                o(r.district.clone()),
                o(r.commune.clone()),
                r.product_set.map_or(Cell::E, |x| num(u64::from(x))),
                o(r.sector.clone()),
                o(r.edition.clone()),
                r.stars.map_or(Cell::E, |x| num(u64::from(x))),
                r.total
                    .as_deref()
                    .and_then(|x| x.parse::<f64>().ok())
                    .map_or(Cell::E, Cell::N),
                o(r.issued.map(|d| d.to_string())),
                o(r.standing.map(|s| standing_vi(s).to_owned())),
                o(r.expires.map(|d| d.to_string())),
                o(r.valid_until.map(|d| d.to_string())),
                o(w.map(|w| w.opens.to_string())),
                o(w.map(|w| w.closes.to_string())),
                o(w.map(|w| window_vi(w.state).to_owned())),
                r.days_to_expiry.map_or(Cell::E, |d| Cell::N(d as f64)),
                o(r.three_star_non
                    .map(|b| if b { "có" } else { "không" }.to_owned())),
                o(nx.map(|x| x.points_missing.clone())),
                o(nx.and_then(|x| x.plan.as_ref()).map(|pl| {
                    pl.changes
                        .iter()
                        .map(|c| format!("{} (+{})", c.criterion, c.points_gained))
                        .collect::<Vec<_>>()
                        .join(", ")
                })),
                o(Some(
                    r.flags
                        .iter()
                        .map(|f| f.code)
                        .collect::<Vec<_>>()
                        .join(", "),
                )),
                o(r.error
                    .as_ref()
                    .map(|e| format!("{}: {}", e.code, e.message))),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        "Sản phẩm",
        &[
            "Dòng",
            "Mã SP",
            "Tên sản phẩm",
            "Chủ thể",
            "Huyện",
            "Xã",
            "Bộ SP",
            "Ngành",
            "Phiên bản",
            "Hạng sao",
            "Điểm",
            "Ngày cấp",
            "Tình trạng",
            "Hết hạn",
            "Hiệu lực đến",
            "Mở cửa sổ",
            "Đóng cửa sổ",
            "Cửa sổ",
            "Số ngày đến hết hạn",
            "3 sao dưới 60",
            "Điểm thiếu đến hạng sau",
            "Kế hoạch nâng hạng",
            "Cảnh báo",
            "Lỗi",
        ],
        &rows,
    )?;
    let mut rows = Vec::new();
    let s = &p.summary;
    rows.push(vec![t("Theo hạng sao")]);
    for (k, c) in &s.by_stars {
        rows.push(counts_row(&format!("{k} sao"), c));
    }
    rows.push(vec![t("Theo ngành")]);
    for g in &s.by_sector {
        rows.push(counts_row(&g.key, &g.counts));
    }
    rows.push(vec![t("Theo bộ sản phẩm")]);
    for g in &s.by_product_set {
        rows.push(counts_row(&g.key, &g.counts));
    }
    rows.push(vec![t(if s.by_area.level == "district" {
        "Theo huyện"
    } else {
        "Theo xã"
    })]);
    for g in &s.by_area.groups {
        rows.push(counts_row(&g.key, &g.counts));
    }
    sheet(
        &mut wb,
        "Tổng hợp",
        &[
            "Nhóm",
            "Số sản phẩm",
            "Còn hiệu lực",
            "3 sao",
            "4 sao",
            "5 sao",
            "3 sao dưới 60",
        ],
        &rows,
    )?;
    let rows: Vec<Vec<Cell>> = p
        .upcoming
        .iter()
        .map(|e| {
            vec![
                t(e.date),
                Cell::N(e.days as f64),
                Cell::N(e.within as f64),
                t(event_vi(e.event)),
                num(e.row as u64),
                t(&e.product_id),
                t(&e.product_name),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        "Sắp tới",
        &[
            "Ngày",
            "Sau (ngày)",
            "Trong (ngày)",
            "Sự kiện",
            "Dòng",
            "Mã SP",
            "Tên sản phẩm",
        ],
        &rows,
    )?;
    let rows: Vec<Vec<Cell>> = p
        .targets
        .iter()
        .map(|x| {
            vec![
                t(&x.target.name),
                t(x.target.by),
                num(u64::from(x.target.stars_at_least)),
                x.target.sector.clone().map_or(Cell::E, Cell::T),
                num(x.target.count),
                num(x.actual),
                num(x.remaining),
                num(x.still_valid_on_by),
                t(if x.met { "Đạt" } else { "Chưa đạt" }),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        "Mục tiêu",
        &[
            "Mục tiêu",
            "Hạn",
            "Từ (sao)",
            "Ngành",
            "Chỉ tiêu",
            "Hiện có",
            "Còn thiếu",
            "Còn hiệu lực đến hạn",
            "Kết quả",
        ],
        &rows,
    )?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for r in &p.products {
        if let Some(e) = &r.error {
            rows.push(vec![
                num(r.row as u64),
                r.product_id.clone().map_or(Cell::E, Cell::T),
                t("lỗi"),
                t(e.code),
                e.column.clone().map_or(Cell::E, Cell::T),
                e.cell.clone().map_or(Cell::E, Cell::T),
                t(&e.message),
            ]);
        }
        for f in &r.flags {
            rows.push(vec![
                num(r.row as u64),
                r.product_id.clone().map_or(Cell::E, Cell::T),
                t("cảnh báo"),
                t(f.code),
                t(&f.column),
                Cell::E,
                t(&f.message),
            ]);
        }
    }
    sheet(
        &mut wb,
        "Lỗi và cảnh báo",
        &["Dòng", "Mã SP", "Loại", "Mã", "Cột", "Ô", "Nội dung"],
        &rows,
    )?;
    wb.save_to_buffer()
}

/// The workbook's bytes.
///
/// # Errors
/// `invalid_data` if the workbook cannot be written (a defect, never of the input).
pub fn render(p: &Portfolio) -> Result<Vec<u8>, Error> {
    build(p).map_err(|e| {
        Error::new(
            ErrorCode::InvalidData,
            "",
            format!("cannot write the workbook: {e}"),
        )
    })
}
