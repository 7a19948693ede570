//! Councils (`ocop_core::council`): exact averages and their band (89.5 is 4★), star
//! minimums that count only when every member's sheet meets them (dissenters named), the
//! 1048 ten-point spread rule at province and central level only, eliminations triggered on
//! any member's sheet, the levels each edition has and what each may do, and request errors.

use ocop_core::contract::{self, Outcome, ScoreOutput};
use ocop_core::council::{ActionCode, CouncilResult};
use ocop_core::data::{Mode, Sheet};
use ocop_core::json::Json;
use ocop_core::{registry, ErrorCode};
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn sheet(edition: &str, set: u8) -> &'static Arc<Sheet> {
    registry()
        .unwrap()
        .edition(edition)
        .unwrap()
        .sheet(set)
        .unwrap()
}

/// Answers reaching exactly `target` points (single/case: one option; additive: a subset of
/// single ticks), preferring high options first; `fixed` pins some criteria to an option.
fn answers_for(s: &Sheet, target: u32, fixed: &[(&str, u32)]) -> Map<String, Value> {
    // reach[i][t] = choice for criterion i reaching t with criteria i.. (option index, or
    // 0 for additive "none").
    let n = s.criteria.len();
    let choices: Vec<Vec<(Value, u32)>> = s
        .criteria
        .iter()
        .map(|c| {
            if let Some((_, k)) = fixed.iter().find(|(code, _)| *code == c.code) {
                let p = c.options[(*k - 1) as usize].points;
                return vec![(json!(k), p)];
            }
            let mut v: Vec<(Value, u32)> = match c.mode {
                Mode::Additive => {
                    let mut v = vec![(json!([]), 0)];
                    v.extend(
                        c.options
                            .iter()
                            .enumerate()
                            .map(|(i, o)| (json!([i + 1]), o.points)),
                    );
                    v
                }
                _ => c
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (json!(i + 1), o.points))
                    .collect(),
            };
            v.sort_by_key(|(_, p)| std::cmp::Reverse(*p));
            v
        })
        .collect();
    let max = 200usize;
    let mut reach = vec![vec![None::<usize>; max + 1]; n + 1];
    reach[n][0] = Some(0);
    for i in (0..n).rev() {
        for t in 0..=max {
            reach[i][t] = choices[i]
                .iter()
                .position(|(_, p)| (*p as usize) <= t && reach[i + 1][t - *p as usize].is_some());
        }
    }
    let mut out = Map::new();
    let mut t = target as usize;
    for i in 0..n {
        let k = reach[i][t].unwrap_or_else(|| panic!("{} cannot reach {target}", s.name));
        let (v, p) = &choices[i][k];
        out.insert(s.criteria[i].code.clone(), v.clone());
        t -= *p as usize;
    }
    out
}

/// Pins every criterion with a star marker of level <= `level` to its best marked option, so
/// that the minimums of those levels are met.
fn minimums_up_to(s: &Sheet, level: u8) -> Vec<(&str, u32)> {
    s.criteria
        .iter()
        .filter_map(|c| {
            let best = c
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.min_star.is_some_and(|m| m <= level))
                .max_by_key(|(_, o)| o.points)?;
            Some((c.code.as_str(), best.0 as u32 + 1))
        })
        .collect()
}

fn council(req: Value) -> Result<CouncilResult, Vec<(ErrorCode, String)>> {
    match contract::score_json(&Json::from_value(&req)) {
        Outcome::Success(ScoreOutput::Council(r)) => Ok(r),
        Outcome::Success(other) => panic!("not a council result: {other:?}"),
        Outcome::Failure { errors } => Err(errors.into_iter().map(|e| (e.code, e.path)).collect()),
    }
}

fn members(list: &[(&str, Map<String, Value>)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(m, a)| json!({"member": m, "answers": a}))
            .collect(),
    )
}

