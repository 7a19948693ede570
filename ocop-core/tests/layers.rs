//! The module layers of `ocop-core`: no module cycle, `contract` imported by nothing inside the
//! core, and every import going down the layers drawn in DEVELOPING.md ("Layers").
//!
//! Reads the `crate::`, `super::` and `self::` paths of every file under `src/` (outside
//! comments and `#[cfg(test)]` modules) and resolves each to the longest module it names.
// Test code: a failed read or lookup is a failed test; the sources are sliced at ASCII `find`s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`crate::advise::solver`) of a file under `src/`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    std::iter::once("crate".to_owned())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("::")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` modules.
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("#[cfg(test)]") {
            // Skip the attributes and the item after it, to its closing brace at column 0
            // (a one-line item ends at its `;`).
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                j += 1;
            }
            if j < lines.len() && lines[j].contains("mod ") && lines[j].trim_end().ends_with('{') {
                while j < lines.len() && lines[j] != "}" {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        if !t.starts_with("//") {
            out.push_str(lines[i]);
            out.push('\n');
        }
        i += 1;
    }
    out
}

/// The paths starting with `crate::`, `super::` or `self::` in `code`, as written (up to the
/// first character that is not part of a path; `{…}` groups are cut, their prefix kept).
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = code[from..].find(start) {
            let at = from + k;
            from = at + start.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // part of a longer path, e.g. `super::super::`
            }
            let rest = &code[at..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            out.push(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    out
}

struct Graph {
    /// module → the modules it imports (itself excluded).
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut texts = BTreeMap::new();
    for f in &all {
        let m = module_of(f.strip_prefix(&src).unwrap());
        texts.insert(m, std::fs::read_to_string(f).unwrap());
    }
    let mut modules: BTreeSet<String> = texts.keys().cloned().collect();
    // Inline modules of the crate root (`mod embedded { … }`).
    for line in texts["crate"].lines() {
        let t = line.trim_start().trim_start_matches("pub ");
        if let Some(name) = t.strip_prefix("mod ").and_then(|r| r.strip_suffix(" {")) {
            modules.insert(format!("crate::{name}"));
        }
    }
    let resolve = |from: &str, path: &str| -> String {
        let mut segs: Vec<String> = from.split("::").map(str::to_owned).collect();
        let mut rest = path.split("::").peekable();
        match rest.peek().copied() {
            Some("crate") => {
                rest.next();
                segs = vec!["crate".to_owned()];
            }
            Some("self") => {
                rest.next();
            }
            _ => {}
        }
        while rest.peek() == Some(&"super") {
            rest.next();
            segs.pop();
        }
        let mut best = segs.join("::");
        for s in rest {
            segs.push(s.to_owned());
            let cand = segs.join("::");
            if modules.contains(&cand) {
                best = cand;
            } else {
                break;
            }
        }
        best
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, text) in &texts {
        let code = code(text);
        let mut to = BTreeSet::new();
        for p in paths(&code) {
            to.insert(resolve(m, &p));
        }
        // The crate root's own `pub use module::…` and `mod` children re-exported by name.
        for line in code.lines() {
            let t = line.trim_start();
            if let Some(r) = t.strip_prefix("pub use ") {
                let first = r.split("::").next().unwrap_or("");
                let cand = format!("{m}::{first}");
                if modules.contains(&cand) {
                    to.insert(cand);
                }
            }
        }
        to.remove(m);
        edges.insert(m.clone(), to);
    }
    Graph { edges }
}

/// A cycle through `start`, if any (depth-first search).
fn cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        m: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == m) {
            let mut c = stack[i..].to_vec();
            c.push(m.to_owned());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_owned());
        for n in g.edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, n, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for m in g.edges.keys() {
        if let Some(c) = visit(g, m, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn no_module_cycle() {
    let g = graph();
    assert!(g.edges.len() > 10, "modules found: {:?}", g.edges.keys());
    if let Some(c) = cycle(&g) {
        panic!("module cycle in ocop-core: {}", c.join(" → "));
    }
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut g = graph();
    // The evaluator imports the data; make the data import the evaluator.
    assert!(g.edges["crate::eval"].contains("crate::data"));
    g.edges
        .get_mut("crate::data")
        .unwrap()
        .insert("crate::eval".to_owned());
    assert!(cycle(&g).is_some());
}

#[test]
fn nothing_inside_the_core_imports_contract() {
    let g = graph();
    for (m, to) in &g.edges {
        if m != "crate" {
            assert!(
                !to.contains("crate::contract"),
                "{m} imports crate::contract, the front door; import from the module of the concern"
            );
        }
    }
}

/// The layers drawn in DEVELOPING.md, top first: each row lists top-level modules.
fn drawn_layers() -> Vec<Vec<String>> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../DEVELOPING.md"))
            .unwrap();
    let start = doc
        .find("<!-- layers -->")
        .expect("DEVELOPING.md has <!-- layers -->");
    let block = &doc[start..];
    let open = block.find("```").unwrap() + 3;
    let close = open + block[open..].find("```").unwrap();
    block[open..close]
        .lines()
        .filter_map(|l| {
            let mods = l.split("  ").next().unwrap_or("").trim();
            (!mods.is_empty()).then(|| mods.split(" · ").map(|s| s.trim().to_owned()).collect())
        })
        .collect()
}

#[test]
fn imports_go_down_the_drawn_layers() {
    let g = graph();
    let layers = drawn_layers();
    let row: BTreeMap<String, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.iter().map(move |m| (format!("crate::{m}"), i)))
        .collect();
    let top = |m: &str| m.split("::").take(2).collect::<Vec<_>>().join("::");
    for m in g.edges.keys().filter(|m| *m != "crate") {
        assert!(
            row.contains_key(&top(m)),
            "module {m} is not drawn in DEVELOPING.md (Layers)"
        );
    }
    for (m, to) in &g.edges {
        if m == "crate" {
            continue;
        }
        for t in to {
            if top(m) == top(t) {
                continue; // inside one module folder: the cycle check covers it
            }
            let a = row[&top(m)];
            let Some(&b) = row.get(&top(t)) else {
                panic!("{m} imports {t}, which is not drawn in DEVELOPING.md (Layers)");
            };
            assert!(
                b > a,
                "{m} imports {t}, which is not drawn below it in DEVELOPING.md (Layers)"
            );
        }
    }
}

#[test]
#[ignore = "prints the import graph"]
fn print_graph() {
    for (m, to) in &graph().edges {
        println!(
            "{m} -> {}",
            to.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
}
