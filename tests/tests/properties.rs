//! Property tests of the evaluator and the JSON contract, over every edition and product set
//! with data (inherited sheets included):
//!
//! - the total lies in [0, sum of the criteria's maxima], and parts add up to it;
//! - raising any answer (to an option with more points in the same case, or ticking one more
//!   box of an additive criterion) never lowers the total, the band or the stars;
//! - stars ≤ band;
//! - the band matches the legal thresholds (90/70/50/30: QĐ 26/2026 Điều 3 khoản 3, QĐ 148
//!   and QĐ 1048 Điều 1 khoản 2) exactly, on both sides of every boundary, through the whole
//!   evaluator on real sheets and for exact fractions;
//! - identical input gives identical bytes (also on another thread and with the answers in
//!   another order);
//! - request and result survive a JSON round trip;
//! - partial mode never reports more stars than a completion of the same sheet could reach.

use ocop_core::contract::{self, AnswerValue, Outcome, ScoreRequest, ScoreResult};
use ocop_core::data::{Edition, Mode, Sheet};
use ocop_core::eval::{Answer, Answers, Evaluation, Scorer};
use ocop_core::json::Json;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The statutory bands, written out independently of the data: (lowest total, stars).
const LEGAL_BANDS: [(u64, u8); 5] = [(90, 5), (70, 4), (50, 3), (30, 2), (0, 1)];

/// Stars of the exact fraction `num / den` under the legal bands.
fn legal_band(num: u64, den: u64) -> u8 {
    LEGAL_BANDS
        .iter()
        .find(|(min, _)| num >= min * den)
        .map_or(1, |&(_, s)| s)
}

use ocop_tests::{option_mask, pick_sheet as pick};

/// Every (edition, sheet) pair with data.
fn sheets() -> &'static [(&'static Edition, &'static Arc<Sheet>)] {
    let v = ocop_tests::all_sheets();
    assert!(
        v.len() >= 100,
        "expected every edition's sheets, found {}",
        v.len()
    );
    v
}

/// A random answer to every criterion from the seeds; with `holes`, about a quarter are left
/// unanswered.
fn answers_from(sheet: &Sheet, seeds: &[u64], holes: bool) -> Answers {
    let mut a = Answers::empty(sheet.criteria.len());
    for (i, c) in sheet.criteria.iter().enumerate() {
        let s = seeds[i % seeds.len()].rotate_left(u32::try_from(i % 64).unwrap());
        if holes && (s >> 40) % 4 == 0 {
            continue;
        }
        let n = c.options.len();
        let ans = match c.mode {
            Mode::Additive => Answer::Ticked(s & option_mask(n)),
            Mode::Single | Mode::Case => Answer::One(u8::try_from(s % n as u64).unwrap()),
        };
        a.set(i, Some(ans));
    }
    a
}

/// Points of one answer, recomputed here from the data.
fn points(sheet: &Sheet, i: usize, a: Option<Answer>) -> u32 {
    let c = &sheet.criteria[i];
    match a {
        None => 0,
        Some(Answer::One(k)) => c.options[usize::from(k)].points,
        Some(Answer::Ticked(bits)) => c
            .options
            .iter()
            .enumerate()
            .filter(|(k, _)| bits & (1 << k) != 0)
            .map(|(_, o)| o.points)
            .sum(),
    }
}

/// The written form of resolved answers.
fn written(sheet: &Sheet, a: &Answers) -> BTreeMap<String, AnswerValue> {
    let mut out = BTreeMap::new();
    for (i, c) in sheet.criteria.iter().enumerate() {
        let v = match a.get(i) {
            None => continue,
            Some(Answer::One(k)) => AnswerValue::One(u32::from(k) + 1),
            Some(Answer::Ticked(bits)) => AnswerValue::Many(
                (0..c.options.len())
                    .filter(|k| bits & (1 << k) != 0)
                    .map(|k| u32::try_from(k + 1).unwrap())
                    .collect(),
            ),
        };
        out.insert(c.code.clone(), v);
    }
    out
}

fn request(edition: &Edition, sheet: &Sheet, a: &Answers, flags: &[String]) -> ScoreRequest {
    ScoreRequest {
        edition: edition.meta.id.clone(),
        product_set: sheet.number.to_string(),
        answers: written(sheet, a),
        partial: a.0.iter().any(Option::is_none),
        eliminated: flags.to_vec(),
        ..ScoreRequest::default()
    }
}