#[test]
fn average_is_exact_and_89_5_is_four_stars() {
    let s = sheet("1048/2019", 2);
    let r = council(json!({
        "edition": "1048/2019", "product_set": "2", "level": "central",
        "members": members(&[("An", answers_for(s, 89, &[])), ("Bình", answers_for(s, 90, &[]))]),
    }))
    .unwrap();
    assert_eq!(r.total, "89.5");
    assert_eq!((r.average.numerator, r.average.denominator), (179, 2));
    assert!(r.average.exact);
    assert_eq!((r.band, r.stars), (4, Some(4)));
    assert_eq!(r.members[1].stars, Some(5));
    assert_eq!(r.action.code, ActionCode::ReturnToProvince);
    assert_eq!(
        (r.spread, r.spread_limit, r.rescore_required),
        (1, Some(10), false)
    );

    // Three members: 89 + 90 + 90 = 269/3 = 89.66…: still 4★, decimal truncated.
    let r = council(json!({
        "edition": "1048/2019", "product_set": "2", "level": "province",
        "members": members(&[
            ("An", answers_for(s, 89, &[])), ("Bình", answers_for(s, 90, &[])),
            ("Chi", answers_for(s, 90, &[])),
        ]),
    }))
    .unwrap();
    assert_eq!(
        (r.total.as_str(), r.average.exact, r.band),
        ("89.66", false, 4)
    );
    assert_eq!(r.action.code, ActionCode::Recognise);
    // 90 + 90: 5★, forwarded to the central council.
    let r = council(json!({
        "edition": "1048/2019", "product_set": "2", "level": "province",
        "members": members(&[("An", answers_for(s, 90, &[])), ("Bình", answers_for(s, 90, &[]))]),
    }))
    .unwrap();
    assert_eq!(
        (r.total.as_str(), r.band, r.action.code),
        ("90", 5, ActionCode::ForwardToCentral)
    );
}

#[test]
fn spread_rule_only_under_1048_at_province_and_central() {
    let s = sheet("1048+781/2020", 5);
    let sheets = |a: u32, b: u32| {
        members(&[
            ("An", answers_for(s, a, &[])),
            ("Bình", answers_for(s, b, &[])),
        ])
    };
    for (level, a, b, limit, rescore) in [
        ("province", 70, 80, Some(10), false),
        ("province", 70, 81, Some(10), true),
        ("central", 85, 96, Some(10), true),
        ("district", 40, 90, None, false),
    ] {
        let r = council(
            json!({"edition": "1048+781/2020", "product_set": "5", "level": level,
            "members": sheets(a, b)}),
        )
        .unwrap();
        assert_eq!(r.spread, b - a);
        assert_eq!(
            (r.spread_limit, r.rescore_required),
            (limit, rescore),
            "{level} {a} {b}"
        );
    }
    // 26/2026 has no such rule; 148 editions: unknown, warned.
    let s26 = sheet("26/2026", 5);
    let r = council(json!({"edition": "26/2026", "product_set": "5", "level": "province",
        "members": members(&[("An", answers_for(s26, 50, &[])), ("Bình", answers_for(s26, 95, &[]))])}))
    .unwrap();
    assert_eq!(
        (r.spread, r.spread_limit, r.rescore_required),
        (45, None, false)
    );
    assert!(r.warnings.iter().all(|w| w.code != "council_rule_unknown"));
    let s148 = sheet("148/2023", 5);
    let r = council(json!({"edition": "148/2023", "product_set": "5", "level": "province",
        "members": members(&[("An", answers_for(s148, 50, &[])), ("Bình", answers_for(s148, 95, &[]))])}))
    .unwrap();
    assert!(!r.rescore_required);
    assert!(r.warnings.iter().any(|w| w.code == "council_rule_unknown"));
}

#[test]
fn minimums_count_only_when_every_member_meets_them() {
    // 148/2023 set 01, criterion 3.d (Tăng trưởng sản xuất kinh doanh): 4★ needs option 2.
    let s = sheet("148/2023", 1);
    let (ci, c) = s.criterion("3.d").unwrap();
    let m = s
        .minimums()
        .iter()
        .find(|m| m.criterion == ci)
        .copied()
        .expect("3.d has a minimum");
    let marked = (m.option + 1) as u32;
    let below = c
        .options
        .iter()
        .position(|o| o.points < c.options[m.option].points)
        .map(|i| i as u32 + 1)
        .unwrap();
    let a = answers_for(s, 85, &[("3.d", marked)]);
    let b = answers_for(s, 85, &[("3.d", below)]);
    let r = council(
        json!({"edition": "148/2023", "product_set": "1", "level": "province",
        "members": members(&[("An", a.clone()), ("Bình", b)])}),
    )
    .unwrap();
    assert_eq!(r.band, 4);
    let cap = r.capped_by.iter().find(|x| x.criterion == "3.d").unwrap();
    assert_eq!(cap.level, m.level);
    assert_eq!(cap.dissenting.len(), 1);
    assert_eq!(cap.dissenting[0].member, "Bình");
    assert!(r.stars.unwrap() < m.level);
    assert_eq!(r.members[0].member, "An");
    // Both meet it: no 3.d cap.
    let r = council(
        json!({"edition": "148/2023", "product_set": "1", "level": "province",
        "members": members(&[("An", a.clone()), ("Bình", a)])}),
    )
    .unwrap();
    assert!(r.capped_by.iter().all(|x| x.criterion != "3.d"));
}

