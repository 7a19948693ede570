//! Scoring one sheet: from pre-resolved answers (`Scorer::evaluate`), and JSON text to JSON
//! text (`contract::score_json_str`, and the reference path without the fast path).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocop_benches::{random_options, request_json, resolve, Rng};
use ocop_core::contract::{
    score, score_json_bytes, score_json_bytes_reference, score_json_str, scorer_for, to_json,
    Outcome, ScoreRequest, ScoreResult,
};
use ocop_core::{registry, Scorer};
use std::hint::black_box;

const EDITION: &str = "26/2026";
const SET: u8 = 1;

fn bench(c: &mut Criterion) {
    let Ok(reg) = registry() else {
        eprintln!("embedded data failed to load; nothing to bench");
        return;
    };
    let Some(ed) = reg.edition(EDITION) else {
        return;
    };
    let Some(sheet) = ed.sheet(SET) else {
        return;
    };
    let scorer = Scorer::new(ed, sheet);
    let mut rng = Rng::new(7);
    let opts = random_options(sheet, &mut rng);
    let answers = resolve(sheet, &opts);
    let request = request_json(EDITION, SET, &opts);

    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Elements(1));
    g.bench_function("evaluate_preparsed", |b| {
        b.iter(|| scorer.evaluate(black_box(&answers), black_box(&[])));
    });
    g.bench_function("report_preparsed", |b| {
        b.iter(|| {
            let ev = scorer.evaluate(black_box(&answers), &[]);
            scorer.report(&answers, &ev)
        });
    });
    g.bench_function("json_str_to_json_str", |b| {
        b.iter(|| score_json_str(black_box(&request)));
    });
    g.bench_function("json_str_to_json_str_reference", |b| {
        b.iter(|| score_json_bytes_reference(black_box(request.as_bytes())));
    });
    g.bench_function("json_parse_only", |b| {
        b.iter(|| ocop_core::json::Json::parse(black_box(request.as_bytes())));
    });
    let bad = request.replacen("\"1.1\":", "\"1.1\":0,\"x\":", 1);
    g.bench_function("json_invalid_request", |b| {
        b.iter(|| score_json_bytes(black_box(bad.as_bytes())));
    });
    g.finish();

    // The stages of the reference path (`score_json_bytes_reference`), to see where its JSON
    // in/out time goes.
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(1));
    let Ok(tree) = ocop_core::json::Json::parse(request.as_bytes()) else {
        return;
    };
    g.bench_function("1_parse", |b| {
        b.iter(|| ocop_core::json::Json::parse(black_box(request.as_bytes())));
    });
    g.bench_function("2_read_request", |b| {
        b.iter(|| ScoreRequest::from_json(black_box(&tree)));
    });
    let Ok(req) = ScoreRequest::from_json(&tree) else {
        return;
    };
    g.bench_function("3_find_sheet", |b| {
        b.iter(|| scorer_for(reg, black_box(&req.edition), black_box(&req.product_set)).is_ok());
    });
    g.bench_function("4_resolve", |b| {
        b.iter(|| scorer.resolve(black_box(&req.answers), "/answers"));
    });
    g.bench_function("5_score_typed", |b| {
        b.iter(|| scorer.score(black_box(&req.answers), &[], false));
    });
    let outcome: Outcome<ScoreResult> = score(&req).into();
    g.bench_function("6_serialise", |b| {
        b.iter(|| to_json(black_box(&outcome)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
