//! The upgrade advisor (`advise`): the cheapest plan to the next star level, and to 5★, for
//! a mid-range sheet (26/2026, set 1); typed and JSON text to JSON text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocop_benches::{random_options, request_json, Rng};
use ocop_core::advise::{advise, advise_json_str, AdviseRequest};
use ocop_core::json::Json;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let Ok(reg) = ocop_core::registry() else {
        return;
    };
    let Some(sheet) = reg.edition("26/2026").and_then(|e| e.sheet(1)) else {
        return;
    };
    let mut rng = Rng::new(11);
    let base = request_json("26/2026", 1, &random_options(sheet, &mut rng));
    let mut g = c.benchmark_group("advise");
    g.throughput(Throughput::Elements(1));
    for (name, extra) in [
        ("next_level", ""),
        ("to_5_stars", ",\"target\":5"),
        (
            "to_5_stars_max_3_changes",
            ",\"target\":5,\"max_changes\":3",
        ),
    ] {
        let text = format!("{}{extra}}}", base.strip_suffix('}').unwrap_or(&base));
        let Ok(req) = Json::parse_str(&text).map(|t| AdviseRequest::from_json(&t)) else {
            continue;
        };
        let Ok(req) = req else {
            eprintln!("{name}: invalid advise request");
            continue;
        };
        g.bench_function(format!("{name}_typed"), |b| {
            b.iter(|| advise(black_box(&req.request), req.target, &req.constraints));
        });
        g.bench_function(format!("{name}_json_str"), |b| {
            b.iter(|| advise_json_str(black_box(&text)));
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
