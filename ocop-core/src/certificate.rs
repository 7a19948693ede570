//! Certificates: expiry, the re-evaluation filing window, the transitional extension, and
//! validity on a date.
//!
//! # Entry points (op `certificate` of the golden corpus)
//! - typed: [`certificate`]`(&CertificateQuery) -> Result<Certificate, Errors>`;
//! - JSON tree: [`certificate_json`]`(&Json) -> Outcome<Certificate>`;
//! - text: [`certificate_json_str`]`(&str) -> String`.
//!
//! Request: `{"issued": "YYYY-MM-DD", "edition": "148/2023", "on": "YYYY-MM-DD",
//! "reevaluation_filed": "YYYY-MM-DD", "result_on": "YYYY-MM-DD"}`; only `issued` is
//! required. Without `edition`, the edition in force on the issue date is assumed
//! (`edition_inferred: true`).
//!
//! Every number below is data (`procedure.certificate` and `procedure.transition` of the
//! editions): validity from the certificate's edition; the window and the extension from the
//! latest edition setting a window that is in force by the expiry (else the earliest such).
//!
//! # Rules
//! - **Validity**: "Giấy chứng nhận cho sản phẩm OCOP đạt từ 3 sao trở lên có giá trị trong
//!   thời hạn 36 tháng kể từ ngày cơ quan có thẩm quyền ban hành" (QĐ 26/2026/QĐ-TTg Điều 4
//!   khoản 3; QĐ 1048/QĐ-TTg Điều 1 khoản 3 says the same for 3–5★). `expires` is the issue
//!   date plus 36 calendar months — the last day of validity, inclusive (Bộ luật Dân sự 2015
//!   Điều 148 khoản 3: a period in months ends at the end of the corresponding day of the last
//!   month, or the month's last day when it has no such day).
//! - **Older editions**: "Đối với các sản phẩm đã được cấp có thẩm quyền đánh giá, phân hạng
//!   OCOP đạt từ 3 sao đến 5 sao trước ngày Quyết định này có hiệu lực, thì tiếp tục có giá trị
//!   đến hết thời hạn theo quyết định công nhận" (QĐ 26/2026/QĐ-TTg Điều 12 khoản 1): a
//!   certificate of any edition is valid until its own expiry.
//! - **Re-evaluation window**: "Thời gian nộp hồ sơ không sớm hơn 180 ngày và không muộn hơn
//!   120 ngày tính đến ngày hết thời hạn của giấy chứng nhận" (QĐ 26/2026/QĐ-TTg Điều 7 khoản 6
//!   điểm a): `opens` = expiry − 180 days, `closes` = expiry − 120 days, both inclusive. The
//!   rule governs dossiers filed from 22/5/2026; earlier filings followed the older rules
//!   (`filing: "old_rules"`).
//! - **Extension**: "Những sản phẩm thuộc đối tượng đánh giá, phân hạng lại, nhưng thời gian nộp
//!   hồ sơ không đáp ứng được thời hạn theo quy định tại điểm a khoản 6 Điều 7 Quyết định này,
//!   thì giấy chứng nhận tiếp tục có hiệu lực đến ngày có kết quả xử lý của cơ quan có thẩm
//!   quyền, nhưng không quá 180 ngày tính từ ngày hết thời hạn" (Điều 12 khoản 3). Modelled for
//!   a re-evaluation dossier filed after the window closed but no later than the expiry date
//!   ("tiếp tục có hiệu lực" — the certificate continues, so it must still be valid when the
//!   dossier is filed; a filing after expiry gets no extension). Validity then runs to the
//!   result date (`result_on`, if known) but at most to expiry + 180 days. A filing before the
//!   window opens is `early` and gets no extension (the text speaks of missing the deadline;
//!   an early filer can still file in time).

use crate::data::Edition;
use crate::date::Date;
use crate::error::{Error, ErrorCode, Errors};
use crate::json::{self, Json, Obj};
use crate::registry::{registry, Registry};
use crate::vocab::{read_date, to_json, Outcome};
use serde::{Deserialize, Serialize};

