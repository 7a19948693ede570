//! # ocop-office
//!
//! OCOP criteria sheets for the people who work on paper and in spreadsheets: council
//! secretaries and provincial OCOP offices. Office formats live here, never in `ocop-core`,
//! so the core stays pure and the WebAssembly package small; the CLI and the Python package
//! both call this crate, so there is one implementation.
//!
//! Every rule (points, bands, star minimums, councils, certificates) comes from `ocop-core`;
//! this crate only lays out, reads and writes.

pub mod form;
pub mod html;
pub mod import;
pub mod lang;
mod layout;
pub mod minutes;
mod page;
pub mod pdf;
mod print;
pub mod xlsx_form;
pub mod portfolio;
pub mod table;

pub use form::{FormMember, FormSpec};
pub use html::form_html;
pub use lang::Lang;
pub use minutes::{minutes, MinutesFormat};
pub use page::PdfError;
pub use pdf::{form_pdf, form_pdfs};
pub use xlsx_form::write_xlsx;
