//! Compiles the criteria data below `data/` into the library.
//!
//! Runs the library's own strict loader (`src/data.rs`, every check of `data/FORMAT.md`) over
//! the data folders, so a defective file fails the build, and writes `$OUT_DIR/image.rs`: each
//! edition's metadata and each distinct sheet (an inherited sheet is stored once), each loaded
//! struct written back compactly by its serde derive (`src/image.rs`); the registry decodes the
//! metadata on first use and each sheet the first time it is read. Adding a JSON file under `data/` is enough to ship it;
//! a field added to a data struct flows through its serde derives.
//!
//! With the `embed-json` feature it also writes `$OUT_DIR/embedded.rs`: the files' JSON text
//! with the white space between tokens removed (see `minify`), for tests and tools.
#![allow(dead_code, unused_imports)]

#[path = "src/data.rs"]
mod data;
#[path = "src/date.rs"]
mod date;
#[path = "src/error.rs"]
mod error;
#[path = "src/image.rs"]
mod image;
#[path = "src/json.rs"]
mod json;

/// What `data::embedded_files` returns in the library (feature `embed-json`); the build script
/// writes it, so it has none itself.
mod embedded {
    pub(crate) static EMBEDDED: &[(&str, &str)] = &[];
}

/// The string table `image::decode` reads in the library; the build script writes it.
mod compiled {
    pub(crate) static STRINGS: &str = "";
    pub(crate) const TOKEN_WIDTH: usize = 0;
}

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

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

/// A byte string literal's contents (`b"..."`) for generated code.
struct ByteLit<'a>(&'a [u8]);

impl std::fmt::Debug for ByteLit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("b\"")?;
        for &b in self.0 {
            match b {
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => f.write_char(char::from(b))?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        f.write_str("\"")
    }
}

fn bstr(b: &[u8]) -> ByteLit<'_> {
    ByteLit(b)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("data");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed={}", root.display());
    for src in ["data.rs", "date.rs", "error.rs", "image.rs", "json.rs"] {
        println!("cargo:rerun-if-changed=src/{src}");
    }
    let files = data::read_data_dir(&root).map_err(|e| e.to_string())?;
    for (rel, _) in &files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        println!("cargo:rerun-if-changed={}", path.display());
    }

    // The strict loader, exactly as at run time.
    let editions = data::load_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
        .map_err(|e| format!("criteria data: {e}"))?;

    // Distinct sheets (inherited ones are the parent's Arc), in order of first appearance.
    let mut sheets: Vec<(String, Arc<data::Sheet>)> = Vec::new();
    let mut table = Vec::new();
    for e in &editions {
        let dir = e.meta.id.replace('/', "-");
        let mut slots = Vec::new();
        for s in e.sheets.iter() {
            slots.push(s.as_ref().map(|s| {
                sheets
                    .iter()
                    .position(|(_, x)| Arc::ptr_eq(x, s))
                    .unwrap_or_else(|| {
                        sheets.push((format!("{dir}/set-{:02}.json", s.number), Arc::clone(s)));
                        sheets.len() - 1
                    })
            }));
        }
        table.push((dir, slots));
    }

    // Every value through the interner first, so the string table is complete and sorted.
    let mut interner = image::Interner::default();
    for (_, sheet) in &sheets {
        interner.add(sheet.as_ref()).map_err(|e| e.to_string())?;
    }
    for e in &editions {
        interner.add(&e.meta).map_err(|e| e.to_string())?;
    }
    for (_, sheet) in &sheets {
        interner
            .add(&data::SetSummary::of(sheet))
            .map_err(|e| e.to_string())?;
    }
    let compiled = interner.finish();
    let (sheet_bytes, rest) = compiled.values.split_at(sheets.len());
    let (meta_bytes, summary_bytes) = rest.split_at(editions.len());

    let mut src =
        String::from("// Generated by build.rs from data/: the compiled criteria data.\n\n");
    writeln!(
        src,
        "/// Every distinct sheet, decoded on first use.\npub(crate) static SHEETS: [crate::image::LazySheet; {}] = [",
        sheets.len()
    )?;
    for (i, (((file, _), bytes), summary)) in sheets
        .iter()
        .zip(sheet_bytes)
        .zip(summary_bytes)
        .enumerate()
    {
        let bin = out_dir.join(format!("sheet-{i:03}.json"));
        std::fs::write(&bin, bytes)?;
        writeln!(
            src,
            "    crate::image::LazySheet::new({file:?}, include_bytes!({:?}), {:?}),",
            bin.display().to_string(),
            bstr(summary)
        )?;
    }
    src.push_str("];\n\n");
    writeln!(
        src,
        "/// Every edition, oldest first.\npub(crate) static EDITIONS: [crate::image::CompiledEdition; {}] = [",
        editions.len()
    )?;
    for (i, ((_, (dir, slots)), bytes)) in editions.iter().zip(&table).zip(meta_bytes).enumerate() {
        let bin = out_dir.join(format!("edition-{i}.json"));
        std::fs::write(&bin, bytes)?;
        writeln!(
            src,
            "    crate::image::CompiledEdition {{ file: {:?}, meta: include_bytes!({:?}), sets: &{slots:?} }},",
            format!("{dir}/edition.json"),
            bin.display().to_string()
        )?;
    }
    src.push_str("];\n\n");
    let strings = out_dir.join("strings.txt");
    std::fs::write(&strings, &compiled.table)?;
    writeln!(
        src,
        "/// The string values of every compiled value, JSON-escaped, sorted, one per line.\npub(crate) static STRINGS: &str = include_str!({:?});\n/// Base-64 digits of a string token (its line's offset in `STRINGS`).\npub(crate) const TOKEN_WIDTH: usize = {};",
        strings.display().to_string(),
        compiled.width
    )?;
    std::fs::write(out_dir.join("image.rs"), src)?;

    if std::env::var_os("CARGO_FEATURE_EMBED_JSON").is_some() {
        let mut src = String::from("/// Every data file, `(path relative to data/, contents)`, sorted by path.\npub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
        for (rel, text) in &files {
            // The minified copy lives in OUT_DIR, named after its path under data/.
            let copy = out_dir.join(format!("data-{}", rel.replace('/', "__")));
            std::fs::write(&copy, minify(text))?;
            writeln!(
                src,
                "    ({rel:?}, include_str!({:?})),",
                copy.display().to_string()
            )?;
        }
        src.push_str("];\n");
        std::fs::write(out_dir.join("embedded.rs"), src)?;
    }
    Ok(())
}
