//! A small generator of TypeScript declarations from serde types, used by `build.rs`.
//!
//! It reads Rust source files with `syn`, finds the structs and enums that derive `Serialize`
//! or `Deserialize`, and writes one TypeScript declaration per type reachable from a list of
//! root names, following serde's attributes so the declarations describe the JSON that serde
//! writes:
//!
//! | Rust / serde | TypeScript |
//! |---|---|
//! | integers, floats | `number` |
//! | `String`, `&str`, `char` | `string` |
//! | `bool` | `boolean` |
//! | `Option<T>` | `T \| null` (field optional with `?` when serde may omit it) |
//! | `Vec<T>`, `[T; N]`, `&[T]`, sets | `T[]` |
//! | `BTreeMap<K, V>`, `HashMap<K, V>` | `Record<string, V>` |
//! | `Box<T>`, `Arc<T>`, `Rc<T>` | `T` |
//! | struct with named fields | `interface` (`rename`, `rename_all`, `skip`, `flatten`) |
//! | newtype / `transparent` struct | the inner type |
//! | enum of unit variants | union of string literals |
//! | enum, external / `tag` / `tag`+`content` / `untagged` | the matching union of objects |
//! | `ocop_core::json::Json` | `JsonValue` |
//! | `ocop_core::date::Date` | `string` (`YYYY-MM-DD`) |
//!
//! A field is optional (`name?:`) when it has `#[serde(default)]` or `skip_serializing_if`,
//! or when it is an `Option` in a type whose name ends in `Request` (requests may omit it).
//! Anything the generator does not understand becomes `unknown` with a warning, never a build
//! failure: the declarations are checked with `tsc` by the package's tests.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

/// One parsed serde type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Name of the type.
    pub name: String,
    /// Generic type parameters.
    pub generics: Vec<String>,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Serde attributes of the container.
    pub attrs: SerdeAttrs,
    /// Shape.
    pub body: Body,
    /// Source file, for messages.
    pub file: String,
}

/// The shape of a type.
#[derive(Debug, Clone)]
pub enum Body {
    /// Struct with named fields.
    Named(Vec<Field>),
    /// Tuple struct.
    Tuple(Vec<syn::Type>),
    /// Unit struct.
    Unit,
    /// Enum.
    Enum(Vec<Variant>),
    /// `type X = Y;`
    Alias(syn::Type),
}

/// A named field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name.
    pub ident: String,
    /// Field type.
    pub ty: syn::Type,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Serde attributes.
    pub attrs: SerdeAttrs,
}

/// An enum variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust name.
    pub ident: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Serde attributes.
    pub attrs: SerdeAttrs,
    /// Payload.
    pub body: Body,
}

/// The serde attributes the generator reads.
#[derive(Debug, Clone, Default)]
pub struct SerdeAttrs {
    /// `rename = "…"`.
    pub rename: Option<String>,
    /// `rename_all = "…"`.
    pub rename_all: Option<String>,
    /// `tag = "…"`.
    pub tag: Option<String>,
    /// `content = "…"`.
    pub content: Option<String>,
    /// `untagged`.
    pub untagged: bool,
    /// `transparent`.
    pub transparent: bool,
    /// `default` (with or without a path).
    pub default: bool,
    /// `skip` or `skip_serializing`.
    pub skip: bool,
    /// `skip_serializing_if = "…"`.
    pub skip_if: bool,
    /// `flatten`.
    pub flatten: bool,
}

fn docs_of(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn derives_serde(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("derive") && {
            let mut found = false;
            let _ = a.parse_nested_meta(|m| {
                if let Some(last) = m.path.segments.last() {
                    let id = last.ident.to_string();
                    if id == "Serialize" || id == "Deserialize" {
                        found = true;
                    }
                }
                Ok(())
            });
            found
        }
    })
}

fn serde_attrs(attrs: &[syn::Attribute]) -> SerdeAttrs {
    let mut out = SerdeAttrs::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            let key = m
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = if m.input.peek(syn::Token![=]) {
                let v: syn::Expr = m.value()?.parse()?;
                match v {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => Some(String::new()),
                }
            } else if m.input.peek(syn::token::Paren) {
                // e.g. rename(serialize = "…"): read the serialize name if any.
                let mut ser = None;
                m.parse_nested_meta(|inner| {
                    let v: syn::Expr = inner.value()?.parse()?;
                    if inner.path.is_ident("serialize") {
                        if let syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) = v
                        {
                            ser = Some(s.value());
                        }
                    }
                    Ok(())
                })?;
                ser
            } else {
                None
            };
            match key.as_str() {
                "rename" => out.rename = value,
                "rename_all" => out.rename_all = value,
                "tag" => out.tag = value,
                "content" => out.content = value,
                "untagged" => out.untagged = true,
                "transparent" => out.transparent = true,
                "default" => out.default = true,
                "skip" | "skip_serializing" => out.skip = true,
                "skip_serializing_if" => out.skip_if = true,
                "flatten" => out.flatten = true,
                _ => {}
            }
            Ok(())
        });
    }
    out
}

