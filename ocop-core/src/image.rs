//! The compiled form of the criteria data, and an edition's sheets decoded on first use.
//!
//! `build.rs` runs the strict loader ([`crate::data::load_files`]) over the data folders, every
//! check included, and writes each loaded edition's metadata and each distinct sheet with
//! [`Interner::encode`] (the loaded struct written back by the same serde derives that read the
//! files, so a field added to a data struct needs nothing here). The library embeds those bytes:
//! at start nothing is parsed; the editions' metadata is decoded when the registry is first used,
//! and a sheet the first time something asks for it (see [`crate::data::Sheets`]), without the loader's
//! duplicate-key pass and cross-file checks, which ran at build time. A test compares the
//! decoded registry with what the strict loader reads from the data folders.
//!
//! **String table.** The same labels, notes and citations recur across the sets and the
//! editions, too far apart for gzip's 32 KB window to see. So every string *value* of the
//! compiled JSON is stored once, in one table of the JSON-escaped strings (one per line), and
//! written in the value's place as `@` and its index in the table (`{"name":@12}`); object keys
//! stay as they are. [`decode`] puts the strings back and reads the JSON. Measured on the
//! WebAssembly module: 75.4 KB gzip of compiled data before, about 58 KB after.

use crate::data::Sheet;
use crate::error::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The string table being built while the values are compiled (used by `build.rs`).
#[derive(Debug, Default)]
pub struct Interner {
    index: HashMap<Vec<u8>, usize>,
    /// The JSON-escaped strings, in order of first appearance, one per line.
    table: Vec<u8>,
}

impl Interner {
    /// The compiled form of one loaded value (edition metadata or sheet): the loaded struct
    /// written back compactly by its serde derive (`serde_json`, which the library links
    /// anyway; MessagePack through `rmp-serde` was tried and added 34 KB gzip of decoding code
    /// to the WebAssembly module, over its budget), every string value replaced by its index
    /// in the table.
    ///
    /// # Errors
    /// `invalid_data` if the value cannot be written (not the case for the data types).
    pub fn encode<T: Serialize>(&mut self, value: &T) -> Result<Vec<u8>, Error> {
        let json = serde_json::to_vec(value).map_err(|e| {
            Error::new(
                ErrorCode::InvalidData,
                "",
                format!("cannot encode the criteria data: {e}"),
            )
        })?;
        let mut out = Vec::with_capacity(json.len() / 2);
        let mut i = 0;
        while let Some(&b) = json.get(i) {
            if b != b'"' {
                out.push(b);
                i += 1;
                continue;
            }
            let end = string_end(&json, i);
            let body = json.get(i + 1..end).unwrap_or_default();
            if json.get(end + 1) == Some(&b':') {
                out.extend_from_slice(json.get(i..=end).unwrap_or_default());
            } else {
                let next = self.index.len();
                let id = *self.index.entry(body.to_vec()).or_insert_with(|| {
                    self.table.extend_from_slice(body);
                    self.table.push(b'\n');
                    next
                });
                out.push(b'@');
                out.extend_from_slice(id.to_string().as_bytes());
            }
            i = end + 1;
        }
        Ok(out)
    }

    /// The table, one JSON-escaped string per line (escaped JSON has no raw line break).
    #[must_use]
    pub fn table(&self) -> &[u8] {
        &self.table
    }
}

/// The index of the `"` that closes the JSON string opening at `start`.
fn string_end(json: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(&b) = json.get(j) {
        match b {
            b'\\' => j += 2,
            b'"' => return j,
            _ => j += 1,
        }
    }
    json.len()
}