/// Codes of criteria the council may flag, picked by `seed` (mostly none).
fn flags_from(sheet: &Sheet, seed: u64) -> (Vec<String>, Vec<usize>) {
    if seed % 5 != 0 {
        return (Vec::new(), Vec::new());
    }
    sheet
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.elimination_note().is_some())
        .take(1)
        .map(|(i, c)| (c.code.clone(), i))
        .unzip()
}

/// Stars as an order where "eliminated" (no stars) is the lowest.
fn rank(ev: &Evaluation) -> u8 {
    ev.stars.unwrap_or(0)
}

/// A raised answer to criterion `i`: more points in the same case, or one more box ticked.
fn raise(sheet: &Sheet, i: usize, a: Answer, seed: u64) -> Option<Answer> {
    let c = &sheet.criteria[i];
    match a {
        Answer::One(k) => {
            let cur = &c.options[usize::from(k)];
            let better: Vec<usize> = c
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.points > cur.points && o.case == cur.case)
                .map(|(j, _)| j)
                .collect();
            let j = *better.get(usize::try_from(seed).unwrap() % better.len().max(1))?;
            Some(Answer::One(u8::try_from(j).unwrap()))
        }
        Answer::Ticked(bits) => {
            let free: Vec<usize> = (0..c.options.len())
                .filter(|k| bits & (1 << k) == 0)
                .collect();
            let j = *free.get(usize::try_from(seed).unwrap() % free.len().max(1))?;
            Some(Answer::Ticked(bits | (1 << j)))
        }
    }
}