fn fields_of(fields: &syn::Fields) -> Body {
    match fields {
        syn::Fields::Named(n) => Body::Named(
            n.named
                .iter()
                .map(|f| Field {
                    ident: f
                        .ident
                        .as_ref()
                        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
                        .unwrap_or_default(),
                    ty: f.ty.clone(),
                    docs: docs_of(&f.attrs),
                    attrs: serde_attrs(&f.attrs),
                })
                .collect(),
        ),
        syn::Fields::Unnamed(u) => Body::Tuple(u.unnamed.iter().map(|f| f.ty.clone()).collect()),
        syn::Fields::Unit => Body::Unit,
    }
}

fn generics_of(g: &syn::Generics) -> Vec<String> {
    g.type_params().map(|p| p.ident.to_string()).collect()
}

fn collect_items(items: &[syn::Item], file: &str, out: &mut Vec<TypeDef>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if derives_serde(&s.attrs) => out.push(TypeDef {
                name: s.ident.to_string(),
                generics: generics_of(&s.generics),
                docs: docs_of(&s.attrs),
                attrs: serde_attrs(&s.attrs),
                body: fields_of(&s.fields),
                file: file.to_owned(),
            }),
            syn::Item::Enum(e) if derives_serde(&e.attrs) => out.push(TypeDef {
                name: e.ident.to_string(),
                generics: generics_of(&e.generics),
                docs: docs_of(&e.attrs),
                attrs: serde_attrs(&e.attrs),
                body: Body::Enum(
                    e.variants
                        .iter()
                        .map(|v| Variant {
                            ident: v.ident.to_string(),
                            docs: docs_of(&v.attrs),
                            attrs: serde_attrs(&v.attrs),
                            body: fields_of(&v.fields),
                        })
                        .collect(),
                ),
                file: file.to_owned(),
            }),
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                out.push(TypeDef {
                    name: t.ident.to_string(),
                    generics: generics_of(&t.generics),
                    docs: docs_of(&t.attrs),
                    attrs: SerdeAttrs::default(),
                    body: Body::Alias((*t.ty).clone()),
                    file: file.to_owned(),
                });
            }
            syn::Item::Mod(m) => {
                // Skip test modules.
                let is_test = m.attrs.iter().any(|a| {
                    a.path().is_ident("cfg") && {
                        let mut t = false;
                        let _ = a.parse_nested_meta(|x| {
                            t |= x.path.is_ident("test");
                            Ok(())
                        });
                        t
                    }
                });
                if let (false, Some((_, inner))) = (is_test, &m.content) {
                    collect_items(inner, file, out);
                }
            }
            _ => {}
        }
    }
}

/// Parses one source file and returns its serde types.
///
/// # Errors
/// The `syn` parse error, as text.
pub fn parse_source(text: &str, file: &str) -> Result<Vec<TypeDef>, String> {
    let f = syn::parse_file(text).map_err(|e| format!("{file}: {e}"))?;
    let mut out = Vec::new();
    collect_items(&f.items, file, &mut out);
    Ok(out)
}

