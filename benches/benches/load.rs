//! Loading criteria data: every embedded edition (`data::load_files` over
//! `data::embedded_files()`), and one sheet file.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocop_core::data::{embedded_files, load_files, load_sheet};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let files = embedded_files();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("load");
    g.throughput(Throughput::Bytes(u64::try_from(bytes).unwrap_or(0)));
    g.bench_function("all_editions", |b| {
        b.iter(|| load_files(black_box(files).iter().copied()));
    });
    for edition in ["26-2026", "148-2023"] {
        let own: Vec<(&str, &str)> = files
            .iter()
            .copied()
            .filter(|(p, _)| p.starts_with(edition))
            .collect();
        g.throughput(Throughput::Bytes(
            u64::try_from(own.iter().map(|(_, t)| t.len()).sum::<usize>()).unwrap_or(0),
        ));
        g.bench_function(format!("edition_{edition}"), |b| {
            b.iter(|| load_files(black_box(&own).iter().copied()));
        });
    }
    if let Some((path, text)) = files
        .iter()
        .find(|(p, _)| p.ends_with("26-2026/set-01.json"))
    {
        g.throughput(Throughput::Bytes(u64::try_from(text.len()).unwrap_or(0)));
        g.bench_function("one_sheet", |b| {
            b.iter(|| load_sheet(black_box(path), black_box(text)));
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
