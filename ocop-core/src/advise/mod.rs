//! The upgrade advisor (issue 6): the cheapest set of criterion changes that lifts a product to
//! a target star level, or the reason no such set exists.
//!
//! JSON entry point (golden runner op `advise`): [`advise_json`]
//! (`&Json -> Outcome<AdviceOutput>`: one sheet, or a council when the request has
//! `"members"`); text forms [`advise_json_str`] and [`advise_json_bytes`]. Typed: [`advise`],
//! [`advise_in`], [`advise_council`], [`advise_council_in`], [`advise_on`]; on indices:
//! [`plan`], [`plan_council`]. Producer-readable text: [`advise_text`]. Docs: `docs/advise.md`.
//!
//! # Councils
//! Advice against the council's rule (the band of the exact average; every member's sheet
//! meets the minimums): a change gives every member the same answer ("if every member
//! agreed"), never lowering anyone; its gain is summed over the members' sheets, and the
//! threshold becomes `band minimum × members` on the sum of totals. Same order, same algorithm.
//!
//! # What a plan may do
//! A *change* moves one criterion to a better answer and never takes anything away:
//! - single criteria move to an option worth more points;
//! - case criteria move to an option of **the same case** worth more points (the case is a fact
//!   about the producer, not a choice); an unanswered case criterion cannot be changed;
//! - additive criteria tick one or more further options; options already ticked stay ticked.
//!   Ticking several options of one criterion is **one** change (one criterion changed);
//! - an unanswered criterion (partial request) counts as 0 points and fails any star minimum it
//!   carries, like the scorer says; answering it is a change (`from` is null).
//!
//! Frozen criteria never change.
//!
//! # What the plan must reach
//! The evaluator's rule (`eval.rs`): stars ≥ *T* exactly when the total reaches the band
//! minimum of *T* (Điều 3 khoản 3), every star minimum of level ≤ *T* is met (Phụ lục II, ghi
//! chú về dấu sao), and no elimination or stop note applies. A note the request flags in
//! `eliminated` cannot be undone by any answer: the target is unreachable. A note triggered by
//! the answers (a listed criterion scored 0) can: each listed criterion must end with points.
//!
//! # Cheapest (issue 6, point 2)
//! Plans are compared by, in order:
//! 1. the number of distinct criteria changed (a criterion forced by a minimum counts once and
//!    may be raised past its marked option when that saves changing another);
//! 2. the points beyond the threshold (total after − band minimum of the target), smallest first;
//! 3. printed order: the sorted list of changed criteria compared position by position, the
//!    plan whose first differing changed criterion is printed earlier wins;
//! 4. printed order again, for the options: at the first changed criterion where two plans
//!    differ, the one reaching fewer points there wins; equal points: the lower option number
//!    (single, case), or for additive criteria the fewest new ticks, then the tick set that
//!    leaves the later-printed options unticked.
//!
//! This is a total order, so the answer is unique and deterministic.
//!
//! # Algorithm (exact)
//! Stars decompose per criterion: the total is a sum, each star minimum and each elimination
//! trigger looks at one criterion. So every criterion is either *kept* (allowed only when its
//! current answer meets its own requirements) or *changed* to one of its valid improved answers,
//! each worth a gain. Per criterion only one answer per gain matters (the lowest under rule 4).
//! A dynamic programme over criteria in printed order, the number of changes and the exact sum
//! of gains (`feasible[i][j][s]`: criteria `i..` can be settled with exactly `j` changes gaining
//! exactly `s` points) answers rules 1 and 2 exactly: the least `j` with some
//! `s ≥ threshold − total`, then the least such `s`. Rules 3 and 4 are read off the table by
//! walking the criteria in printed order and taking, at each, the preferred choice whose
//! remainder is still feasible. Sizes: ≤ 35 criteria × ≤ 35 changes × ≤ 100 points, a few
//! hundred thousand steps. Points, minimums and triggers of every candidate answer come from
//! [`crate::eval::Scorer::evaluate`] itself, so no scoring rule is restated here.
//!
//! # Modules
//! [`request`] reads a request (target, frozen criteria, change limit); [`solver`] plans on
//! indices; [`result`] turns a plan into the advice; [`run`] the entry points; [`text`] the
//! plan as text for producers.

pub mod request;
pub mod result;
pub mod run;
pub mod solver;
pub mod text;

