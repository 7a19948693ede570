//! Forms written by `write_xlsx` and read back by `import::read`, and every kind of bad file
//! the importer must refuse with its typed error (never a panic). The spreadsheet side that is
//! not ours (openpyxl filling through the defined names, LibreOffice recalculating and saving
//! as xlsx and ods) is tested by `ocop-office/test.sh`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use ocop_core::contract::AnswerValue;
use ocop_core::data::Mode;
use ocop_core::error::ErrorCode;
use ocop_office::import::{self, ImportOptions, InputFile};
use ocop_office::{write_xlsx, FormMember, FormSpec, Lang};
use std::collections::BTreeMap;
use std::io::Write;

/// A deterministic pseudo-random generator (xorshift), so that failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }
}

fn random_answers(sheet: &ocop_core::data::Sheet, rng: &mut Rng) -> BTreeMap<String, AnswerValue> {
    sheet
        .criteria
        .iter()
        .map(|c| {
            let n = c.options.len();
            let a = if c.mode == Mode::Additive {
                AnswerValue::Many(
                    (1..=n)
                        .filter(|_| rng.below(2) == 1)
                        .map(|k| u32::try_from(k).unwrap())
                        .collect(),
                )
            } else {
                AnswerValue::One(u32::try_from(rng.below(n) + 1).unwrap())
            };
            (c.code.clone(), a)
        })
        .collect()
}

fn file(name: &str, bytes: Vec<u8>) -> InputFile {
    InputFile {
        name: name.into(),
        bytes,
    }
}

fn first_code(r: Result<import::Imported, ocop_core::Errors>) -> ErrorCode {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.0[0].code,
    }
}

/// Every sheet of every edition: a pre-filled form reads back as the same request, and
/// scores exactly as the request sent as JSON.
#[test]
fn every_sheet_round_trips() {
    let reg = ocop_core::registry().unwrap();
    let mut rng = Rng(0x5eed);
    let mut n = 0;
    for e in reg.editions() {
        for s in e.sheets.iter().flatten() {
            let answers = random_answers(s, &mut rng);
            let spec = FormSpec {
                edition: e.meta.id.clone(),
                product_set: s.number.to_string(),
                members: vec![FormMember {
                    name: "Nguyễn Văn A".into(),
                    answers: answers.clone(),
                }],
                ..FormSpec::default()
            };
            let bytes = write_xlsx(&spec).unwrap();
            let got = import::read(&[file("a.xlsx", bytes)], &ImportOptions::default()).unwrap();
            let req = ocop_core::ScoreRequest {
                edition: e.meta.id.clone(),
                product_set: s.number.to_string(),
                answers,
                ..ocop_core::ScoreRequest::default()
            };
            let direct = ocop_core::contract::to_json(&ocop_core::Outcome::from(
                ocop_core::score(&req).map(ocop_core::contract::ScoreOutput::Sheet),
            ));
            assert_eq!(
                got.score_json(),
                (direct, true),
                "{} set {}",
                e.meta.id,
                s.number
            );
            n += 1;
        }
    }
    assert!(n > 100, "{n}");
}

/// Several members in one workbook and in several files give a council request.
#[test]
fn council_from_one_workbook_and_from_files() {
    let reg = ocop_core::registry().unwrap();
    let e = reg.edition("26/2026").unwrap();
    let s = e.sheet(3).unwrap();
    let mut rng = Rng(42);
    let members: Vec<FormMember> = (1..=5)
        .map(|i| FormMember {
            name: format!("Thành viên {i}"),
            answers: random_answers(s, &mut rng),
        })
        .collect();
    let spec = FormSpec {
        edition: "26/2026".into(),
        product_set: "3".into(),
        level: Some("province".into()),
        members: members.clone(),
        ..FormSpec::default()
    };
    let one = import::read(
        &[file("hd.xlsx", write_xlsx(&spec).unwrap())],
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(one.council);
    let files: Vec<InputFile> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let spec = FormSpec {
                members: vec![m.clone()],
                level: None,
                ..spec.clone()
            };
            file(&format!("m{i}.xlsx"), write_xlsx(&spec).unwrap())
        })
        .collect();
    let opts = ImportOptions {
        level: Some("province".into()),
        ..ImportOptions::default()
    };
    let many = import::read(&files, &opts).unwrap();
    assert_eq!(one.request, many.request);
    let v = &one.request;
    assert_eq!(v["members"].as_array().unwrap().len(), 5);
    assert_eq!(v["members"][4]["member"], "Thành viên 5");
    // Without a level, a council cannot be formed.
    assert_eq!(
        first_code(import::read(&files, &ImportOptions::default())),
        ErrorCode::MissingField
    );
}

