//! 100 000 sheets through the JSONL path: one `contract::score_json_bytes` call per line, as
//! the CLI's streaming loop does, spread over every edition and product set.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocop_benches::{jsonl_corpus, lines};
use ocop_core::contract::{score_json_bytes, score_json_bytes_fast, score_json_bytes_reference};
use std::hint::black_box;
use std::io::{self, BufWriter, Write as _};

const N: usize = 100_000;

fn bench(c: &mut Criterion) {
    let corpus = jsonl_corpus(N, 42);
    let failed = lines(&corpus)
        .take(2000)
        .filter(|l| score_json_bytes(l).starts_with("{\"status\":\"failure\""))
        .count();
    let fast = lines(&corpus)
        .take(2000)
        .filter(|l| score_json_bytes_fast(l).is_some())
        .count();
    eprintln!(
        "jsonl: {} bytes of input; {failed} of the first 2000 lines fail validation, {fast} take the fast path",
        corpus.len()
    );
    let mut g = c.benchmark_group("jsonl");
    g.sample_size(10);
    g.throughput(Throughput::Elements(u64::try_from(N).unwrap_or(0)));
    g.bench_function("100k_sheets", |b| {
        b.iter(|| {
            // As the CLI: a 64 KiB buffered writer (to a sink here, not a terminal or file).
            let mut out = BufWriter::with_capacity(1 << 16, io::sink());
            for line in lines(black_box(&corpus)) {
                let r = score_json_bytes(line);
                let _ = writeln!(out, "{r}");
            }
            out.flush().is_ok()
        });
    });
    // The same without the fast path, for comparison.
    g.bench_function("100k_sheets_reference", |b| {
        b.iter(|| {
            let mut out = BufWriter::with_capacity(1 << 16, io::sink());
            for line in lines(black_box(&corpus)) {
                let r = score_json_bytes_reference(line);
                let _ = writeln!(out, "{r}");
            }
            out.flush().is_ok()
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