/// The keys of a certificate request.
pub const CERTIFICATE_KEYS: &[&str] =
    &["issued", "edition", "on", "reevaluation_filed", "result_on"];

/// A question about one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CertificateQuery {
    /// Issue date (ngày ban hành).
    pub issued: Date,
    /// Edition under which it was issued; `None` = the edition in force on the issue date.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub edition: Option<String>,
    /// A date to check validity on.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub on: Option<Date>,
    /// Filing date of the re-evaluation dossier, if any.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub reevaluation_filed: Option<Date>,
    /// Date of the competent authority's result on that dossier, if known.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub result_on: Option<Date>,
}

/// The re-evaluation filing window of QĐ 26/2026/QĐ-TTg Điều 7 khoản 6 điểm a.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First day to file (expiry − 180 days).
    pub opens: Date,
    /// Last day to file (expiry − 120 days).
    pub closes: Date,
    /// `true` when some day of the window falls on or after 22/5/2026, when the rule took
    /// effect.
    pub applies: bool,
    /// The provision.
    pub citation: String,
}

/// How a re-evaluation filing relates to the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Filing {
    /// Filed before 22/5/2026: the window did not yet exist.
    OldRules,
    /// Filed before the window opens.
    Early,
    /// Filed within the window.
    InWindow,
    /// Filed after the window closed, on or before expiry: Điều 12 khoản 3 extends validity.
    Late,
    /// Filed after the certificate expired.
    AfterExpiry,
}

/// The extension of Điều 12 khoản 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The longest it can run: expiry + 180 days.
    pub max_until: Date,
    /// Last day of validity: the result date if known and earlier, else `max_until`.
    pub until: Date,
    /// The provision.
    pub citation: String,
}

/// Validity on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Before the issue date.
    NotYetIssued,
    /// Within the 36 months.
    Valid,
    /// After expiry, within the extension.
    Extended,
    /// No longer valid.
    Expired,
}

/// What this release can say about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Issue date.
    pub issued: Date,
    /// Edition under which it was issued.
    pub edition: String,
    /// `true` when the edition was not given and is the one in force on the issue date.
    pub edition_inferred: bool,
    /// 36.
    pub validity_months: u8,
    /// Last day of the 36 months (inclusive).
    pub expires: Date,
    /// The re-evaluation window.
    pub reevaluation_window: Window,
    /// Filing date of the re-evaluation dossier, as asked.
    pub reevaluation_filed: Option<Date>,
    /// How that filing relates to the window.
    pub filing: Option<Filing>,
    /// Result date, as asked.
    pub result_on: Option<Date>,
    /// The extension of Điều 12 khoản 3, when it applies.
    pub extension: Option<Extension>,
    /// Last day of validity, extension included (as far as known).
    pub valid_until: Date,
    /// The date asked about.
    pub on: Option<Date>,
    /// Standing on that date (named so as not to clash with the outcome's `status`).
    pub standing: Option<Standing>,
    /// `true` when valid or extended on that date.
    pub valid: Option<bool>,
    /// Provisions relied on, `"<decision>: <article>"`.
    pub citations: Vec<String>,
}

/// The edition whose re-evaluation window and late-filing extension govern a certificate
/// expiring on `expires`: the latest edition setting a window that is in force by then, else
/// the earliest setting one (`procedure.certificate.reevaluation_window`).
fn window_edition(reg: &Registry, expires: Date) -> Option<&Edition> {
    let mut with: Vec<&Edition> = reg
        .editions()
        .iter()
        .filter(|e| {
            e.meta
                .procedure
                .certificate
                .reevaluation_window
                .opens_days_before_expiry
                .is_some()
        })
        .collect();
    with.sort_by_key(|e| e.meta.effective_from);
    with.iter()
        .rev()
        .find(|e| e.meta.effective_from <= expires)
        .or_else(|| with.first())
        .copied()
}

