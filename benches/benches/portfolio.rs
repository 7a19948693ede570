//! `ocop portfolio` at scale (issue 14): a register of 100,000 products read from CSV,
//! analysed on a date and written as JSON, on one thread. Printed against a baseline measured
//! in the same run: merely reading and parsing the CSV into cells (`Table::read`).
//!
//! ```sh
//! cargo bench -p ocop-benches --bench portfolio            # 100,000 products, best of 5
//! cargo bench -p ocop-benches --bench portfolio -- --test  # CI: 2,000 products, once
//! OCOP_REGISTER=examples/register.csv cargo bench -p ocop-benches --bench portfolio
//! ```
//!
//! The generated register has the example's shares (80 % 3★, most of them under 60 points, a
//! few 5★; issue dates over 2021–2026, so every edition since 1048+781/2020, and every
//! standing), and one row in 60 carries the council's answers to set 1 of 26/2026 so the
//! advisor runs on it. Memory: the peak resident size is printed after 50,000 and after
//! 100,000 products (it should about double, not more).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "bench"
)]

use ocop_benches::{random_options, Rng};
use ocop_core::date::Date;
use ocop_core::registry;
use ocop_office::portfolio::analyse;
use ocop_office::table::{Format, Table};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const BATCHES: &[&str] = &[
    "2021-03-31",
    "2021-09-30",
    "2022-06-30",
    "2022-12-29",
    "2023-02-28",
    "2023-04-28",
    "2023-08-31",
    "2023-12-27",
    "2024-02-29",
    "2024-04-26",
    "2024-05-31",
    "2024-06-28",
    "2024-10-31",
    "2024-12-30",
    "2025-04-29",
    "2025-07-31",
    "2025-10-30",
    "2025-12-31",
    "2026-03-31",
    "2026-05-21",
    "2026-07-31",
    "2026-10-30",
];

fn register(n: usize) -> String {
    let reg = registry().unwrap();
    let sheet = reg
        .require_sheet(reg.edition("26/2026").unwrap(), 1, "")
        .unwrap();
    let codes: Vec<&str> = sheet.criteria.iter().map(|c| c.code.as_str()).collect();
    let mut rng = Rng::new(14);
    let mut s = String::with_capacity(n * 160);
    s.push_str("product_id,product_name,owner,commune,district,province,product_set,edition,stars,total,issued,expires,certificate_no,sector,reevaluation_filed,result_on");
    for c in &codes {
        s.push(',');
        s.push_str(c);
    }
    s.push('\n');
    for i in 0..n {
        let r = rng.below(1000);
        let stars = if r < 800 {
            3
        } else if r < 988 {
            4
        } else {
            5
        };
        let (lo, span) = match stars {
            3 if rng.below(100) < 82 => (50, 10),
            3 => (60, 10),
            4 => (70, 20),
            _ => (90, 7),
        };
        let total = format!("{}.{}", lo + rng.below(span), rng.below(10));
        let issued = BATCHES[rng.below(BATCHES.len())];
        let set = 1 + rng.below(26);
        let _ = write!(
            s,
            "MAU-{i:06},Sản phẩm {i},HTX số {},Xã {},Huyện {},Tỉnh Mẫu,",
            rng.below(5000),
            rng.below(120),
            rng.below(9)
        );
        if i % 60 == 0 {
            // The council's answers to set 1 of 26/2026; the total is theirs.
            let opts = random_options(sheet, &mut rng);
            let answers = ocop_benches::resolve(sheet, &opts);
            let scorer = ocop_core::Scorer::new(reg.edition("26/2026").unwrap(), sheet);
            let ev = scorer.evaluate(&answers, &[]);
            let stars = ev.stars.unwrap_or(3).clamp(3, 4).min(ev.band.max(3));
            let _ = write!(s, "1,,{stars},{},2026-07-31,,,,,", ev.total.max(50));
            for (_, o) in &opts {
                let list: Vec<String> = o.iter().map(|k| (k + 1).to_string()).collect();
                let _ = write!(s, ",{}", list.join(";"));
            }
        } else {
            let expires = if rng.below(10) < 6 { "" } else { "2029-01-01" };
            let _ = write!(s, "{set},,{stars},{total},{issued},{expires},,,,");
            for _ in &codes {
                s.push(',');
            }
        }
        s.push('\n');
    }
    s
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.unwrap())
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn measure(label: &str, csv: &[u8], runs: usize) -> Duration {
    let on = Date::parse("2026-12-01", "").unwrap();
    let reg = registry().unwrap();
    let (read, table) = best(runs, || Table::read(csv, Format::Csv).unwrap());
    let (full, out) = best(runs, || {
        let t = Table::read(csv, Format::Csv).unwrap();
        let p = analyse(reg, &t, on, &[]).unwrap();
        serde_json::to_string(&p).unwrap()
    });
    let rows = table.rows.len();
    println!(
        "portfolio {label}: {rows} products, {:.1} MiB CSV -> {:.1} MiB JSON",
        csv.len() as f64 / 1048576.0,
        out.len() as f64 / 1048576.0
    );
    println!(
        "  baseline (read and parse the CSV into cells): {:>8.1} ms",
        read.as_secs_f64() * 1e3
    );
    println!(
        "  CSV -> analysis -> JSON:                      {:>8.1} ms  ({:.2}x the baseline, {:.0} k products/s, goal < 1 s per 100,000)",
        full.as_secs_f64() * 1e3,
        full.as_secs_f64() / read.as_secs_f64(),
        rows as f64 / full.as_secs_f64() / 1e3
    );
    if let Some(m) = peak_rss_mib() {
        println!("  peak resident memory so far: {m:.0} MiB");
    }
    full
}

fn main() {
    let test = std::env::args().any(|a| a == "--test");
    if let Ok(path) = std::env::var("OCOP_REGISTER") {
        let csv = std::fs::read(&path).unwrap();
        measure(&path, &csv, if test { 1 } else { 5 });
        return;
    }
    if test {
        measure("(test mode)", register(2_000).as_bytes(), 1);
        return;
    }
    measure("50k", register(50_000).as_bytes(), 5);
    measure("100k", register(100_000).as_bytes(), 5);
}
