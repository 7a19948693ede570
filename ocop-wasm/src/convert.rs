//! JavaScript values to and from the core's JSON contract.
//!
//! Requests: a JavaScript string is JSON text and goes through the core's strict parser (so
//! duplicate keys and truncated text are reported exactly as by the CLI); any other value is
//! walked into a [`Json`] tree directly, as `ocop_core::json` invites bindings to do. The walk
//! follows `JSON.stringify` where JSON has an answer (object entries whose value is `undefined`
//! are absent) and reports what JSON cannot hold (`NaN`, `Infinity`, `undefined` in a list,
//! functions, symbols, big integers, cycles) as errors with their JSON Pointer, where
//! `JSON.stringify` would silently write `null` or drop them.
//!
//! Results: the core serialises the outcome to JSON text and `JSON.parse` turns it into plain
//! objects, so JavaScript sees exactly the CLI's output.

use ocop_core::error::pointer;
use ocop_core::json::{Json, Number};
use ocop_core::{Error, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// Deepest nesting accepted, as the core's text parser (serde_json's recursion limit).
pub const MAX_DEPTH: usize = 128;

/// Largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A request argument: JSON text (a string) or a JavaScript value.
///
/// # Errors
/// The core's parse errors for text; `wrong_type`, `invalid_number` or `nesting_too_deep`
/// for values JSON cannot hold.
pub fn request(v: &JsValue) -> Result<Json, Error> {
    match v.as_string() {
        Some(text) => Json::parse_str(&text),
        None => value(v, "", 0),
    }
}

/// Converts a number the way JSON text would be read: whole numbers within 2^53 become
/// integers, anything else a float. `NaN` and infinities are not JSON numbers.
///
/// # Errors
/// `invalid_number`.
pub fn number(f: f64, path: &str) -> Result<Json, Error> {
    if !f.is_finite() {
        return Err(Error::new(
            ErrorCode::InvalidNumber,
            path,
            format!("{f} is not a JSON number"),
        ));
    }
    if f.fract() == 0.0 && f.abs() <= MAX_SAFE {
        // Exact: `f` is a whole number of magnitude at most 2^53 − 1.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "range checked above"
        )]
        let n = if f >= 0.0 {
            Number::U(f as u64)
        } else {
            Number::I(f as i64)
        };
        return Ok(Json::Number(n));
    }
    Ok(Json::Number(Number::F(f)))
}

fn type_of(v: &JsValue) -> String {
    v.js_typeof().as_string().unwrap_or_else(|| "value".into())
}

fn not_json(v: &JsValue, path: &str) -> Error {
    Error::new(
        ErrorCode::WrongType,
        path,
        format!("expected a JSON value, found {}", type_of(v)),
    )
}

/// Walks a JavaScript value into a [`Json`] tree; `path` is the value's JSON Pointer, for
/// errors.
///
/// # Errors
/// See [`request`].
pub fn value(v: &JsValue, path: &str, depth: usize) -> Result<Json, Error> {
    walk(v, depth).map_err(|mut e| {
        e.path = format!("{path}{}", e.path);
        e
    })
}

/// Prefixes an error's path with one reference token, on the way out of a container (paths
/// are built only when there is an error, not for every key).
fn under(token: &str, mut e: Error) -> Error {
    e.path = format!("{}{}", pointer("", token), e.path);
    e
}

/// [`value`] with paths relative to `v`.
fn walk(v: &JsValue, depth: usize) -> Result<Json, Error> {
    // Numbers first: most values of a request are option numbers (each test is a call into
    // JavaScript).
    if let Some(f) = v.as_f64() {
        return number(f, "");
    }
    if let Some(s) = v.as_string() {
        return Ok(Json::String(s));
    }
    if v.is_null() {
        return Ok(Json::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if v.is_undefined() || v.is_function() || v.is_symbol() || v.is_bigint() || !v.is_object() {
        return Err(not_json(v, ""));
    }
    if depth >= MAX_DEPTH {
        return Err(Error::new(
            ErrorCode::NestingTooDeep,
            "",
            format!("input nests arrays or objects deeper than {MAX_DEPTH} levels (or is cyclic)"),
        ));
    }
    if js_sys::Array::is_array(v) {
        let arr: &js_sys::Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(usize::try_from(arr.length()).unwrap_or(0).min(1024));
        for (i, x) in arr.iter().enumerate() {
            out.push(walk(&x, depth + 1).map_err(|e| under(&i.to_string(), e))?);
        }
        return Ok(Json::Array(out));
    }
    let obj: &js_sys::Object = v.unchecked_ref();
    let mut out = Vec::new();
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let x = pair.get(1);
        if x.is_undefined() {
            continue;
        }
        match walk(&x, depth + 1) {
            Ok(j) => out.push((key, j)),
            Err(e) => return Err(under(&key, e)),
        }
    }
    Ok(Json::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_json_text() {
        assert_eq!(number(3.0, "/a").unwrap(), Json::Number(Number::U(3)));
        assert_eq!(number(-0.0, "/a").unwrap(), Json::Number(Number::U(0)));
        assert_eq!(number(-2.0, "/a").unwrap(), Json::Number(Number::I(-2)));
        assert_eq!(number(1.5, "/a").unwrap(), Json::Number(Number::F(1.5)));
        assert_eq!(number(1e300, "/a").unwrap(), Json::Number(Number::F(1e300)));
        let e = number(f64::NAN, "/answers/1.1").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidNumber);
        assert_eq!(e.path, "/answers/1.1");
        assert!(number(f64::INFINITY, "").is_err());
    }
}
