//! Data integrity: every edition loads, every part of every sheet sums to its maximum (or the
//! difference is a documented erratum), the 26/2026 errata the issue lists are recorded, and
//! every sheet reproduces the shared reference transcription apart from documented errata.

use ocop_core::data::{ErratumField, Part, Sheet};
use ocop_core::registry;
use serde_json::Value;
use unicode_nfc::nfc;

mod unicode_nfc {
    /// The data files and the reference are both NFC already; compare them as stored, but
    /// make the intent explicit at the call sites.
    pub fn nfc(s: &str) -> &str {
        s
    }
}

#[test]
fn every_edition_has_every_set() {
    let reg = registry().expect("embedded data loads");
    let ids: Vec<&str> = reg.editions().iter().map(|e| e.meta.id.as_str()).collect();
    for id in [
        "1048/2019",
        "1048+781/2020",
        "148/2023",
        "148+1489/2025",
        "26/2026",
    ] {
        assert!(ids.contains(&id), "edition {id} missing; have {ids:?}");
    }
    for e in reg.editions() {
        assert_eq!(e.meta.sets, 26, "{}", e.meta.id);
        for n in 1..=e.meta.sets {
            let s = e
                .sheet(n)
                .unwrap_or_else(|| panic!("{} set {n} missing", e.meta.id));
            assert_eq!(s.number, n);
            let parts: u32 = e.meta.parts.iter().map(|p| p.max).sum();
            assert_eq!(parts, 100, "{} parts must total 100", e.meta.id);
        }
    }
}

/// Prints every erratum and checks each part's sum against its maximum.
#[test]
fn parts_sum_to_their_maximum_or_a_documented_erratum() {
    let reg = registry().expect("loads");
    let mut listed = 0;
    for e in reg.editions() {
        for s in e.sheets.iter().flatten() {
            if s.edition != e.meta.id {
                continue; // inherited: checked under its own edition
            }
            for part in Part::ALL {
                let max = s.part_max(part);
                let sum: u32 = s
                    .criteria
                    .iter()
                    .filter(|c| c.part == part)
                    .map(|c| c.max)
                    .sum();
                if sum != max {
                    let documented = s.errata.iter().any(|x| {
                        x.field == ErratumField::PartSum
                            && x.part == Some(part)
                            && x.used == sum.to_string()
                    });
                    assert!(
                        documented,
                        "{} set {} part {} sums to {sum}, max {max}",
                        e.meta.id,
                        s.number,
                        part.as_str()
                    );
                }
            }
            for x in &s.errata {
                listed += 1;
                println!(
                    "erratum {} set {:02} {:?} criterion {:?} option {:?}: printed {:?} → used {:?}",
                    e.meta.id, s.number, x.field, x.criterion, x.option, x.printed, x.used
                );
            }
        }
    }
    assert!(listed > 0);
}

fn erratum<'a>(
    s: &'a Sheet,
    crit: Option<&str>,
    field: ErratumField,
) -> Option<&'a ocop_core::data::Erratum> {
    s.errata
        .iter()
        .find(|x| x.field == field && x.criterion.as_deref() == crit)
}

#[test]
fn the_2026_printed_errors_are_errata() {
    let reg = registry().expect("loads");
    let e = reg.edition("26/2026").expect("2026");
    let s = |n: u8| e.sheet(n).expect("sheet");
    let x = erratum(s(4), Some("7"), ErratumField::Points).expect("set 04 criterion 7");
    assert_eq!((x.printed.as_str(), x.used.as_str()), ("13", "3"));
    let x = erratum(s(11), Some("6.1.1"), ErratumField::Points).expect("set 11 6.1.1");
    assert_eq!((x.printed.as_str(), x.used.as_str()), ("11", "1"));
    let x = erratum(s(26), None, ErratumField::PartMax).expect("set 26 part A heading");
    assert_eq!(
        (x.printed.as_str(), x.used.as_str(), x.part),
        ("35", "40", Some(Part::A))
    );
    for n in [4, 7, 10, 11] {
        let x = erratum(s(n), Some("1.2"), ErratumField::Points).expect("blank cell");
        assert_eq!((x.printed.as_str(), x.used.as_str()), ("", "0"), "set {n}");
    }
    for n in 1..=22u8 {
        let code = if n <= 20 { "2.4" } else { "2.3" };
        assert!(
            erratum(s(n), Some(code), ErratumField::Options).is_some(),
            "set {n}: bilingual-label criterion {code}"
        );
    }
    for code in ["8", "9", "15"] {
        assert!(
            erratum(s(26), Some(code), ErratumField::Mode).is_some(),
            "set 26 case {code}"
        );
    }
}

