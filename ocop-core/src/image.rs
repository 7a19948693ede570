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
//! compiled JSON is stored once, in one table of the JSON-escaped strings (sorted, one per
//! line), and written in the value's place as `@` and the byte offset of its line in a fixed
//! number of base-64 digits (`{"name":@Bx9}`); object keys stay as they are. [`decode`] puts
//! the strings back and reads the JSON; it touches only the lines it needs. Measured on the
//! WebAssembly module (web target): 256,009 bytes gzip before, 241,417 after (a first version
//! with indices).

use crate::data::Sheet;
use crate::error::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// The string table being built while the values are compiled (used by `build.rs`): add
/// every value with [`Interner::add`], then [`Interner::finish`].
#[derive(Debug, Default)]
pub struct Interner {
    /// Each added value's compact JSON.
    values: Vec<Vec<u8>>,
    /// Every string value seen, JSON-escaped.
    strings: std::collections::BTreeSet<Vec<u8>>,
}

/// The digits of a string token, in order of value (none of them means anything in JSON).
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// What [`Interner::finish`] gives: each value's compiled form, in the order added, the
/// table, and the number of digits of a token.
#[derive(Debug)]
pub struct Compiled {
    /// The compiled values.
    pub values: Vec<Vec<u8>>,
    /// The JSON-escaped strings, sorted, each followed by a line break (escaped JSON has none).
    pub table: Vec<u8>,
    /// Base-64 digits per token: enough for every offset in the table.
    pub width: usize,
}

impl Interner {
    /// Adds one loaded value (edition metadata or sheet): the loaded struct written back
    /// compactly by its serde derive (`serde_json`, which the library links anyway;
    /// MessagePack through `rmp-serde` was tried and added 34 KB gzip of decoding code to
    /// the WebAssembly module, over its budget). Returns its number.
    ///
    /// # Errors
    /// `invalid_data` if the value cannot be written (not the case for the data types).
    pub fn add<T: Serialize>(&mut self, value: &T) -> Result<usize, Error> {
        let json = serde_json::to_vec(value).map_err(|e| {
            Error::new(
                ErrorCode::InvalidData,
                "",
                format!("cannot encode the criteria data: {e}"),
            )
        })?;
        each_string(&json, |body, is_key| {
            if !is_key {
                self.strings.insert(body.to_vec());
            }
        });
        self.values.push(json);
        Ok(self.values.len() - 1)
    }

    /// The table, and every added value with its string values replaced by tokens.
    #[must_use]
    pub fn finish(self) -> Compiled {
        let mut table = Vec::new();
        let mut offsets = std::collections::HashMap::new();
        for s in &self.strings {
            offsets.insert(s.as_slice(), table.len());
            table.extend_from_slice(s);
            table.push(b'\n');
        }
        let mut width = 1;
        while 64_usize.pow(width as u32) < table.len().max(1) {
            width += 1;
        }
        let values = self
            .values
            .iter()
            .map(|json| {
                let mut out = Vec::with_capacity(json.len() / 2);
                let mut last = 0;
                each_span(json, |start, end, is_key| {
                    out.extend_from_slice(json.get(last..start).unwrap_or_default());
                    let body = json.get(start + 1..end).unwrap_or_default();
                    match offsets.get(body).filter(|_| !is_key) {
                        Some(&at) => {
                            out.push(b'@');
                            for k in (0..width).rev() {
                                out.push(DIGITS.get((at >> (6 * k)) % 64).copied().unwrap_or(b'A'));
                            }
                        }
                        None => out.extend_from_slice(json.get(start..=end).unwrap_or_default()),
                    }
                    last = end + 1;
                });
                out.extend_from_slice(json.get(last..).unwrap_or_default());
                out
            })
            .collect();
        Compiled {
            values,
            table,
            width,
        }
    }
}

/// Calls `f(start, end, is_key)` for each JSON string of `json`, from its opening to its
/// closing quote; a key is a string followed by `:` (the text is compact).
fn each_span(json: &[u8], mut f: impl FnMut(usize, usize, bool)) {
    let mut i = 0;
    while let Some(&b) = json.get(i) {
        if b == b'"' {
            let end = string_end(json, i);
            f(i, end, json.get(end + 1) == Some(&b':'));
            i = end + 1;
        } else {
            i += 1;
        }
    }
}