fn out_of_range(path: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidDate,
        path,
        format!("{what} falls outside the supported years 1900–2999"),
    )
}

/// Answers a certificate question in the given registry.
///
/// # Errors
/// `unknown_edition`, `no_edition_for_date` (no edition on the issue date),
/// `conflicting_fields` (dates out of order, an issue date before the edition, `result_on`
/// without `reevaluation_filed`), `invalid_date` (beyond the supported years).
pub fn certificate_in(reg: &Registry, q: &CertificateQuery) -> Result<Certificate, Errors> {
    let (edition, inferred) = match &q.edition {
        Some(id) => {
            let e = reg.require_edition(id, "/edition")?;
            if q.issued < e.meta.effective_from {
                return Err(Error::new(
                    ErrorCode::ConflictingFields,
                    "/issued",
                    format!(
                        "a certificate cannot be issued under {} on {}: that edition applies from {}",
                        e.meta.id, q.issued, e.meta.effective_from
                    ),
                )
                .into());
            }
            (e, false)
        }
        None => {
            let found = reg.editions().iter().find(|e| {
                e.meta.effective_from <= q.issued
                    && e.meta.effective_to.is_none_or(|to| q.issued < to)
            });
            match found {
                Some(e) => (e, true),
                None => {
                    return Err(Error::new(
                        ErrorCode::NoEditionForDate,
                        "/issued",
                        format!("no edition was in force on {}", q.issued),
                    )
                    .into())
                }
            }
        }
    };
    let mut errors = Vec::new();
    if let Some(f) = q.reevaluation_filed {
        if f < q.issued {
            errors.push(Error::new(
                ErrorCode::ConflictingFields,
                "/reevaluation_filed",
                format!(
                    "the re-evaluation filing {f} is before the issue date {}",
                    q.issued
                ),
            ));
        }
    }
    match (q.reevaluation_filed, q.result_on) {
        (None, Some(_)) => errors.push(Error::new(
            ErrorCode::ConflictingFields,
            "/result_on",
            "\"result_on\" is the result of a re-evaluation: give \"reevaluation_filed\" too",
        )),
        (Some(f), Some(r)) if r < f => errors.push(Error::new(
            ErrorCode::ConflictingFields,
            "/result_on",
            format!("the result date {r} is before the filing date {f}"),
        )),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let rules = &edition.meta.procedure.certificate;
    let months = rules.validity_months.value;
    let expires = q
        .issued
        .add_months(i32::from(months))
        .ok_or_else(|| out_of_range("/issued", "the expiry date"))?;
    let governing = window_edition(reg, expires).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidData,
            "",
            "no edition of the data sets a re-evaluation window (procedure.certificate.reevaluation_window)",
        )
    })?;
    let wrule = &governing.meta.procedure.certificate;
    let (opens_days, closes_days) = match (
        wrule.reevaluation_window.opens_days_before_expiry,
        wrule.reevaluation_window.closes_days_before_expiry,
    ) {
        (Some(o), Some(c)) => (i64::from(o), i64::from(c)),
        _ => (0, 0),
    };
    let opens = expires
        .add_days(-opens_days)
        .ok_or_else(|| out_of_range("/issued", "the filing window"))?;
    let closes = expires
        .add_days(-closes_days)
        .ok_or_else(|| out_of_range("/issued", "the filing window"))?;
    let start = Some(governing.meta.effective_from);
    let window = Window {
        opens,
        closes,
        applies: start.is_some_and(|s| closes >= s),
        citation: wrule.reevaluation_window.citation.clone(),
    };
    let filing = q.reevaluation_filed.map(|f| {
        if f > expires {
            Filing::AfterExpiry
        } else if start.is_none_or(|s| f < s) {
            Filing::OldRules
        } else if f < opens {
            Filing::Early
        } else if f <= closes {
            Filing::InWindow
        } else {
            Filing::Late
        }
    });
    let extension = match (filing, wrule.late_filing_extension_days.value) {
        (Some(Filing::Late), Some(days)) => {
            let max_until = expires
                .add_days(i64::from(days))
                .ok_or_else(|| out_of_range("/issued", "the extension"))?;
            let until = match q.result_on {
                Some(r) if r < max_until => r.max(expires),
                _ => max_until,
            };
            Some(Extension {
                max_until,
                until,
                citation: wrule.late_filing_extension_days.citation.clone(),
            })
        }
        _ => None,
    };
    let valid_until = extension.as_ref().map_or(expires, |x| x.until);
    let standing =
        q.on.map(|on| standing_on(q.issued, expires, valid_until, on));
    let mut citations = vec![rules.validity_months.citation.clone()];
    // Later editions keeping this certificate valid to its expiry (26/2026 Điều 12 khoản 1).
    for later in reg.editions() {
        let t = &later.meta.procedure.transition;
        if let Some(c) = &t.prior_certificates {
            if edition.meta.effective_from < later.meta.effective_from
                && expires >= later.meta.effective_from
            {
                citations.push(c.clone());
            }
        }
    }
    if window.applies {
        citations.push(window.citation.clone());
    }
    if let Some(x) = &extension {
        citations.push(x.citation.clone());
    }
    Ok(Certificate {
        issued: q.issued,
        edition: edition.meta.id.clone(),
        edition_inferred: inferred,
        validity_months: months,
        expires,
        reevaluation_window: window,
        reevaluation_filed: q.reevaluation_filed,
        filing,
        result_on: q.result_on,
        extension,
        valid_until,
        on: q.on,
        standing,
        valid: standing.map(|s| matches!(s, Standing::Valid | Standing::Extended)),
        citations,
    })
}

