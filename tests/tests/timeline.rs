//! Editions by date (`ocop_core::timeline`) and certificates (`ocop_core::certificate`).
//!
//! - every filing day from 2019-08-21 to 2030-12-31, for every dossier kind, has exactly one
//!   applicable edition (with and without an evaluation date), the editions tile the timeline
//!   without gap or overlap, and days before 2019-08-21 have none;
//! - the transition boundaries are where QĐ 26/2026/QĐ-TTg Điều 11–12 puts them (checked
//!   against the decision's full text when the shared reference is present);
//! - the request-level errors (conflicts, bad dates) and the date-chosen score provenance;
//! - certificate expiry, window, extension and validity.

use ocop_core::certificate::{certificate, CertificateQuery, Filing, Standing};
use ocop_core::contract::{self, Outcome, ScoreOutput};
use ocop_core::date::Date;
use ocop_core::json::Json;
use ocop_core::timeline::{
    applicable, edition_for, edition_for_json, edition_for_query, Basis, Dossier, EditionQuery,
};
use ocop_core::{registry, ErrorCode};

fn d(s: &str) -> Date {
    Date::parse(s, "").unwrap()
}

fn q(date: &str, dossier: Dossier, evaluated_on: Option<&str>) -> EditionQuery {
    EditionQuery {
        date: d(date),
        dossier,
        evaluated_on: evaluated_on.map(d),
    }
}

/// Days QĐ 26/2026/QĐ-TTg Điều 12 khoản 2 allows a dossier pending on 22/5/2026: 60 for a
/// first evaluation or an upgrade (điểm a), 30 for a re-evaluation (điểm b).
fn transition_days(k: Dossier) -> i64 {
    match k {
        Dossier::First | Dossier::Upgrade => 60,
        Dossier::Reevaluation => 30,
    }
}

fn code_of(r: Result<ocop_core::timeline::EditionFor, ocop_core::Errors>) -> ErrorCode {
    r.unwrap_err().0[0].code
}

#[test]
fn editions_tile_the_timeline() {
    let reg = registry().unwrap();
    let mut eds: Vec<_> = reg.editions().iter().collect();
    eds.sort_by_key(|e| e.meta.effective_from);
    assert_eq!(eds[0].meta.effective_from, d("2019-08-21"));
    for w in eds.windows(2) {
        assert_eq!(
            w[0].meta.effective_to,
            Some(w[1].meta.effective_from),
            "{} must end where {} starts",
            w[0].meta.id,
            w[1].meta.id
        );
    }
    assert_eq!(eds.last().unwrap().meta.effective_to, None);
}

#[test]
fn exactly_one_edition_every_day_and_kind() {
    let reg = registry().unwrap();
    let start = d("2019-08-21");
    let end = d("2030-12-31");
    let t = d("2026-05-22");
    let mut day = start;
    let mut days = 0;
    while day <= end {
        for k in Dossier::ALL {
            let plain = q(&day.to_string(), k, None);
            let found = applicable(reg, &plain);
            assert_eq!(found.len(), 1, "{day} {k:?}: {} editions", found.len());
            let (e, basis) = found[0];
            assert_eq!(basis, Basis::InForce);
            assert!(e.meta.effective_from <= day);
            assert!(e.meta.effective_to.is_none_or(|to| day < to));
            let r = edition_for(day, k).unwrap();
            assert_eq!(r.edition, e.meta.id);
            assert_eq!(r.transition_deadline.is_some(), day < t, "{day}");

            // Evaluated the same day, and 20 days later: still exactly one (in force, or the
            // transition when the evaluation falls on or after 22/5/2026).
            for later in [0, 20] {
                let ev = day.add_days(later).unwrap();
                let found = applicable(
                    reg,
                    &EditionQuery {
                        date: day,
                        dossier: k,
                        evaluated_on: Some(ev),
                    },
                );
                assert_eq!(found.len(), 1, "{day} evaluated {ev} {k:?}");
                if day < t && ev >= t {
                    assert_eq!(found[0].0.meta.id, "148+1489/2025");
                    assert_eq!(found[0].1, Basis::Transition);
                } else {
                    assert_eq!(found[0].0.meta.id, e.meta.id);
                }
            }
            // A dossier pending on 22/5/2026: exactly one up to the deadline, none after.
            if day < t {
                let deadline = t.add_days(transition_days(k)).unwrap();
                for (ev, n) in [(t, 1), (deadline, 1), (deadline.add_days(1).unwrap(), 0)] {
                    let found = applicable(
                        reg,
                        &EditionQuery {
                            date: day,
                            dossier: k,
                            evaluated_on: Some(ev),
                        },
                    );
                    assert_eq!(found.len(), n, "{day} evaluated {ev} {k:?}");
                }
            }
        }
        day = day.add_days(1).unwrap();
        days += 1;
    }
    assert_eq!(days, 4151);
    // Before the first edition: none.
    for k in Dossier::ALL {
        for s in ["2019-08-20", "2019-01-01", "1900-01-01"] {
            assert!(applicable(reg, &q(s, k, None)).is_empty());
            assert_eq!(code_of(edition_for(d(s), k)), ErrorCode::NoEditionForDate);
        }
    }
}