/// Compares a sheet with a reference product set (`criteria[].options[].{label_vi, points}`),
/// criterion by criterion in printed order. Differences are allowed only where an erratum
/// names the criterion (and option).
fn compare(label: &str, s: &Sheet, reference: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(rcrit) = reference["criteria"].as_array() else {
        return vec![format!("{label}: reference has no criteria")];
    };
    if rcrit.len() != s.criteria.len() {
        problems.push(format!(
            "{label}: {} criteria, reference {}",
            s.criteria.len(),
            rcrit.len()
        ));
        return problems;
    }
    for (c, r) in s.criteria.iter().zip(rcrit) {
        let has = |f: ErratumField, opt: Option<u32>| {
            s.errata.iter().any(|x| {
                x.criterion.as_deref() == Some(c.code.as_str())
                    && x.field == f
                    && (opt.is_none() || x.option.is_none() || x.option == opt)
            })
        };
        let ropts = r["options"].as_array().cloned().unwrap_or_default();
        if ropts.len() != c.options.len() {
            if !has(ErratumField::Options, None) {
                problems.push(format!(
                    "{label} {}: {} options, reference {}",
                    c.code,
                    c.options.len(),
                    ropts.len()
                ));
            }
            continue;
        }
        for (i, (o, ro)) in c.options.iter().zip(&ropts).enumerate() {
            let n = u32::try_from(i + 1).ok();
            let rp = ro["points"].as_u64();
            if rp != Some(u64::from(o.points)) && !has(ErratumField::Points, n) {
                problems.push(format!(
                    "{label} {} option {}: points {} vs reference {:?}",
                    c.code,
                    i + 1,
                    o.points,
                    ro["points"]
                ));
            }
            let rl = ro["label_vi"].as_str().unwrap_or("");
            if nfc(rl) != nfc(&o.label)
                && !has(ErratumField::Label, n)
                && !has(ErratumField::MinStar, n)
            {
                problems.push(format!(
                    "{label} {} option {}: label differs from the reference without an erratum",
                    c.code,
                    i + 1
                ));
            }
        }
    }
    problems
}

