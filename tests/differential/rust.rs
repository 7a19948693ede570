//! The Rust side of the differential test (tests/differential/README.md): reads JSONL
//! requests on standard input and, for each, prints four lines, the outcome as the core's
//! compact JSON text by four routes of the Rust API:
//!
//! 1. `contract::score_json_str` on the line (the fast path where it applies);
//! 2. `contract::score_json_bytes_reference` (parse to the tree, serde, no fast path);
//! 3. `contract::score_json` on the tree `Json::parse_str` reads;
//! 4. the typed API: `ScoreRequest::from_json` then `contract::score` (or
//!    `CouncilRequest::from_json` then `contract::score_council` when the request has
//!    `members`); a request the typed reader refuses, or text that does not parse, prints
//!    the failure document of those errors.
//!
//! The driver (tests/differential/run.py) checks the four agree with each other and with the
//! other bindings.
use std::io::{self, BufRead, BufWriter, Write};

use ocop_core::contract::{self, CouncilRequest, Outcome, ScoreOutput, ScoreRequest};
use ocop_core::json::Json;

fn typed(line: &str) -> String {
    let tree = match Json::parse_str(line) {
        Ok(t) => t,
        Err(e) => return contract::to_json(&Outcome::<ScoreOutput>::Failure { errors: vec![e] }),
    };
    let members =
        matches!(&tree, Json::Object(entries) if entries.iter().any(|(k, _)| k == "members"));
    let outcome: Outcome<ScoreOutput> = if members {
        CouncilRequest::from_json(&tree)
            .and_then(|r| contract::score_council(&r))
            .map(ScoreOutput::Council)
            .into()
    } else {
        ScoreRequest::from_json(&tree)
            .and_then(|r| contract::score(&r))
            .map(ScoreOutput::Sheet)
            .into()
    };
    contract::to_json(&outcome)
}

fn main() -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let tree = match Json::parse_str(&line) {
            Ok(t) => contract::to_json(&contract::score_json(&t)),
            Err(e) => contract::to_json(&Outcome::<ScoreOutput>::Failure { errors: vec![e] }),
        };
        writeln!(out, "{}", contract::score_json_str(&line))?;
        writeln!(
            out,
            "{}",
            contract::score_json_bytes_reference(line.as_bytes())
        )?;
        writeln!(out, "{tree}")?;
        writeln!(out, "{}", typed(&line))?;
    }
    out.flush()
}
