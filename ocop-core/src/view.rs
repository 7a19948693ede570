//! The shapes of the catalogue: editions and product sets in listings, and a whole criteria
//! sheet as data ([`SheetView`], built by [`crate::eval::Scorer::sheet_view`]).

use crate::data::{ErratumField, Mode, Note, Part};
use crate::vocab::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An edition in listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// Id.
    pub id: String,
    /// Decision.
    pub decision: String,
    /// Amending decision.
    pub amended_by: Option<String>,
    /// Title.
    pub title: String,
    /// Signed on.
    pub signed_on: String,
    /// First day in force.
    pub effective_from: String,
    /// First day no longer in force (exclusive), or null.
    pub effective_to: Option<String>,
    /// Provenance.
    pub source: String,
    /// Confidence.
    pub confidence: String,
    /// Data version.
    pub data_version: String,
    /// Number of product sets.
    pub sets: u8,
    /// Sets this release has data for.
    pub sets_available: u8,
    /// Edition whose sheets are inherited.
    pub inherits: Option<String>,
    /// Rule citations.
    pub citations: BTreeMap<String, String>,
    /// Known gaps.
    pub gaps: Vec<crate::data::Gap>,
}

/// A product set in listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetInfo {
    /// Number.
    pub number: u8,
    /// Name.
    pub name: String,
    /// Sector line.
    pub sector: String,
    /// Group line.
    pub group: String,
    /// Sub-group line.
    pub subgroup: Option<String>,
}

/// An option in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionView {
    /// 1-based number, the answer value.
    pub number: u32,
    /// Verbatim label including any star marker.
    pub label: String,
    /// Label without the star marker.
    pub text: String,
    /// Points.
    pub points: u32,
    /// Minimum star level this option satisfies.
    pub min_star: Option<u8>,
    /// Case heading (case mode).
    pub case: Option<String>,
}

/// A criterion in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionView {
    /// Code.
    pub code: String,
    /// Part.
    pub part: Part,
    /// Group code.
    pub group: String,
    /// Group name (the criterion's own name when it is its own group).
    pub group_name: String,
    /// Sub-heading code.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Maximum points.
    pub max: u32,
    /// Mode.
    pub mode: Mode,
    /// Cases (case mode).
    pub cases: Vec<String>,
    /// Options.
    pub options: Vec<OptionView>,
    /// Notes.
    pub notes: Vec<Note>,
    /// The council may flag this criterion in `eliminated`.
    pub eliminable: bool,
}

/// A part in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartView {
    /// Maximum.
    pub max: u32,
    /// Printed title.
    pub title: String,
}

/// Parts in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct PartsView {
    /// A.
    pub A: PartView,
    /// B.
    pub B: PartView,
    /// C.
    pub C: PartView,
}

/// Product set in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSetView {
    /// Number.
    pub number: u8,
    /// Name.
    pub name: String,
    /// Heading as printed.
    pub heading: String,
    /// Sector.
    pub sector: String,
    /// Group.
    pub group: String,
    /// Sub-group.
    pub subgroup: Option<String>,
}

/// An erratum in the sheet view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErratumView {
    /// Criterion.
    pub criterion: Option<String>,
    /// Option number.
    pub option: Option<u32>,
    /// Field.
    pub field: ErratumField,
    /// Part.
    pub part: Option<Part>,
    /// Printed.
    pub printed: String,
    /// Used.
    pub used: String,
    /// Reason.
    pub reason: String,
}

/// A whole criteria sheet as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetView {
    /// Edition requested.
    pub edition: String,
    /// Product set.
    pub product_set: SheetSetView,
    /// The fields printed at the head of the sheet; `null` where no source gives them.
    pub heading_fields: Option<crate::data::HeadingFields>,
    /// Citation.
    pub citation: String,
    /// Confidence.
    pub confidence: String,
    /// Parts.
    pub parts: PartsView,
    /// Headings.
    pub groups: Vec<crate::data::Group>,
    /// Sheet-level notes.
    pub notes: Vec<Note>,
    /// Criteria in printed order.
    pub criteria: Vec<CriterionView>,
    /// Errata.
    pub errata: Vec<ErratumView>,
    /// Known data gaps of the edition.
    pub gaps: Vec<crate::data::Gap>,
    /// Star bands of the edition.
    pub bands: Vec<crate::data::Band>,
    /// Provenance.
    pub provenance: Provenance,
}
