//! The catalogue operations: the editions, the product sets of an edition, one criteria sheet.

use crate::error::Errors;
use crate::eval::scorer_for;
use crate::registry::registry;
use crate::view::{EditionInfo, SetInfo, SheetView};

/// Lists every edition, oldest first.
///
/// # Errors
/// `invalid_data` only if the embedded data is defective.
pub fn editions() -> Result<Vec<EditionInfo>, Errors> {
    Ok(registry()?
        .editions()
        .iter()
        .map(|e| {
            let m = &e.meta;
            EditionInfo {
                id: m.id.clone(),
                decision: m.decision.clone(),
                amended_by: m.amended_by.clone(),
                title: m.title.clone(),
                signed_on: m.signed_on.to_string(),
                effective_from: m.effective_from.to_string(),
                effective_to: m.effective_to.map(|d| d.to_string()),
                source: m.source.clone(),
                confidence: m.confidence.clone(),
                data_version: m.data_version.clone(),
                sets: m.sets,
                sets_available: u8::try_from(e.sheets.available()).unwrap_or(u8::MAX),
                inherits: m.inherits.clone(),
                citations: m.citations.clone(),
                gaps: m.gaps.clone(),
                procedure: m.procedure.clone(),
            }
        })
        .collect())
}

/// Lists the product sets of an edition.
///
/// # Errors
/// `unknown_edition`.
pub fn product_sets(edition: &str) -> Result<Vec<SetInfo>, Errors> {
    let reg = registry()?;
    let e = reg.require_edition(edition, "/edition")?;
    Ok(e.sheets
        .summaries()
        .map(|s| SetInfo {
            number: s.number,
            name: s.name,
            sector: s.sector,
            group: s.group,
            subgroup: s.subgroup,
        })
        .collect())
}

/// The criteria sheet of one product set of one edition.
///
/// # Errors
/// `unknown_edition`, `unknown_product_set`, `data_unavailable`.
pub fn sheet(edition: &str, product_set: &str) -> Result<SheetView, Errors> {
    let reg = registry()?;
    Ok(scorer_for(reg, edition, product_set)?.sheet_view())
}
