//! The one serde contract shared by Rust, the CLI, Python and JavaScript: the front door.
//!
//! Every operation comes in three forms, as in Cedar's `ffi` module: typed
//! ([`score`]), on a parsed JSON tree ([`score_json`]) and on text ([`score_json_str`]).
//! The text form always returns an [`Outcome`] serialised as
//! `{"status": "success", …}` or `{"status": "failure", "errors": [{"code", "path", "message"}]}`:
//! invalid input is a failure, a low score is a success.
//!
//! This module only re-exports: each item lives in the module of its concern (the shared
//! vocabulary in [`crate::vocab`], scoring in [`mod@crate::score`], the result shapes in
//! [`crate::report`] and [`crate::view`], the catalogue in [`crate::catalogue`], councils,
//! dates and certificates in [`crate::council`], [`crate::timeline`], [`crate::certificate`]).
//! Nothing inside the core imports it (DEVELOPING.md, "Layers").

pub use crate::catalogue::{editions, product_sets, sheet};
pub use crate::certificate::{
    certificate, certificate_json, certificate_json_str, Certificate, CertificateQuery,
};
pub use crate::council::{
    score_council, score_council_json, CouncilRequest, CouncilResult, Level, MemberSheet,
};
pub use crate::eval::{scorer_for, scorer_of};
pub use crate::report::{
    Cap, CriterionScore, Eliminated, PartScore, Parts, ProductSetRef, ScoreResult,
};
pub use crate::score::{
    evaluate_json, evaluate_request, score, score_json, score_json_bytes, score_json_bytes_fast,
    score_json_bytes_reference, score_json_str, Evaluated, ScoreOutput, ScoreRequest, Scored,
    REQUEST_KEYS,
};
pub use crate::timeline::{
    edition_for, edition_for_json, edition_for_json_str, edition_for_query, Dossier, EditionFor,
    EditionQuery,
};
pub use crate::view::{
    CriterionView, EditionInfo, ErratumView, OptionView, PartView, PartsView, SetInfo,
    SheetSetView, SheetView,
};
pub use crate::vocab::{
    read_answer, read_answers, read_codes, to_json, AnswerValue, EditionChoice, Outcome,
    Provenance, Warning, EDITION_CHOICE_KEYS, ENGINE_VERSION,
};