/// Standing on `on` of a certificate issued on `issued`, expiring on `expires` and valid,
/// extension included, until `valid_until` (every bound inclusive).
fn standing_on(issued: Date, expires: Date, valid_until: Date, on: Date) -> Standing {
    if on < issued {
        Standing::NotYetIssued
    } else if on <= expires {
        Standing::Valid
    } else if on <= valid_until {
        Standing::Extended
    } else {
        Standing::Expired
    }
}

impl Certificate {
    /// The standing of this certificate on another date than the one asked about (the same
    /// rule as [`Certificate::standing`]: valid from the issue date to `expires`, then extended
    /// to `valid_until`, every bound inclusive).
    #[must_use]
    pub fn standing_on(&self, on: Date) -> Standing {
        standing_on(self.issued, self.expires, self.valid_until, on)
    }
}

/// Where a date stands against the re-evaluation window (both bounds inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// Before `opens`.
    NotOpen,
    /// From `opens` to `closes`, both included.
    Open,
    /// After `closes`.
    Closed,
}

impl Window {
    /// The state of the window on `on`: "không sớm hơn 180 ngày và không muộn hơn 120 ngày"
    /// (Điều 7 khoản 6 điểm a), so the first and the last day both belong to it.
    #[must_use]
    pub fn state_on(&self, on: Date) -> WindowState {
        if on < self.opens {
            WindowState::NotOpen
        } else if on <= self.closes {
            WindowState::Open
        } else {
            WindowState::Closed
        }
    }
}

/// Answers a certificate question.
///
/// # Errors
/// See [`certificate_in`].
pub fn certificate(q: &CertificateQuery) -> Result<Certificate, Errors> {
    certificate_in(registry()?, q)
}

