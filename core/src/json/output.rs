//! Assessment JSON out. The document is written piece by piece into a [`Sink`]: static
//! texts the compiler checked need no escaping are copied as they are, integers are
//! formatted by itoa, and the structure around them is written directly (pre-rendered
//! pieces from `fragments` with the `speed-tables` feature). So a device can stream the
//! output without holding it whole, and a too-small caller buffer still learns the exact
//! size it needs.

use crate::assessment::{Assessment, InputRef, Match, Origin};
use crate::error::Error;
use crate::hpo::{id_at, HpoId};
use crate::kb::generated::{CITATIONS, KB_TERMS};
use crate::kb::{
    self, kb_term, AHO_LISTS, CRITERIA, DISEASES, GROUPS, HPO_RELEASE, KB_VERSION, NOTES, RULES,
    STEPS, SUPPORTING,
};

/// Where JSON bytes go.
pub trait Sink {
    /// Take the next bytes of the document.
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error>;
}

/// A sink over a caller buffer. Past the end it keeps counting, so that the size needed
/// is known; nothing is written beyond the buffer, and a document that did not fit is
/// cleared by [`SliceSink::finish`].
pub struct SliceSink<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceSink<'a> {
    /// Over `buf`.
    pub fn new(buf: &'a mut [u8]) -> SliceSink<'a> {
        SliceSink { buf, len: 0 }
    }
    /// Bytes of the whole document so far (written or not).
    pub fn needed(&self) -> usize {
        self.len
    }
    /// `Ok(len)` when the document fit, else `Err(needed)`. When it did not fit, the part
    /// that was written is cleared again, so the buffer never holds a partial document.
    pub fn finish(self) -> Result<usize, usize> {
        if self.len <= self.buf.len() {
            Ok(self.len)
        } else {
            self.buf.fill(0);
            Err(self.len)
        }
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
        Ok(())
    }
}

/// `"HP:0000000"`: nothing to escape, no UTF-8 check needed.
fn quoted(id: HpoId) -> [u8; 12] {
    let mut q = [b'"'; 12];
    if let Some(inner) = q.get_mut(1..11) {
        inner.copy_from_slice(id.to_text().as_bytes());
    }
    q
}

/// Write the assessment JSON into `out`; `BufferTooSmall` if it does not fit.
pub fn write_assessment(a: &Assessment, out: &mut [u8]) -> Result<usize, Error> {
    let mut sink = SliceSink::new(out);
    write_assessment_to(a, &mut sink)?;
    sink.finish().map_err(|_| Error::BufferTooSmall)
}

/// `,"name":`, the form [`W::key`] takes.
macro_rules! k {
    ($name:literal) => {
        Key(concat!(",\"", $name, "\":"))
    };
}

/// `,"name":"`: the key of a text, with the text's opening quote (one piece, not two).
macro_rules! kt {
    ($name:literal) => {
        Key(concat!(",\"", $name, "\":\""))
    };
}

/// `,"name":[`: the key of a list, with its opening bracket.
macro_rules! kl {
    ($name:literal) => {
        Key(concat!(",\"", $name, "\":["))
    };
}

/// A pre-quoted key: only `k!` makes one, so a plain string cannot be passed as a key.
#[derive(Clone, Copy)]
struct Key(&'static str);

struct W<'s, S: Sink + ?Sized> {
    sink: &'s mut S,
    first: bool,
}

