//! Property tests stating the law's invariants (issue 15, item 4), beyond `properties.rs`:
//!
//! - raising one answer to any option with more points (also in another case of a case
//!   criterion, or any set of boxes worth more of an additive one: `properties.rs` only raises
//!   within the same case or ticks one more box), or answering an unanswered criterion, never
//!   lowers the total, the band or the stars, with the council's flags or without, and never
//!   brings in an elimination: only answering a criterion with 0 points can fire a stop rule
//!   (and then the stars may go);
//! - a council of N identical members (1 ≤ N ≤ 9) equals the single sheet at every level of
//!   the edition (total, band, stars, elimination), with a zero spread;
//! - the council's average and stars do not depend on the order of its members;
//! - a certificate is valid on its issue day and on its expiry day and not the day after; the
//!   expiry is the issue day plus the edition's `validity_months`, computed here by hand
//!   (Bộ luật Dân sự 2015 Điều 148 khoản 3: the month's last day when it has no such day),
//!   for every issue day from 2019-08-21 to 2030-12-31.
//!
//! That the editions tile the calendar (one edition in force every day from 2019-08-21 to
//! 2030-12-31, for every kind of dossier, ranges contiguous without overlap, read from the
//! data) is already stated by `timeline.rs` (`editions_tile_the_timeline`,
//! `exactly_one_edition_every_day_and_kind`) and is not repeated here.

use ocop_core::certificate::{certificate, CertificateQuery, Standing};
use ocop_core::contract::{self, AnswerValue, CouncilRequest, MemberSheet, ScoreRequest};
use ocop_core::data::{Edition, Mode, Sheet};
use ocop_core::date::Date;
use ocop_core::eval::{Answer, Answers, Evaluation, Scorer};
use proptest::prelude::*;
use std::collections::BTreeMap;

use ocop_tests::{option_mask as mask, pick_sheet as pick};

/// A random answer to every criterion; with `holes`, about a quarter are left unanswered.
fn random_answers(sheet: &Sheet, seeds: &[u64], holes: bool) -> Answers {
    let mut a = Answers::empty(sheet.criteria.len());
    for (i, c) in sheet.criteria.iter().enumerate() {
        let s = seeds[i % seeds.len()].rotate_left((i % 64) as u32)
            ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        if holes && (s >> 40) % 4 == 0 {
            continue;
        }
        let n = c.options.len();
        a.set(
            i,
            Some(match c.mode {
                Mode::Additive => Answer::Ticked(s & mask(n)),
                Mode::Single | Mode::Case => Answer::One((s % n as u64) as u8),
            }),
        );
    }
    a
}

/// Points of an answer, from the data.
fn points(sheet: &Sheet, i: usize, a: Option<Answer>) -> u32 {
    let c = &sheet.criteria[i];
    match a {
        None => 0,
        Some(Answer::One(k)) => c.options[usize::from(k)].points,
        Some(Answer::Ticked(bits)) => (0..c.options.len())
            .filter(|k| bits & (1 << k) != 0)
            .map(|k| c.options[k].points)
            .sum(),
    }
}

fn written(sheet: &Sheet, a: &Answers) -> BTreeMap<String, AnswerValue> {
    let mut out = BTreeMap::new();
    for (i, c) in sheet.criteria.iter().enumerate() {
        let v = match a.get(i) {
            None => continue,
            Some(Answer::One(k)) => AnswerValue::One(u32::from(k) + 1),
            Some(Answer::Ticked(bits)) => AnswerValue::Many(
                (0..c.options.len())
                    .filter(|k| bits & (1 << k) != 0)
                    .map(|k| k as u32 + 1)
                    .collect(),
            ),
        };
        out.insert(c.code.clone(), v);
    }
    out
}

/// Criteria with an elimination or stop note, flagged by the council according to `seed`
/// (mostly none): (codes, indices).
fn flags(sheet: &Sheet, seed: u64) -> (Vec<String>, Vec<usize>) {
    if seed % 4 != 0 {
        return (Vec::new(), Vec::new());
    }
    sheet
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.elimination_note().is_some())
        .filter(|(i, _)| (seed >> (8 + i % 48)) & 1 == 1)
        .map(|(i, c)| (c.code.clone(), i))
        .unzip()
}