#[test]
fn sheets_reproduce_the_shared_reference() {
    let Some(refdir) = ocop_tests::shared_reference() else {
        // CI clones the project with shared/ beside it; elsewhere there is nothing to compare.
        println!("shared/reference not found beside the checkout: nothing to compare");
        return;
    };
    let reg = registry().expect("loads");
    let mut problems = Vec::new();
    let mut compared = 0;
    for (edition, dir) in [
        ("26/2026", "ocop-2026"),
        ("1048/2019", "ocop-1048"),
        ("148/2023", "ocop-148"),
    ] {
        let text =
            std::fs::read_to_string(refdir.join(dir).join("criteria.json")).expect("reference");
        let r: Value = serde_json::from_str(&text).expect("reference json");
        let e = reg.edition(edition).expect("edition");
        let sets = r["product_sets"].as_array().expect("product_sets");
        assert_eq!(sets.len(), 26, "{edition}");
        for (i, rs) in sets.iter().enumerate() {
            let n = u8::try_from(i + 1).expect("small");
            let s = e.sheet(n).expect("sheet");
            problems.extend(compare(&format!("{edition} set {n}"), s, rs));
            compared += 1;
            if edition == "1048/2019" && !rs["post_781_candidate_sheet"].is_null() {
                let e781 = reg.edition("1048+781/2020").expect("781");
                let s781 = e781.sheet(n).expect("sheet");
                assert_eq!(s781.edition, "1048+781/2020", "set {n} replaced under 781");
                problems.extend(compare(
                    &format!("1048+781/2020 set {n}"),
                    s781,
                    &rs["post_781_candidate_sheet"],
                ));
                compared += 1;
            }
        }
    }
    assert!(compared >= 79, "compared {compared} sheets");
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The heading fields of every 26/2026 sheet are those its full text prints at the head of the
/// sheet (`Tên sản phẩm: ……`, `Mã số sản phẩm.(T).-.(X).-.(STT).-20……`, …), read here from the
/// shared reference's full text, independently of `tools/import_2026.py`.
#[test]
fn heading_fields_of_2026_are_those_of_the_full_text() {
    let Some(refdir) = ocop_tests::shared_reference() else {
        println!("shared/reference not found beside the checkout: nothing to compare");
        return;
    };
    let text = std::fs::read_to_string(refdir.join("ocop-2026/decision_26-2026_fulltext.txt"))
        .expect("full text");
    let lines: Vec<&str> = text.lines().collect();
    // Each sheet's heading block: from its `Tên sản phẩm:` line to the first line that is not
    // a heading field (the rejection note or the table); the legend `T: Mã tỉnh…` is skipped.
    let mut printed: Vec<Vec<(String, Option<String>)>> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !l.starts_with("Tên sản phẩm:") {
            continue;
        }
        let mut fields = Vec::new();
        for l in &lines[i..] {
            if l.starts_with("T: Mã tỉnh") {
                continue;
            }
            let fill = |s: &str| s.trim_end_matches(['…', '.', ' ']).to_owned();
            if let Some((label, rest)) = l.split_once(':') {
                if label.starts_with("Hồ sơ bị loại") || label.starts_with("Bị loại") {
                    break;
                }
                assert!(fill(rest).is_empty(), "{l}");
                fields.push((label.to_owned(), None));
            } else if let Some(rest) = l.strip_prefix("Mã số sản phẩm.") {
                fields.push(("Mã số sản phẩm".to_owned(), Some(fill(rest))));
            } else {
                break;
            }
        }
        printed.push(fields);
    }
    assert_eq!(printed.len(), 26, "one heading block per sheet");
    let reg = registry().expect("loads");
    let e = reg.edition("26/2026").expect("26/2026");
    for (n, want) in (1u8..).zip(&printed) {
        let s = e.sheet(n).expect("sheet");
        let h = s
            .heading_fields
            .as_ref()
            .expect("26/2026 prints heading fields");
        let have: Vec<(String, Option<String>)> = h
            .fields
            .iter()
            .map(|f| (f.label.clone(), f.pattern.clone()))
            .collect();
        assert_eq!(&have, want, "26/2026 set {n}");
        let keys: Vec<&str> = h.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["product_name", "product_code", "owner", "phone", "address"],
            "set {n}"
        );
        assert!(
            h.source.contains(&format!("Bộ sản phẩm {n},")),
            "{}",
            h.source
        );
    }
}

/// 148 set 03 carries the heading and the "Hồ sơ bị loại khi" note the Bến Tre portal prints
/// (quoted in the shared reference's secondary-sources.md); no source prints them for the
/// other 148 sets or for 1048, so those sheets say unknown (null).
#[test]
fn heading_fields_of_148_set_03_are_those_of_the_ben_tre_portal() {
    let reg = registry().expect("loads");
    let e = reg.edition("148/2023").expect("148");
    let s3 = e.sheet(3).expect("set 3");
    let h = s3
        .heading_fields
        .as_ref()
        .expect("set 03 has heading fields");
    assert!(h.source.contains("ocop.bentre.gov.vn"), "{}", h.source);
    let code = h
        .fields
        .iter()
        .find(|f| f.key == "product_code")
        .expect("code");
    assert_eq!(code.pattern.as_deref(), Some("(T).-.(H).-.(STT).-20"));
    let rejection: Vec<&str> = s3
        .notes
        .iter()
        .filter(|n| n.kind == ocop_core::data::NoteKind::DossierRejection)
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(rejection.len(), 1);
    if let Some(refdir) = ocop_tests::shared_reference() {
        let md = std::fs::read_to_string(refdir.join("ocop-148/secondary-sources.md"))
            .expect("secondary sources");
        // The quote with the restored glyphs (`đầy đ[ủ]` → `đầy đủ`) and its line breaks joined.
        let quote: String = md
            .split("- \"Hồ sơ bị loại khi:")
            .nth(1)
            .and_then(|r| r.split("\"\n").next())
            .expect("quote")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['[', ']'], "");
        assert_eq!(rejection[0], format!("Hồ sơ bị loại khi: {quote}"));
    }
    for n in (1..=26).filter(|&n| n != 3) {
        assert_eq!(
            e.sheet(n).expect("sheet").heading_fields,
            None,
            "148 set {n}"
        );
    }
    for id in ["1048/2019", "1048+781/2020"] {
        let e = reg.edition(id).expect("edition");
        assert!(
            e.sheets
                .iter()
                .flatten()
                .all(|s| s.heading_fields.is_none()),
            "{id}"
        );
    }
}