/// The best completion: every unanswered criterion gets its best option (all boxes ticked).
fn best_completion(sheet: &Sheet, a: &Answers) -> Answers {
    let mut full = a.clone();
    for (i, c) in sheet.criteria.iter().enumerate() {
        if a.get(i).is_none() {
            let best = match c.mode {
                Mode::Additive => Answer::Ticked(option_mask(c.options.len())),
                Mode::Single | Mode::Case => {
                    let j = (0..c.options.len())
                        .max_by_key(|&j| c.options[j].points)
                        .unwrap();
                    Answer::One(u8::try_from(j).unwrap())
                }
            };
            full.set(i, Some(best));
        }
    }
    full
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn total_is_within_zero_and_the_sum_of_maxima(
        which in any::<usize>(), seeds in prop::collection::vec(any::<u64>(), 64), holes in any::<bool>()
    ) {
        let (edition, sheet) = pick(which);
        let a = answers_from(sheet, &seeds, holes);
        let ev = Scorer::new(edition, sheet).evaluate(&a, &[]);
        let max: u32 = sheet.criteria.iter().map(|c| c.max).sum();
        prop_assert!(ev.total <= max, "{} set {}: total {} > {max}", edition.meta.id, sheet.number, ev.total);
        prop_assert_eq!(ev.parts.iter().sum::<u32>(), ev.total);
        prop_assert_eq!(ev.points.iter().sum::<u32>(), ev.total);
        for (i, c) in sheet.criteria.iter().enumerate() {
            prop_assert_eq!(ev.points[i], points(sheet, i, a.get(i)));
            prop_assert!(ev.points[i] <= c.max, "criterion {} scores {} > max {}", c.code, ev.points[i], c.max);
        }
    }

    #[test]
    fn raising_an_answer_never_lowers_total_band_or_stars(
        which in any::<usize>(),
        seeds in prop::collection::vec(any::<u64>(), 64),
        at in any::<usize>(),
        how in any::<u64>(),
        flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let scorer = Scorer::new(edition, sheet);
        let (_, flags) = flags_from(sheet, flag_seed);
        let a = answers_from(sheet, &seeds, false);
        let n = sheet.criteria.len();
        // The first criterion from `at` on that can be raised.
        let raised = (0..n).map(|d| (at + d) % n).find_map(|i| {
            raise(sheet, i, a.get(i)?, how).map(|r| (i, r))
        });
        let Some((i, r)) = raised else { return Ok(()); };
        let mut b = a.clone();
        b.set(i, Some(r));
        let (before, after) = (scorer.evaluate(&a, &flags), scorer.evaluate(&b, &flags));
        let code = &sheet.criteria[i].code;
        prop_assert!(after.total >= before.total, "{code}: total {} -> {}", before.total, after.total);
        prop_assert!(after.band >= before.band, "{code}: band {} -> {}", before.band, after.band);
        prop_assert!(rank(&after) >= rank(&before), "{code}: stars {:?} -> {:?}", before.stars, after.stars);
    }

    #[test]
    fn stars_never_exceed_the_band_and_the_band_follows_the_law(
        which in any::<usize>(), seeds in prop::collection::vec(any::<u64>(), 64),
        holes in any::<bool>(), flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let (_, flags) = flags_from(sheet, flag_seed);
        let a = answers_from(sheet, &seeds, holes);
        let ev = Scorer::new(edition, sheet).evaluate(&a, &flags);
        prop_assert_eq!(ev.band, legal_band(u64::from(ev.total), 1));
        if let Some(s) = ev.stars {
            prop_assert!((1..=ev.band).contains(&s), "stars {s} band {}", ev.band);
        } else {
            prop_assert!(ev.eliminated.is_some());
        }
        if !flags.is_empty() {
            prop_assert_eq!(ev.stars, None, "a flagged elimination leaves no stars");
        }
    }

    #[test]
    fn identical_input_gives_identical_bytes(
        which in any::<usize>(), seeds in prop::collection::vec(any::<u64>(), 64),
        holes in any::<bool>(), flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let (flags, _) = flags_from(sheet, flag_seed);
        let a = answers_from(sheet, &seeds, holes);
        let req = request(edition, sheet, &a, &flags);
        let text = serde_json::to_string(&req).unwrap();
        let first = contract::score_json_str(&text);
        prop_assert!(first.starts_with("{\"status\":\"success\""), "{first}");
        prop_assert_eq!(&first, &contract::score_json_str(&text));
        let t2 = text.clone();
        let other_thread = std::thread::spawn(move || contract::score_json_str(&t2)).join().unwrap();
        prop_assert_eq!(&first, &other_thread);
        // The same answers written in reverse order.
        let mut reversed = String::from("{\"answers\":{");
        let entries: Vec<String> = req.answers.iter().rev()
            .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), serde_json::to_string(v).unwrap()))
            .collect();
        reversed.push_str(&entries.join(","));
        reversed.push_str(&format!(
            "}},\"eliminated\":{},\"partial\":{},\"product_set\":\"{}\",\"edition\":\"{}\"}}",
            serde_json::to_string(&req.eliminated).unwrap(), req.partial, req.product_set, req.edition
        ));
        prop_assert_eq!(&first, &contract::score_json_str(&reversed));
    }

    #[test]
    fn request_and_result_survive_a_json_round_trip(
        which in any::<usize>(), seeds in prop::collection::vec(any::<u64>(), 64),
        holes in any::<bool>(), flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let (flags, _) = flags_from(sheet, flag_seed);
        let a = answers_from(sheet, &seeds, holes);
        let req = request(edition, sheet, &a, &flags);
        let text = serde_json::to_string(&req).unwrap();
        // The request: through serde and through the strict reader.
        prop_assert_eq!(&serde_json::from_str::<ScoreRequest>(&text).unwrap(), &req);
        let strict = ScoreRequest::from_json(&Json::parse_str(&text).unwrap());
        prop_assert_eq!(strict.as_ref(), Ok(&req));
        // The result: typed outcome → text → typed outcome, and the text is what the text
        // entry point returns.
        let outcome: Outcome<ScoreResult> = contract::score(&req).into();
        let out = contract::to_json(&outcome);
        prop_assert_eq!(&out, &contract::score_json_str(&text));
        let back: Outcome<ScoreResult> = serde_json::from_str(&out).unwrap();
        prop_assert_eq!(&back, &outcome);
        prop_assert_eq!(contract::to_json(&back), out);
    }

    #[test]
    fn partial_never_reports_more_stars_than_a_completion_could(
        which in any::<usize>(), seeds in prop::collection::vec(any::<u64>(), 64),
        fill in prop::collection::vec(any::<u64>(), 64), flag_seed in any::<u64>(),
    ) {
        let (edition, sheet) = pick(which);
        let scorer = Scorer::new(edition, sheet);
        let (codes, flags) = flags_from(sheet, flag_seed);
        let part = answers_from(sheet, &seeds, true);
        let p = scorer.evaluate(&part, &flags);
        // Best completion: the most any completion could reach.
        let best = scorer.evaluate(&best_completion(sheet, &part), &flags);
        prop_assert!(rank(&p) <= rank(&best), "partial {:?} > best completion {:?}", p.stars, best.stars);
        prop_assert!(p.total <= best.total);
        prop_assert_eq!(best.total, scorer.max_total_completing(&part));
        // Any completion that is not eliminated reaches at least the partial stars.
        let mut full = part.clone();
        let random = answers_from(sheet, &fill, false);
        for i in 0..sheet.criteria.len() {
            if full.get(i).is_none() {
                full.set(i, random.get(i));
            }
        }
        let f = scorer.evaluate(&full, &flags);
        prop_assert!(p.total <= f.total);
        if f.stars.is_some() {
            prop_assert!(rank(&p) <= rank(&f), "partial {:?} > completion {:?}", p.stars, f.stars);
        }
        // The JSON result of the partial request says the same.
        let req = request(edition, sheet, &part, &codes);
        let r = contract::score(&req).unwrap();
        prop_assert_eq!(r.stars, p.stars);
        prop_assert_eq!(r.total, p.total);
        let unanswered: Vec<&str> = sheet.criteria.iter().enumerate()
            .filter(|(i, _)| part.get(*i).is_none()).map(|(_, c)| c.code.as_str()).collect();
        prop_assert_eq!(r.unanswered.iter().map(String::as_str).collect::<Vec<_>>(), unanswered);
    }
}