fn rank(ev: &Evaluation) -> u8 {
    ev.stars.unwrap_or(0)
}

/// Every answer to criterion `i` with more points than `cur` (for `None`: every answer), in
/// any case of a case criterion, any set of boxes of an additive one (all sets up to 10
/// options; beyond, each box alone and all of them).
fn raises(sheet: &Sheet, i: usize, cur: Option<Answer>) -> Vec<Answer> {
    let c = &sheet.criteria[i];
    let p = points(sheet, i, cur);
    let n = c.options.len();
    let all: Vec<Answer> = match c.mode {
        Mode::Additive if n <= 10 => (0..=mask(n)).map(Answer::Ticked).collect(),
        Mode::Additive => (0..n)
            .map(|k| Answer::Ticked(1 << k))
            .chain([Answer::Ticked(mask(n))])
            .collect(),
        Mode::Single | Mode::Case => (0..n).map(|k| Answer::One(k as u8)).collect(),
    };
    all.into_iter()
        .filter(|&r| cur.is_none() || points(sheet, i, Some(r)) > p)
        .collect()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn raising_any_one_answer_never_lowers_total_band_or_stars(
        which in any::<usize>(),
        seeds in prop::collection::vec(any::<u64>(), 16),
        holes in any::<bool>(),
        at in any::<usize>(),
        flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let scorer = Scorer::new(edition, sheet);
        let (_, flagged) = flags(sheet, flag_seed);
        let a = random_answers(sheet, &seeds, holes);
        let before = scorer.evaluate(&a, &flagged);
        let i = at % sheet.criteria.len();
        let code = &sheet.criteria[i].code;
        for r in raises(sheet, i, a.get(i)) {
            let mut b = a.clone();
            b.set(i, Some(r));
            let after = scorer.evaluate(&b, &flagged);
            let what = format!("{} set {} {code}: {:?} -> {r:?}", edition.meta.id, sheet.number, a.get(i));
            prop_assert_eq!(after.total, before.total - points(sheet, i, a.get(i)) + points(sheet, i, Some(r)), "{}", what);
            prop_assert!(after.total >= before.total, "{what}: total {} -> {}", before.total, after.total);
            prop_assert!(after.band >= before.band, "{what}: band {} -> {}", before.band, after.band);
            if a.get(i).is_some() {
                // More points on an answered criterion never fires a stop rule.
                prop_assert!(before.eliminated.is_some() || after.eliminated.is_none(), "{what}: eliminated by a raise");
            }
            let stopped = before.eliminated.is_none() && after.eliminated.is_some();
            if !stopped {
                prop_assert!(rank(&after) >= rank(&before), "{what}: stars {:?} -> {:?}", before.stars, after.stars);
            }
            if stopped {
                // Only answering with 0 points can bring in a stop rule.
                prop_assert!(a.get(i).is_none() && points(sheet, i, Some(r)) == 0, "{what}: stop rule");
                prop_assert!(after.eliminated.is_some_and(|e| e.by_answers));
            }
        }
    }
}

