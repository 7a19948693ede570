//! Embeds every criteria data file below `data/` into the library.
//!
//! Writes `$OUT_DIR/embedded.rs`: a sorted list of `(relative path, contents)` pairs, so that
//! adding a JSON file under `data/` is enough to ship it. The contents are the files with the
//! white space between tokens removed (see `minify`); nothing else changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Removes the white space between JSON tokens (never inside strings), keeping every key and
/// value as written, duplicates included, so the loader's strict checks see the same document.
/// The data files are pretty-printed for review; the binary does not need the indentation.
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for ch in text.chars() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
            out.push(ch);
        } else if !matches!(ch, ' ' | '\t' | '\n' | '\r') {
            out.push(ch);
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("data");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files)?;
    files.sort();
    let mut src = String::from("/// Every data file, `(path relative to data/, contents)`, sorted by path.\npub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        if let Some(dir) = f.parent() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        // The minified copy lives in OUT_DIR, named after its path under data/.
        let copy = out_dir.join(format!("data-{}", rel.replace('/', "__")));
        std::fs::write(&copy, minify(&std::fs::read_to_string(f)?))?;
        writeln!(
            src,
            "    ({rel:?}, include_str!({:?})),",
            copy.display().to_string()
        )?;
    }
    src.push_str("];\n");
    std::fs::write(out_dir.join("embedded.rs"), src)?;
    Ok(())
}
