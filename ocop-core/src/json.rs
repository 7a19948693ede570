//! A strict JSON document tree.
//!
//! [`Json`] keeps every object entry in input order, *including duplicates*, so that the
//! contract readers can reject duplicate keys with the exact path. Bindings can build a [`Json`]
//! directly from host values (Python dicts, JavaScript objects) and skip text entirely.

use crate::error::{pointer, quoted, Error, ErrorCode};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// Largest accepted input for one request, in bytes (16 MiB).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A JSON number as read: an unsigned or signed integer, or a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// Any other number (fractional, exponent, or beyond 64 bits). Never NaN or infinite.
    F(f64),
}

/// A JSON value whose objects keep duplicate keys and their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object: entries in input order, duplicates kept.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The JSON type name used in error messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// Parses UTF-8 JSON text strictly. A leading byte-order mark is accepted and ignored.
    ///
    /// # Errors
    /// `empty_input`, `input_too_large`, `invalid_json` (syntax, truncation, invalid UTF-8,
    /// trailing characters) or `nesting_too_deep`.
    pub fn parse(input: &[u8]) -> Result<Json, Error> {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                "",
                format!(
                    "input is {} bytes; one request may be at most {MAX_INPUT_BYTES} bytes",
                    input.len()
                ),
            ));
        }
        if input.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::new(ErrorCode::EmptyInput, "", "input is empty"));
        }
        serde_json::from_slice::<Json>(input).map_err(|e| from_serde_error(&e))
    }

    /// Parses a string; see [`Json::parse`].
    ///
    /// # Errors
    /// As [`Json::parse`].
    pub fn parse_str(input: &str) -> Result<Json, Error> {
        Json::parse(input.as_bytes())
    }

    /// Converts a `serde_json::Value` (whose objects cannot hold duplicates).
    #[must_use]
    pub fn from_value(v: &serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(if let Some(u) = n.as_u64() {
                Number::U(u)
            } else if let Some(i) = n.as_i64() {
                Number::I(i)
            } else {
                Number::F(n.as_f64().unwrap_or(0.0))
            }),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(a) => Json::Array(a.iter().map(Json::from_value).collect()),
            serde_json::Value::Object(o) => Json::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
        }
    }
}