/// The single sheet's request and a council of `members` (names `m0`, `m1`, …) on it.
fn council_of(
    edition: &Edition,
    sheet: &Sheet,
    level: ocop_core::council::Level,
    members: &[&Answers],
    codes: &[String],
) -> CouncilRequest {
    CouncilRequest {
        edition: edition.meta.id.clone(),
        date: None,
        dossier: None,
        evaluated_on: None,
        product_set: sheet.number.to_string(),
        level,
        members: members
            .iter()
            .enumerate()
            .map(|(k, a)| MemberSheet {
                member: format!("m{k}"),
                answers: written(sheet, a),
            })
            .collect(),
        partial: members.iter().any(|a| a.0.iter().any(Option::is_none)),
        eliminated: codes.to_vec(),
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn a_council_of_identical_members_equals_the_single_sheet(
        which in any::<usize>(),
        seeds in prop::collection::vec(any::<u64>(), 16),
        holes in any::<bool>(),
        n in 1usize..=9,
        flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let (codes, _) = flags(sheet, flag_seed);
        let a = random_answers(sheet, &seeds, holes);
        let single = contract::score(&ScoreRequest {
            edition: edition.meta.id.clone(),
            product_set: sheet.number.to_string(),
            answers: written(sheet, &a),
            partial: a.0.iter().any(Option::is_none),
            eliminated: codes.clone(),
            ..ScoreRequest::default()
        }).unwrap();
        let members: Vec<&Answers> = std::iter::repeat_n(&a, n).collect();
        for &level in &edition.meta.procedure.levels.value {
            let c = contract::score_council(&council_of(edition, sheet, level, &members, &codes)).unwrap();
            let what = format!("{} set {} {level:?} ×{n}", edition.meta.id, sheet.number);
            prop_assert_eq!(&c.total, &single.total.to_string(), "{}", what);
            prop_assert_eq!((c.average.numerator, c.average.denominator), (u64::from(single.total), 1), "{}", what);
            prop_assert!(c.average.exact);
            prop_assert_eq!(c.band, single.band, "{}", what);
            prop_assert_eq!(c.stars, single.stars, "{}", what);
            prop_assert_eq!(
                c.eliminated.as_ref().map(|e| (e.criterion.clone(), e.by)),
                single.eliminated.as_ref().map(|e| (e.criterion.clone(), e.by)),
                "{}", what
            );
            prop_assert_eq!(c.spread, 0);
            prop_assert!(!c.rescore_required, "{}", what);
            prop_assert_eq!(&c.unanswered, &single.unanswered);
            prop_assert_eq!(c.members.len(), n);
        }
    }

    #[test]
    fn the_council_average_does_not_depend_on_member_order(
        which in any::<usize>(),
        seeds in prop::collection::vec(prop::collection::vec(any::<u64>(), 8), 2..=7),
        holes in any::<bool>(),
        order_seed in any::<u64>(),
        flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let (codes, _) = flags(sheet, flag_seed);
        let sheets: Vec<Answers> = seeds.iter().map(|s| random_answers(sheet, s, holes)).collect();
        let members: Vec<&Answers> = sheets.iter().collect();
        // A permutation from the seed (Fisher–Yates), keeping each member's name.
        let mut order: Vec<usize> = (0..members.len()).collect();
        let mut s = order_seed;
        for k in (1..order.len()).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (s >> 33) as usize % (k + 1));
        }
        let level = edition.meta.procedure.levels.value[(order_seed % 7) as usize % edition.meta.procedure.levels.value.len()];
        let a = contract::score_council(&council_of(edition, sheet, level, &members, &codes)).unwrap();
        let mut shuffled = council_of(edition, sheet, level, &members, &codes);
        shuffled.members = order.iter().map(|&k| shuffled.members[k].clone()).collect();
        let b = contract::score_council(&shuffled).unwrap();
        let what = format!("{} set {} order {order:?}", edition.meta.id, sheet.number);
        prop_assert_eq!(&a.total, &b.total, "{}", what);
        prop_assert_eq!(&a.average, &b.average, "{}", what);
        prop_assert_eq!(&a.parts, &b.parts, "{}", what);
        prop_assert_eq!(a.band, b.band, "{}", what);
        prop_assert_eq!(a.stars, b.stars, "{}", what);
        prop_assert_eq!(a.spread, b.spread);
        prop_assert_eq!(a.rescore_required, b.rescore_required);
        prop_assert_eq!(&a.action, &b.action);
        prop_assert_eq!(&a.unanswered, &b.unanswered);
        let elim = |r: &contract::CouncilResult| r.eliminated.as_ref().map(|e| {
            let mut m = e.members.clone();
            m.sort();
            (e.criterion.clone(), e.by, m)
        });
        prop_assert_eq!(elim(&a), elim(&b), "{}", what);
        let caps = |r: &contract::CouncilResult| {
            let mut v: Vec<(String, u8, Vec<String>)> = r.capped_by.iter().map(|c| {
                let mut m: Vec<String> = c.dissenting.iter().map(|d| d.member.clone()).collect();
                m.sort();
                (c.criterion.clone(), c.level, m)
            }).collect();
            v.sort();
            v
        };
        prop_assert_eq!(caps(&a), caps(&b), "{}", what);
        let mut ma: Vec<_> = a.members.iter().map(|m| (m.member.clone(), m.total, m.stars)).collect();
        let mut mb: Vec<_> = b.members.iter().map(|m| (m.member.clone(), m.total, m.stars)).collect();
        ma.sort();
        mb.sort();
        prop_assert_eq!(ma, mb);
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic written here, independently of `ocop_core::date`.

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_days(y: i32, m: u8) -> u8 {
    [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][usize::from(m - 1)]
}

fn ymd(d: Date) -> (i32, u8, u8) {
    (d.year(), d.month(), d.day())
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn next_day(d: Date) -> Date {
    let (y, m, dd) = ymd(d);
    if dd < month_days(y, m) {
        date(y, m, dd + 1)
    } else if m < 12 {
        date(y, m + 1, 1)
    } else {
        date(y + 1, 1, 1)
    }
}

/// `d` plus `months` calendar months; the month's last day when it has no such day.
fn plus_months(d: Date, months: u32) -> Date {
    let (y, m, dd) = ymd(d);
    let index = y * 12 + i32::from(m - 1) + months as i32;
    let (y2, m2) = (index / 12, (index % 12) as u8 + 1);
    date(y2, m2, dd.min(month_days(y2, m2)))
}

/// Every day from `from` to `to`, both included.
fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), move |&d| Some(next_day(d)).filter(|&n| n <= to))
}

