//! The procedure is data: no edition id is written in the engine's code, and a decision is a
//! folder — a synthetic edition `99/2099` (a copy of the 26/2026 folder, in force from
//! 2099-01-01, 26/2026 ending there) is loaded through the same loader and scored, and
//! `edition_for`, councils and certificates answer for it, with no code change.

use ocop_core::certificate::{certificate_in, CertificateQuery, Filing};
use ocop_core::contract::{scorer_for, scorer_of};
use ocop_core::council::{score_council_in, ActionCode, CouncilRequest};
use ocop_core::data::load_files;
use ocop_core::date::Date;
use ocop_core::json::Json;
use ocop_core::registry::Registry;
use ocop_core::timeline::{edition_for_in, Basis, Dossier, EditionChoice, EditionQuery};
use serde_json::{json, Value};

fn d(s: &str) -> Date {
    Date::parse(s, "").unwrap()
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// No edition id (`26/2026`, `26-2026`, `148+1489/2025`, …) appears in the code of
/// `ocop-core/src` outside comments and test modules: the rules that differ by edition are
/// read from the data.
#[test]
fn no_edition_id_in_the_engine_code() {
    let reg = ocop_core::registry().unwrap();
    let ids: Vec<String> = reg
        .editions()
        .iter()
        .flat_map(|e| [e.meta.id.clone(), e.meta.id.replace('/', "-")])
        .collect();
    let mut files = Vec::new();
    rust_files(
        &ocop_tests::tests_dir().join("../ocop-core/src"),
        &mut files,
    );
    assert!(files.len() >= 10, "{files:?}");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // A test module: `#[cfg(test)]`, maybe more attributes, then `mod …`; it runs to the
        // end of the file (the layout of every module here).
        let (mut in_tests, mut cfg_test) = (false, false);
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t == "#[cfg(test)]" {
                cfg_test = true;
            } else if cfg_test && t.starts_with("mod ") {
                in_tests = true;
            } else if !t.starts_with("#[") {
                cfg_test = false;
            }
            let code = line.split("//").next().unwrap_or("");
            if in_tests || code.trim().is_empty() {
                continue;
            }
            if let Some(id) = ids.iter().find(|id| code.contains(id.as_str())) {
                found.push(format!("{}:{}: {id}: {line}", f.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "edition ids in code:\n{}",
        found.join("\n")
    );
}

/// The embedded files with a copy of the 26/2026 folder as `99/2099`.
fn synthetic_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, text) in ocop_core::data::embedded_files() {
        let mut v: Value = serde_json::from_str(text).unwrap();
        if *path == "26-2026/edition.json" {
            v["effective_to"] = json!("2099-01-01");
        }
        out.push(((*path).to_owned(), v.to_string()));
        if let Some(name) = path.strip_prefix("26-2026/") {
            // The copy: every mention of 26/2026 becomes 99/2099 (ids, decision, citations).
            let copy = text.replace("26/2026", "99/2099");
            let mut c: Value = serde_json::from_str(&copy).unwrap();
            if name == "edition.json" {
                c["signed_on"] = json!("2099-01-01");
                c["effective_from"] = json!("2099-01-01");
                c["effective_to"] = Value::Null;
                c["data_version"] = json!("2099.1.0");
                c["procedure"]["transition"]["pending"]["follows_name"] =
                    json!("the 99/2099 predecessor's rules");
            }
            out.push((format!("99-2099/{name}"), c.to_string()));
        }
    }
    out
}

fn synthetic() -> Registry {
    let files = synthetic_files();
    let editions = load_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
        .expect("the synthetic edition loads through the same loader");
    Registry::from_editions(editions)
}

fn answers(v: Value) -> std::collections::BTreeMap<String, ocop_core::contract::AnswerValue> {
    serde_json::from_value(v).unwrap()
}

#[test]
fn a_new_decision_is_a_folder() {
    let reg = synthetic();
    let real = ocop_core::registry().unwrap();
    let e = reg.edition("99/2099").expect("99/2099 is known");
    assert_eq!(e.meta.effective_from, d("2099-01-01"));
    assert_eq!(
        reg.edition("26/2026").unwrap().meta.effective_to,
        Some(d("2099-01-01"))
    );

    // Scoring a sheet: the copy scores exactly as the sheet it copies.
    let best: Value = {
        let s = real.edition("26/2026").unwrap().sheet(1).unwrap();
        s.criteria
            .iter()
            .map(|c| {
                let i = c
                    .options
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, o)| o.points)
                    .map(|(i, _)| i + 1)
                    .unwrap();
                (c.code.clone(), json!(i))
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let a = answers(best.clone());
    let new = scorer_for(&reg, "99/2099", "1")
        .unwrap()
        .score(&a, &[], false)
        .unwrap();
    let old = scorer_for(real, "26/2026", "1")
        .unwrap()
        .score(&a, &[], false)
        .unwrap();
    assert_eq!(new.edition, "99/2099");
    assert_eq!((new.total, new.stars), (old.total, old.stars));
    assert_eq!((new.total, new.stars), (100, Some(5)));
    assert_eq!(new.provenance.decision, "99/2099/QĐ-TTg");
    // By date: a first dossier filed in 2099 follows 99/2099.
    let choice = EditionChoice {
        edition: String::new(),
        date: Some(d("2099-03-01")),
        dossier: Some(Dossier::First),
        evaluated_on: None,
    };
    let (s, why) = scorer_of(&reg, &choice, "1").unwrap();
    assert_eq!(s.edition.meta.id, "99/2099");
    assert!(why
        .unwrap()
        .contains("99/2099 applies to dossiers filed from 2099-01-01"));

    // edition_for: in force on each side of 2099-01-01; the copied transition clause carries a
    // pending 26/2026 dossier for 60 days (30 for a re-evaluation) after 2099-01-01.
    let ef = |date: &str, k: Dossier, ev: Option<&str>| {
        edition_for_in(
            &reg,
            &EditionQuery {
                date: d(date),
                dossier: k,
                evaluated_on: ev.map(d),
            },
        )
    };
    let r = ef("2099-01-01", Dossier::First, None).unwrap();
    assert_eq!((r.edition.as_str(), r.basis), ("99/2099", Basis::InForce));
    let r = ef("2098-12-31", Dossier::First, None).unwrap();
    assert_eq!(r.edition, "26/2026");
    assert_eq!(r.transition_deadline, Some(d("2099-03-02")));
    let r = ef("2098-12-31", Dossier::Reevaluation, Some("2099-01-31")).unwrap();
    assert_eq!(
        (r.edition.as_str(), r.basis),
        ("26/2026", Basis::Transition)
    );
    assert_eq!(r.citation, "99/2099/QĐ-TTg: Điều 12 khoản 2 điểm b");
    assert!(ef("2098-12-31", Dossier::Reevaluation, Some("2099-02-01")).is_err());
    // The real 2026 transition is untouched by the new folder.
    let r = ef("2026-05-21", Dossier::First, Some("2026-07-21")).unwrap();
    assert_eq!(
        (r.edition.as_str(), r.basis),
        ("148+1489/2025", Basis::Transition)
    );

    // A council: province and central levels and their actions come from the copied data.
    let member = |name: &str| json!({"member": name, "answers": best.clone()});
    let req = |level: &str| {
        let v = json!({"edition": "99/2099", "product_set": "1", "level": level,
                       "members": [member("An"), member("Bình")]});
        CouncilRequest::from_json(&Json::parse(v.to_string().as_bytes()).unwrap()).unwrap()
    };
    let c = score_council_in(&reg, &req("province")).unwrap();
    assert_eq!(
        (c.stars, c.action.code),
        (Some(5), ActionCode::ForwardToCentral)
    );
    assert_eq!(
        c.action.citation,
        "99/2099/QĐ-TTg: Điều 4 khoản 1 điểm a; Điều 7 khoản 3 điểm e"
    );
    let c = score_council_in(&reg, &req("central")).unwrap();
    assert_eq!(c.action.code, ActionCode::Recognise);
    assert!(score_council_in(&reg, &req("district")).is_err());

    // Certificates: one issued under 99/2099 (inferred from the date) runs 36 months with the
    // copied window (180/120 days before expiry); one issued under 26/2026 in 2098 cites the
    // copied clause keeping it valid to its expiry.
    let q = |issued: &str, filed: Option<&str>| CertificateQuery {
        issued: d(issued),
        edition: None,
        on: None,
        reevaluation_filed: filed.map(d),
        result_on: None,
    };
    let c = certificate_in(&reg, &q("2099-02-01", Some("2101-12-01"))).unwrap();
    assert_eq!((c.edition.as_str(), c.edition_inferred), ("99/2099", true));
    assert_eq!(c.expires, d("2102-02-01"));
    assert_eq!(c.filing, Some(Filing::Late));
    assert_eq!(
        c.reevaluation_window.citation,
        "99/2099/QĐ-TTg: Điều 7 khoản 6 điểm a"
    );
    let c = certificate_in(&reg, &q("2098-06-01", None)).unwrap();
    assert_eq!(c.edition, "26/2026");
    assert_eq!(c.expires, d("2101-06-01"));
    assert_eq!(
        (c.reevaluation_window.opens, c.reevaluation_window.closes),
        (d("2100-12-03"), d("2101-02-01"))
    );
    assert!(
        c.citations
            .iter()
            .any(|x| x == "99/2099/QĐ-TTg: Điều 12 khoản 1"),
        "{:?}",
        c.citations
    );
}

/// `editions()` (the `ocop editions` listing, and `editions()` of the bindings, which return
/// the same JSON) shows each edition's procedure as the data holds it.
#[test]
fn editions_show_the_procedure() {
    let reg = ocop_core::registry().unwrap();
    let listed = ocop_core::contract::editions().unwrap();
    assert_eq!(listed.len(), reg.editions().len());
    for info in &listed {
        let e = reg.edition(&info.id).unwrap();
        assert_eq!(info.procedure, e.meta.procedure, "{}", info.id);
    }
    let v = serde_json::to_value(&listed).unwrap();
    let p148 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "148/2023")
        .unwrap();
    assert_eq!(
        p148["procedure"]["outcomes"]["district"][0],
        json!({"stars": [3], "action": "recognise",
               "citation": p148["procedure"]["outcomes"]["district"][0]["citation"],
               "confidence": "secondary", "gap": null})
    );
}