/// The compiled string table split into its lines, once.
fn strings(table: &'static str) -> &'static [&'static str] {
    static LINES: OnceLock<Vec<&'static str>> = OnceLock::new();
    LINES.get_or_init(|| table.split('\n').collect())
}

/// The JSON text of a compiled value: every `@index` outside a string replaced by that
/// string of the table, quoted. `None` if an index is not in the table.
fn expand(bytes: &[u8], table: &[&str]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 3);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let end = string_end(bytes, i);
                out.extend_from_slice(bytes.get(i..=end).unwrap_or(bytes.get(i..)?));
                i = end + 1;
            }
            b'@' => {
                let digits = bytes
                    .get(i + 1..)?
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                let id: usize = std::str::from_utf8(bytes.get(i + 1..i + 1 + digits)?)
                    .ok()?
                    .parse()
                    .ok()?;
                out.push(b'"');
                out.extend_from_slice(table.get(id)?.as_bytes());
                out.push(b'"');
                i += 1 + digits;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Reads a value written by [`Interner::encode`] with the library's string table; `file`
/// names its data file in errors.
///
/// # Errors
/// `invalid_data` (a defect of the release, caught by the tests).
pub fn decode<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, Error> {
    decode_with(file, bytes, strings(crate::compiled::STRINGS))
}

/// [`decode`] with the given string table.
///
/// # Errors
/// `invalid_data` if a string index is not in the table or the JSON cannot be read.
pub fn decode_with<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    table: &[&str],
) -> Result<T, Error> {
    let fail = |e: &dyn std::fmt::Display| {
        Error::new(
            ErrorCode::InvalidData,
            format!("{file}#"),
            format!("the compiled criteria data cannot be read: {e}"),
        )
    };
    let json = expand(bytes, table).ok_or_else(|| fail(&"a string index is not in the table"))?;
    serde_json::from_slice(&json).map_err(|e| fail(&e))
}

/// A compiled sheet, decoded (and its lookup tables derived) on first use.
#[derive(Debug)]
pub struct LazySheet {
    /// The data file it was loaded from, `26-2026/set-01.json`.
    file: &'static str,
    /// Its [`Interner::encode`]d form.
    bytes: &'static [u8],
    /// The decoded sheet; `None` if the bytes cannot be read (see [`LazySheet::load`]).
    cell: OnceLock<Option<Arc<Sheet>>>,
}

impl LazySheet {
    /// A sheet not decoded yet.
    #[must_use]
    pub const fn new(file: &'static str, bytes: &'static [u8]) -> Self {
        Self {
            file,
            bytes,
            cell: OnceLock::new(),
        }
    }

    /// Decodes the sheet and rebuilds its derived tables (code index, star minimums,
    /// triggers, compact tables) with the loader's own checks, which passed at build time.
    ///
    /// # Errors
    /// `invalid_data` if the compiled bytes cannot be read (a defect of the release, caught
    /// by the tests).
    pub fn load(&self) -> Result<Sheet, Error> {
        let mut s: Sheet = decode(self.file, self.bytes)?;
        crate::data::check_sheet(self.file, &mut s)?;
        Ok(s)
    }

    /// The sheet, decoded on first call; `None` if it cannot be (see [`LazySheet::load`]).
    #[must_use]
    pub fn get(&self) -> &Option<Arc<Sheet>> {
        self.cell.get_or_init(|| self.load().ok().map(Arc::new))
    }

    /// Whether the sheet has been decoded.
    #[must_use]
    pub fn is_decoded(&self) -> bool {
        self.cell.get().is_some()
    }

    /// The data file it was compiled from.
    #[must_use]
    pub fn file(&self) -> &'static str {
        self.file
    }
}

/// A compiled edition: where its metadata came from, the metadata's [`Interner::encode`]d form, and
/// the index of each set's sheet in the table of compiled sheets (`None`: no data).
#[derive(Debug)]
pub struct CompiledEdition {
    /// Its `edition.json`, relative to `data/`.
    pub file: &'static str,
    /// The [`Interner::encode`]d [`crate::data::EditionMeta`].
    pub meta: &'static [u8],
    /// Per set (number − 1), the index of its sheet among the compiled sheets.
    pub sets: &'static [Option<usize>],
}

impl crate::data::SheetSource for LazySheet {
    fn sheet(&self) -> &Option<Arc<Sheet>> {
        self.get()
    }

