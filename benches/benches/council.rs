//! A council of 9 members scoring one product (26/2026, set 1): typed, from a request read
//! beforehand, and JSON text to JSON text through `contract::score_json_str` (which dispatches
//! on `"members"`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ocop_benches::{random_options, request_json, Rng};
use ocop_core::contract::score_json_str;
use ocop_core::council::{score_council, CouncilRequest};
use ocop_core::json::Json;
use ocop_core::registry;
use std::hint::black_box;

const MEMBERS: usize = 9;

/// A council request of `MEMBERS` members with independent random answers.
fn council_json(rng: &mut Rng) -> Option<String> {
    let reg = registry().ok()?;
    let sheet = reg.edition("26/2026")?.sheet(1)?;
    let mut members = Vec::with_capacity(MEMBERS);
    for m in 0..MEMBERS {
        let one = request_json("26/2026", 1, &random_options(sheet, rng));
        // `{"edition":…,"answers":{…}}` → keep the answers object.
        let answers = one
            .split_once("\"answers\":")?
            .1
            .strip_suffix('}')?
            .to_owned();
        members.push(format!(
            "{{\"member\":\"Thành viên {m}\",\"answers\":{answers}}}"
        ));
    }
    Some(format!(
        "{{\"edition\":\"26/2026\",\"product_set\":\"1\",\"level\":\"province\",\"members\":[{}]}}",
        members.join(",")
    ))
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng::new(9);
    let Some(text) = council_json(&mut rng) else {
        eprintln!("no data for 26/2026 set 1");
        return;
    };
    let Ok(tree) = Json::parse_str(&text) else {
        return;
    };
    let Ok(req) = CouncilRequest::from_json(&tree) else {
        eprintln!("the generated council request is invalid");
        return;
    };
    let out = score_json_str(&text);
    if !out.starts_with("{\"status\":\"success\"") {
        eprintln!("council failed: {out:.300}");
        return;
    }
    let mut g = c.benchmark_group("council");
    g.throughput(Throughput::Elements(1));
    g.bench_function("9_members_typed", |b| {
        b.iter(|| score_council(black_box(&req)));
    });
    g.bench_function("9_members_json_str", |b| {
        b.iter(|| score_json_str(black_box(&text)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