/// Heading fields are checked at load: ASCII snake_case keys, unique, no empty list.
#[test]
fn heading_fields_are_loaded_strictly() {
    let file = "148-2023/set-03.json";
    let text = std::fs::read_to_string(
        ocop_tests::tests_dir().join("../ocop-core/data/148-2023/set-03.json"),
    )
    .expect("data file");
    let mut v: Value = serde_json::from_str(&text).expect("json");
    assert!(ocop_core::data::load_sheet(file, &text).is_ok());
    let bad = |v: &Value| {
        let e = ocop_core::data::load_sheet(file, &v.to_string()).expect_err("rejected");
        (e.code, e.path)
    };
    let mut upper = v.clone();
    upper["heading_fields"]["fields"][0]["key"] = "Product_name".into();
    assert_eq!(
        bad(&upper).1,
        "148-2023/set-03.json#/heading_fields/fields/0/key"
    );
    let mut dup = v.clone();
    dup["heading_fields"]["fields"][1]["key"] = "product_name".into();
    assert_eq!(
        bad(&dup).1,
        "148-2023/set-03.json#/heading_fields/fields/1/key"
    );
    let mut empty = v.clone();
    empty["heading_fields"]["fields"] = Value::Array(vec![]);
    assert_eq!(bad(&empty).1, "148-2023/set-03.json#/heading_fields/fields");
    v["heading_fields"]["fields"][0]["colour"] = "red".into();
    assert_eq!(
        bad(&v).0,
        ocop_core::error::ErrorCode::InvalidData,
        "unknown fields are rejected"
    );
}

/// 1048 set 7 prints Part A "35" but criterion 3.1 (header 3 points) prints options of 1 and 2
/// points only, so Part A reaches 34 as printed: every result for the sheet says so.
#[test]
fn a_result_for_1048_set_7_says_part_a_reaches_34() {
    let out = ocop_core::contract::score_json_str(
        r#"{"edition": "1048/2019", "product_set": "7", "answers": {}, "partial": true}"#,
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    let w: Vec<&Value> = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["code"] == "part_max_unreachable")
        .collect();
    assert_eq!(w.len(), 1, "{out}");
    let m = w[0]["message"].as_str().expect("message");
    assert!(
        m.starts_with("Phần A của phiếu bộ 7 chỉ đạt tối đa 34 điểm"),
        "{m}"
    );
    assert!(m.contains("Tiêu chí 3.1"), "{m}");
    // A sheet without such an erratum has none.
    let out = ocop_core::contract::score_json_str(
        r#"{"edition": "1048/2019", "product_set": "1", "answers": {}, "partial": true}"#,
    );
    assert!(!out.contains("part_max_unreachable"), "{out}");
}