    fn is_decoded(&self) -> bool {
        LazySheet::is_decoded(self)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use crate::data::load_dir;
    use crate::registry;
    use std::path::Path;
    use std::sync::Arc;

    /// The compiled form equals what the strict loader reads from the data folders: every
    /// edition's metadata, every slot (present or absent), every sheet with its derived tables,
    /// and the sharing of inherited sheets.
    #[test]
    fn compiled_data_equals_the_strict_loader_on_the_data_folders() {
        let loaded = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
        let compiled = registry().unwrap().editions();
        assert_eq!(loaded.len(), compiled.len());
        let mut sheets = 0;
        for (l, c) in loaded.iter().zip(compiled) {
            assert_eq!(l.meta, c.meta);
            assert_eq!(l.sheets.len(), c.sheets.len(), "{}", l.meta.id);
            assert_eq!(l.sheets.available(), c.sheets.available(), "{}", l.meta.id);
            for (n, (ls, cs)) in l.sheets.iter().zip(c.sheets.iter()).enumerate() {
                assert_eq!(ls.is_some(), cs.is_some(), "{} set {}", l.meta.id, n + 1);
                if let (Some(ls), Some(cs)) = (ls, cs) {
                    assert_eq!(ls.as_ref(), cs.as_ref(), "{} set {}", l.meta.id, n + 1);
                    sheets += 1;
                }
            }
        }
        assert!(sheets >= 100, "compared {sheets} sheets");
        // An inherited sheet is the parent's, in both forms.
        for (i, (l, c)) in loaded.iter().zip(compiled).enumerate() {
            for (j, (l2, c2)) in loaded.iter().zip(compiled).enumerate().skip(i + 1) {
                for ((a, b), (x, y)) in l
                    .sheets
                    .iter()
                    .zip(l2.sheets.iter())
                    .zip(c.sheets.iter().zip(c2.sheets.iter()))
                {
                    if let ((Some(a), Some(b)), (Some(x), Some(y))) = ((a, b), (x, y)) {
                        assert_eq!(Arc::ptr_eq(a, b), Arc::ptr_eq(x, y), "editions {i} and {j}");
                    }
                }
            }
        }
    }

    /// Every compiled sheet decodes (a failure would show as missing data, not as an error).
    #[test]
    fn every_compiled_sheet_decodes() {
        for lazy in &crate::compiled::SHEETS {
            lazy.load()
                .unwrap_or_else(|e| panic!("{}: {e}", lazy.file()));
        }
    }

    /// Encoding then decoding gives the value back: string values through the table (with
    /// escapes, `@` and `:` inside them), keys kept, an unknown index an error.
    #[test]
    fn strings_go_through_the_table_and_back() {
        use std::collections::BTreeMap;
        let mut v: BTreeMap<String, Vec<String>> = BTreeMap::new();
        v.insert(
            "a@1".into(),
            vec!["x".into(), "\"q\":@3\\".into(), "x".into()],
        );
        v.insert("b".into(), vec!["dòng\nmới".into(), String::new()]);
        let mut i = super::Interner::default();
        let bytes = i.encode(&v).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(text, r#"{"a@1":[@0,@1,@0],"b":[@2,@3]}"#);
        let table = std::str::from_utf8(i.table()).unwrap();
        let lines: Vec<&str> = table.split('\n').collect();
        assert_eq!(lines, [r"x", r#"\"q\":@3\\"#, r"dòng\nmới", "", ""]);
        let back: BTreeMap<String, Vec<String>> =
            super::decode_with("f.json", &bytes, &lines).unwrap();
        assert_eq!(back, v);
        let e = super::decode_with::<Vec<String>>("f.json", b"[@9]", &lines).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidData);
        assert!(e.message.contains("not in the table"), "{}", e.message);
    }

    #[test]
    fn undecodable_bytes_are_invalid_data() {
        let lazy = super::LazySheet::new("x/set-01.json", b"{\"format\":");
        let e = lazy.load().unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidData);
        assert!(e.path.starts_with("x/set-01.json"), "{}", e.path);
        assert!(lazy.get().is_none());
    }
}