/// A member name comes from the sheet, else from the file name.
#[test]
fn member_name_falls_back_to_the_file_name() {
    let spec = FormSpec {
        edition: "26/2026".into(),
        product_set: "1".into(),
        ..FormSpec::default()
    };
    let got = import::read(
        &[file("dir/Phiếu ông Ba.xlsx", write_xlsx(&spec).unwrap())],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(got.request["answers"], serde_json::json!({}));
    let two = import::read(
        &[
            file("dir/Ông Ba.xlsx", write_xlsx(&spec).unwrap()),
            file("Bà Tư.xlsx", write_xlsx(&spec).unwrap()),
        ],
        &ImportOptions {
            level: Some("district".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(two.request["members"][0]["member"], "Ông Ba");
    assert_eq!(two.request["members"][1]["member"], "Bà Tư");
}

/// CSV, one row per member, additive criteria as `1+3`.
#[test]
fn csv_rows_are_members() {
    let csv = "member,edition,product_set,1.1,6,7\n\
               An,1048/2019,26,2,1+3,\n\
               Bình,1048/2019,26,1,2,1\n";
    let got = import::read(
        &[file("hd.csv", csv.as_bytes().to_vec())],
        &ImportOptions {
            level: Some("province".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let v = &got.request;
    assert_eq!(v["members"][0]["answers"]["6"], serde_json::json!([1, 3]));
    assert_eq!(v["members"][0]["answers"]["7"], serde_json::json!([]));
    assert_eq!(v["members"][1]["answers"]["1.1"], serde_json::json!(1));
    assert_eq!(v["members"][1]["answers"]["7"], serde_json::json!([1]));
    // Errors name the cell.
    let bad = "member,edition,product_set,1.1\nAn,1048/2019,26,hai\n";
    let e = import::read(
        &[file("x.csv", bad.as_bytes().to_vec())],
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.0[0].code, ErrorCode::UnreadableCell);
    let src = e.0[0].source.as_ref().unwrap();
    assert_eq!(
        (src.file.as_str(), src.cell.as_deref()),
        ("x.csv", Some("D2"))
    );
    assert_eq!(e.0[0].path, "/answers/1.1");
    let two = "member,edition,product_set,1.1\nAn,1048/2019,26,1+2\n";
    assert_eq!(
        first_code(import::read(
            &[file("x.csv", two.as_bytes().to_vec())],
            &ImportOptions::default()
        )),
        ErrorCode::MultipleAnswers
    );
    let unknown = "member,edition,product_set,9.9\nAn,26/2026,1,1\n";
    assert_eq!(
        first_code(import::read(
            &[file("x.csv", unknown.as_bytes().to_vec())],
            &ImportOptions::default()
        )),
        ErrorCode::UnknownCriterion
    );
}

/// The core's own errors (an option out of range) point back at the cell.
#[test]
fn engine_errors_are_located() {
    let csv = "member,edition,product_set,1.1\nAn,26/2026,1,9\n";
    let got = import::read(
        &[file("x.csv", csv.as_bytes().to_vec())],
        &ImportOptions::default(),
    );
    let e = got.unwrap_err();
    assert_eq!(e.0[0].code, ErrorCode::OptionOutOfRange);
    assert_eq!(e.0[0].source.as_ref().unwrap().cell.as_deref(), Some("D2"));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn form_bytes(set: &str) -> Vec<u8> {
    write_xlsx(&FormSpec {
        edition: "26/2026".into(),
        product_set: set.into(),
        ..FormSpec::default()
    })
    .unwrap()
}

#[test]
fn bad_files_get_typed_errors() {
    let opts = ImportOptions::default();
    let good = form_bytes("1");
    // Truncated.
    let cut = good[..good.len() / 2].to_vec();
    assert_eq!(
        first_code(import::read(&[file("t.xlsx", cut)], &opts)),
        ErrorCode::InvalidFile
    );
    // Not a zip, not CSV.
    assert_eq!(
        first_code(import::read(&[file("t.xlsx", b"hello".to_vec())], &opts)),
        ErrorCode::InvalidFile
    );
    // A zip that is no workbook.
    let z = zip_of(&[("readme.txt", b"hello")]);
    assert_eq!(
        first_code(import::read(&[file("z.xlsx", z)], &opts)),
        ErrorCode::InvalidFile
    );
    // A workbook that is no form of ours.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "hello").unwrap();
    let other = wb.save_to_buffer().unwrap();
    assert_eq!(
        first_code(import::read(&[file("o.xlsx", other)], &opts)),
        ErrorCode::FormMismatch
    );
    // Forms of two sets together.
    let e = import::read(
        &[
            file("a.xlsx", good.clone()),
            file("b.xlsx", form_bytes("2")),
        ],
        &ImportOptions {
            level: Some("province".into()),
            ..opts.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.0[0].code, ErrorCode::FormMismatch);
    assert_eq!(e.0[0].source.as_ref().unwrap().file, "b.xlsx");
    // An oversized file.
    let big = vec![b'a'; import::limits::MAX_FILE_BYTES + 1];
    assert_eq!(
        first_code(import::read(&[file("big.csv", big)], &opts)),
        ErrorCode::InputTooLarge
    );
    // Garbage CSV (not UTF-8).
    assert_eq!(
        first_code(import::read(
            &[file("g.csv", vec![0xff, 0xfe, 0x00, b'\n'])],
            &opts
        )),
        ErrorCode::InvalidFile
    );
}

/// A zip bomb is refused quickly, reading no more than the budget and holding nothing.
#[test]
fn zip_bomb_is_too_large() {
    let zeros = vec![0u8; 80 << 20];
    let bomb = zip_of(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    drop(zeros);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let t = std::time::Instant::now();
    assert_eq!(
        first_code(import::read(
            &[file("bomb.xlsx", bomb)],
            &ImportOptions::default()
        )),
        ErrorCode::InputTooLarge
    );
    assert!(t.elapsed().as_secs() < 10);
    let many: Vec<(String, Vec<u8>)> = (0..3000).map(|i| (format!("f{i}"), Vec::new())).collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(
        first_code(import::read(
            &[file("many.xlsx", zip_of(&refs))],
            &ImportOptions::default()
        )),
        ErrorCode::InputTooLarge
    );
}

/// An ODS whose repeat counts expand a few bytes into billions of cells.
#[test]
fn ods_cell_bomb_is_too_large() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="ocop"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ]);
    assert_eq!(
        first_code(import::read(
            &[file("b.ods", ods)],
            &ImportOptions::default()
        )),
        ErrorCode::InputTooLarge
    );
}

/// English messages on request; the codes do not change.
#[test]
fn messages_follow_the_language() {
    let vi = import::read(
        &[file("t.xlsx", b"hello".to_vec())],
        &ImportOptions::default(),
    )
    .unwrap_err();
    let en = import::read(
        &[file("t.xlsx", b"hello".to_vec())],
        &ImportOptions {
            lang: Lang::En,
            ..ImportOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(vi.0[0].code, en.0[0].code);
    assert!(
        vi.0[0].message.contains("không phải"),
        "{}",
        vi.0[0].message
    );
    assert!(
        en.0[0].message.contains("not an xlsx"),
        "{}",
        en.0[0].message
    );
}

/// `source` is serialised only when present: a JSON request's errors are unchanged.
#[test]
fn source_only_when_present() {
    let out =
        ocop_core::score_json_str(r#"{"edition":"26/2026","product_set":"1","answers":{"1.1":0}}"#);
    assert!(!out.contains("source"), "{out}");
    let e = import::read(&[file("t.xlsx", b"x".to_vec())], &ImportOptions::default()).unwrap_err();
    let text = import::failure_json(e);
    assert!(
        text.contains(r#""source":{"file":"t.xlsx","sheet":null,"cell":null}"#),
        "{text}"
    );
}
