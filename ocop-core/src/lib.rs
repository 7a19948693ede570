//! # ocop-core
//!
//! Vietnam's OCOP ("Mỗi xã một sản phẩm") product-evaluation criteria as data, and one
//! deterministic evaluator.
//!
//! - [`data`]: the criteria sheets of every edition, embedded and parsed strictly.
//! - [`eval`]: the evaluator (integer points, exact comparisons, star minimums, eliminations).
//! - [`contract`]: the serde contract shared by the CLI, Python and JavaScript.
//!
//! ```
//! use ocop_core::contract::{score_json_str};
//! let out = score_json_str(r#"{"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3}, "partial": true}"#);
//! assert!(out.starts_with(r#"{"status":"success""#));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod advise;
pub mod certificate;
pub mod contract;
pub mod council;
pub mod data;
pub mod date;
pub mod error;
pub mod eval;
pub mod json;
pub mod registry;
pub mod timeline;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use contract::{score, score_json, score_json_str, Outcome, ScoreRequest, ScoreResult};
pub use error::{Error, ErrorCode, Errors};
pub use eval::{Answer, Answers, Evaluation, Scorer};
pub use registry::{registry, Registry};