impl<S: Sink + ?Sized> W<'_, S> {
    fn raw(&mut self, s: &str) -> Result<(), Error> {
        self.sink.write(s.as_bytes())
    }
    fn value<T: Leaf + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        v.put(self.sink)
    }
    /// A key, given as `k!("name")` = `,"name":` (one of this file's ASCII literals, so
    /// written without escaping, in one piece; the comma is dropped for a first member).
    fn key(&mut self, Key(k): Key) -> Result<(), Error> {
        if self.first {
            self.first = false;
            self.raw(k.get(1..).unwrap_or(k))
        } else {
            self.raw(k)
        }
    }
    fn field<T: Leaf + ?Sized>(&mut self, k: Key, v: &T) -> Result<(), Error> {
        self.key(k)?;
        self.value(v)
    }
    /// A static text known to need no escaping: every knowledge-base string the
    /// assessment carries is checked by the compiler (the check after `fn plain`), and the
    /// writer's own literals by `tests::literals_are_plain`. Copied as is.
    ///
    /// `k` comes from `kt!`, so it carries the opening quote.
    fn text(&mut self, k: Key, s: &'static str) -> Result<(), Error> {
        self.key(k)?;
        self.rest_of_text(s)
    }
    /// A plain static text and its closing quote, after a key or pre-rendered piece that
    /// opened it.
    fn rest_of_text(&mut self, s: &'static str) -> Result<(), Error> {
        self.sink.write(s.as_bytes())?;
        self.sink.write(b"\"")
    }
    fn open(&mut self, bracket: &str) -> Result<(), Error> {
        self.first = true;
        self.raw(bracket)
    }
    fn close(&mut self, bracket: &str) -> Result<(), Error> {
        self.first = false;
        self.raw(bracket)
    }
    /// A pre-rendered head `,{…` of an array's next object (its comma dropped if first).
    fn head(&mut self, head: &[u8]) -> Result<(), Error> {
        let head = head.get(usize::from(self.first)..).ok_or(Error::Internal)?;
        self.first = false;
        self.sink.write(head)
    }
    /// A pre-rendered tail that closes the current object.
    fn tail(&mut self, tail: &[u8]) -> Result<(), Error> {
        self.first = false;
        self.sink.write(tail)
    }
    /// The next object of an array: `,{` (or `{` first) in one piece.
    fn item_open(&mut self) -> Result<(), Error> {
        let piece: &[u8] = if self.first { b"{" } else { b",{" };
        self.first = true;
        self.sink.write(piece)
    }
    fn id(&mut self, k: Key, id: HpoId) -> Result<(), Error> {
        self.key(k)?;
        self.quoted_id(id)
    }
    fn quoted_id(&mut self, id: HpoId) -> Result<(), Error> {
        self.sink.write(&quoted(id))
    }
    /// A list of pre-quoted items, each given with its leading comma (`,"x"`). `k` comes
    /// from `kl!`, so it carries the opening bracket.
    fn list<'i>(&mut self, k: Key, items: impl Iterator<Item = &'i [u8]>) -> Result<(), Error> {
        self.key(k)?;
        let mut first = true;
        for item in items {
            let item = if first {
                item.get(1..).unwrap_or(item)
            } else {
                item
            };
            first = false;
            self.sink.write(item)?;
        }
        self.first = false;
        self.sink.write(b"]")
    }
    fn provenance(&mut self, flags: u8) -> Result<(), Error> {
        let names: [(u8, &[u8]); 4] = [
            (kb::ROW_ORPHA, b",\"orphanet\""),
            (kb::ROW_OMIM, b",\"omim\""),
            (kb::ROW_SEED, b",\"gard_seed\""),
            (kb::ROW_CURATED, b",\"curated\""),
        ];
        let items = names
            .into_iter()
            .filter(|&(bit, _)| flags & bit != 0)
            .map(|(_, n)| n);
        self.list(kl!("row_provenance"), items)
    }
    fn cites(&mut self, cites: &[u8]) -> Result<(), Error> {
        self.list(kl!("cites"), cites.iter().map(|&c| quoted_cite(c)))
    }
}

/// A leaf value of the document. Strings without characters to escape (all of the
/// knowledge base's text, checked byte by byte) are copied straight to the sink, and
/// numbers formatted by itoa: copying instead of encoding byte by byte is what makes
/// writing an assessment affordable on a Cortex-M0.
pub(crate) trait Leaf {
    fn put<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<(), Error>;
}