impl CertificateQuery {
    /// Reads a certificate request.
    ///
    /// # Errors
    /// `wrong_type`, `unknown_field`, `duplicate_key`, `missing_field`, `invalid_date`.
    pub fn from_json(v: &Json) -> Result<CertificateQuery, Errors> {
        let o = Obj::new(v, "", CERTIFICATE_KEYS)?;
        let mut errors = Vec::new();
        let issued = match o.require("issued") {
            Ok(x) => read_date(x, "/issued", &mut errors),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let edition = match o.get("edition") {
            None | Some(Json::Null) => None,
            Some(x) => json::as_str(x, "/edition")
                .map(str::to_owned)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let mut date = |k: &str| match o.get(k) {
            None | Some(Json::Null) => None,
            Some(x) => read_date(x, &format!("/{k}"), &mut errors),
        };
        let on = date("on");
        let reevaluation_filed = date("reevaluation_filed");
        let result_on = date("result_on");
        match issued {
            Some(issued) if errors.is_empty() => Ok(CertificateQuery {
                issued,
                edition,
                on,
                reevaluation_filed,
                result_on,
            }),
            _ => Err(Errors(errors)),
        }
    }
}

/// Answers a certificate request given as a JSON tree.
#[must_use]
pub fn certificate_json(v: &Json) -> Outcome<Certificate> {
    CertificateQuery::from_json(v)
        .and_then(|q| certificate(&q))
        .into()
}

/// Answers a certificate request given as JSON text; returns the outcome as JSON text.
#[must_use]
pub fn certificate_json_str(input: &str) -> String {
    let outcome = match Json::parse(input.as_bytes()) {
        Ok(v) => certificate_json(&v),
        Err(e) => Outcome::Failure { errors: vec![e] },
    };
    to_json(&outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, "").unwrap()
    }

    fn query(
        issued: &str,
        edition: Option<&str>,
        filed: Option<&str>,
        result: Option<&str>,
    ) -> CertificateQuery {
        CertificateQuery {
            issued: d(issued),
            edition: edition.map(str::to_owned),
            on: None,
            reevaluation_filed: filed.map(d),
            result_on: result.map(d),
        }
    }

    fn refused(q: &CertificateQuery) -> Vec<(ErrorCode, String)> {
        certificate(q)
            .err()
            .map(|Errors(e)| e.into_iter().map(|e| (e.code, e.path)).collect())
            .unwrap_or_default()
    }

    /// The inclusive boundaries of the date checks: a certificate may be issued on its
    /// edition's first day (26/2026 applies from 22/5/2026), a re-evaluation filed on the issue
    /// day, and its result given on the filing day; one day earlier is refused.
    #[test]
    fn date_checks_include_their_boundary_day() {
        let c = certificate(&query("2026-05-22", Some("26/2026"), None, None)).unwrap();
        assert_eq!(c.edition, "26/2026");
        assert_eq!(
            refused(&query("2026-05-21", Some("26/2026"), None, None)),
            [(ErrorCode::ConflictingFields, "/issued".to_owned())]
        );
        let c = certificate(&query("2024-03-01", None, Some("2024-03-01"), None)).unwrap();
        assert_eq!(c.reevaluation_filed, Some(d("2024-03-01")));
        assert_eq!(
            refused(&query("2024-03-01", None, Some("2024-02-29"), None)),
            [(
                ErrorCode::ConflictingFields,
                "/reevaluation_filed".to_owned()
            )]
        );
        let c = certificate(&query(
            "2024-03-01",
            None,
            Some("2026-12-01"),
            Some("2026-12-01"),
        ))
        .unwrap();
        assert_eq!(c.result_on, Some(d("2026-12-01")));
        assert_eq!(
            refused(&query(
                "2024-03-01",
                None,
                Some("2026-12-01"),
                Some("2026-11-30")
            )),
            [(ErrorCode::ConflictingFields, "/result_on".to_owned())]
        );
    }

    /// A filing made on the day the new rules start is judged by them; the day before, by
    /// the old ones. Issued 1/12/2023 under 148/2023, the certificate expires 1/12/2026, after
    /// 26/2026 took effect (22/5/2026), whose window opens 180 days before expiry (4/6/2026).
    #[test]
    fn a_filing_on_the_first_day_of_the_new_rules_is_judged_by_them() {
        let filed = |f: &str| certificate(&query("2023-12-01", None, Some(f), None)).unwrap();
        let c = filed("2026-05-22");
        assert_eq!(c.expires, d("2026-12-01"));
        assert_eq!(c.reevaluation_window.opens, d("2026-06-04"));
        assert_eq!(c.filing, Some(Filing::Early));
        assert_eq!(filed("2026-05-21").filing, Some(Filing::OldRules));
    }

    /// A late filing extends the certificate until the result, never beyond the extension's
    /// limit and never to before the expiry (148/2023 issued 31/8/2023: expiry 31/8/2026,
    /// limit 27/2/2027 as in `expiry_window_extension`).
    #[test]
    fn a_late_filings_extension_ends_with_the_result_within_its_limit() {
        let until = |r: &str| {
            let c = certificate(&query("2023-08-31", None, Some("2026-06-01"), Some(r))).unwrap();
            let e = c.extension.expect("late filing: extension");
            assert_eq!(e.max_until, d("2027-02-27"));
            e.until
        };
        assert_eq!(until("2026-10-01"), d("2026-10-01"));
        assert_eq!(until("2026-07-01"), d("2026-08-31"));
        assert_eq!(until("2027-02-26"), d("2027-02-26"));
        assert_eq!(until("2027-02-27"), d("2027-02-27"));
        assert_eq!(until("2027-03-15"), d("2027-02-27"));
    }

    /// The window holds its first and its last day (Điều 7 khoản 6 điểm a): not open the day
    /// before `opens`, closed the day after `closes`.
    #[test]
    fn the_window_includes_its_first_and_last_day() {
        let w = certificate(&query("2023-12-01", None, None, None))
            .unwrap()
            .reevaluation_window;
        let (opens, closes) = (w.opens, w.closes);
        assert_eq!((opens, closes), (d("2026-06-04"), d("2026-08-03")));
        assert_eq!(w.state_on(d("2026-06-03")), WindowState::NotOpen);
        assert_eq!(w.state_on(opens), WindowState::Open);
        assert_eq!(w.state_on(d("2026-07-01")), WindowState::Open);
        assert_eq!(w.state_on(closes), WindowState::Open);
        assert_eq!(w.state_on(d("2026-08-04")), WindowState::Closed);
    }

    /// A valid issue date does not let a bad other field through, and the text entry point
    /// answers what the tree entry point answers, as compact JSON text.
    #[test]
    fn a_bad_field_beside_a_valid_issue_date_is_refused() {
        let text = r#"{"issued": "2024-03-01", "on": "2026-02-30"}"#;
        let out = certificate_json_str(text);
        assert!(
            out.starts_with(r#"{"status":"failure","errors":[{"code":"invalid_date","path":"/on""#),
            "{out}"
        );
        let good = r#"{"issued": "2024-03-01", "on": "2026-02-28"}"#;
        let out = certificate_json_str(good);
        assert!(out.starts_with(r#"{"status":"success""#), "{out}");
        let tree = Json::parse(good.as_bytes()).unwrap();
        assert_eq!(out, to_json(&certificate_json(&tree)));
    }

    #[test]
    fn expiry_window_extension() {
        let c = certificate(&CertificateQuery {
            issued: d("2023-08-31"),
            edition: None,
            on: Some(d("2026-09-01")),
            reevaluation_filed: Some(d("2026-06-01")),
            result_on: None,
        })
        .unwrap();
        assert_eq!(c.edition, "148/2023");
        assert_eq!(c.expires, d("2026-08-31"));
        assert_eq!(c.reevaluation_window.opens, d("2026-03-04"));
        assert_eq!(c.reevaluation_window.closes, d("2026-05-03"));
        assert_eq!(c.filing, Some(Filing::Late));
        assert_eq!(c.valid_until, d("2027-02-27"));
        assert_eq!(c.standing, Some(Standing::Extended));
    }
}
