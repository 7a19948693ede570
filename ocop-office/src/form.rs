//! What every form format (xlsx, pdf, html) is made from: the edition and set, the heading
//! values a secretary fills in before printing, the members, and optionally answers.

use crate::Lang;
use ocop_core::contract::AnswerValue;
use std::collections::BTreeMap;

/// One member's sheet of a form: a name (may be empty: a blank sheet to sign by hand) and,
/// when the form is written pre-filled, that member's answers (criterion code to answer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormMember {
    /// The member's name as printed on the signature line; empty for a blank sheet.
    pub name: String,
    /// Answers to pre-fill, by criterion code; empty for a blank form.
    pub answers: BTreeMap<String, AnswerValue>,
}

/// The inputs of `ocop form` (and `ocop.write_form` in Python), shared by every format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormSpec {
    /// Edition id, e.g. `26/2026` (`26-2026` accepted).
    pub edition: String,
    /// Product set as given (`"1"`, `"01"`).
    pub product_set: String,
    /// Tên sản phẩm (heading field `product_name`).
    pub product: Option<String>,
    /// Mã số sản phẩm (heading field `product_code`).
    pub product_code: Option<String>,
    /// Tên chủ thể (heading field `owner`).
    pub owner: Option<String>,
    /// Council level printed on the form (`district`, `province`, `central`), if any.
    pub level: Option<String>,
    /// One entry per member sheet; empty means one blank sheet.
    pub members: Vec<FormMember>,
    /// Language of the labels that are not the law's own text.
    pub lang: Lang,
}

impl FormSpec {
    /// Pre-fills the form from a JSON request: a score request's `answers` (one sheet, named
    /// after the first `--member` if any) or a council request's `members` (one sheet per
    /// member, with its name and answers). The request's edition and product set must be the
    /// form's (by id; a request choosing its edition by date is refused).
    ///
    /// # Errors
    /// The contract's errors for the request; `conflicting_fields` when it names another
    /// edition or set than the form.
    pub fn fill_from_json(&mut self, text: &[u8]) -> Result<(), ocop_core::Errors> {
        use ocop_core::council::{is_council_request, CouncilRequest};
        use ocop_core::error::{Error, ErrorCode, Errors};
        use ocop_core::json::Json;
        let v = Json::parse(text)?;
        let (edition, set, members) = if is_council_request(&v) {
            let r = CouncilRequest::from_json(&v)?;
            let members: Vec<FormMember> = r
                .members
                .into_iter()
                .map(|m| FormMember {
                    name: m.member,
                    answers: m.answers,
                })
                .collect();
            if self.level.is_none() {
                self.level = Some(r.level.as_str().to_owned());
            }
            (r.edition, r.product_set, members)
        } else {
            let r = ocop_core::ScoreRequest::from_json(&v)?;
            let name = self
                .members
                .first()
                .map(|m| m.name.clone())
                .unwrap_or_default();
            (
                r.edition,
                r.product_set,
                vec![FormMember {
                    name,
                    answers: r.answers,
                }],
            )
        };
        let reg = ocop_core::registry()?;
        let same_edition = match (reg.edition(&edition), reg.edition(&self.edition)) {
            (Some(a), Some(b)) => a.meta.id == b.meta.id,
            _ => false,
        };
        let same_set = edition_set(&set) == edition_set(&self.product_set);
        if !same_edition || !same_set {
            return Err(Errors::one(Error::new(
                ErrorCode::ConflictingFields,
                "/edition",
                format!(
                    "the answers are for edition {edition:?} set {set:?}, the form for edition {:?} set {:?}",
                    self.edition, self.product_set
                ),
            )));
        }
        self.members = members;
        Ok(())
    }
}

/// A product set number as given (`"01"` and `"1"` are the same set).
fn edition_set(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}