/// Whether a string has a byte JSON must escape (a control character, '"' or '\\').
/// Eight bytes at a time with the classic "has a byte less than n / equal to c" word
/// tricks (exact for the question "is there any such byte"): the output is mostly long
/// static texts, and a byte-at-a-time test dominated the cost of writing an assessment.
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (chunks, rest) = s.as_chunks::<8>();
    for c in chunks {
        let x = u64::from_le_bytes(*c);
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let q = x ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q & HIGH;
        let b = x ^ (ONES * u64::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b & HIGH;
        if control | quote | backslash != 0 {
            return true;
        }
    }
    rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

impl Leaf for str {
    /// Every text the core writes is a knowledge-base string the compiler checked
    /// (the check after `fn plain`) or one of its own literals
    /// (`tests::literals_are_plain`), so none needs escaping; one that did would be a bug, refused as `Internal` rather than
    /// written as invalid JSON. (No escaper is linked: it would cost the Cortex-M0 image
    /// flash for text that never occurs.)
    fn put<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<(), Error> {
        if needs_escape(self.as_bytes()) {
            return Err(Error::Internal);
        }
        sink.write(b"\"")?;
        sink.write(self.as_bytes())?;
        sink.write(b"\"")
    }
}

// Integers: itoa formats them without the `core::fmt` machinery, which a serializer
// would go through. Every width goes through one unsigned and one signed formatter (u32,
// i32), so an image carries two copies of itoa's loop, not five.
macro_rules! number_leaf {
    ($($t:ty => $via:ty),*) => {$(
        impl Leaf for $t {
            #[inline]
            fn put<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<(), Error> {
                let v = <$via>::try_from(*self).map_err(|_| Error::Internal)?;
                sink.write(itoa::Buffer::new().format(v).as_bytes())
            }
        }
    )*};
}
number_leaf!(u8 => u32, u16 => u32, i16 => i32, i32 => i32, usize => UsizeVia);

/// The fixed-width type of `usize` (every value fits), formatted as the other widths are.
#[cfg(target_pointer_width = "64")]
type UsizeVia = u64;
#[cfg(not(target_pointer_width = "64"))]
type UsizeVia = u32;

impl Leaf for bool {
    #[inline]
    fn put<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<(), Error> {
        sink.write(if *self { b"true" } else { b"false" })
    }
}

/// Whether a string has no byte JSON escapes (a control character, '"' or '\\').
const fn plain(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        #[allow(clippy::indexing_slicing)] // i < len; compile-time use only
        let c = b[i];
        if c < 0x20 || c == b'"' || c == b'\\' {
            return false;
        }
        i += 1;
    }
    true
}

// Every knowledge-base string the assessment carries is written verbatim (`W::text`), so
// the compiler checks here that none needs escaping: a table edit that adds a quote,
// backslash or control character fails the build instead of producing invalid JSON.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler only
const _: () = {
    macro_rules! each {
        ($t:expr, |$x:ident| $($f:expr),+) => {{
            let mut i = 0;
            while i < $t.len() {
                let $x = &$t[i];
                $(assert!(plain($f), "a knowledge-base string the assessment writes needs JSON escaping");)+
                i += 1;
            }
        }};
    }
    each!(
        CRITERIA,
        |c| c.key,
        c.text,
        match &c.provisional {
            Some(p) => p.reason,
            None => "",
        }
    );
    each!(AHO_LISTS, |l| l.key);
    each!(SUPPORTING, |s| s.key, s.text);
    each!(DISEASES, |d| d.id, d.name, d.abbreviation);
    each!(RULES, |r| r.key, r.text);
    each!(GROUPS, |g| g.key);
    each!(STEPS, |s| s.key, s.text);
    each!(NOTES, |n| n.key, n.topic, n.text);
    each!(KB_TERMS, |t| t.label);
    each!(CITATIONS, |c| c.id);
    each!(crate::kb::generated::COUNSEL, |c| c.key, c.text);
    let q = &crate::kb::generated::QUESTIONNAIRE;
    assert!(plain(q.question_prefix) && plain(q.onset_prefix) && plain(q.course_prefix));
    assert!(plain(q.refer_text) && plain(q.see_doctor_text) && plain(q.routine_text));
    let mut r = 0;
    while r < crate::kb::generated::SEED_ROWS.len() {
        let names = crate::kb::generated::SEED_ROWS[r].lay_names;
        let mut i = 0;
        while i < names.len() {
            assert!(plain(names[i]), "a lay name needs JSON escaping");
            i += 1;
        }
        r += 1;
    }
    each!(crate::kb::generated::KIOSK_QUESTIONS, |q| q.text);
    assert!(plain(KB_VERSION) && plain(HPO_RELEASE) && plain(DISCLAIMER));
};

const CITE_COUNT: usize = CITATIONS.len();
const CITE_BLOB_LEN: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < CITE_COUNT {
        #[allow(clippy::indexing_slicing)] // i < len; compile-time only
        let id = CITATIONS[i].id;
        n += id.len() + 3;
        i += 1;
    }
    n
};

/// Every citation id as `,"id"`, end to end, and where each starts: built by the
/// compiler, so a citation list is written one piece per item.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler only
static CITE_BLOB: ([u8; CITE_BLOB_LEN], [u16; CITE_COUNT + 1]) = {
    let mut blob = [0u8; CITE_BLOB_LEN];
    let mut starts = [0u16; CITE_COUNT + 1];
    let (mut i, mut at) = (0, 0);
    while i < CITE_COUNT {
        starts[i] = at as u16;
        let id = CITATIONS[i].id.as_bytes();
        blob[at] = b',';
        blob[at + 1] = b'"';
        let mut j = 0;
        while j < id.len() {
            blob[at + 2 + j] = id[j];
            j += 1;
        }
        blob[at + 2 + id.len()] = b'"';
        at += id.len() + 3;
        i += 1;
    }
    starts[CITE_COUNT] = at as u16;
    (blob, starts)
};