/// Finds "<n> ngày" and "ngày 22 tháng 5 năm 2026" in Điều 11–12 of the decision's text.
#[test]
fn transition_boundaries_are_where_the_text_puts_them() {
    if let Some(reference) = ocop_tests::shared_reference() {
        let text =
            std::fs::read_to_string(reference.join("ocop-2026/decision_26-2026_fulltext.txt"))
                .unwrap();
        let art11 = text.find("Điều 11. Hiệu lực thi hành").unwrap();
        let art13 = text.find("Điều 13. Trách nhiệm thi hành").unwrap();
        let body = &text[art11..art13];
        assert!(body.contains("có hiệu lực thi hành từ ngày 22 tháng 5 năm 2026"));
        let a = body
            .find("a) Đối với những sản phẩm đánh giá, phân hạng lần đầu hoặc nâng hạng")
            .unwrap();
        let b = body
            .find("b) Đối với những sản phẩm đăng ký đánh giá, phân hạng lại")
            .unwrap();
        assert!(body[a..b].contains("không quá 60 ngày, kể từ ngày Quyết định này có hiệu lực"));
        assert!(body[b..].contains("không quá 30 ngày, kể từ ngày Quyết định này có hiệu lực"));
        assert!(body.contains("không quá 180 ngày tính từ ngày hết thời hạn"));
        let art7 = text.find("Điều 7. Trình tự").unwrap();
        assert!(text[art7..art11].contains(
            "không sớm hơn 180 ngày và không muộn hơn 120 ngày tính đến ngày hết thời hạn"
        ));
    }
    // The data of 26/2026 holds the numbers of the text.
    let reg = registry().unwrap();
    let p = &reg.edition("26/2026").unwrap().meta.procedure;
    let pending = p
        .transition
        .pending
        .as_ref()
        .expect("26/2026 has a transition");
    for k in Dossier::ALL {
        let rule: Vec<_> = pending
            .deadlines
            .iter()
            .filter(|x| x.dossiers.iter().any(|n| n == k.as_str()))
            .collect();
        assert_eq!(rule.len(), 1, "{k:?}");
        assert_eq!(i64::from(rule[0].days), transition_days(k), "{k:?}");
    }
    let c = &p.certificate;
    assert_eq!(c.validity_months.value, 36);
    assert_eq!(c.reevaluation_window.opens_days_before_expiry, Some(180));
    assert_eq!(c.reevaluation_window.closes_days_before_expiry, Some(120));
    assert_eq!(c.late_filing_extension_days.value, Some(180));
    assert_eq!(
        registry()
            .unwrap()
            .edition("26/2026")
            .unwrap()
            .meta
            .effective_from,
        d("2026-05-22")
    );

    // Filing dates: the edition changes exactly on each effective date.
    for (before, on, old, new) in [
        ("2020-06-07", "2020-06-08", "1048/2019", "1048+781/2020"),
        ("2023-02-23", "2023-02-24", "1048+781/2020", "148/2023"),
        ("2025-07-05", "2025-07-06", "148/2023", "148+1489/2025"),
        ("2026-05-21", "2026-05-22", "148+1489/2025", "26/2026"),
    ] {
        for k in Dossier::ALL {
            assert_eq!(edition_for(d(before), k).unwrap().edition, old);
            assert_eq!(edition_for(d(on), k).unwrap().edition, new);
        }
    }
    assert_eq!(
        edition_for(d("2019-08-21"), Dossier::First)
            .unwrap()
            .edition,
        "1048/2019"
    );

    // Điều 12 khoản 2: day 60 (30) counted from the day after 22/5/2026 is the last day.
    for (k, last) in [
        (Dossier::First, "2026-07-21"),
        (Dossier::Upgrade, "2026-07-21"),
        (Dossier::Reevaluation, "2026-06-21"),
    ] {
        let ok = edition_for_query(&q("2026-05-21", k, Some(last))).unwrap();
        assert_eq!(ok.edition, "148+1489/2025");
        assert_eq!(ok.basis, Basis::Transition);
        assert_eq!(ok.transition_deadline, Some(d(last)));
        let day_after = d(last).add_days(1).unwrap().to_string();
        let err = edition_for_query(&q("2026-05-21", k, Some(&day_after))).unwrap_err();
        assert_eq!(err.0[0].code, ErrorCode::NoEditionForDate);
        assert_eq!(err.0[0].path, "/evaluated_on");
        // Evaluated before 22/5/2026: the filing date's edition, no transition.
        let before = edition_for_query(&q("2026-05-21", k, Some("2026-05-21"))).unwrap();
        assert_eq!(
            (before.basis, before.transition_deadline),
            (Basis::InForce, None)
        );
        // Filed in 2024 under 148/2023 and still pending: the 2021–2025 rules as they stood.
        let old = edition_for_query(&q("2024-03-01", k, Some("2026-06-01"))).unwrap();
        assert_eq!(old.edition, "148+1489/2025");
        assert_eq!(edition_for(d("2024-03-01"), k).unwrap().edition, "148/2023");
    }
}