/// Maps a serde_json error to our codes. Messages keep serde_json's line and column.
pub(crate) fn from_serde_error(e: &serde_json::Error) -> Error {
    let msg = e.to_string();
    if msg.contains("recursion limit exceeded") {
        return Error::new(
            ErrorCode::NestingTooDeep,
            "",
            format!("input nests arrays or objects too deeply ({msg})"),
        );
    }
    let what = match e.classify() {
        serde_json::error::Category::Eof => "input ends unexpectedly (truncated?)",
        _ => "input is not valid JSON",
    };
    Error::new(ErrorCode::InvalidJson, "", format!("{what}: {msg}"))
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(if v >= 0 {
            Number::U(v.unsigned_abs())
        } else {
            Number::I(v)
        }))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(Number::U(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        if v.is_finite() {
            Ok(Json::Number(Number::F(v)))
        } else {
            Err(E::custom("number out of range"))
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(x) = seq.next_element()? {
            v.push(x);
        }
        Ok(Json::Array(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut v = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((k, x)) = map.next_entry::<String, Json>()? {
            v.push((k, x));
        }
        Ok(Json::Object(v))
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(Number::U(u)) => s.serialize_u64(*u),
            Json::Number(Number::I(i)) => s.serialize_i64(*i),
            Json::Number(Number::F(f)) => s.serialize_f64(*f),
            Json::String(x) => s.serialize_str(x),
            Json::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Json::Object(o) => {
                let mut m = s.serialize_map(Some(o.len()))?;
                for (k, x) in o {
                    m.serialize_entry(k, x)?;
                }
                m.end()
            }
        }
    }
}

/// Reads one object of the contract: rejects duplicate and unknown keys with their paths.
#[derive(Debug)]
pub struct Obj<'a> {
    entries: &'a [(String, Json)],
    path: &'a str,
}

impl<'a> Obj<'a> {
    /// Views `v` as an object whose keys must all be in `allowed` and appear once.
    ///
    /// # Errors
    /// `wrong_type`, `duplicate_key` or `unknown_field`.
    pub fn new(v: &'a Json, path: &'a str, allowed: &[&str]) -> Result<Self, Error> {
        let Json::Object(entries) = v else {
            return Err(wrong_type(path, "an object", v));
        };
        for (i, (k, _)) in entries.iter().enumerate() {
            if entries.iter().take(i).any(|(k2, _)| k2 == k) {
                return Err(Error::new(
                    ErrorCode::DuplicateKey,
                    pointer(path, k),
                    format!("key {} appears more than once", quoted(k)),
                ));
            }
            if !allowed.contains(&k.as_str()) {
                return Err(Error::new(
                    ErrorCode::UnknownField,
                    pointer(path, k),
                    format!(
                        "unknown field {}; expected one of: {}",
                        quoted(k),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(Self { entries, path })
    }

    /// The value of `key`, if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, or a `missing_field` error.
    ///
    /// # Errors
    /// `missing_field`.
    pub fn require(&self, key: &str) -> Result<&'a Json, Error> {
        self.get(key).ok_or_else(|| {
            Error::new(
                ErrorCode::MissingField,
                pointer(self.path, key),
                format!("required field {key:?} is missing"),
            )
        })
    }

    /// The JSON Pointer of `key` in this object.
    #[must_use]
    pub fn path_of(&self, key: &str) -> String {
        pointer(self.path, key)
    }
}

/// Checks that an object (any keys) has no duplicate key, returning its entries.
///
/// # Errors
/// `wrong_type` or `duplicate_key`.
pub fn unique_entries<'a>(v: &'a Json, path: &str) -> Result<&'a [(String, Json)], Error> {
    let Json::Object(entries) = v else {
        return Err(wrong_type(path, "an object", v));
    };
    if entries.len() <= 64 {
        // Compare cheap fingerprints first; only equal fingerprints compare the keys. Same
        // answer as the plain pairwise scan: the first key that repeats an earlier one.
        let mut seen = [0u64; 64];
        for (i, (k, _)) in entries.iter().enumerate() {
            let f = fingerprint(k);
            if seen
                .iter()
                .zip(entries)
                .take(i)
                .any(|(&f2, (k2, _))| f2 == f && k2 == k)
            {
                return Err(dup(path, k));
            }
            if let Some(slot) = seen.get_mut(i) {
                *slot = f;
            }
        }
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        for (k, _) in entries {
            if !seen.insert(k.as_str()) {
                return Err(dup(path, k));
            }
        }
    }
    Ok(entries)
}

/// FNV-1a of a key: equal keys have equal fingerprints.
fn fingerprint(k: &str) -> u64 {
    k.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn dup(path: &str, k: &str) -> Error {
    Error::new(
        ErrorCode::DuplicateKey,
        pointer(path, k),
        format!("key {} appears more than once", quoted(k)),
    )
}

/// A `wrong_type` error: `expected` names what the contract wants.
#[must_use]
pub fn wrong_type(path: &str, expected: &str, got: &Json) -> Error {
    Error::new(
        ErrorCode::WrongType,
        path,
        format!("expected {expected}, found {}", got.type_name()),
    )
}

/// Reads a string.
///
/// # Errors
/// `wrong_type`.
pub fn as_str<'a>(v: &'a Json, path: &str) -> Result<&'a str, Error> {
    match v {
        Json::String(s) => Ok(s),
        other => Err(wrong_type(path, "a string", other)),
    }
}

/// Reads a boolean.
///
/// # Errors
/// `wrong_type`.
pub fn as_bool(v: &Json, path: &str) -> Result<bool, Error> {
    match v {
        Json::Bool(b) => Ok(*b),
        other => Err(wrong_type(path, "true or false", other)),
    }
}

/// Reads a whole number in `0..=max`. A float with no fractional part (`3.0`) is accepted.
///
/// # Errors
/// `wrong_type` or `invalid_number`.
pub fn as_whole(v: &Json, path: &str, max: u64) -> Result<u64, Error> {
    let n = match v {
        Json::Number(n) => *n,
        other => return Err(wrong_type(path, "a whole number", other)),
    };
    let out = match n {
        Number::U(u) => Some(u),
        Number::I(_) => None,
        Number::F(f) if f.fract() == 0.0 && (0.0..=max as f64).contains(&f) => {
            // Exact: f is a whole number no larger than `max`, which fits u64.
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "range checked"
            )]
            Some(f as u64)
        }
        Number::F(_) => None,
    };
    match out {
        Some(u) if u <= max => Ok(u),
        _ => Err(Error::new(
            ErrorCode::InvalidNumber,
            path,
            format!(
                "expected a whole number from 0 to {max}, found {}",
                show_number(n)
            ),
        )),
    }
}

fn show_number(n: Number) -> String {
    match n {
        Number::U(u) => u.to_string(),
        Number::I(i) => i.to_string(),
        Number::F(f) => f.to_string(),
    }
}