/// Citation `c` as `,"id"` (`,"?"` for an index out of range, as before).
fn quoted_cite(c: u8) -> &'static [u8] {
    let (blob, starts) = &CITE_BLOB;
    let c = usize::from(c);
    match (starts.get(c), starts.get(c + 1)) {
        (Some(&a), Some(&b)) => blob
            .get(usize::from(a)..usize::from(b))
            .unwrap_or(b",\"?\""),
        _ => b",\"?\"",
    }
}

/// Write `v` raw (`quote` false: structure the caller spells out) or as a JSON string.
pub(crate) fn put<S: Sink + ?Sized>(sink: &mut S, v: &str, quote: bool) -> Result<(), Error> {
    if quote {
        v.put(sink)
    } else {
        sink.write(v.as_bytes())
    }
}

/// Write a JSON integer.
pub(crate) fn put_num<S: Sink + ?Sized, T: Leaf>(sink: &mut S, v: T) -> Result<(), Error> {
    v.put(sink)
}

fn write_input<S: Sink + ?Sized>(w: &mut W<'_, S>, name: Option<InputRef>) -> Result<(), Error> {
    match name {
        Some(InputRef::Term(id)) => w.id(k!("input"), id),
        Some(f) => w.text(kt!("input"), f.field_name().unwrap_or("?")),
        None => Ok(()),
    }
}

fn match_name(m: Match) -> (&'static str, Option<u8>) {
    match m {
        Match::None => ("none", None),
        Match::Row(k) => ("annotated", Some(k)),
        Match::General(k) => ("more_general_than_row", Some(k)),
        Match::Negated(k) => ("negated_row", Some(k)),
        Match::Neutral(k) => ("neutral_row", Some(k)),
        Match::ExcludedRow(k) => ("excluded_against_row", Some(k)),
        Match::Unexplained => ("unexplained", None),
    }
}

#[cfg(feature = "speed-tables")]
use super::fragments as frag;

/// Without `speed-tables` there are no pre-rendered pieces: every one is written piece by
/// piece (the optimiser drops the unused branches).
#[cfg(not(feature = "speed-tables"))]
mod frag {
    type Parts = Option<(&'static [u8], &'static [u8])>;
    pub(super) fn row_parts(_: u8, _: usize) -> Parts {
        None
    }
    pub(super) fn disease_parts(_: usize) -> Parts {
        None
    }
    pub(super) fn rule_parts(_: usize) -> Parts {
        None
    }
    pub(super) fn step_parts(_: usize) -> Parts {
        None
    }
    pub(super) fn explanation_parts(
        _: usize,
        _: usize,
    ) -> Option<(&'static [u8], &'static [u8], &'static [u8])> {
        None
    }
    pub(super) fn term_part(_: u8) -> Option<&'static [u8]> {
        None
    }
    pub(super) fn header() -> Option<&'static [u8]> {
        None
    }
    pub(super) fn criterion_parts(_: usize) -> Parts {
        None
    }
    pub(super) fn supporting_parts(_: usize) -> Parts {
        None
    }
    pub(super) fn notes() -> Option<&'static [u8]> {
        None
    }
    pub(super) fn excluded_and_match(_: bool, _: super::Match) -> &'static str {
        ""
    }
}

/// `,"excluded":…,"match":"…"` in one piece (the reasons' most common pair).
#[cfg(feature = "speed-tables")]
pub(crate) fn excluded_and_match(excluded: bool, m: Match) -> &'static str {
    macro_rules! pair {
        ($ex:literal, $name:literal) => {
            concat!(",\"excluded\":", $ex, ",\"match\":\"", $name, "\"")
        };
    }
    macro_rules! both {
        ($name:literal) => {
            if excluded {
                pair!("true", $name)
            } else {
                pair!("false", $name)
            }
        };
    }
    match m {
        Match::None => both!("none"),
        Match::Row(_) => both!("annotated"),
        Match::General(_) => both!("more_general_than_row"),
        Match::Negated(_) => both!("negated_row"),
        Match::Neutral(_) => both!("neutral_row"),
        Match::ExcludedRow(_) => both!("excluded_against_row"),
        Match::Unexplained => both!("unexplained"),
    }
}