fn failure_codes(out: &Outcome<impl std::fmt::Debug>) -> Vec<(ErrorCode, String)> {
    match out {
        Outcome::Failure { errors } => errors.iter().map(|e| (e.code, e.path.clone())).collect(),
        Outcome::Success(s) => panic!("expected a failure, got {s:?}"),
    }
}

fn parse(s: &str) -> Json {
    Json::parse_str(s).unwrap()
}

#[test]
fn request_errors() {
    let cases: &[(&str, &[(ErrorCode, &str)])] = &[
        (
            r#"{"date":"2026-02-30","dossier":"first"}"#,
            &[(ErrorCode::InvalidDate, "/date")],
        ),
        (
            r#"{"date":"2019-08-20","dossier":"first"}"#,
            &[(ErrorCode::NoEditionForDate, "/date")],
        ),
        (
            r#"{"date":"2026-01-01"}"#,
            &[(ErrorCode::MissingField, "/dossier")],
        ),
        (
            r#"{"date":"2026-01-01","dossier":"renewal"}"#,
            &[(ErrorCode::WrongType, "/dossier")],
        ),
        (
            r#"{"date":"2026-06-01","dossier":"first","evaluated_on":"2026-05-01"}"#,
            &[(ErrorCode::ConflictingFields, "/evaluated_on")],
        ),
        (
            r#"{"date":"2026-06-01","dossier":"first","edition":"26/2026"}"#,
            &[(ErrorCode::UnknownField, "/edition")],
        ),
    ];
    for (req, want) in cases {
        let got = failure_codes(&edition_for_json(&parse(req)));
        let want: Vec<_> = want.iter().map(|(c, p)| (*c, (*p).to_owned())).collect();
        assert_eq!(got, want, "{req}");
    }
    // Score requests: edition and date are exclusive; dossier needs a date.
    let score_cases: &[(&str, &[(ErrorCode, &str)])] = &[
        (
            r#"{"edition":"26/2026","date":"2026-06-01","dossier":"first","product_set":"1","answers":{},"partial":true}"#,
            &[(ErrorCode::ConflictingFields, "/date")],
        ),
        (
            r#"{"edition":"26/2026","dossier":"first","product_set":"1","answers":{},"partial":true}"#,
            &[(ErrorCode::ConflictingFields, "/dossier")],
        ),
        (
            r#"{"dossier":"first","product_set":"1","answers":{},"partial":true}"#,
            &[
                (ErrorCode::ConflictingFields, "/dossier"),
                (ErrorCode::MissingField, "/edition"),
            ],
        ),
        (
            r#"{"date":"2019-01-01","dossier":"first","product_set":"1","answers":{},"partial":true}"#,
            &[(ErrorCode::NoEditionForDate, "/date")],
        ),
        (
            r#"{"date":"2026-05-01","dossier":"reevaluation","evaluated_on":"2026-06-22","product_set":"1","answers":{},"partial":true}"#,
            &[(ErrorCode::NoEditionForDate, "/evaluated_on")],
        ),
    ];
    for (req, want) in score_cases {
        let got = failure_codes(&contract::score_json(&parse(req)));
        let want: Vec<_> = want.iter().map(|(c, p)| (*c, (*p).to_owned())).collect();
        assert_eq!(got, want, "{req}");
    }
}

