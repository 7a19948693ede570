//! Reading an advise request: a scoring or council request plus `target`, `frozen` and
//! `max_changes`.

use crate::council::{CouncilRequest, COUNCIL_KEYS};
use crate::data::Sheet;
use crate::error::{pointer, Error, ErrorCode, Errors};
use crate::json::{self, Json, Obj};
use crate::score::{ScoreRequest, REQUEST_KEYS};
use crate::vocab::{read_codes, unknown_criterion};
use serde::{Deserialize, Serialize};

/// The keys an advise request adds to a scoring request.
pub const ADVISE_KEYS: &[&str] = &["target", "frozen", "max_changes"];

/// What the advisor may not touch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Constraints {
    /// Criterion codes that must not change (e.g. the form of organisation).
    #[serde(default)]
    pub frozen: Vec<String>,
    /// The most criteria a plan may change.
    #[serde(default)]
    pub max_changes: Option<u32>,
}

/// An advise request on one sheet: a scoring request plus the target and the constraints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AdviseRequest {
    /// The scoring request describing the product now.
    #[serde(flatten)]
    pub request: ScoreRequest,
    /// Target stars (1–5); `None` = the next level.
    pub target: Option<u8>,
    /// Frozen criteria and the change limit.
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// An advise request on a council: a council scoring request plus the target and the
/// constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouncilAdviseRequest {
    /// The council request describing the product now.
    #[serde(flatten)]
    pub request: CouncilRequest,
    /// Target stars (1–5); `None` = the next level.
    pub target: Option<u8>,
    /// Frozen criteria and the change limit.
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// Reads `target`, `frozen` and `max_changes`, and returns the request without them for the
/// scoring reader (`base_keys` are the keys that reader accepts).
fn split_request(
    v: &Json,
    base_keys: &[&str],
    errors: &mut Vec<Error>,
) -> Result<(Json, Option<u8>, Constraints), Errors> {
    let allowed: Vec<&str> = base_keys.iter().chain(ADVISE_KEYS).copied().collect();
    let o = Obj::new(v, "", &allowed)?;
    let Json::Object(entries) = v else {
        return Err(Errors::one(json::wrong_type("", "an object", v)));
    };
    let rest = Json::Object(
        entries
            .iter()
            .filter(|(k, _)| !ADVISE_KEYS.contains(&k.as_str()))
            .cloned()
            .collect(),
    );
    let target = match o.get("target") {
        None | Some(Json::Null) => None,
        Some(x) => match json::as_whole(x, "/target", 5) {
            Ok(0) => {
                errors.push(bad_target(0));
                None
            }
            Ok(t) => u8::try_from(t).ok(),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let frozen = match o.get("frozen") {
        None | Some(Json::Null) => Vec::new(),
        Some(x) => read_codes(x, "/frozen", errors),
    };
    let max_changes = match o.get("max_changes") {
        None | Some(Json::Null) => None,
        Some(x) => match json::as_whole(x, "/max_changes", u64::from(u32::MAX)) {
            Ok(n) => u32::try_from(n).ok(),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    Ok((
        rest,
        target,
        Constraints {
            frozen,
            max_changes,
        },
    ))
}

impl AdviseRequest {
    /// Reads an advise request from a parsed JSON tree, collecting every error found. The
    /// scoring part is read by [`ScoreRequest::from_json`].
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<AdviseRequest, Errors> {
        let mut errors = Vec::new();
        let (rest, target, constraints) = split_request(v, REQUEST_KEYS, &mut errors)?;
        let request = ScoreRequest::from_json(&rest).map_err(|Errors(e)| {
            let mut all = e;
            all.append(&mut errors);
            Errors(all)
        })?;
        if errors.is_empty() {
            Ok(AdviseRequest {
                request,
                target,
                constraints,
            })
        } else {
            Err(Errors(errors))
        }
    }
}

impl CouncilAdviseRequest {
    /// Reads a council advise request, collecting every error found. The council part is read
    /// by [`CouncilRequest::from_json`].
    ///
    /// # Errors
    /// The contract's error codes with JSON Pointer paths.
    pub fn from_json(v: &Json) -> Result<CouncilAdviseRequest, Errors> {
        let mut errors = Vec::new();
        let (rest, target, constraints) = split_request(v, COUNCIL_KEYS, &mut errors)?;
        let request = CouncilRequest::from_json(&rest).map_err(|Errors(e)| {
            let mut all = e;
            all.append(&mut errors);
            Errors(all)
        })?;
        if errors.is_empty() {
            Ok(CouncilAdviseRequest {
                request,
                target,
                constraints,
            })
        } else {
            Err(Errors(errors))
        }
    }
}

fn bad_target(t: u64) -> Error {
    Error::new(
        ErrorCode::InvalidNumber,
        "/target",
        format!("expected a star level from 1 to 5, found {t}"),
    )
}

/// Resolves frozen codes against a sheet; unknown codes are `unknown_criterion` errors.
pub(super) fn resolve_frozen(
    sheet: &Sheet,
    codes: &[String],
    errors: &mut Vec<Error>,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(codes.len());
    for (j, code) in codes.iter().enumerate() {
        match sheet.criterion(code) {
            Some((i, _)) => out.push(i),
            None => errors.push(unknown_criterion(
                sheet,
                code,
                &pointer("/frozen", &j.to_string()),
            )),
        }
    }
    out
}

/// The next level above the stars an evaluation gives, ignoring any elimination.
pub(super) fn next_level(band: u8, failed_level: u8) -> u8 {
    band.min(failed_level.saturating_sub(1))
        .max(1)
        .saturating_add(1)
        .min(5)
}

pub(super) fn check_target(target: Option<u8>, errors: &mut Vec<Error>) {
    if let Some(t) = target.filter(|t| !(1..=5).contains(t)) {
        errors.push(bad_target(u64::from(t)));
    }
}
