//! The minutes from folders of filled forms: each folder (one product) read by the form
//! importer gives the same council, and so the same minutes, as the JSON request of the same
//! answers; a one-member folder needs the level; a bad form in a folder gives its typed error
//! with its source.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use ocop_core::contract::AnswerValue;
use ocop_core::council::score_council;
use ocop_core::error::ErrorCode;
use ocop_office::import::{ImportOptions, InputFile};
use ocop_office::minutes::{product_from_forms, read_products, score_products};
use ocop_office::{write_xlsx, FormMember, FormSpec, Lang};
use std::collections::BTreeMap;

fn answers(edition: &str, set: u8, seed: u64) -> BTreeMap<String, AnswerValue> {
    let reg = ocop_core::registry().unwrap();
    let e = reg.edition(edition).unwrap();
    let sheet = e.sheet(set).unwrap();
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    sheet
        .criteria
        .iter()
        .map(|c| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = u64::try_from(c.options.len()).unwrap();
            let a = if c.mode == ocop_core::data::Mode::Additive {
                AnswerValue::Many(vec![u32::try_from(x % n).unwrap() + 1])
            } else {
                AnswerValue::One(u32::try_from(x % n).unwrap() + 1)
            };
            (c.code.clone(), a)
        })
        .collect()
}

fn form(edition: &str, set: u8, member: &str, a: &BTreeMap<String, AnswerValue>) -> Vec<u8> {
    write_xlsx(&FormSpec {
        edition: edition.into(),
        product_set: set.to_string(),
        level: Some("province".into()),
        members: vec![FormMember {
            name: member.into(),
            answers: a.clone(),
        }],
        ..FormSpec::default()
    })
    .unwrap()
}

#[test]
fn a_folder_of_forms_is_the_council_of_its_answers() {
    for (edition, set) in [("26/2026", 3u8), ("1048/2019", 26), ("148/2023", 7)] {
        let names = ["An", "Bình", "Cường", "Dung"];
        let sheets: Vec<_> = (0..4).map(|i| answers(edition, set, 11 + i)).collect();
        let files: Vec<InputFile> = names
            .iter()
            .zip(&sheets)
            .map(|(n, a)| InputFile {
                name: format!("/tmp/sp-1/{n}.xlsx"),
                bytes: form(edition, set, n, a),
            })
            .collect();
        let p = product_from_forms("/tmp/sp-1/", &files, &ImportOptions::default()).unwrap();
        assert_eq!(p.product.as_deref(), Some("sp-1"));
        // The same answers as a JSON council request.
        let members: Vec<_> = names
            .iter()
            .zip(&sheets)
            .map(|(n, a)| serde_json::json!({"member": n, "answers": a}))
            .collect();
        let json = serde_json::json!([{"product": "sp-1", "edition": edition,
            "product_set": set.to_string(), "level": "province", "members": members}]);
        let from_json = read_products(json.to_string().as_bytes()).unwrap();
        assert_eq!(from_json.len(), 1);
        assert_eq!(
            score_council(&p.request).unwrap(),
            score_council(&from_json[0].request).unwrap()
        );
        let scored = score_products(vec![p]).unwrap();
        assert_eq!(scored[0].result.members.len(), 4);
    }
}

#[test]
fn one_member_folder_needs_a_level_and_bad_forms_are_located() {
    let a = answers("26/2026", 1, 5);
    let one = vec![InputFile {
        name: "sp/An.xlsx".into(),
        bytes: form("26/2026", 1, "An", &a),
    }];
    let e = product_from_forms("sp", &one, &ImportOptions::default()).unwrap_err();
    assert_eq!(e.0[0].code, ErrorCode::MissingField);
    assert_eq!(e.0[0].path, "/level");
    let opts = ImportOptions {
        level: Some("district".into()),
        lang: Lang::En,
        ..ImportOptions::default()
    };
    let p = product_from_forms("sp", &one, &opts).unwrap();
    assert_eq!(p.request.members.len(), 1);
    assert_eq!(p.request.members[0].member, "An");

    let broken = vec![InputFile {
        name: "sp/Bình.xlsx".into(),
        bytes: b"PK\x03\x04 not really a workbook".to_vec(),
    }];
    let e = product_from_forms("sp", &broken, &opts).unwrap_err();
    assert_eq!(e.0[0].code, ErrorCode::InvalidFile);
    assert_eq!(e.0[0].source.as_ref().unwrap().file, "sp/Bình.xlsx");
}