#[test]
fn score_by_date_reports_the_edition_and_why() {
    let out = contract::score_json(&parse(
        r#"{"date":"2026-05-10","dossier":"upgrade","evaluated_on":"2026-07-01","product_set":"1","answers":{},"partial":true}"#,
    ));
    let Outcome::Success(ScoreOutput::Sheet(r)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(r.edition, "148+1489/2025");
    assert_eq!(r.provenance.edition, "148+1489/2025");
    let why = r.provenance.edition_reason.unwrap();
    assert!(why.contains("Điều 12 khoản 2 điểm a"), "{why}");
    // Named edition: no reason field at all.
    let named = contract::score_json_str(
        r#"{"edition":"26/2026","product_set":"1","answers":{},"partial":true}"#,
    );
    assert!(!named.contains("edition_reason"));
}

fn cert(issued: &str) -> CertificateQuery {
    CertificateQuery {
        issued: d(issued),
        edition: None,
        on: None,
        reevaluation_filed: None,
        result_on: None,
    }
}

#[test]
fn certificates() {
    // 36 calendar months, the last day inclusive; 31 → the month's last day.
    let c = certificate(&cert("2026-06-15")).unwrap();
    assert_eq!(
        (c.edition.as_str(), c.expires),
        ("26/2026", d("2029-06-15"))
    );
    assert_eq!(c.reevaluation_window.opens, d("2028-12-17"));
    assert_eq!(c.reevaluation_window.closes, d("2029-02-15"));
    assert!(c.reevaluation_window.applies);
    assert_eq!(
        certificate(&cert("2023-05-31")).unwrap().expires,
        d("2026-05-31")
    );
    assert_eq!(
        certificate(&cert("2021-02-28")).unwrap().expires,
        d("2024-02-28")
    );
    assert_eq!(
        certificate(&cert("2024-02-29")).unwrap().expires,
        d("2027-02-28")
    );

    // Older edition, valid until its own expiry (Điều 12 khoản 1).
    let mut old = cert("2020-01-10");
    old.edition = Some("1048/2019".into());
    for (on, standing) in [
        ("2020-01-09", Standing::NotYetIssued),
        ("2020-01-10", Standing::Valid),
        ("2023-01-10", Standing::Valid),
        ("2023-01-11", Standing::Expired),
    ] {
        old.on = Some(d(on));
        let c = certificate(&old).unwrap();
        assert_eq!(c.standing, Some(standing), "{on}");
        assert_eq!(c.valid, Some(matches!(standing, Standing::Valid)));
    }

    // Filing relative to the window, and the Điều 12 khoản 3 extension.
    let mut q = cert("2024-01-10"); // expires 2027-01-10; window 2026-07-14 .. 2026-09-12
    q.edition = Some("148/2023".into());
    for (filed, filing) in [
        ("2026-05-21", Filing::OldRules),
        ("2026-07-13", Filing::Early),
        ("2026-07-14", Filing::InWindow),
        ("2026-09-12", Filing::InWindow),
        ("2026-09-13", Filing::Late),
        ("2027-01-10", Filing::Late),
        ("2027-01-11", Filing::AfterExpiry),
    ] {
        q.reevaluation_filed = Some(d(filed));
        let c = certificate(&q).unwrap();
        assert_eq!(c.filing, Some(filing), "{filed}");
        assert_eq!(c.extension.is_some(), filing == Filing::Late, "{filed}");
    }
    q.reevaluation_filed = Some(d("2026-10-01"));
    q.on = Some(d("2027-07-09"));
    let c = certificate(&q).unwrap();
    assert_eq!(c.valid_until, d("2027-07-09")); // expiry + 180 days
    assert_eq!(c.standing, Some(Standing::Extended));
    q.on = Some(d("2027-07-10"));
    assert_eq!(certificate(&q).unwrap().standing, Some(Standing::Expired));
    q.result_on = Some(d("2027-03-01"));
    let c = certificate(&q).unwrap();
    assert_eq!(c.valid_until, d("2027-03-01"));
    q.result_on = Some(d("2026-12-01")); // result before expiry: no change to validity
    assert_eq!(certificate(&q).unwrap().valid_until, d("2027-01-10"));

    // Errors.
    let mut bad = cert("2019-01-01");
    assert_eq!(
        certificate(&bad).unwrap_err().0[0].code,
        ErrorCode::NoEditionForDate
    );
    bad = cert("2022-01-01");
    bad.edition = Some("148/2023".into());
    assert_eq!(
        certificate(&bad).unwrap_err().0[0].code,
        ErrorCode::ConflictingFields
    );
    let out = contract::certificate_json(&parse(
        r#"{"issued":"2024-01-01","result_on":"2026-01-01"}"#,
    ));
    assert_eq!(
        failure_codes(&out),
        vec![(ErrorCode::ConflictingFields, "/result_on".to_owned())]
    );
}