fn words(ident: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in ident.chars() {
        if ch == '_' || ch == '-' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if ch.is_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur.push(ch);
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Applies a serde `rename_all` rule. `is_variant`: the ident is PascalCase (a variant).
#[must_use]
pub fn rename_all(ident: &str, rule: Option<&str>, is_variant: bool) -> String {
    let Some(rule) = rule else {
        return ident.to_owned();
    };
    // Field idents (snake_case) keep their case except where the rule changes it; serde splits
    // fields at '_' and variants at capitals.
    let ws = if is_variant {
        words(ident)
    } else {
        ident
            .split('_')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    match rule {
        "lowercase" => ident.to_lowercase(),
        "UPPERCASE" => ident.to_uppercase(),
        "snake_case" => lower.join("_"),
        "SCREAMING_SNAKE_CASE" => lower.join("_").to_uppercase(),
        "kebab-case" => lower.join("-"),
        "SCREAMING-KEBAB-CASE" => lower.join("-").to_uppercase(),
        "PascalCase" => ws.iter().map(|w| capitalise(w)).collect(),
        "camelCase" => {
            let mut s = String::new();
            for (i, w) in ws.iter().enumerate() {
                if i == 0 {
                    s.push_str(&w.to_lowercase());
                } else {
                    s.push_str(&capitalise(w));
                }
            }
            s
        }
        _ => ident.to_owned(),
    }
}

/// The generator: known types and the output being written.
#[derive(Debug, Default)]
pub struct Generator {
    types: BTreeMap<String, TypeDef>,
    renames: BTreeMap<String, String>,
    /// Warnings for the build log.
    pub warnings: Vec<String>,
    queue: VecDeque<String>,
    seen: BTreeSet<String>,
    uses_json_value: bool,
}

/// Names that are never looked up among the parsed types.
fn builtin(name: &str, args: &[String]) -> Option<String> {
    let first = || {
        args.first()
            .cloned()
            .unwrap_or_else(|| "unknown".to_owned())
    };
    Some(match name {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" | "f32" | "f64" | "NonZeroU8" | "NonZeroU32" | "NonZeroU64" => {
            "number".to_owned()
        }
        "bool" => "boolean".to_owned(),
        "String" | "str" | "char" | "Cow" | "Date" => "string".to_owned(),
        "Option" => format!("{} | null", first()),
        "Vec" | "VecDeque" | "BTreeSet" | "HashSet" => format!("{}[]", paren(&first())),
        "BTreeMap" | "HashMap" | "IndexMap" => format!(
            "Record<string, {}>",
            args.get(1).cloned().unwrap_or_else(|| "unknown".to_owned())
        ),
        "Box" | "Arc" | "Rc" => first(),
        "Value" => "JsonValue".to_owned(),
        _ => return None,
    })
}

fn paren(t: &str) -> String {
    if t.contains(' ') {
        format!("({t})")
    } else {
        t.to_owned()
    }
}

fn jsdoc(lines: &[String], indent: &str, out: &mut String) {
    if lines.iter().all(String::is_empty) {
        return;
    }
    if let [one] = lines {
        let _ = writeln!(out, "{indent}/** {} */", one.replace("*/", "* /"));
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for l in lines {
        let l = l.replace("*/", "* /");
        if l.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {l}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

fn quote_key(k: &str) -> String {
    let ident_like = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident_like {
        k.to_owned()
    } else {
        format!("{k:?}")
    }
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

impl Generator {
    /// A generator over these parsed types. On duplicate names the first one is kept and a
    /// warning recorded.
    #[must_use]
    pub fn new(defs: Vec<TypeDef>) -> Self {
        let mut g = Generator::default();
        for d in defs {
            if let Some(prev) = g.types.get(&d.name) {
                g.warnings.push(format!(
                    "type {} is defined in {} and {}; the TypeScript uses the one in {}",
                    d.name, prev.file, d.file, prev.file
                ));
            } else {
                g.types.insert(d.name.clone(), d);
            }
        }
        g
    }

    /// Declares the Rust type `rust` under another TypeScript name (e.g. `Error`, which would
    /// shadow JavaScript's global `Error`).
    pub fn rename(&mut self, rust: &str, ts: &str) {
        self.renames.insert(rust.to_owned(), ts.to_owned());
    }

    fn ts_name(&self, rust: &str) -> String {
        self.renames
            .get(rust)
            .cloned()
            .unwrap_or_else(|| rust.to_owned())
    }

    /// Whether a type of this name was parsed.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    fn ty(&mut self, ty: &syn::Type, generics: &[String]) -> String {
        match ty {
            syn::Type::Path(p) => {
                let Some(last) = p.path.segments.last() else {
                    return "unknown".to_owned();
                };
                let name = last.ident.to_string();
                let args: Vec<String> = match &last.arguments {
                    syn::PathArguments::AngleBracketed(a) => a
                        .args
                        .iter()
                        .filter_map(|x| match x {
                            syn::GenericArgument::Type(t) => Some(self.ty(t, generics)),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                if generics.contains(&name) {
                    return name;
                }
                if name == "Json" && !self.types.contains_key("Json") {
                    self.uses_json_value = true;
                    return "JsonValue".to_owned();
                }
                if self.types.contains_key(&name) {
                    if self.seen.insert(name.clone()) {
                        self.queue.push_back(name.clone());
                    }
                    let ts = self.ts_name(&name);
                    if args.is_empty() {
                        return ts;
                    }
                    return format!("{ts}<{}>", args.join(", "));
                }
                if let Some(b) = builtin(&name, &args) {
                    if b.contains("JsonValue") {
                        self.uses_json_value = true;
                    }
                    return b;
                }
                self.warnings
                    .push(format!("unknown type {name}: declared as `unknown`"));
                "unknown".to_owned()
            }
            syn::Type::Reference(r) => self.ty(&r.elem, generics),
            syn::Type::Slice(s) => format!("{}[]", paren(&self.ty(&s.elem, generics))),
            syn::Type::Array(a) => format!("{}[]", paren(&self.ty(&a.elem, generics))),
            syn::Type::Tuple(t) if t.elems.is_empty() => "null".to_owned(),
            syn::Type::Tuple(t) => {
                let parts: Vec<String> = t.elems.iter().map(|e| self.ty(e, generics)).collect();
                format!("[{}]", parts.join(", "))
            }
            syn::Type::Paren(p) => self.ty(&p.elem, generics),
            syn::Type::Group(g) => self.ty(&g.elem, generics),
            _ => {
                self.warnings
                    .push("unsupported type form: declared as `unknown`".to_owned());
                "unknown".to_owned()
            }
        }
    }

    /// `{ a: T; b?: U }` members, plus flattened types to intersect with.
    fn fields(
        &mut self,
        owner: &str,
        fields: &[Field],
        rule: Option<&str>,
        generics: &[String],
        indent: &str,
    ) -> (String, Vec<String>) {
        let mut body = String::new();
        let mut flattened = Vec::new();
        for f in fields {
            if f.attrs.skip {
                continue;
            }
            let t = self.ty(&f.ty, generics);
            if f.attrs.flatten {
                flattened.push(t);
                continue;
            }
            let name = f
                .attrs
                .rename
                .clone()
                .unwrap_or_else(|| rename_all(&f.ident, rule, false));
            let optional = f.attrs.default
                || f.attrs.skip_if
                || (is_option(&f.ty) && owner.ends_with("Request"));
            jsdoc(&f.docs, indent, &mut body);
            let _ = writeln!(
                body,
                "{indent}{}{}: {t};",
                quote_key(&name),
                if optional { "?" } else { "" }
            );
        }
        (body, flattened)
    }

    fn object(
        &mut self,
        owner: &str,
        fields: &[Field],
        rule: Option<&str>,
        generics: &[String],
        lead: &str,
    ) -> String {
        let (body, flattened) = self.fields(owner, fields, rule, generics, "  ");
        let mut s = format!("{{\n{lead}{body}}}");
        for f in flattened {
            s = format!("{s} & {f}");
        }
        s
    }

    fn declare(&mut self, d: &TypeDef, out: &mut String) {
        let g = &d.generics;
        let params = if g.is_empty() {
            String::new()
        } else {
            format!("<{}>", g.join(", "))
        };
        jsdoc(&d.docs, "", out);
        let rule = d.attrs.rename_all.as_deref();
        let name = self.ts_name(&d.name);
        match &d.body {
            Body::Alias(t) => {
                let t = self.ty(t, g);
                let _ = writeln!(out, "export type {}{params} = {t};", name);
            }
            Body::Named(fields) if d.attrs.transparent => {
                let t = fields
                    .iter()
                    .find(|f| !f.attrs.skip)
                    .map_or_else(|| "unknown".to_owned(), |f| self.ty(&f.ty, g));
                let _ = writeln!(out, "export type {}{params} = {t};", name);
            }
            Body::Named(fields) => {
                let (body, flattened) = self.fields(&d.name, fields, rule, g, "  ");
                if flattened.is_empty() {
                    let _ = writeln!(out, "export interface {}{params} {{\n{body}}}", name);
                } else {
                    let _ = writeln!(
                        out,
                        "export type {}{params} = {{\n{body}}} & {};",
                        name,
                        flattened.join(" & ")
                    );
                }
            }
            Body::Tuple(items) => {
                let t = match items.as_slice() {
                    [one] => self.ty(one, g),
                    many => {
                        let parts: Vec<String> = many.iter().map(|t| self.ty(t, g)).collect();
                        format!("[{}]", parts.join(", "))
                    }
                };
                let _ = writeln!(out, "export type {}{params} = {t};", name);
            }
            Body::Unit => {
                let _ = writeln!(out, "export type {}{params} = null;", name);
            }
            Body::Enum(vs) => {
                let mut alts = Vec::new();
                for v in vs.iter().filter(|v| !v.attrs.skip) {
                    let name = v
                        .attrs
                        .rename
                        .clone()
                        .unwrap_or_else(|| rename_all(&v.ident, rule, true));
                    let vrule = v.attrs.rename_all.as_deref();
                    let lit = format!("{name:?}");
                    let mut doc = String::new();
                    jsdoc(&v.docs, "  ", &mut doc);
                    let alt = match (&d.attrs, &v.body) {
                        (a, body) if a.untagged => match body {
                            Body::Unit => "null".to_owned(),
                            Body::Tuple(t) if t.len() == 1 => t
                                .first()
                                .map_or_else(|| "unknown".to_owned(), |t| self.ty(t, g)),
                            Body::Tuple(t) => {
                                let p: Vec<String> = t.iter().map(|t| self.ty(t, g)).collect();
                                format!("[{}]", p.join(", "))
                            }
                            Body::Named(f) => self.object(&d.name, f, vrule, g, ""),
                            _ => "unknown".to_owned(),
                        },
                        (
                            SerdeAttrs {
                                tag: Some(tag),
                                content: Some(content),
                                ..
                            },
                            body,
                        ) => {
                            let inner = match body {
                                Body::Unit => None,
                                Body::Tuple(t) if t.len() == 1 => t.first().map(|t| self.ty(t, g)),
                                Body::Tuple(t) => {
                                    let p: Vec<String> = t.iter().map(|t| self.ty(t, g)).collect();
                                    Some(format!("[{}]", p.join(", ")))
                                }
                                Body::Named(f) => Some(self.object(&d.name, f, vrule, g, "")),
                                _ => None,
                            };
                            match inner {
                                None => format!("{{ {}: {lit} }}", quote_key(tag)),
                                Some(i) => format!(
                                    "{{ {}: {lit}; {}: {i} }}",
                                    quote_key(tag),
                                    quote_key(content)
                                ),
                            }
                        }
                        (SerdeAttrs { tag: Some(tag), .. }, body) => {
                            let head = format!("  {}: {lit};\n", quote_key(tag));
                            match body {
                                Body::Unit => format!("{{\n{head}}}"),
                                Body::Tuple(t) if t.len() == 1 => format!(
                                    "{{\n{head}}} & {}",
                                    t.first()
                                        .map_or_else(|| "unknown".to_owned(), |t| self.ty(t, g))
                                ),
                                Body::Named(f) => self.object(&d.name, f, vrule, g, &head),
                                _ => "unknown".to_owned(),
                            }
                        }
                        (_, body) => match body {
                            Body::Unit => lit.clone(),
                            Body::Tuple(t) if t.len() == 1 => format!(
                                "{{ {}: {} }}",
                                quote_key(&name),
                                t.first()
                                    .map_or_else(|| "unknown".to_owned(), |t| self.ty(t, g))
                            ),
                            Body::Tuple(t) => {
                                let p: Vec<String> = t.iter().map(|t| self.ty(t, g)).collect();
                                format!("{{ {}: [{}] }}", quote_key(&name), p.join(", "))
                            }
                            Body::Named(f) => format!(
                                "{{ {}: {} }}",
                                quote_key(&name),
                                self.object(&d.name, f, vrule, g, "")
                            ),
                            _ => "unknown".to_owned(),
                        },
                    };
                    alts.push(format!("{doc}  | {alt}"));
                }
                if alts.is_empty() {
                    alts.push("  | never".to_owned());
                }
                let _ = writeln!(out, "export type {}{params} =\n{};", name, alts.join("\n"));
            }
        }
        out.push('\n');
    }

    /// Declarations of every type reachable from `roots`, roots first, in a stable order.
    /// Roots that were not parsed are skipped (and named in the warnings).
    pub fn generate(&mut self, roots: &[&str]) -> String {
        let mut out = String::new();
        for r in roots {
            if self.types.contains_key(*r) {
                if self.seen.insert((*r).to_owned()) {
                    self.queue.push_back((*r).to_owned());
                }
            } else {
                self.warnings
                    .push(format!("root type {r} not found in the sources"));
            }
        }
        while let Some(name) = self.queue.pop_front() {
            if let Some(d) = self.types.get(&name).cloned() {
                self.declare(&d, &mut out);
            }
        }
        if self.uses_json_value {
            out.push_str(
                "/** Any JSON value. */\nexport type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };\n",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(src: &str, roots: &[&str]) -> String {
        let defs = parse_source(src, "x.rs").unwrap();
        Generator::new(defs).generate(roots)
    }

    #[test]
    fn structs_follow_serde_attributes() {
        let ts = gen(
            r#"
            /// A request.
            #[derive(Serialize, Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct ScoreRequest {
                /// Edition.
                pub edition: String,
                #[serde(default)]
                pub partial: bool,
                pub date: Option<String>,
                pub answers: BTreeMap<String, AnswerValue>,
                #[serde(skip)]
                pub hidden: u8,
                #[serde(rename = "kind")]
                pub dossier_kind: Vec<u32>,
            }
            #[derive(Serialize)]
            #[serde(untagged)]
            pub enum AnswerValue { One(u32), Many(Vec<u32>) }
            "#,
            &["ScoreRequest"],
        );
        assert!(ts.contains("export interface ScoreRequest {"), "{ts}");
        assert!(ts.contains("  edition: string;"), "{ts}");
        assert!(ts.contains("  partial?: boolean;"), "{ts}");
        assert!(ts.contains("  date?: string | null;"), "{ts}");
        assert!(
            ts.contains("  answers: Record<string, AnswerValue>;"),
            "{ts}"
        );
        assert!(!ts.contains("hidden"), "{ts}");
        assert!(ts.contains("  kind: number[];"), "{ts}");
        assert!(
            ts.contains("export type AnswerValue =\n  | number\n  | number[];"),
            "{ts}"
        );
        assert!(ts.contains("/** A request. */\nexport interface"), "{ts}");
    }

    #[test]
    fn enums_follow_tagging() {
        let ts = gen(
            r#"
            #[derive(Serialize)]
            #[serde(tag = "status", rename_all = "snake_case")]
            pub enum Outcome<T> { Success(T), Failure { errors: Vec<Error> } }
            #[derive(Serialize)]
            pub struct Error { pub code: ErrorCode }
            #[derive(Serialize)]
            #[serde(rename_all = "snake_case")]
            pub enum ErrorCode { InvalidJson, UnknownEdition }
            #[derive(Serialize)]
            pub enum Ext { A, B(u8), C { x: bool } }
            #[derive(Serialize)]
            #[serde(tag = "t", content = "c")]
            pub enum Adj { A, B(u8) }
            "#,
            &["Outcome", "Ext", "Adj"],
        );
        let defs = parse_source(
            "#[derive(Serialize)] pub struct Error { pub code: u8 }",
            "x.rs",
        )
        .unwrap();
        let mut g = Generator::new(defs);
        g.rename("Error", "OcopError");
        let renamed = g.generate(&["Error"]);
        assert!(
            renamed.contains("export interface OcopError {"),
            "{renamed}"
        );
        assert!(ts.contains("export type Outcome<T> =\n  | {\n  status: \"success\";\n} & T\n  | {\n  status: \"failure\";\n  errors: Error[];\n};"), "{ts}");
        assert!(
            ts.contains("export type ErrorCode =\n  | \"invalid_json\"\n  | \"unknown_edition\";"),
            "{ts}"
        );
        assert!(
            ts.contains("  | \"A\"\n  | { B: number }\n  | { C: {\n  x: boolean;\n} };"),
            "{ts}"
        );
        assert!(
            ts.contains("  | { t: \"A\" }\n  | { t: \"B\"; c: number };"),
            "{ts}"
        );
    }

    #[test]
    fn rename_rules() {
        assert_eq!(
            rename_all("NoEditionForDate", Some("snake_case"), true),
            "no_edition_for_date"
        );
        assert_eq!(
            rename_all("product_set", Some("camelCase"), false),
            "productSet"
        );
        assert_eq!(rename_all("A", None, true), "A");
        assert_eq!(
            rename_all("StopRule", Some("kebab-case"), true),
            "stop-rule"
        );
    }

    #[test]
    fn unknown_types_warn_and_missing_roots_are_skipped() {
        let defs = parse_source(
            "#[derive(Serialize)] pub struct X { pub y: Mystery, pub j: Json }",
            "x.rs",
        )
        .unwrap();
        let mut g = Generator::new(defs);
        let ts = g.generate(&["X", "Absent"]);
        assert!(ts.contains("y: unknown;"), "{ts}");
        assert!(ts.contains("j: JsonValue;"), "{ts}");
        assert!(ts.contains("export type JsonValue"), "{ts}");
        assert_eq!(g.warnings.len(), 2, "{:?}", g.warnings);
    }
}
