//! The fast path of [`crate::score::score_json_bytes`] for the common request: one sheet,
//! named by `edition` and `product_set`, every answer well formed.
//!
//! The request is read straight from the bytes (serde with borrowed keys, no
//! [`crate::json::Json`] tree), resolved and evaluated, and the success document is written by
//! hand from fragments serialised once per (edition, sheet) by `serde_json` itself (codes,
//! names, provenance, warnings) and cached for the process, so its bytes are those of
//! `to_json(&Outcome::Success(result))`.
//!
//! Anything else gives up (`None`) and the caller runs the reference path, which alone
//! produces failures and every other shape: a syntax or type error, an unknown, duplicate or
//! escaped key, a field other than `edition`, `product_set`, `answers`, `partial`,
//! `eliminated` (and `date`, `dossier`, `evaluated_on` when `null`), an option number that is
//! not a whole number from 1 to 64 written as an integer, an unknown criterion, a missing
//! answer without `partial`, … Giving up is always correct; `tests/tests/fast_path.rs` checks
//! that both paths give the same bytes.

use crate::data::{Criterion, Edition, Mode, Part, Sheet};
use crate::eval::{Answer, Answers, Evaluation, Scorer};
use crate::json::MAX_INPUT_BYTES;
use crate::registry::{parse_set_text, parse_set_whole, registry, Registry};
use crate::report::{Eliminated, ProductSetRef};
use crate::vocab::{gap_warnings, EDITION_CHOICE_KEYS};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};
use std::sync::{Arc, OnceLock};

/// Scores a request given as bytes, or `None` when the request is not one the fast path
/// takes (the reference path then answers it).
pub(crate) fn score_json_bytes(input: &[u8]) -> Option<String> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if input.len() > MAX_INPUT_BYTES {
        return None;
    }
    let reg = registry().ok()?;
    let mut de = serde_json::Deserializer::from_slice(input);
    let req = RequestSeed(reg).deserialize(&mut de).ok()?;
    de.end().ok()?;

    let ei = req.edition?;
    let edition = reg.editions().get(ei)?;
    let set = req.set?;
    if set > edition.meta.sets {
        return None;
    }
    let sheet = edition.sheet(set)?;
    let frags = fragments(reg, ei, set)?;
    let answers = resolve(sheet, req.answers.as_deref()?)?;
    let flags = flags(sheet, &req.eliminated)?;
    let scorer = Scorer::new(edition, sheet);
    let ev = scorer.evaluate(&answers, &flags);
    if !req.partial && !ev.complete && ev.eliminated.is_none() {
        return None; // `missing_answer` errors
    }
    write(&scorer, frags, &answers, &ev)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// An answer as written, checked only as far as no sheet is needed.
#[derive(Debug, Clone, Copy)]
enum Written {
    /// `null`: unanswered.
    Null,
    /// One option number, 1 to 64 (no criterion has more than 64 options).
    One(u8),
    /// A list of distinct option numbers from 1 to 64: bit `k - 1` for option `k`.
    List { bits: u64, len: u8 },
}

/// The fields of a request the fast path takes.
#[derive(Debug, Default)]
struct Request<'de> {
    /// Position of the edition in the registry.
    edition: Option<usize>,
    set: Option<u8>,
    answers: Option<Vec<(&'de str, Written)>>,
    partial: bool,
    eliminated: Vec<&'de str>,
}

/// Gives up; the message is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("not for the fast path")
}

