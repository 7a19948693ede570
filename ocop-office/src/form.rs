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