/// The notes array, piece by piece (the compiler pre-renders it with `speed-tables`).
fn write_notes<S: Sink + ?Sized>(w: &mut W<'_, S>, poh_notes: bool) -> Result<(), Error> {
    w.open("[")?;
    if poh_notes {
        for n in NOTES.iter() {
            w.item_open()?;
            w.text(kt!("key"), n.key)?;
            w.text(kt!("topic"), n.topic)?;
            w.text(kt!("text"), n.text)?;
            w.cites(n.cites)?;
            w.close("}")?;
        }
    }
    w.close("]")
}

/// The first words of every assessment.
pub(crate) const DISCLAIMER: &str = "Decision support, not a diagnosis: verdicts state how the findings given stand against published criteria.";

/// Write the whole assessment document into `sink`.
pub fn write_assessment_to<S: Sink + ?Sized>(a: &Assessment, sink: &mut S) -> Result<(), Error> {
    let mut w = W { sink, first: true };
    if let Some(head) = frag::header() {
        w.sink.write(head)?;
        w.first = false;
    } else {
        w.open("{")?;
        w.text(kt!("kb_version"), KB_VERSION)?;
        w.text(kt!("hpo_release"), HPO_RELEASE)?;
        w.text(kt!("disclaimer"), DISCLAIMER)?;
    }
    // the one alert flag
    w.key(k!("flag"))?;
    w.open("{")?;
    w.text(kt!("level"), a.flag.as_str())?;
    w.text(kt!("text"), a.flag.text())?;
    w.cites(crate::kb::generated::FLAG_CITES)?;
    w.close("}")?;
    // poh
    w.key(k!("poh"))?;
    w.open("{")?;
    w.text(kt!("verdict"), a.verdict.as_str())?;
    w.field(k!("provisional"), &a.provisional)?;
    w.key(k!("criteria"))?;
    w.open("[")?;
    for (i, (c, r)) in CRITERIA.iter().zip(a.criteria.iter()).enumerate() {
        let parts = frag::criterion_parts(i);
        if let Some((head, _)) = parts {
            w.head(head)?;
            w.rest_of_text(r.verdict.as_str())?;
        } else {
            w.item_open()?;
            w.text(kt!("key"), c.key)?;
            w.text(kt!("verdict"), r.verdict.as_str())?;
        }
        w.field(k!("provisional"), &r.provisional)?;
        if r.provisional {
            w.text(
                kt!("provisional_reason"),
                c.provisional.as_ref().map(|p| p.reason).unwrap_or(""),
            )?;
        }
        if c.aho_list {
            w.text(
                kt!("aho_list"),
                AHO_LISTS
                    .get(usize::from(a.aho_list))
                    .map(|l| l.key)
                    .unwrap_or("?"),
            )?;
        }
        w.key(k!("groups"))?;
        w.open("{")?;
        w.field(k!("present"), &r.present)?;
        w.field(k!("absent"), &r.absent)?;
        w.field(k!("unknown"), &r.unknown)?;
        if let Some((_, tail)) = parts {
            w.tail(tail)?;
            continue;
        }
        w.close("}")?;
        w.text(kt!("text"), c.text)?;
        w.cites(c.cites)?;
        w.close("}")?;
    }
    w.close("]")?;
    w.key(k!("supporting"))?;
    w.open("[")?;
    for (i, (s, r)) in SUPPORTING.iter().zip(a.supporting.iter()).enumerate() {
        if let Some((head, tail)) = frag::supporting_parts(i) {
            w.head(head)?;
            w.rest_of_text(r.presence.as_str())?;
            write_input(&mut w, a.input_of(r.by))?;
            w.tail(tail)?;
            continue;
        }
        w.item_open()?;
        w.text(kt!("key"), s.key)?;
        w.text(kt!("status"), r.presence.as_str())?;
        write_input(&mut w, a.input_of(r.by))?;
        w.text(kt!("text"), s.text)?;
        w.cites(s.cites)?;
        w.close("}")?;
    }
    w.close("]")?;
    if let Some((rank, p)) = a.poh_ranked() {
        w.key(k!("score"))?;
        w.open("{")?;
        w.field(k!("log10_lr_milli"), &p.log10_lr_milli)?;
        w.field(k!("phenotype_log10_lr_milli"), &p.phenotype_log10_lr_milli)?;
        w.field(k!("posterior_permille"), &p.posterior_permille)?;
        w.field(k!("rank"), &rank)?;
        w.text(
            kt!("method"),
            "likelihood ratio per finding (LIRICAL-style), thousandths of log10; docs/RULES.md",
        )?;
        w.close("}")?;
    }
    w.close("}")?;

    // differential: every finding's id is written once per disease, so quote them once
    let mut ids = [[b'"'; 12]; crate::limits::MAX_RESOLVED];
    for (q, r) in ids.iter_mut().zip(a.resolved.iter()) {
        *q = quoted(r.given);
    }
    w.key(k!("differential"))?;
    w.open("[")?;
    for r in a.differential.iter() {
        let d = usize::from(r.disease);
        let Some(dis) = DISEASES.get(d) else {
            return Err(Error::Internal);
        };
        let parts = frag::disease_parts(d);
        if let Some((head, _)) = parts {
            w.head(head)?;
            w.value(&r.log10_lr_milli)?;
        } else {
            w.item_open()?;
            w.text(kt!("id"), dis.id)?;
            w.text(kt!("name"), dis.name)?;
            w.text(kt!("abbreviation"), dis.abbreviation)?;
            w.field(k!("log10_lr_milli"), &r.log10_lr_milli)?;
        }
        w.field(k!("phenotype_log10_lr_milli"), &r.phenotype_log10_lr_milli)?;
        w.field(k!("posterior_permille"), &r.posterior_permille)?;
        w.field(k!("rank"), &r.rank)?;
        w.key(k!("reasons"))?;
        w.open("[")?;
        for ((res, cells), id) in a
            .resolved
            .iter()
            .zip(a.contributions.iter())
            .zip(ids.iter())
        {
            let Some(c) = cells.get(d) else { continue };
            if c.how == Match::None {
                continue;
            }
            // `,{"input":` in one piece.
            let head: &[u8] = if w.first {
                b"{\"input\":"
            } else {
                b",{\"input\":"
            };
            w.sink.write(head)?;
            match res.origin {
                Origin::Phenotype(_) => w.sink.write(id)?,
                o => {
                    w.sink.write(b"\"")?;
                    w.sink.write(o.field().as_bytes())?;
                    w.sink.write(b"\"")?;
                }
            }
            w.first = false;
            let (how, row) = match_name(c.how);
            if let Some((pre, post)) = row.and_then(|k| frag::row_parts(k, d)) {
                w.sink
                    .write(frag::excluded_and_match(res.excluded, c.how).as_bytes())?;
                w.sink.write(pre)?;
                w.value(&c.log10_lr_milli)?;
                w.sink.write(post)?;
                w.first = false;
                continue;
            }
            w.field(k!("excluded"), &res.excluded)?;
            w.text(kt!("match"), how)?;
            if let Some(k) = row {
                if let Some(t) = kb_term(k) {
                    w.id(k!("row"), HpoId(t.id))?;
                }
                if let Some(rowdata) = kb::model_row(k, d) {
                    w.field(k!("row_permille"), &rowdata.permille)?;
                    w.provenance(rowdata.flags)?;
                    w.field(k!("log10_lr_milli"), &c.log10_lr_milli)?;
                    w.cites(rowdata.cites)?;
                } else {
                    w.field(k!("log10_lr_milli"), &c.log10_lr_milli)?;
                }
            } else {
                w.field(k!("log10_lr_milli"), &c.log10_lr_milli)?;
                w.cites(&[])?;
            }
            w.close("}")?;
        }
        for (ri, (rule, fired)) in RULES.iter().zip(a.rules_fired.iter()).enumerate() {
            let e = rule.effects.get(d).copied().unwrap_or(0);
            if !*fired || e == 0 {
                continue;
            }
            if let Some((head, tail)) = frag::rule_parts(ri) {
                w.head(head)?;
                w.value(&e)?;
                w.tail(tail)?;
                continue;
            }
            w.item_open()?;
            w.text(kt!("rule"), rule.key)?;
            w.text(kt!("text"), rule.text)?;
            w.field(k!("log10_lr_milli"), &e)?;
            w.cites(rule.cites)?;
            w.close("}")?;
        }
        if let Some((_, tail)) = parts {
            w.tail(tail)?;
        } else {
            w.close("]")?;
            w.cites(dis.cites)?;
            w.close("}")?;
        }
    }
    w.close("]")?;

    // explanation: the input behind every verdict
    w.key(k!("explanation"))?;
    w.open("[")?;
    let aho = AHO_LISTS
        .get(usize::from(a.aho_list))
        .map(|l| l.groups)
        .unwrap_or(&[]);
    for (ci, (c, r)) in CRITERIA.iter().zip(a.criteria.iter()).enumerate() {
        let groups = if c.aho_list { aho } else { c.groups };
        for &g in groups {
            let (Some(grp), Some(st)) = (GROUPS.get(usize::from(g)), a.groups.get(usize::from(g)))
            else {
                return Err(Error::Internal);
            };
            if let Some((head, middle, tail)) = frag::explanation_parts(ci, usize::from(g)) {
                w.head(head)?;
                w.sink.write(r.verdict.as_str().as_bytes())?;
                w.sink.write(middle)?;
                w.rest_of_text(st.presence.as_str())?;
                write_input(&mut w, a.input_of(st.by))?;
                w.tail(tail)?;
                continue;
            }
            w.item_open()?;
            w.text(kt!("about"), c.key)?;
            w.text(kt!("criterion_verdict"), r.verdict.as_str())?;
            w.text(kt!("finding"), grp.key)?;
            w.text(kt!("status"), st.presence.as_str())?;
            write_input(&mut w, a.input_of(st.by))?;
            w.cites(grp.cites)?;
            w.close("}")?;
        }
    }
    w.close("]")?;

    // next steps
    w.key(k!("next_steps"))?;
    w.open("[")?;
    for n in a.next_steps.iter() {
        let Some(s) = STEPS.get(usize::from(n.step)) else {
            return Err(Error::Internal);
        };
        if let Some((head, tail)) = frag::step_parts(usize::from(n.step)) {
            w.head(head)?;
            w.value(&n.decides_criterion)?;
            w.field(k!("separation_milli"), &n.separation_milli)?;
            w.tail(tail)?;
            continue;
        }
        w.item_open()?;
        w.text(kt!("key"), s.key)?;
        w.text(kt!("kind"), s.kind.as_str())?;
        w.text(kt!("text"), s.text)?;
        w.field(k!("decides_criterion"), &n.decides_criterion)?;
        w.field(k!("separation_milli"), &n.separation_milli)?;
        w.cites(s.cites)?;
        w.close("}")?;
    }
    w.close("]")?;

    // notes
    w.key(k!("notes"))?;
    match frag::notes() {
        Some(notes) if a.poh_notes => {
            w.sink.write(notes)?;
            w.first = false;
        }
        _ => write_notes(&mut w, a.poh_notes)?,
    }

    // how the inputs were read
    w.key(k!("findings"))?;
    w.open("[")?;
    for r in a.resolved.iter() {
        w.item_open()?;
        match r.origin {
            Origin::Phenotype(i) => {
                w.id(k!("input"), r.given)?;
                w.field(k!("entry"), &i)?;
            }
            o => w.text(kt!("input"), o.field())?,
        }
        let kb = r.kb.and_then(kb_term);
        let primary = kb.map_or_else(|| id_at(r.term), |t| HpoId(t.id));
        if let Some(part) = r.kb.and_then(frag::term_part) {
            w.sink.write(part)?;
            w.value(&r.excluded)?;
        } else {
            w.id(k!("term"), primary)?;
            // Knowledge-base labels only: the full label table is an optional feature, and
            // the assessment must be the same bytes with or without it.
            if let Some(t) = kb {
                w.text(kt!("label"), t.label)?;
            }
            w.field(k!("excluded"), &r.excluded)?;
        }
        if r.given != primary && matches!(r.origin, Origin::Phenotype(_)) {
            w.text(kt!("note"), "alt_id mapped to its primary term")?;
        }
        w.close("}")?;
    }
    w.close("]")?;
    if let Some(c) = &a.counseling {
        w.key(k!("counseling"))?;
        crate::counseling::write_answer(c, w.sink)?;
    }
    w.key(k!("unrecognized"))?;
    w.open("[")?;
    for (id, entry) in a.unrecognized.listed.iter() {
        w.item_open()?;
        w.id(k!("id"), *id)?;
        w.field(k!("entry"), entry)?;
        w.close("}")?;
    }
    w.close("]")?;
    w.field(k!("unrecognized_total"), &a.unrecognized.total)?;
    w.close("}")
}