pub use self::request::{AdviseRequest, Constraints, CouncilAdviseRequest, ADVISE_KEYS};
pub use self::result::{
    Advice, AdviceOutput, Change, CouncilAdvice, CouncilChange, Reason, ReasonCode,
};
pub use self::run::{
    advise, advise_council, advise_council_in, advise_in, advise_json, advise_json_bytes,
    advise_json_str, advise_on,
};
pub use self::solver::{
    plan, plan_council, Blocker, CouncilPlan, CouncilStep, Forced, Plan, Step, MAX_PLAN_POINTS,
};
pub use self::text::{advise_text, render_council_text, render_text};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::run::*;
    use super::solver::*;
    use crate::data::Mode;
    use crate::eval::{scorer_for, Answer, Answers, Scorer};
    use crate::registry::registry;

    fn run(text: &str) -> serde_json::Value {
        serde_json::from_str(&advise_json_str(text)).unwrap()
    }

    #[test]
    fn already_at_target_is_an_empty_plan() {
        let reg = registry().unwrap();
        let scorer = scorer_for(reg, "26/2026", "1").unwrap();
        let n = scorer.sheet.criteria.len();
        // Best option everywhere: 5 stars.
        let mut a = Answers::empty(n);
        for (i, c) in scorer.sheet.criteria.iter().enumerate() {
            let best = c
                .options
                .iter()
                .enumerate()
                .max_by_key(|(k, o)| (o.points, std::cmp::Reverse(*k)))
                .unwrap()
                .0;
            a.set(i, Some(Answer::One(u8::try_from(best).unwrap())));
        }
        let p = plan(&scorer, &a, &[], 5, &[], None).unwrap();
        assert!(p.steps.is_empty());
    }

    #[test]
    fn flagged_elimination_is_unreachable() {
        let reg = registry().unwrap();
        let scorer = scorer_for(reg, "26/2026", "1").unwrap();
        let (i, _) = scorer.sheet.criterion("6.1").unwrap();
        let a = Answers::empty(scorer.sheet.criteria.len());
        assert_eq!(
            plan(&scorer, &a, &[i], 3, &[], None),
            Err(Blocker::Eliminated { criterion: i })
        );
    }

    #[test]
    fn lowest_answers_reach_every_target_with_few_changes() {
        let reg = registry().unwrap();
        for ed in reg.editions() {
            for s in ed.sheets.iter().flatten() {
                let scorer = Scorer::new(ed, s);
                let n = s.criteria.len();
                let mut a = Answers::empty(n);
                for (i, c) in s.criteria.iter().enumerate() {
                    let ans = match c.mode {
                        Mode::Additive => Answer::Ticked(0),
                        _ => Answer::One(0),
                    };
                    a.set(i, Some(ans));
                }
                for target in [4, 5] {
                    if let Ok(p) = plan(&scorer, &a, &[], target, &[], None) {
                        let ev = scorer.evaluate(&p.answers, &[]);
                        assert!(
                            ev.stars.is_some_and(|x| x >= target),
                            "{} set {} target {target}",
                            ed.meta.id,
                            s.number
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn json_errors_collect_every_field() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true,
                "target": 0, "frozen": ["nope"], "max_changes": -1}"#,
        );
        assert_eq!(v["status"], "failure");
        let codes: Vec<_> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
            .collect();
        assert!(codes.contains(&("invalid_number", "/target")), "{codes:?}");
        assert!(
            codes.contains(&("invalid_number", "/max_changes")),
            "{codes:?}"
        );
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "frozen": ["nope"]}"#,
        );
        assert_eq!(v["errors"][0]["code"], "unknown_criterion");
        assert_eq!(v["errors"][0]["path"], "/frozen/0");
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "bogus": 1}"#,
        );
        assert_eq!(v["errors"][0]["code"], "unknown_field");
    }

    #[test]
    fn partial_request_default_target_and_shape() {
        let v =
            run(r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true}"#);
        assert_eq!(v["status"], "success", "{v}");
        assert_eq!(v["target"], 2);
        assert_eq!(v["reachable"], true);
        assert_eq!(v["threshold"], 30);
        let after = &v["result_after"];
        assert!(after["total"].as_u64().unwrap() >= 30);
        for ch in v["changes"].as_array().unwrap() {
            assert!(ch["from"].is_null());
        }
    }

    #[test]
    fn council_requests_are_advised_on_the_average() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "level": "province",
            "partial": true, "target": 2,
            "members": [{"member": "A", "answers": {"1.1": 3}}, {"member": "B", "answers": {}}]}"#,
        );
        assert_eq!(v["status"], "success", "{v}");
        assert_eq!(v["reachable"], true);
        assert_eq!(v["average_needed"]["numerator"], 57, "{v}");
        assert_eq!(v["average_needed"]["denominator"], 2);
        let after = &v["result_after"];
        assert_eq!(after["level"], "province");
        assert!(after["stars"].as_u64().unwrap() >= 2);
        for ch in v["changes"].as_array().unwrap() {
            assert_eq!(ch["from"].as_array().unwrap().len(), 2);
        }
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "level": "province",
            "members": [{"member": "A", "answers": {}}], "partial": true, "frozen": ["x"]}"#,
        );
        assert_eq!(v["errors"][0]["path"], "/frozen/0", "{v}");
    }

    #[test]
    fn huge_councils_are_refused() {
        let members: Vec<String> = (0..201)
            .map(|i| format!(r#"{{"member": "m{i}", "answers": {{}}}}"#))
            .collect();
        let v = run(&format!(
            r#"{{"edition": "26/2026", "product_set": "1", "level": "province", "partial": true,
                "members": [{}]}}"#,
            members.join(",")
        ));
        assert_eq!(v["errors"][0]["code"], "input_too_large", "{v}");
        assert_eq!(v["errors"][0]["path"], "/members");
    }

    #[test]
    fn max_changes_zero_is_too_small_below_target() {
        let v = run(
            r#"{"edition": "26/2026", "product_set": "1", "answers": {}, "partial": true, "target": 3, "max_changes": 0}"#,
        );
        assert_eq!(v["reachable"], false);
        assert_eq!(v["reason"]["code"], "max_changes_too_small");
        assert_eq!(v["changes"], serde_json::json!([]));
    }
}
