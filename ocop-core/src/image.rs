//! The compiled form of the criteria data, and an edition's sheets decoded on first use.
//!
//! `build.rs` runs the strict loader ([`crate::data::load_files`]) over the data folders, every
//! check included, and writes each loaded edition's metadata and each distinct sheet with
//! [`encode`] (the loaded struct written back by the same serde derives that read the files,
//! so a field added to a data struct needs nothing here). The library embeds those bytes: at
//! start nothing is parsed; the editions' metadata is decoded when the registry is first used,
//! and a sheet the first time something asks for it (see [`Sheets`]), without the loader's
//! duplicate-key pass and cross-file checks, which ran at build time. A test compares the
//! decoded registry with what the strict loader reads from the data folders.

use crate::data::Sheet;
use crate::error::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// The compiled form of one loaded value (edition metadata or sheet): the loaded struct
/// written back by its serde derive, compact (`serde_json`, which the library links anyway;
/// MessagePack through `rmp-serde` was tried and added 34 KB gzip of decoding code to the
/// WebAssembly module, over its budget).
///
/// # Errors
/// `invalid_data` if the value cannot be written (not the case for the data types).
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| {
        Error::new(
            ErrorCode::InvalidData,
            "",
            format!("cannot encode the criteria data: {e}"),
        )
    })
}

/// Reads a value written by [`encode`]; `file` names its data file in errors.
///
/// # Errors
/// `invalid_data` (a defect of the release, caught by the tests).
pub fn decode<T: DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidData,
            format!("{file}#"),
            format!("the compiled criteria data cannot be read: {e}"),
        )
    })
}

/// A compiled sheet, decoded (and its lookup tables derived) on first use.
#[derive(Debug)]
pub struct LazySheet {
    /// The data file it was loaded from, `26-2026/set-01.json`.
    file: &'static str,
    /// Its [`encode`]d form.
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

/// A compiled edition: where its metadata came from, the metadata's [`encode`]d form, and
/// the index of each set's sheet in the table of compiled sheets (`None`: no data).
#[derive(Debug)]
pub struct CompiledEdition {
    /// Its `edition.json`, relative to `data/`.
    pub file: &'static str,
    /// The [`encode`]d [`crate::data::EditionMeta`].
    pub meta: &'static [u8],
    /// Per set (number − 1), the index of its sheet among the compiled sheets.
    pub sets: &'static [Option<usize>],
}

#[derive(Debug, Clone)]
enum Slot {
    /// Loaded already (from JSON at run time), or known to be absent.
    Ready(Option<Arc<Sheet>>),
    /// Compiled into the library; decoded on first use.
    Compiled(&'static LazySheet),
}

impl Slot {
    fn get(&self) -> &Option<Arc<Sheet>> {
        match self {
            Slot::Ready(s) => s,
            Slot::Compiled(lazy) => lazy.get(),
        }
    }

    fn is_some(&self) -> bool {
        match self {
            Slot::Ready(s) => s.is_some(),
            Slot::Compiled(_) => true,
        }
    }
}

/// An edition's sheets by product set number − 1 (`None` where no data exists), read like a
/// slice of `Option<Arc<Sheet>>`. Compiled sheets are decoded the first time they are read;
/// [`Sheets::available`] and [`Sheets::len`] decode nothing.
#[derive(Debug, Clone, Default)]
pub struct Sheets {
    slots: Vec<Slot>,
}

impl From<Vec<Option<Arc<Sheet>>>> for Sheets {
    fn from(v: Vec<Option<Arc<Sheet>>>) -> Self {
        Self {
            slots: v.into_iter().map(Slot::Ready).collect(),
        }
    }
}

impl Sheets {
    /// Slots for the compiled sheets: `None` where the edition has no data for a set.
    #[must_use]
    pub fn compiled(slots: impl IntoIterator<Item = Option<&'static LazySheet>>) -> Self {
        Self {
            slots: slots
                .into_iter()
                .map(|s| s.map_or(Slot::Ready(None), Slot::Compiled))
                .collect(),
        }
    }

    /// Number of slots (the edition's number of sets).
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no slots.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot at `index` (set number − 1), decoding its sheet if needed.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Option<Arc<Sheet>>> {
        self.slots.get(index).map(Slot::get)
    }

    /// Every slot in order, decoding each sheet as it is reached.
    pub fn iter(&self) -> impl Iterator<Item = &Option<Arc<Sheet>>> + '_ {
        self.slots.iter().map(Slot::get)
    }

    /// How many sets this release has data for, without decoding any sheet.
    #[must_use]
    pub fn available(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// How many of these sheets are in memory (loaded, or compiled and decoded already).
    #[must_use]
    pub fn decoded(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| match s {
                Slot::Ready(s) => s.is_some(),
                Slot::Compiled(lazy) => lazy.is_decoded(),
            })
            .count()
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

    #[test]
    fn undecodable_bytes_are_invalid_data() {
        let lazy = super::LazySheet::new("x/set-01.json", b"{\"format\":");
        let e = lazy.load().unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidData);
        assert!(e.path.starts_with("x/set-01.json"), "{}", e.path);
        assert!(lazy.get().is_none());
    }
}