#[cfg(test)]
mod tests {
    use super::{needs_escape, plain};
    use crate::assessment::{Match, Origin, Overall, Presence};
    use crate::kb::{StepKind, Verdict};

    #[cfg(feature = "speed-tables")]
    #[test]
    fn fused_pairs_match_the_piecewise_form() {
        for m in [
            Match::None,
            Match::Row(0),
            Match::General(0),
            Match::Negated(0),
            Match::Neutral(0),
            Match::ExcludedRow(0),
            Match::Unexplained,
        ] {
            for ex in [false, true] {
                let want = format!(
                    ",\"excluded\":{ex},\"match\":\"{}\"",
                    super::match_name(m).0
                );
                assert_eq!(super::excluded_and_match(ex, m), want);
            }
        }
    }

    #[cfg(feature = "speed-tables")]
    #[test]
    fn prerendered_notes_match_the_piecewise_form() {
        let mut buf = vec![0u8; 8192];
        let mut sink = super::SliceSink::new(&mut buf);
        let mut w = super::W {
            sink: &mut sink,
            first: true,
        };
        super::write_notes(&mut w, true).unwrap();
        let n = sink.finish().unwrap();
        assert_eq!(Some(&buf[..n]), super::super::fragments::notes());
    }

    #[test]
    fn literals_are_plain() {
        let mut all: Vec<&str> = vec![
            Overall::Met.as_str(),
            Overall::NotMet.as_str(),
            Overall::Indeterminate.as_str(),
            Presence::Present.as_str(),
            Presence::Absent.as_str(),
            Presence::Unknown.as_str(),
            Verdict::Met.as_str(),
            Verdict::NotMet.as_str(),
            Verdict::Unknown.as_str(),
        ];
        for k in [
            StepKind::Lab,
            StepKind::Genetic,
            StepKind::Imaging,
            StepKind::Exam,
            StepKind::History,
        ] {
            all.push(k.as_str());
        }
        for m in [
            Match::None,
            Match::Row(0),
            Match::General(0),
            Match::Negated(0),
            Match::Neutral(0),
            Match::ExcludedRow(0),
            Match::Unexplained,
        ] {
            all.push(super::match_name(m).0);
        }
        for o in [
            Origin::Phenotype(0),
            Origin::LabPth,
            Origin::LabCalcium,
            Origin::LabPhosphate,
            Origin::LabTsh,
        ] {
            all.push(o.field());
        }
        for f in crate::assessment::INPUT_FIELDS {
            all.push(f);
        }
        use crate::counseling::Expected;
        use crate::questionnaire::Level;
        for e in [
            Expected::MaternalPhp1aOr1c,
            Expected::PaternalPphpPohOc,
            Expected::DependsOnSex,
        ] {
            all.push(e.as_str());
        }
        for l in [Level::Routine, Level::SeeDoctor, Level::Refer] {
            all.push(l.as_str());
            all.push(l.text());
        }
        for s in all {
            assert!(plain(s) && !needs_escape(s.as_bytes()), "{s}");
        }
        assert!(!plain("a\"b") && !plain("a\\b") && !plain("a\nb") && plain("é ok"));
    }

