// Checks shared by the targets: every outcome is one line of JSON with a status.

/// Panics (a fuzz finding) unless `out` is a compact one-line outcome document.
pub fn check_outcome(out: &str) {
    assert!(
        out.starts_with("{\"status\":\"success\"") || out.starts_with("{\"status\":\"failure\""),
        "not an outcome: {out:.200}"
    );
    assert!(!out.contains('\n'), "outcome spans several lines");
    assert!(
        ocop_core::json::Json::parse(out.as_bytes()).is_ok(),
        "outcome is not valid JSON: {out:.200}"
    );
}