/// Calls `f(body, is_key)` for each JSON string of `json`, without its quotes.
fn each_string(json: &[u8], mut f: impl FnMut(&[u8], bool)) {
    each_span(json, |start, end, is_key| {
        f(json.get(start + 1..end).unwrap_or_default(), is_key);
    });
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

/// The JSON text of a compiled value: every `@` token outside a string replaced by its line
/// of the table, quoted. `None` if a token is not a line of the table.
fn expand(bytes: &[u8], table: &[u8], width: usize) -> Option<Vec<u8>> {
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
                let mut at = 0_usize;
                for &d in bytes.get(i + 1..i + 1 + width)? {
                    at = at * 64 + DIGITS.iter().position(|&x| x == d)?;
                }
                if at > 0 && table.get(at - 1) != Some(&b'\n') {
                    return None;
                }
                let rest = table.get(at..)?;
                let line = rest.get(..rest.iter().position(|&c| c == b'\n')?)?;
                out.push(b'"');
                out.extend_from_slice(line);
                out.push(b'"');
                i += 1 + width;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Reads a value compiled by [`Interner::finish`] with the library's string table; `file`
/// names its data file in errors.
///
/// # Errors
/// `invalid_data` (a defect of the release, caught by the tests).
pub fn decode<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, Error> {
    decode_with(
        file,
        bytes,
        crate::compiled::STRINGS.as_bytes(),
        crate::compiled::TOKEN_WIDTH,
    )
}

/// [`decode`] with the given string table and token width.
///
/// # Errors
/// `invalid_data` if a token is not a line of the table or the JSON cannot be read.
pub fn decode_with<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    table: &[u8],
    width: usize,
) -> Result<T, Error> {
    let fail = |e: &dyn std::fmt::Display| {
        Error::new(
            ErrorCode::InvalidData,
            format!("{file}#"),
            format!("the compiled criteria data cannot be read: {e}"),
        )
    };
    let json = expand(bytes, table, width)
        .ok_or_else(|| fail(&"a string token is not a line of the string table"))?;
    serde_json::from_slice(&json).map_err(|e| fail(&e))
}

/// A compiled sheet, decoded (and its lookup tables derived) on first use.
#[derive(Debug)]
pub struct LazySheet {
    /// The data file it was loaded from, `26-2026/set-01.json`.
    file: &'static str,
    /// Its compiled form.
    bytes: &'static [u8],
    /// Its [`crate::data::SetSummary`], compiled.
    summary: &'static [u8],
    /// The decoded sheet; `None` if the bytes cannot be read (see [`LazySheet::load`]).
    cell: OnceLock<Option<Arc<Sheet>>>,
}

impl LazySheet {
    /// A sheet not decoded yet.
    #[must_use]
    pub const fn new(file: &'static str, bytes: &'static [u8], summary: &'static [u8]) -> Self {
        Self {
            file,
            bytes,
            summary,
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

/// A compiled edition: where its metadata came from, the metadata's compiled form, and
/// the index of each set's sheet in the table of compiled sheets (`None`: no data).
#[derive(Debug)]
pub struct CompiledEdition {
    /// Its `edition.json`, relative to `data/`.
    pub file: &'static str,
    /// The compiled [`crate::data::EditionMeta`].
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

    /// From the sheet when it is decoded already, else from the compiled summary (and from
    /// the sheet if that cannot be read: a defect the tests catch).
    fn summary(&self) -> Option<crate::data::SetSummary> {
        match self.cell.get() {
            Some(s) => s.as_deref().map(crate::data::SetSummary::of),
            None => decode(self.file, self.summary)
                .ok()
                .or_else(|| self.get().as_deref().map(crate::data::SetSummary::of)),
        }
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

    /// Every compiled summary decodes and equals the summary of its sheet.
    #[test]
    fn every_compiled_summary_equals_its_sheet() {
        for lazy in &crate::compiled::SHEETS {
            let compiled: crate::data::SetSummary = super::decode(lazy.file(), lazy.summary)
                .unwrap_or_else(|e| panic!("{}: {e}", lazy.file()));
            let sheet = lazy.load().unwrap();
            assert_eq!(
                compiled,
                crate::data::SetSummary::of(&sheet),
                "{}",
                lazy.file()
            );
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

    /// Compiling then decoding gives the values back: string values through the sorted
    /// table (with escapes, `@` and `:` inside them), keys kept, a bad token an error.
    #[test]
    fn strings_go_through_the_table_and_back() {
        use std::collections::BTreeMap;
        let mut v: BTreeMap<String, Vec<String>> = BTreeMap::new();
        v.insert(
            "a@1".into(),
            vec!["x".into(), "\"q\":@3\\".into(), "x".into()],
        );
        v.insert("b".into(), vec!["dòng\nmới".into(), String::new()]);
        let w = vec!["x".to_owned(), "y".to_owned()];
        let mut i = super::Interner::default();
        assert_eq!(i.add(&v).unwrap(), 0);
        assert_eq!(i.add(&w).unwrap(), 1);
        let c = i.finish();
        let table = std::str::from_utf8(&c.table).unwrap();
        // Sorted, JSON-escaped, one per line: "", \"q\":@3\\, dòng\nmới, x, y.
        assert_eq!(table, "\n\\\"q\\\":@3\\\\\ndòng\\nmới\nx\ny\n");
        assert_eq!(c.width, 1);
        let text = std::str::from_utf8(&c.values[0]).unwrap();
        let at = |s: &str| table.find(&format!("{s}\n")).unwrap();
        assert_eq!((at("x"), at("y")), (25, 27));
        assert_eq!(text, r#"{"a@1":[@Z,@B,@Z],"b":[@M,@A]}"#);
        let back: BTreeMap<String, Vec<String>> =
            super::decode_with("f.json", &c.values[0], &c.table, c.width).unwrap();
        assert_eq!(back, v);
        let back: Vec<String> =
            super::decode_with("f.json", &c.values[1], &c.table, c.width).unwrap();
        assert_eq!(back, w);
        for bad in [&b"[@]"[..], b"[@C]", b"[@_]", b"[@!]", b"[@"] {
            let e =
                super::decode_with::<Vec<String>>("f.json", bad, &c.table, c.width).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidData);
            assert!(e.message.contains("string table"), "{}", e.message);
        }
    }

    #[test]
    fn undecodable_bytes_are_invalid_data() {
        let lazy = super::LazySheet::new("x/set-01.json", b"{\"format\":", b"{");
        let e = lazy.load().unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidData);
        assert!(e.path.starts_with("x/set-01.json"), "{}", e.path);
        assert!(lazy.get().is_none());
    }
}