    #[test]
    fn a_document_that_does_not_fit_leaves_no_partial_output() {
        let input = br#"{"phenotypes": [{"id": "HP:0025027"}]}"#;
        let mut big = [0u8; 65536];
        let n = crate::json::evaluate_json(input, &mut big).unwrap();
        let mut small = [0xAAu8; 512];
        assert!(n > small.len());
        assert_eq!(
            crate::json::evaluate_json(input, &mut small),
            Err(crate::Error::BufferTooSmall)
        );
        assert!(
            small.iter().all(|&b| b == 0),
            "a partial document was left in the buffer"
        );
        let mut exact = [0u8; 65536];
        assert_eq!(
            crate::json::evaluate_json_len(input, &mut exact[..n - 1]),
            Err((crate::Error::BufferTooSmall, n))
        );
        assert_eq!(crate::json::evaluate_json(input, &mut exact[..n]), Ok(n));
    }

    #[test]
    fn escape_detection_matches_the_byte_rule() {
        let mut buf = [b'a'; 40];
        assert!(!needs_escape(&buf));
        for pos in 0..40 {
            for bad in [0u8, 0x1f, b'"', b'\\', b'\n'] {
                buf[pos] = bad;
                assert!(needs_escape(&buf), "byte {bad} at {pos}");
                buf[pos] = b'a';
            }
            for good in [0x20u8, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xc3, 0xff] {
                buf[pos] = good;
                assert!(!needs_escape(&buf), "byte {good} at {pos}");
                buf[pos] = b'a';
            }
        }
    }
}
