//! Typed errors with stable codes.
//!
//! Every failure the library reports is an [`Error`]: a stable [`ErrorCode`] (serialised in
//! `snake_case`, the same string in Rust, the CLI JSON, Python's `.code` and JavaScript's
//! `code`), the JSON Pointer ([RFC 6901]) of the offending field in the request (`""` for the
//! whole document) and a human-readable message.
//!
//! [RFC 6901]: https://www.rfc-editor.org/rfc/rfc6901

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error codes. New codes may be added; existing ones never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not syntactically valid JSON (includes truncated input and invalid UTF-8).
    InvalidJson,
    /// The input is empty or only white space.
    EmptyInput,
    /// The input nests arrays/objects deeper than the parser allows.
    NestingTooDeep,
    /// The input is larger than the limit for one request.
    InputTooLarge,
    /// A field has the wrong JSON type (e.g. a string where an option number is expected).
    WrongType,
    /// An object has a field the contract does not define.
    UnknownField,
    /// An object names the same key twice.
    DuplicateKey,
    /// A required field is absent.
    MissingField,
    /// A number is not a whole number in range (fractional, negative, too large).
    InvalidNumber,
    /// Mutually exclusive fields are given together, or a required combination is absent.
    ConflictingFields,
    /// The edition id is not one this library knows.
    UnknownEdition,
    /// The product set is not one of the edition's sets.
    UnknownProductSet,
    /// An answer names a criterion code the sheet does not have.
    UnknownCriterion,
    /// An option number is outside `1..=n` for the criterion.
    OptionOutOfRange,
    /// A criterion has no answer and the request is not `partial`.
    MissingAnswer,
    /// A single-choice criterion received several option numbers.
    MultipleAnswers,
    /// An additive criterion lists the same option twice.
    DuplicateOption,
    /// An `eliminated` entry names a criterion that has no elimination or stop note.
    NotEliminable,
    /// A date is not a valid `YYYY-MM-DD` calendar date, or lies outside the supported range.
    InvalidDate,
    /// No edition applies to the given date and dossier kind.
    NoEditionForDate,
    /// The library knows this edition but lacks the data needed to answer.
    DataUnavailable,
    /// Embedded criteria data failed to load (a defect of this release, never of the input).
    InvalidData,
    /// An office file (xlsx, ods, csv) is not readable as such: not a zip, a zip that is not a
    /// workbook, not UTF-8 CSV.
    InvalidFile,
    /// A filled form was made for another edition or product set, or its structure (rows,
    /// printed texts, points) or its hidden sheet was changed.
    FormMismatch,
    /// A cell of a filled form holds something that is no answer: text that matches no option,
    /// a formula error, a fraction.
    UnreadableCell,
}

impl ErrorCode {
    /// The stable string form, e.g. `"option_out_of_range"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::EmptyInput => "empty_input",
            Self::NestingTooDeep => "nesting_too_deep",
            Self::InputTooLarge => "input_too_large",
            Self::WrongType => "wrong_type",
            Self::UnknownField => "unknown_field",
            Self::DuplicateKey => "duplicate_key",
            Self::MissingField => "missing_field",
            Self::InvalidNumber => "invalid_number",
            Self::ConflictingFields => "conflicting_fields",
            Self::UnknownEdition => "unknown_edition",
            Self::UnknownProductSet => "unknown_product_set",
            Self::UnknownCriterion => "unknown_criterion",
            Self::OptionOutOfRange => "option_out_of_range",
            Self::MissingAnswer => "missing_answer",
            Self::MultipleAnswers => "multiple_answers",
            Self::DuplicateOption => "duplicate_option",
            Self::NotEliminable => "not_eliminable",
            Self::InvalidDate => "invalid_date",
            Self::NoEditionForDate => "no_edition_for_date",
            Self::DataUnavailable => "data_unavailable",
            Self::InvalidData => "invalid_data",
            Self::InvalidFile => "invalid_file",
            Self::FormMismatch => "form_mismatch",
            Self::UnreadableCell => "unreadable_cell",
        }
    }

    /// Every code, in declaration order (for documentation and exhaustive tests).
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidJson,
        Self::EmptyInput,
        Self::NestingTooDeep,
        Self::InputTooLarge,
        Self::WrongType,
        Self::UnknownField,
        Self::DuplicateKey,
        Self::MissingField,
        Self::InvalidNumber,
        Self::ConflictingFields,
        Self::UnknownEdition,
        Self::UnknownProductSet,
        Self::UnknownCriterion,
        Self::OptionOutOfRange,
        Self::MissingAnswer,
        Self::MultipleAnswers,
        Self::DuplicateOption,
        Self::NotEliminable,
        Self::InvalidDate,
        Self::NoEditionForDate,
        Self::DataUnavailable,
        Self::InvalidData,
        Self::InvalidFile,
        Self::FormMismatch,
        Self::UnreadableCell,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One error: a stable code, the JSON Pointer of the offending field, and a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// JSON Pointer into the request (`""` = the whole input), or `file#/pointer` for data errors.
    pub path: String,
    /// Human-readable explanation.
    pub message: String,
    /// Where in an office file (a filled form) the error was found; absent (and not
    /// serialised) for every error of a JSON request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Box<ErrorSource>>,
}

/// The place in an office file an error comes from: the file, the sheet and the cell (A1
/// notation). `sheet` and `cell` are `null` when the error concerns the whole file or sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSource {
    /// The file as given (path or name).
    pub file: String,
    /// The worksheet's name (`null` for CSV and whole-file errors).
    pub sheet: Option<String>,
    /// The cell, e.g. `E12` (`null` when no one cell is at fault).
    pub cell: Option<String>,
}

impl Error {
    /// Builds an error.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            path: path.into(),
            message: message.into(),
            source: None,
        }
    }

    /// The same error, located in an office file.
    #[must_use]
    pub fn with_source(mut self, source: ErrorSource) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// A non-empty list of errors, as returned by request validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// One error.
    #[must_use]
    pub fn one(e: Error) -> Self {
        Self(vec![e])
    }

    /// The first error (there is always at least one).
    #[must_use]
    pub fn first(&self) -> Option<&Error> {
        self.0.first()
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Self::one(e)
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Most characters of a user-supplied value that an error message quotes.
pub const QUOTE_MAX_CHARS: usize = 80;

/// Quotes a user-supplied value for an error message, as `{:?}` does, keeping at most
/// [`QUOTE_MAX_CHARS`] characters: a longer value is cut, followed by `…` and its length, so a
/// 10 MB value does not make a 10 MB message. Paths keep values whole.
#[must_use]
pub fn quoted(s: &str) -> String {
    match s.char_indices().nth(QUOTE_MAX_CHARS) {
        None => format!("{s:?}"),
        Some((end, _)) => format!(
            "{:?}… ({} characters)",
            s.get(..end).unwrap_or_default(),
            s.chars().count()
        ),
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/`.
#[must_use]
pub fn pointer(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    for ch in token.chars() {
        match ch {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
    s
}