/// Checks one certificate; returns its expiry.
fn check_certificate(edition: Option<&Edition>, issued: Date) -> Date {
    let reg = ocop_core::registry().unwrap();
    let governing = edition.unwrap_or_else(|| {
        reg.editions()
            .iter()
            .find(|e| {
                e.meta.effective_from <= issued && e.meta.effective_to.is_none_or(|to| issued < to)
            })
            .unwrap()
    });
    let months = u32::from(governing.meta.procedure.certificate.validity_months.value);
    let expected = plus_months(issued, months);
    let ask = |on: Date| {
        certificate(&CertificateQuery {
            issued,
            edition: edition.map(|e| e.meta.id.clone()),
            on: Some(on),
            reevaluation_filed: None,
            result_on: None,
        })
        .unwrap()
    };
    let c = ask(issued);
    assert_eq!(c.edition, governing.meta.id, "{issued}");
    assert_eq!(c.expires, expected, "{issued} + {months} months");
    assert_eq!(
        (c.standing, c.valid),
        (Some(Standing::Valid), Some(true)),
        "issue day {issued}"
    );
    let e = ask(expected);
    assert_eq!(
        (e.standing, e.valid),
        (Some(Standing::Valid), Some(true)),
        "expiry day {expected}"
    );
    let after = next_day(expected);
    let x = ask(after);
    assert_eq!(
        (x.standing, x.valid),
        (Some(Standing::Expired), Some(false)),
        "day after expiry {after}"
    );
    expected
}

#[test]
fn a_certificate_is_valid_on_its_issue_and_expiry_days_and_not_the_day_after() {
    // Every issue day from the first edition to 2030, with the edition in force inferred:
    // every month end and 29 February 2020, 2024 and 2028 among them.
    let mut clamped = 0;
    for d in days(date(2019, 8, 21), date(2030, 12, 31)) {
        let exp = check_certificate(None, d);
        if exp.day() != d.day() {
            clamped += 1;
        }
    }
    // 29/2/2020 → 28/2/2023 and the like: the month has no such day.
    assert_eq!(plus_months(date(2020, 2, 29), 36), date(2023, 2, 28));
    assert_eq!(plus_months(date(2023, 2, 28), 12), date(2024, 2, 28));
    assert_eq!(plus_months(date(2021, 2, 29 - 1), 36), date(2024, 2, 28));
    assert!(
        clamped >= 3,
        "the 29 February issue days were checked ({clamped})"
    );
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_certificate_of_a_named_edition_is_valid_to_its_expiry_inclusive(
        which in any::<usize>(), offset in 0i64..4000,
    ) {
        let reg = ocop_core::registry().unwrap();
        let e = &reg.editions()[which % reg.editions().len()];
        // An issue day within the edition's own range (up to 2030 for the one in force).
        let start = e.meta.effective_from;
        let end = e.meta.effective_to.map_or(date(2030, 12, 31), |to| to.add_days(-1).unwrap());
        let span = start.days_until(end) + 1;
        let issued = start.add_days(offset % span).unwrap();
        check_certificate(Some(e), issued);
    }
}
