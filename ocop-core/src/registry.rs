//! The embedded editions.
//!
//! The data folders are loaded and checked at build time and compiled into the library
//! ([`crate::image`]): the first call of [`registry`] decodes the editions' metadata (a few
//! kilobytes), and each sheet is decoded the first time a request names its edition and set.

use crate::data::{Edition, EditionMeta, Sheet};
use crate::error::{Error, ErrorCode};
use crate::image::{decode, Sheets};
use std::sync::{Arc, OnceLock};

/// All editions known to this build, oldest first.
#[derive(Debug)]
pub struct Registry {
    editions: Vec<Edition>,
}

static REGISTRY: OnceLock<Result<Registry, Error>> = OnceLock::new();

/// The registry of embedded editions: their metadata decoded on first use, each sheet when
/// first read.
///
/// # Errors
/// `invalid_data` if the embedded data is defective (a release defect, caught by the tests).
pub fn registry() -> Result<&'static Registry, Error> {
    REGISTRY
        .get_or_init(compiled)
        .as_ref()
        .map_err(Clone::clone)
}

/// The registry of the compiled data (`build.rs`).
fn compiled() -> Result<Registry, Error> {
    use crate::compiled::{EDITIONS, SHEETS};
    let mut editions = Vec::with_capacity(EDITIONS.len());
    for e in &EDITIONS {
        let meta: EditionMeta = decode(e.file, e.meta)?;
        let sheets = Sheets::compiled(e.sets.iter().map(|s| s.and_then(|i| SHEETS.get(i))));
        editions.push(Edition { meta, sheets });
    }
    Ok(Registry { editions })
}

impl Registry {
    /// Builds a registry from already-loaded editions (for tests and custom data).
    #[must_use]
    pub fn from_editions(editions: Vec<Edition>) -> Self {
        Self { editions }
    }

    /// Every edition, oldest first.
    #[must_use]
    pub fn editions(&self) -> &[Edition] {
        &self.editions
    }

    /// The edition with this id (`"26/2026"`); `"26-2026"` is accepted too.
    #[must_use]
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.edition_index(id).and_then(|i| self.editions.get(i))
    }

    /// The position in [`Registry::editions`] of the edition [`Registry::edition`] finds.
    /// Compares bytes without allocating: the id itself, or the id with every `/` written `-`.
    pub(crate) fn edition_index(&self, id: &str) -> Option<usize> {
        let id = id.as_bytes();
        self.editions.iter().position(|e| {
            let own = e.meta.id.as_bytes();
            own == id
                || (own.len() == id.len()
                    && own
                        .iter()
                        .zip(id)
                        .all(|(&a, &b)| if a == b'/' { b == b'-' } else { a == b }))
        })
    }

    /// The edition with this id, or an `unknown_edition` error at `path`.
    ///
    /// # Errors
    /// `unknown_edition`.
    pub fn require_edition(&self, id: &str, path: &str) -> Result<&Edition, Error> {
        self.edition(id).ok_or_else(|| {
            let known: Vec<&str> = self.editions.iter().map(|e| e.meta.id.as_str()).collect();
            Error::new(
                ErrorCode::UnknownEdition,
                path,
                format!(
                    "unknown edition {}; known editions: {}",
                    crate::error::quoted(id),
                    known.join(", ")
                ),
            )
        })
    }

    /// The sheet of a product set, or `unknown_product_set` / `data_unavailable` at `path`.
    ///
    /// # Errors
    /// `unknown_product_set` when the number is outside the edition's sets, `data_unavailable`
    /// when the edition has such a set but this release has no data for it.
    pub fn require_sheet<'a>(
        &self,
        edition: &'a Edition,
        number: u8,
        path: &str,
    ) -> Result<&'a Arc<Sheet>, Error> {
        if number == 0 || number > edition.meta.sets {
            return Err(Error::new(
                ErrorCode::UnknownProductSet,
                path,
                format!(
                    "edition {} has product sets 1 to {}, not {number}",
                    edition.meta.id, edition.meta.sets
                ),
            ));
        }
        edition.sheet(number).ok_or_else(|| {
            Error::new(
                ErrorCode::DataUnavailable,
                path,
                format!(
                    "this release has no criteria sheet for product set {number} of edition {}",
                    edition.meta.id
                ),
            )
        })
    }
}

/// Parses a product set reference: `"1"`, `"01"` or `1`.
///
/// # Errors
/// `unknown_product_set` or `wrong_type`.
pub fn parse_set_number(v: &crate::json::Json, path: &str) -> Result<u8, Error> {
    use crate::json::{Json, Number};
    let bad = |shown: String| {
        Error::new(
            ErrorCode::UnknownProductSet,
            path,
            format!("product set {shown} is not a number from 1 to 99"),
        )
    };
    match v {
        Json::String(s) => parse_set_text(s).ok_or_else(|| bad(crate::error::quoted(s))),
        Json::Number(Number::U(u)) => parse_set_whole(*u).ok_or_else(|| bad(u.to_string())),
        Json::Number(Number::I(i)) => Err(bad(i.to_string())),
        Json::Number(Number::F(f)) => Err(bad(f.to_string())),
        other => Err(crate::json::wrong_type(
            path,
            "a product set number such as \"1\"",
            other,
        )),
    }
}

/// A product set written as text: one to three ASCII digits, white space around them
/// ignored, from 1 to 99.
pub(crate) fn parse_set_text(s: &str) -> Option<u8> {
    let t = s.trim();
    if t.is_empty() || t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u8>().ok().filter(|n| (1..=99).contains(n))
}

/// A product set written as a whole number, from 1 to 99.
pub(crate) fn parse_set_whole(u: u64) -> Option<u8> {
    u8::try_from(u).ok().filter(|n| (1..=99).contains(n))
}