struct RequestSeed(&'static Registry);

impl<'de> DeserializeSeed<'de> for RequestSeed {
    type Value = Request<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Request<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed {
    type Value = Request<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a single-sheet score request")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request<'de>, A::Error> {
        let mut out = Request::default();
        let mut seen = 0u8;
        while let Some(key) = map.next_key::<Key>()? {
            let bit = key.bit();
            if seen & bit != 0 {
                return Err(give_up()); // duplicate_key
            }
            seen |= bit;
            match key {
                Key::Edition => out.edition = Some(map.next_value_seed(EditionSeed(self.0))?),
                Key::ProductSet => out.set = Some(map.next_value_seed(SetSeed)?),
                Key::Answers => out.answers = Some(map.next_value::<WrittenAnswers<'de>>()?.0),
                Key::Partial => out.partial = map.next_value::<Option<bool>>()?.unwrap_or(false),
                Key::Eliminated => {
                    out.eliminated = map
                        .next_value::<Option<Vec<&'de str>>>()?
                        .unwrap_or_default();
                }
                Key::Date | Key::Dossier | Key::EvaluatedOn => {
                    map.next_value::<NullOnly>()?;
                }
            }
        }
        Ok(out)
    }
}

/// A top-level key of a single-sheet request.
#[derive(Debug, Clone, Copy)]
enum Key {
    Edition,
    ProductSet,
    Answers,
    Partial,
    Eliminated,
    Date,
    Dossier,
    EvaluatedOn,
}

/// The [`Key`]s of [`EDITION_CHOICE_KEYS`], in its order.
const CHOICE_KEYS: [Key; 4] = [Key::Edition, Key::Date, Key::Dossier, Key::EvaluatedOn];
const _: () = assert!(EDITION_CHOICE_KEYS.len() == CHOICE_KEYS.len());

impl Key {
    fn bit(self) -> u8 {
        match self {
            Key::Edition => 1,
            Key::ProductSet => 2,
            Key::Answers => 4,
            Key::Partial => 8,
            Key::Eliminated => 16,
            Key::Date => 32,
            Key::Dossier => 64,
            Key::EvaluatedOn => 128,
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a request field")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
                Ok(match s {
                    "product_set" => Key::ProductSet,
                    "answers" => Key::Answers,
                    "partial" => Key::Partial,
                    "eliminated" => Key::Eliminated,
                    _ => EDITION_CHOICE_KEYS
                        .iter()
                        .zip(CHOICE_KEYS)
                        .find_map(|(k, key)| (*k == s).then_some(key))
                        // unknown_field, or "members" (a council)
                        .ok_or_else(give_up)?,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// `null`, and nothing else.
struct NullOnly;

impl<'de> Deserialize<'de> for NullOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NullOnly, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NullOnly;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null")
            }
            fn visit_unit<E>(self) -> Result<NullOnly, E> {
                Ok(NullOnly)
            }
        }
        d.deserialize_any(V)
    }
}

/// The edition id, looked up at once (escaped ids too).
struct EditionSeed(&'static Registry);

impl<'de> DeserializeSeed<'de> for EditionSeed {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for EditionSeed {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an edition id")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<usize, E> {
        self.0.edition_index(s).ok_or_else(give_up)
    }
}

/// The product set, `"1"`, `"01"` or `1`, as [`crate::registry::parse_set_number`] reads it.
struct SetSeed;

impl<'de> DeserializeSeed<'de> for SetSeed {
    type Value = u8;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for SetSeed {
    type Value = u8;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a product set")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<u8, E> {
        parse_set_text(s).ok_or_else(give_up)
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<u8, E> {
        parse_set_whole(u).ok_or_else(give_up)
    }
}

/// The `answers` object: keys borrowed from the input (an escaped key gives up), in order.
struct WrittenAnswers<'de>(Vec<(&'de str, Written)>);

impl<'de> Deserialize<'de> for WrittenAnswers<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WrittenAnswers<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an answers object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(48);
                while let Some(code) = map.next_key::<&'de str>()? {
                    out.push((code, map.next_value::<Written>()?));
                }
                Ok(WrittenAnswers(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// An option number from 1 to 64 written as a JSON integer.
fn option_number<E: de::Error>(u: u64) -> Result<u8, E> {
    u8::try_from(u)
        .ok()
        .filter(|k| (1..=64).contains(k))
        .ok_or_else(give_up)
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Written, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Written;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an answer")
            }
            fn visit_unit<E>(self) -> Result<Written, E> {
                Ok(Written::Null)
            }
            fn visit_u64<E: de::Error>(self, u: u64) -> Result<Written, E> {
                option_number(u).map(Written::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
                let (mut bits, mut len) = (0u64, 0u8);
                while let Some(OptionNumber(k)) = seq.next_element()? {
                    let bit = 1u64 << (k - 1);
                    if bits & bit != 0 {
                        return Err(give_up()); // duplicate_option or multiple_answers
                    }
                    bits |= bit;
                    len += 1;
                }
                Ok(Written::List { bits, len })
            }
        }
        d.deserialize_any(V)
    }
}

/// One option number of a list.
struct OptionNumber(u8);

impl<'de> Deserialize<'de> for OptionNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OptionNumber, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = OptionNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an option number")
            }
            fn visit_u64<E: de::Error>(self, u: u64) -> Result<OptionNumber, E> {
                option_number(u).map(OptionNumber)
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Resolving

/// Bit mask of a criterion's options.
fn mask(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// Resolves written answers against the sheet as [`Scorer::resolve`] would, or `None` where
/// it would report an error (or where the answers object has a key twice).
fn resolve(sheet: &Sheet, written: &[(&str, Written)]) -> Option<Answers> {
    let n = sheet.criteria.len();
    let mut seen = [0u64; 4];
    if n > 64 * seen.len() {
        return None;
    }
    let mut out = Answers::empty(n);
    let mut next = 0usize;
    for &(code, w) in written {
        // Requests usually list the criteria in printed order: try the next one first.
        let i = match sheet.criteria.get(next) {
            Some(c) if c.code == code => next,
            _ => sheet.criterion(code)?.0,
        };
        next = i + 1;
        let word = seen.get_mut(i / 64)?;
        let bit = 1u64 << (i % 64);
        if *word & bit != 0 {
            return None; // duplicate_key
        }
        *word |= bit;
        let c = sheet.criteria.get(i)?;
        let options = mask(c.options.len());
        let a = match (c.mode, w) {
            (_, Written::Null) => continue,
            (Mode::Additive, Written::One(k)) => {
                let bit = 1u64 << (k - 1);
                (bit & options != 0).then_some(Answer::Ticked(bit))?
            }
            (Mode::Additive, Written::List { bits, .. }) => {
                (bits & !options == 0).then_some(Answer::Ticked(bits))?
            }
            (Mode::Single | Mode::Case, Written::One(k)) => {
                (usize::from(k) <= c.options.len()).then_some(Answer::One(k - 1))?
            }
            (Mode::Single | Mode::Case, Written::List { bits, len: 1 }) => {
                let idx = bits.trailing_zeros();
                let k = u8::try_from(idx).ok()?;
                (usize::from(k) < c.options.len()).then_some(Answer::One(k))?
            }
            _ => return None,
        };
        out.set(i, Some(a));
    }
    Some(out)
}

/// The `eliminated` codes as criterion indices, as [`Scorer::resolve_flags`] gives them, or
/// `None` where it (or the request reader) would report an error.
fn flags(sheet: &Sheet, codes: &[&str]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(codes.len());
    for (j, code) in codes.iter().enumerate() {
        if codes.iter().take(j).any(|c| c == code) {
            return None;
        }
        let (i, c) = sheet.criterion(code)?;
        c.elimination_note()?;
        out.push(i);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The parts of a success document that depend only on the (edition, sheet), serialised by
/// `serde_json` once.
#[derive(Debug)]
struct Fragments {
    /// `{"status":"success","edition":…,"product_set":{…},"complete":`
    head: String,
    /// `,"parts":{"A":{"points":`, `,"max":M},"B":{"points":`, … `}},"total":`
    parts: [String; 4],
    /// Per criterion, in sheet order.
    criteria: Vec<CriterionFragment>,
    /// `"warnings":[…],"provenance":{…}}`
    tail: String,
    /// Capacity to reserve for a document.
    size: usize,
}

#[derive(Debug)]
struct CriterionFragment {
    /// The code as a JSON string.
    code: String,
    /// `{"code":…,"part":"A","option":`
    open: String,
    /// `,"max":M}`
    close: String,
}

/// One cached slot per (edition, product set) of the registry, built on first use.
type Cache = Vec<Vec<OnceLock<Option<Fragments>>>>;

static CACHE: OnceLock<Cache> = OnceLock::new();

fn fragments(reg: &'static Registry, ei: usize, set: u8) -> Option<&'static Fragments> {
    let table = CACHE.get_or_init(|| {
        reg.editions()
            .iter()
            .map(|e| e.sheets.iter().map(|_| OnceLock::new()).collect())
            .collect()
    });
    let edition = reg.editions().get(ei)?;
    let sheet = edition.sheet(set)?;
    table
        .get(ei)?
        .get(usize::from(set).checked_sub(1)?)?
        .get_or_init(|| build(edition, sheet))
        .as_ref()
}

fn js<T: Serialize + ?Sized>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

fn build(edition: &Edition, sheet: &Arc<Sheet>) -> Option<Fragments> {
    let scorer = Scorer::new(edition, sheet);
    let head = format!(
        "{{\"status\":\"success\",\"edition\":{},\"product_set\":{},\"complete\":",
        js(&edition.meta.id)?,
        js(&ProductSetRef {
            number: sheet.number,
            name: sheet.name.clone(),
        })?
    );
    let [a, b, c] = Part::ALL.map(|p| sheet.part_max(p));
    let parts = [
        ",\"parts\":{\"A\":{\"points\":".to_owned(),
        format!(",\"max\":{a}}},\"B\":{{\"points\":"),
        format!(",\"max\":{b}}},\"C\":{{\"points\":"),
        format!(",\"max\":{c}}}}},\"total\":"),
    ];
    let criteria = sheet
        .criteria
        .iter()
        .map(|c| {
            let code = js(&c.code)?;
            Some(CriterionFragment {
                open: format!("{{\"code\":{code},\"part\":{},\"option\":", js(&c.part)?),
                close: format!(",\"max\":{}}}", c.max),
                code,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let tail = format!(
        "\"warnings\":{},\"provenance\":{}}}",
        js(&gap_warnings(edition, sheet))?,
        js(&scorer.provenance())?
    );
    let size = head.len()
        + parts.iter().map(String::len).sum::<usize>()
        + criteria
            .iter()
            .map(|c| c.open.len() + c.close.len() + c.code.len() + 16)
            .sum::<usize>()
        + sheet.minimums().len() * 96
        + tail.len()
        + 256;
    Some(Fragments {
        head,
        parts,
        criteria,
        tail,
        size,
    })
}

fn push_u32(out: &mut String, n: u32) {
    let digit = |d: u32| char::from_digit(d, 10).unwrap_or('0');
    if n < 10 {
        out.push(digit(n));
    } else if n < 100 {
        out.push(digit(n / 10));
        out.push(digit(n % 10));
    } else {
        let _ = write!(out, "{n}");
    }
}

/// An answer as the result shows it (as `answer_value` in the contract): the option number,
/// the ticked options' numbers in order, or `null`.
fn push_answer(out: &mut String, c: &Criterion, a: Option<Answer>) {
    match a {
        None => out.push_str("null"),
        Some(Answer::One(i)) => push_u32(out, u32::from(i) + 1),
        Some(Answer::Ticked(bits)) => {
            out.push('[');
            let mut first = true;
            for k in 0..c.options.len().min(64) {
                if bits & (1u64 << k) != 0 {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    push_u32(out, u32::try_from(k + 1).unwrap_or(u32::MAX));
                }
            }
            out.push(']');
        }
    }
}

/// Writes the success document of [`Scorer::report`] for this evaluation.
fn write(scorer: &Scorer<'_>, f: &Fragments, answers: &Answers, ev: &Evaluation) -> Option<String> {
    let sheet: &Sheet = scorer.sheet;
    let mut out = String::with_capacity(f.size);
    out.push_str(&f.head);
    out.push_str(if ev.complete { "true" } else { "false" });
    let [p0, p1, p2, p3] = &f.parts;
    let [a, b, c] = ev.parts;
    for (piece, points) in [(p0, a), (p1, b), (p2, c)] {
        out.push_str(piece);
        push_u32(&mut out, points);
    }
    out.push_str(p3);
    push_u32(&mut out, ev.total);
    out.push_str(",\"band\":");
    push_u32(&mut out, u32::from(ev.band));
    out.push_str(",\"stars\":");
    match ev.stars {
        Some(s) => push_u32(&mut out, u32::from(s)),
        None => out.push_str("null"),
    }
    out.push_str(",\"capped_by\":[");
    for (j, m) in scorer.caps(ev).enumerate() {
        let c = sheet.criteria.get(m.criterion)?;
        let code = &f.criteria.get(m.criterion)?.code;
        if j > 0 {
            out.push(',');
        }
        out.push_str("{\"criterion\":");
        out.push_str(code);
        out.push_str(",\"level\":");
        push_u32(&mut out, u32::from(m.level));
        out.push_str(",\"required_option\":");
        push_u32(&mut out, u32::try_from(m.option + 1).ok()?);
        out.push_str(",\"answered_option\":");
        push_answer(&mut out, c, answers.get(m.criterion));
        out.push('}');
    }
    out.push_str("],\"eliminated\":");
    match ev.eliminated {
        None => out.push_str("null"),
        Some(e) => {
            let c = sheet.criteria.get(e.criterion)?;
            let note = c.notes.get(e.note)?;
            out.push_str(&js(&Eliminated {
                criterion: c.code.clone(),
                kind: note.kind,
                note: note.text.clone(),
                by: if e.by_answers { "answers" } else { "request" }.to_owned(),
            })?);
        }
    }
    out.push_str(",\"unanswered\":[");
    let mut first = true;
    for (i, cf) in f.criteria.iter().enumerate() {
        if answers.get(i).is_none() {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&cf.code);
        }
    }
    out.push_str("],\"criteria\":[");
    if f.criteria.len() != sheet.criteria.len() || ev.points.len() != sheet.criteria.len() {
        return None;
    }
    for (i, ((cf, c), &points)) in f
        .criteria
        .iter()
        .zip(&sheet.criteria)
        .zip(&ev.points)
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cf.open);
        push_answer(&mut out, c, answers.get(i));
        out.push_str(",\"points\":");
        push_u32(&mut out, points);
        out.push_str(&cf.close);
    }
    out.push_str("],");
    out.push_str(&f.tail);
    Some(out)
}