#[test]
fn every_edition_uses_the_legal_thresholds() {
    let reg = ocop_core::registry().unwrap();
    for e in reg.editions() {
        let bands: Vec<(u64, u8)> = e
            .meta
            .bands
            .iter()
            .map(|b| (u64::from(b.min), b.stars))
            .collect();
        assert_eq!(bands, LEGAL_BANDS, "{}", e.meta.id);
        for den in 1..=12u64 {
            for num in 0..=100 * den {
                assert_eq!(
                    e.band_of(num, den),
                    legal_band(num, den),
                    "{}: {num}/{den}",
                    e.meta.id
                );
            }
        }
        // 89.5 is not 90; 539/6 = 89.83… is not 90 either.
        assert_eq!(e.band_of(179, 2), 4);
        assert_eq!(e.band_of(539, 6), 4);
        assert_eq!(e.band_of(540, 6), 5);
    }
}

/// For one sheet, answers reaching each exactly reachable total (dynamic programming over the
/// criteria's achievable points).
fn answers_for_totals(sheet: &Sheet) -> BTreeMap<u32, Answers> {
    // choices[i]: (points, answer) pairs of criterion i.
    let choices: Vec<Vec<(u32, Answer)>> = sheet
        .criteria
        .iter()
        .map(|c| match c.mode {
            Mode::Additive if c.options.len() <= 12 => (0..=option_mask(c.options.len()))
                .map(|bits| {
                    let p = c
                        .options
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| bits & (1 << k) != 0)
                        .map(|(_, o)| o.points)
                        .sum();
                    (p, Answer::Ticked(bits))
                })
                .collect(),
            Mode::Additive => (0..c.options.len())
                .map(|k| (c.options[k].points, Answer::Ticked(1 << k)))
                .collect(),
            Mode::Single | Mode::Case => (0..c.options.len())
                .map(|k| (c.options[k].points, Answer::One(u8::try_from(k).unwrap())))
                .collect(),
        })
        .collect();
    // reach: total → answers so far.
    let mut reach: BTreeMap<u32, Vec<Answer>> = BTreeMap::from([(0, Vec::new())]);
    for opts in &choices {
        let mut next: BTreeMap<u32, Vec<Answer>> = BTreeMap::new();
        for (t, so_far) in &reach {
            for (p, a) in opts {
                next.entry(t + p).or_insert_with(|| {
                    let mut v = so_far.clone();
                    v.push(*a);
                    v
                });
            }
        }
        reach = next;
    }
    reach
        .into_iter()
        .map(|(t, v)| (t, Answers(v.into_iter().map(Some).collect())))
        .collect()
}

#[test]
fn the_band_matches_the_thresholds_on_both_sides_of_every_boundary_on_every_sheet() {
    let mut checked = 0;
    for (edition, sheet) in sheets() {
        let scorer = Scorer::new(edition, sheet);
        let by_total = answers_for_totals(sheet);
        for &(min, stars) in &LEGAL_BANDS[..4] {
            let min = u32::try_from(min).unwrap();
            for (t, want) in [(min, stars), (min - 1, stars - 1)] {
                let Some(a) = by_total.get(&t) else {
                    continue;
                };
                let ev = scorer.evaluate(a, &[]);
                assert_eq!(ev.total, t, "{} set {}", edition.meta.id, sheet.number);
                assert_eq!(
                    ev.band, want,
                    "{} set {}: total {t}",
                    edition.meta.id, sheet.number
                );
                if let Some(s) = ev.stars {
                    assert!(s <= want);
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked >= sheets().len() * 6,
        "only {checked} boundary totals were reachable"
    );
}