#[test]
fn a_trigger_on_any_sheet_stops_the_council() {
    // 1048/2019 set 07: the stop rule of 6.1 triggers when 6.1 scores 0.
    let s = sheet("1048/2019", 7);
    let (_, c) = s.criterion("6.1").unwrap();
    let zero = c.options.iter().position(|o| o.points == 0).unwrap() as u32 + 1;
    let good = answers_for(s, 75, &[]);
    let mut bad = good.clone();
    bad.insert("6.1".into(), json!(zero));
    let r = council(
        json!({"edition": "1048/2019", "product_set": "7", "level": "district",
        "members": members(&[("An", good.clone()), ("Bình", bad), ("Chi", good.clone())])}),
    )
    .unwrap();
    let e = r.eliminated.unwrap();
    assert_eq!((e.criterion.as_str(), e.by.as_str()), ("6.1", "answers"));
    assert_eq!(e.members, vec!["Bình".to_owned()]);
    assert_eq!(r.stars, None);
    assert_eq!(r.action.code, ActionCode::NoCertificate);
    assert_eq!(r.members[0].stars, Some(4));
    assert_eq!(r.members[1].stars, None);
    // Flagged by the council: stops too, and incomplete sheets are then accepted.
    let r = council(
        json!({"edition": "1048/2019", "product_set": "7", "level": "district",
        "eliminated": ["1.1"],
        "members": members(&[("An", Map::new()), ("Bình", good)])}),
    )
    .unwrap();
    let e = r.eliminated.unwrap();
    assert_eq!((e.criterion.as_str(), e.by.as_str()), ("1.1", "request"));
    assert!(e.members.is_empty());
}

/// What each level does with a 3★ (60) and a 2★ (45) result. 1048 Phụ lục II: the district
/// forwards 50–100 points; 148/2023 (secondary sources, shared/reference/ocop-148): the
/// district recognises 3★ itself and no source says what the province does below 4★;
/// 148+1489 and 26/2026 have no district level.
#[test]
fn levels_per_edition() {
    use ActionCode::{ForwardToProvince, NoCertificate, Recognise, Unknown};
    for (edition, district, province_2) in [
        ("1048/2019", Some(ForwardToProvince), NoCertificate),
        ("1048+781/2020", Some(ForwardToProvince), NoCertificate),
        ("148/2023", Some(Recognise), Unknown),
        ("148+1489/2025", None, NoCertificate),
        ("26/2026", None, NoCertificate),
    ] {
        let s = sheet(edition, 3);
        let fixed = minimums_up_to(s, 3);
        let req = |level: &str, total: u32| {
            json!({"edition": edition, "product_set": "3", "level": level,
                "members": members(&[("An", answers_for(s, total, &fixed))])})
        };
        let r = council(req("district", 60));
        if let Some(code) = district {
            assert_eq!(r.unwrap().action.code, code, "{edition}");
            assert_eq!(
                council(req("district", 45)).unwrap().action.code,
                NoCertificate
            );
        } else {
            assert_eq!(
                r.unwrap_err(),
                vec![(ErrorCode::ConflictingFields, "/level".to_owned())]
            );
        }
        let p = council(req("province", 45)).unwrap();
        assert_eq!((p.stars, p.action.code), (Some(2), province_2), "{edition}");
        let c = council(req("central", 20)).unwrap();
        assert_eq!((c.stars, c.action.code), (Some(1), NoCertificate));
    }
}

