//! The printed outputs (PDF and HTML forms, minutes) from the Rust side. Text read back from
//! the PDFs is checked by `ocop-office/test-print.sh` with pdftotext (an independent reader);
//! here: every edition's sheets make a PDF with the font embedded, the HTML page holds the
//! law's texts as the data files print them (read here with serde_json, not through
//! ocop-core), member sheets and files, and typed errors with paths for bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use ocop_office::minutes::{minutes, read_products, MinutesFormat};
use ocop_office::{form_html, form_pdf, form_pdfs, FormMember, FormSpec, Lang};
use std::path::Path;

fn data_sets() -> Vec<(String, u64, serde_json::Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ocop-core/data");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
    dirs.sort_by_key(std::fs::DirEntry::path);
    for d in dirs {
        if !d.path().is_dir() {
            continue;
        }
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.path().join("edition.json")).unwrap())
                .unwrap();
        let id = meta["id"].as_str().unwrap().to_owned();
        let mut files: Vec<_> = std::fs::read_dir(d.path()).unwrap().flatten().collect();
        files.sort_by_key(std::fs::DirEntry::path);
        for f in files {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.starts_with("set-") {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap();
                out.push((id.clone(), v["number"].as_u64().unwrap(), v));
            }
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn spec(edition: &str, set: u64) -> FormSpec {
    FormSpec {
        edition: edition.to_owned(),
        product_set: set.to_string(),
        product: Some("Chè xanh <Tân Cương>".to_owned()),
        members: vec![
            FormMember {
                name: "Nguyễn Thị Hằng".to_owned(),
                ..FormMember::default()
            },
            FormMember {
                name: "Trần Văn Bình".to_owned(),
                ..FormMember::default()
            },
        ],
        ..FormSpec::default()
    }
}

#[test]
fn html_form_prints_every_text_of_every_sheet() {
    let sets = data_sets();
    assert!(sets.len() > 50, "found {} sets", sets.len());
    for (edition, number, v) in &sets {
        let html = form_html(&spec(edition, *number)).unwrap();
        // Nothing loads from the network (a source's address may be printed as text).
        for fetch in [
            "src=\"http",
            "href=\"http",
            "url(http",
            "url(\"http",
            "@import",
            "<script",
            "<link",
        ] {
            assert!(
                !html.contains(fetch),
                "network reference {fetch} in {edition} set {number}"
            );
        }
        assert!(html.contains("@page") && html.contains("@media screen"));
        assert_eq!(html.matches("<section class=\"sheet\">").count(), 2);
        assert!(html.contains("Chè xanh &lt;Tân Cương&gt;"));
        assert!(html.contains("Người đánh giá (ký, ghi rõ họ tên)"));
        for c in v["criteria"].as_array().unwrap() {
            let name = escape(c["name"].as_str().unwrap());
            assert!(html.contains(&name), "{edition} set {number}: {name}");
            for o in c["options"].as_array().unwrap() {
                let label = escape(o["label"].as_str().unwrap());
                assert!(html.contains(&label), "{edition} set {number}: {label}");
            }
        }
    }
}

#[test]
fn pdf_form_of_each_edition_embeds_its_font() {
    let sets = data_sets();
    let mut seen = std::collections::BTreeSet::new();
    for (edition, number, _) in &sets {
        if !seen.insert(edition.clone()) {
            continue;
        }
        let pdf = form_pdf(&spec(edition, *number)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{edition}");
        let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"/FontFile2"), "{edition}: no embedded TrueType font");
        assert!(has(b"DejaVuSans"), "{edition}: not DejaVu Sans");
        assert!(has(b"/ToUnicode"), "{edition}: text cannot be extracted");
    }
    assert!(seen.len() >= 4, "{seen:?}");
}

#[test]
fn one_pdf_per_member_or_one_for_all() {
    let s = spec("26/2026", 1);
    let files = form_pdfs(&s).unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[1].0.name, "Trần Văn Bình");
    let blank = form_pdfs(&FormSpec {
        members: Vec::new(),
        ..s
    })
    .unwrap();
    assert_eq!(blank.len(), 1);
    assert!(blank[0].0.name.is_empty());
}

#[test]
fn unknown_edition_and_set_are_typed_errors() {
    let e = form_pdf(&spec("1999/1999", 1)).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "unknown_edition");
    assert_eq!(e.0[0].path, "/edition");
    let e = form_html(&spec("26/2026", 99)).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "unknown_product_set");
    assert_eq!(e.0[0].path, "/product_set");
}

#[test]
fn minutes_errors_name_the_product() {
    let bad = br#"[{"edition":"26/2026","product_set":"1","level":"province","members":[{"member":"A","answers":{}}],"partial":true},
                  {"product": 3, "edition":"26/2026","product_set":"1","level":"province","members":[{"member":"A","answers":{"1.1": 9}}]}]"#;
    let e = read_products(bad).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "wrong_type");
    assert_eq!(e.0[0].path, "/1/product");
    let bad2 = br#"[{"edition":"26/2026","product_set":"1","level":"province","members":[{"member":"A","answers":{}}],"partial":true},
                  {"edition":"26/2026","product_set":"1","level":"province","members":[{"member":"A","answers":{"1.1": 9}}],"partial":true}]"#;
    let e = minutes(bad2, MinutesFormat::Pdf, Lang::Vi).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "option_out_of_range");
    assert_eq!(e.0[0].path, "/1/members/0/answers/1.1");
    let e = minutes(b"[", MinutesFormat::Xlsx, Lang::Vi).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "invalid_json");
    let e = minutes(b"[]", MinutesFormat::Xlsx, Lang::Vi).unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "missing_field");
    let e = minutes(
        br#"{"edition":"26/2026","product_set":"1","level":"district","members":[{"member":"A","answers":{}}],"partial":true}"#,
        MinutesFormat::Pdf,
        Lang::En,
    )
    .unwrap_err();
    assert_eq!(e.0[0].code.as_str(), "conflicting_fields");
    assert_eq!(e.0[0].path, "/level");
}

#[test]
fn minutes_of_one_request_in_both_formats() {
    let one = r#"{"product":"Mật ong bạc hà","edition":"26/2026","product_set":"1","level":"province","members":[{"member":"A","answers":{}},{"member":"B","answers":{}}],"partial":true}"#.as_bytes();
    let pdf = minutes(one, MinutesFormat::Pdf, Lang::Vi).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let xlsx = minutes(one, MinutesFormat::Xlsx, Lang::En).unwrap();
    assert!(xlsx.starts_with(b"PK"));
}
