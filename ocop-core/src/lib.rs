//! # ocop-core
//!
//! Vietnam's OCOP ("Mỗi xã một sản phẩm") product-evaluation criteria as data, and one
//! deterministic evaluator. Every rule lives here; the CLI, Python and JavaScript packages
//! only convert types and errors.
//!
//! - [`data`]: the criteria sheets of every edition, embedded and parsed strictly.
//! - [`eval`]: the evaluator (integer points, exact comparisons, star minimums, eliminations).
//! - [`contract`]: the serde contract shared by the CLI, Python and JavaScript (the front
//!   door: it re-exports [`vocab`], [`mod@score`], [`report`], [`view`], [`catalogue`], …).
//! - [`council`], [`advise`], [`timeline`], [`certificate`]: councils of several members, the
//!   cheapest path to the next star, the edition that applies on a date, certificate validity.
//! - [`mod@registry`], [`json`], [`error`], [`date`]: embedded editions, the strict JSON tree,
//!   stable error codes with JSON Pointer paths, calendar dates.
//!
//! ## JSON in, JSON out
//!
//! What the CLI and the bindings call. Invalid input is a `failure` outcome with stable error
//! codes and paths, never a panic:
//!
//! ```
//! let out = ocop_core::score_json_str(
//!     r#"{"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3}, "partial": true}"#,
//! );
//! assert!(out.starts_with(r#"{"status":"success""#));
//!
//! let bad = ocop_core::score_json_str(
//!     r#"{"edition": "26/2026", "product_set": "1", "answers": {"1.1": 0}}"#,
//! );
//! assert!(bad.contains(r#""code":"option_out_of_range","path":"/answers/1.1""#));
//! ```
//!
//! ## Typed
//!
//! ```
//! use ocop_core::contract::AnswerValue;
//! use ocop_core::{score, ScoreRequest};
//!
//! let req = ScoreRequest {
//!     edition: "26/2026".into(),
//!     product_set: "1".into(),
//!     answers: [("1.1".to_owned(), AnswerValue::One(3))].into(),
//!     partial: true,
//!     ..ScoreRequest::default()
//! };
//! let result = score(&req)?;
//! assert_eq!(result.criteria[0].points, 3);
//! assert!(!result.complete);
//! # Ok::<(), ocop_core::Errors>(())
//! ```
//!
//! ## Compile once, evaluate many
//!
//! A [`Scorer`] holds one edition's rules and one sheet; [`Scorer::evaluate`] scores
//! pre-resolved answers without touching text (millions of sheets per second):
//!
//! ```
//! use ocop_core::{registry, Answer, Answers, Scorer};
//!
//! let reg = registry()?;
//! let edition = reg.require_edition("26/2026", "/edition")?;
//! let sheet = reg.require_sheet(edition, 1, "/product_set")?;
//! let scorer = Scorer::new(edition, sheet);
//!
//! // The best option of every criterion.
//! let mut best = Answers::empty(sheet.criteria.len());
//! for (i, c) in sheet.criteria.iter().enumerate() {
//!     let top = (0..c.options.len()).max_by_key(|&k| c.options[k].points).unwrap_or(0);
//!     best.set(i, Some(Answer::One(u8::try_from(top)?)));
//! }
//! let ev = scorer.evaluate(&best, &[]);
//! assert_eq!((ev.total, ev.band, ev.stars), (100, 5, Some(5)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Layers, bottom to top, in DEVELOPING.md ("Layers"); `tests/layers.rs` checks them.
pub mod advise;
pub mod catalogue;
pub mod certificate;
pub mod contract;
pub mod council;
pub mod data;
pub mod date;
pub mod error;
pub mod eval;
#[cfg(feature = "fast-json")]
mod fast;
pub mod json;
pub mod registry;
pub mod report;
pub mod score;
pub mod timeline;
pub mod view;
pub mod vocab;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use contract::{score, score_json, score_json_str, Outcome, ScoreRequest, ScoreResult};
pub use error::{Error, ErrorCode, Errors};
pub use eval::{Answer, Answers, Evaluation, Scorer};
pub use registry::{registry, Registry};

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