/// The procedure section is read strictly: a missing item is an `invalid_data` error naming
/// the file and the key (no default), and inconsistent rules are rejected with their path.
#[test]
fn procedure_is_loaded_strictly() {
    use ocop_core::data::load_edition_meta;
    use ocop_core::error::ErrorCode;
    let file = "26-2026/edition.json";
    let text = std::fs::read_to_string(
        ocop_tests::tests_dir().join("../ocop-core/data/26-2026/edition.json"),
    )
    .expect("data file");
    let v: Value = serde_json::from_str(&text).expect("json");
    assert!(load_edition_meta(file, &text).is_ok());
    let err = |v: &Value| load_edition_meta(file, &v.to_string()).expect_err("rejected");
    // Missing items, at every depth, name their key.
    for (parent, key) in [
        ("", "procedure"),
        ("/procedure", "spread"),
        ("/procedure/certificate", "validity_months"),
        (
            "/procedure/certificate/reevaluation_window",
            "closes_days_before_expiry",
        ),
        ("/procedure/spread", "gap"),
        ("/procedure/transition", "pending"),
        ("/procedure/outcomes/province/0", "confidence"),
    ] {
        let mut w = v.clone();
        w.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .expect("parent")
            .remove(key)
            .expect("key present");
        let e = err(&w);
        assert_eq!(e.code, ErrorCode::InvalidData, "{parent}/{key}");
        assert!(e.path.starts_with(file), "{}", e.path);
        assert!(
            e.message.contains(&format!("missing field `{key}`")),
            "{}",
            e.message
        );
    }
    let path_of = |f: &dyn Fn(&mut Value)| {
        let mut w = v.clone();
        f(&mut w);
        err(&w).path
    };
    // A result covered twice (5★ by two rules).
    assert_eq!(
        path_of(&|w| w["procedure"]["outcomes"]["province"][1]["stars"] = serde_json::json!([4, 5])),
        "26-2026/edition.json#/procedure/outcomes/province"
    );
    // Outcomes for a level the edition does not have.
    assert_eq!(
        path_of(&|w| w["procedure"]["outcomes"]["district"] =
            w["procedure"]["outcomes"]["province"].clone()),
        "26-2026/edition.json#/procedure/outcomes"
    );
    // An unknown rule without its gap text; a known rule with one.
    assert_eq!(
        path_of(&|w| w["procedure"]["outcomes"]["central"][0]["confidence"] = "unknown".into()),
        "26-2026/edition.json#/procedure/outcomes/central/0/gap"
    );
    assert_eq!(
        path_of(&|w| w["procedure"]["spread"]["gap"] = "?".into()),
        "26-2026/edition.json#/procedure/spread/gap"
    );
    // A limit without saying whether a difference equal to it is allowed.
    assert_eq!(
        path_of(&|w| w["procedure"]["spread"]["limit"] = 10.into()),
        "26-2026/edition.json#/procedure/spread/equal_allowed"
    );
    // A window that closes before it opens.
    assert_eq!(
        path_of(&|w| w["procedure"]["certificate"]["reevaluation_window"]
            ["opens_days_before_expiry"] = 100.into()),
        "26-2026/edition.json#/procedure/certificate/reevaluation_window"
    );
    // A kind of dossier without a transition deadline, and an unknown kind.
    assert_eq!(
        path_of(
            &|w| w["procedure"]["transition"]["pending"]["deadlines"][1]["dossiers"] =
                serde_json::json!([])
        ),
        "26-2026/edition.json#/procedure/transition/pending/deadlines"
    );
    assert_eq!(
        path_of(
            &|w| w["procedure"]["transition"]["pending"]["deadlines"][1]["dossiers"] =
                serde_json::json!(["reevaluation", "renewal"])
        ),
        "26-2026/edition.json#/procedure/transition/pending/deadlines/1/dossiers"
    );
}

/// An option's text is its label without the trailing star marker (`***`, `****`, `*****`)
/// and the space before it; the sheet view shows that text beside the verbatim label.
#[test]
fn an_options_text_is_its_label_without_the_star_marker() {
    use ocop_core::data::Opt;
    let o = |label: &str| Opt {
        label: label.to_owned(),
        points: 1,
        min_star: None,
        case: None,
    };
    assert_eq!(o("Có câu chuyện riêng ***").text(), "Có câu chuyện riêng");
    assert_eq!(
        o("Có câu chuyện riêng*****  ").text(),
        "Có câu chuyện riêng"
    );
    assert_eq!(o("Không có").text(), "Không có");
    // 26/2026 set 1, criterion 4.1, option 2: its label in set-01.json ends with "***".
    let v = ocop_core::catalogue::sheet("26/2026", "1").unwrap();
    let c = v.criteria.iter().find(|c| c.code == "4.1").unwrap();
    let opt = c.options.iter().find(|x| x.number == 2).unwrap();
    assert_eq!(
        opt.label,
        "Thị trường ngoài địa bàn cấp xã, có dưới 5 đại diện/đại lý phân phối***"
    );
    assert_eq!(
        opt.text,
        "Thị trường ngoài địa bàn cấp xã, có dưới 5 đại diện/đại lý phân phối"
    );
}