#[test]
fn request_errors() {
    let s = sheet("26/2026", 1);
    let a = answers_for(s, 60, &[]);
    let base = |extra: Value| {
        let mut v = json!({"edition": "26/2026", "product_set": "1", "level": "province",
            "members": members(&[("An", a.clone())])});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let e = |v| council(v).unwrap_err();
    assert_eq!(
        e(base(json!({"answers": {}}))),
        vec![(ErrorCode::ConflictingFields, "/answers".into())]
    );
    assert_eq!(
        e(base(json!({"members": []}))),
        vec![(ErrorCode::MissingField, "/members".into())]
    );
    assert_eq!(
        e(base(
            json!({"members": members(&[("An", a.clone()), ("An", a.clone())])})
        )),
        vec![(ErrorCode::DuplicateKey, "/members/1/member".into())]
    );
    assert_eq!(
        e(base(json!({"level": "commune"}))),
        vec![(ErrorCode::WrongType, "/level".into())]
    );
    let mut partial = a.clone();
    partial.remove("1.1");
    assert_eq!(
        e(base(
            json!({"members": members(&[("An", a.clone()), ("Bình", partial.clone())])})
        )),
        vec![(ErrorCode::MissingAnswer, "/members/1/answers/1.1".into())]
    );
    let mut r = base(json!({"members": members(&[("An", a.clone()), ("Bình", partial)])}));
    r["partial"] = json!(true);
    let ok = council(r).unwrap();
    assert_eq!(ok.unanswered, vec!["1.1".to_owned()]);
    assert!(!ok.complete);
    let mut bad = a.clone();
    bad.insert("9.9".into(), json!(1));
    assert_eq!(
        e(base(json!({"members": members(&[("An", bad)])}))),
        vec![(ErrorCode::UnknownCriterion, "/members/0/answers/9.9".into())]
    );
    // Date instead of edition works for councils too.
    let mut dated = base(json!({"date": "2026-06-01", "dossier": "first"}));
    dated.as_object_mut().unwrap().remove("edition");
    let r = council(dated).unwrap();
    assert_eq!(r.edition, "26/2026");
    assert!(r.provenance.edition_reason.is_some());
}

/// Each member's answer to an additive criterion is reported as the option numbers they
/// ticked, in order, and "none of the above" as an empty list (what the member wrote, not
/// computed: the expected lists are the request's own).
#[test]
fn council_criteria_report_each_members_ticked_options() {
    let s = sheet("1048/2019", 26);
    let c = s
        .criteria
        .iter()
        .find(|c| c.mode == Mode::Additive && c.options.len() >= 4)
        .expect("1048/2019 set 26 has an additive criterion of four options or more");
    let mut a = answers_for(s, 60, &[]);
    let mut b = a.clone();
    a.insert(c.code.clone(), json!([1, 3]));
    b.insert(c.code.clone(), json!([]));
    let r = council(
        json!({"edition": "1048/2019", "product_set": "26", "level": "province",
        "members": members(&[("An", a), ("Bình", b)])}),
    )
    .unwrap();
    let got = r
        .criteria
        .iter()
        .find(|x| x.code == c.code)
        .expect("the criterion is reported");
    assert_eq!(
        serde_json::to_value(&got.options).unwrap(),
        json!([[1, 3], []]),
        "{}",
        c.code
    );
    let (p1, p3) = (c.options[0].points, c.options[2].points);
    assert_eq!(got.points, vec![p1 + p3, 0]);
}

/// A spread rule that does not allow equality (`equal_allowed: false`, which no embedded
/// edition has yet, but a data folder may) asks for a rescore when the spread reaches the
/// limit, not only when it passes it.
#[test]
fn a_spread_rule_without_equality_asks_for_a_rescore_at_the_limit() {
    use ocop_core::council::{score_council_in, CouncilRequest};
    use ocop_core::data::load_files;
    use ocop_core::registry::Registry;
    let files: Vec<(String, String)> = ocop_core::data::embedded_files()
        .iter()
        .map(|(path, text)| {
            let mut v: Value = serde_json::from_str(text).unwrap();
            if *path == "1048-2019/edition.json" {
                assert_eq!(v["procedure"]["spread"]["equal_allowed"], json!(true));
                v["procedure"]["spread"]["equal_allowed"] = json!(false);
            }
            ((*path).to_owned(), v.to_string())
        })
        .collect();
    let reg = Registry::from_editions(
        load_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str()))).unwrap(),
    );
    let s = sheet("1048/2019", 5);
    for (a, b, rescore) in [(70, 79, false), (70, 80, true), (70, 81, true)] {
        let req = json!({"edition": "1048/2019", "product_set": "5", "level": "province",
            "members": members(&[("An", answers_for(s, a, &[])), ("Bình", answers_for(s, b, &[]))])});
        let req = CouncilRequest::from_json(&Json::from_value(&req)).unwrap();
        let r = score_council_in(&reg, &req).unwrap();
        assert_eq!(
            (r.spread, r.spread_limit, r.rescore_required),
            (b - a, Some(10), rescore),
            "{a} {b}"
        );
        // The embedded rule allows equality: a spread of exactly 10 needs no rescore.
        let embedded = score_council_in(registry().unwrap(), &req).unwrap();
        assert_eq!(embedded.rescore_required, b - a > 10, "embedded {a} {b}");
    }
}
