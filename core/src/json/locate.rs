//! The walk behind [`crate::detail`]: find where in a document the error a reader
//! reported stands, and say what is there.
//!
//! Only run after a reader failed, so the success path pays nothing. The readers stop at
//! the first error of any kind, in document order; the walk visits the document in the
//! same order with the schema as data (below) and stops at the first place where the
//! reported kind of error occurs, which is where the reader stopped. The schema's key
//! lists and vocabularies are the readers' own (`input.rs`; the tests compare them).
//!
//! Why by hand: the walk needs the byte offset and the path of every value, which
//! serde-json-core does not expose, and a second pass through the serde visitors would
//! double their code in the Cortex-M0 image. The input is syntactically valid by the
//! time the walk runs (the syntax check came first); the walk never indexes out of
//! bounds and always advances, so even invalid input only ends it early.

use core::fmt::Write;

use heapless::String;

use super::input::{
    Field, GnasField, HistoryField, ImagingField, LabField, OptionsField, PhenotypeField,
    TreatmentField, AHO_LIST_VALUES, GNAS_VALUES, GS_ALPHA_VALUES, LAB_VALUES, ORIGIN_VALUES,
    SEX_VALUES,
};
use super::scan;
use crate::assessment::Assessment;
use crate::detail::{push_shortened, set_hint, Detail};
use crate::error::Error;
use crate::findings::Findings;
use crate::hpo::HpoId;
use crate::limits::{MAX_AGE_MONTHS, MAX_DETAIL_PATH, MAX_MODIFIERS, MAX_PHENOTYPES};

/// The document a reader reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Document {
    /// The findings schema (`json::parse_findings`).
    Findings,
    /// A GA4GH Phenopacket v2 (`phenopacket::parse_phenopacket`).
    Phenopacket,
    /// Another JSON reader (counseling, questionnaire): syntax errors only.
    Other,
}

/// What a value of the schema is.
#[derive(Clone, Copy)]
enum Shape {
    Obj(&'static Obj),
    Arr(&'static Shape, Count),
    /// A string from a list; any other string is the error given.
    Vocab(&'static [&'static str], Error, Topic),
    /// An HPO id string.
    Id(Role),
    /// Whole months, 0 to `MAX_AGE_MONTHS`.
    Months,
    /// `options.pretest_per_million`: 1 to 999,999.
    PerMillion,
    Bool,
    Str,
    Num,
    /// An ISO 8601 duration (phenopacket ages).
    Duration,
    /// Anything (not read).
    Any,
}

/// Which id an `Id` is: an entry's own term or one of its modifiers (for the capacity
/// counts of the lists holding them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Entry,
    Modifier,
}

/// The capacity a list is checked against.
#[derive(Clone, Copy)]
enum Count {
    None,
    /// Entries of terms of the HPO subset: `MAX_PHENOTYPES`, `TooManyPhenotypes`.
    Entries,
    /// Modifiers (of the subset only, or all): `MAX_MODIFIERS`, `TooManyModifiers`; and
    /// for phenopackets the reader's room for the list (`InvalidPhenopacket` beyond it).
    Modifiers {
        subset_only: bool,
        room: usize,
    },
    /// At most this many elements (`InvalidPhenopacket` beyond).
    Room(usize),
}

/// For hints about a vocabulary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Lab,
    GsAlpha,
    Sex,
    Gnas,
    Origin,
    Other,
}

#[derive(Clone, Copy)]
struct Key {
    name: &'static str,
    shape: Shape,
    /// `null` is accepted (and means unknown).
    null: bool,
    required: bool,
}

/// An object of the schema.
struct Obj {
    keys: &'static [Key],
    /// Unknown keys are ignored (phenopackets) rather than `UnknownField`.
    open: bool,
    /// The error of a repeated key.
    dup: Error,
    /// The error of a missing required key.
    missing: Error,
    /// The keys as the reader lists them (`UnknownField`'s allowed values).
    allowed: &'static [&'static str],
}

const fn key(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        shape,
        null: true,
        required: false,
    }
}

const fn strict(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        shape,
        null: false,
        required: false,
    }
}

const fn required(name: &'static str, shape: Shape) -> Key {
    Key {
        name,
        shape,
        null: false,
        required: true,
    }
}

const fn closed(keys: &'static [Key], allowed: &'static [&'static str]) -> Obj {
    Obj {
        keys,
        open: false,
        dup: Error::DuplicateField,
        missing: Error::MissingField,
        allowed,
    }
}

const fn open(keys: &'static [Key]) -> Obj {
    Obj {
        keys,
        open: true,
        dup: Error::InvalidPhenopacket,
        missing: Error::InvalidPhenopacket,
        allowed: &[],
    }
}

// ---- the findings schema (json/input.rs) --------------------------------------------

const fn lab(name: &'static str) -> Key {
    key(
        name,
        Shape::Vocab(LAB_VALUES, Error::UnknownValue, Topic::Lab),
    )
}

static LABS: Obj = closed(
    &[
        lab("pth"),
        lab("calcium"),
        lab("phosphate"),
        lab("tsh"),
        key(
            "gs_alpha_activity",
            Shape::Vocab(GS_ALPHA_VALUES, Error::UnknownValue, Topic::GsAlpha),
        ),
    ],
    LabField::TEXTS,
);
static GNAS: Obj = closed(
    &[
        key(
            "result",
            Shape::Vocab(GNAS_VALUES, Error::UnknownValue, Topic::Gnas),
        ),
        key(
            "parent_of_origin",
            Shape::Vocab(ORIGIN_VALUES, Error::UnknownValue, Topic::Origin),
        ),
    ],
    GnasField::TEXTS,
);
static HISTORY: Obj = closed(
    &[
        key("trauma_or_surgery_at_site", Shape::Bool),
        key("neurological_injury", Shape::Bool),
        key("father_affected", Shape::Bool),
        key("mother_affected", Shape::Bool),
    ],
    HistoryField::TEXTS,
);
static IMAGING: Obj = closed(&[key("specific_pattern", Shape::Bool)], ImagingField::TEXTS);
static TREATMENT: Obj = closed(
    &[key("active_vitamin_d", Shape::Bool)],
    TreatmentField::TEXTS,
);
static OPTIONS: Obj = closed(
    &[
        key(
            "aho_list",
            Shape::Vocab(AHO_LIST_VALUES, Error::UnknownOption, Topic::Other),
        ),
        key("counseling", Shape::Bool),
        key("pretest_per_million", Shape::PerMillion),
    ],
    OptionsField::TEXTS,
);
static ENTRY: Obj = closed(
    &[
        required("id", Shape::Id(Role::Entry)),
        key("excluded", Shape::Bool),
        key("onset_months", Shape::Months),
        strict(
            "modifiers",
            Shape::Arr(
                &Shape::Id(Role::Modifier),
                Count::Modifiers {
                    subset_only: true,
                    room: usize::MAX,
                },
            ),
        ),
    ],
    PhenotypeField::TEXTS,
);
static FINDINGS: Obj = closed(
    &[
        key("age_months", Shape::Months),
        key(
            "sex",
            Shape::Vocab(SEX_VALUES, Error::UnknownValue, Topic::Sex),
        ),
        strict(
            "phenotypes",
            Shape::Arr(&Shape::Obj(&ENTRY), Count::Entries),
        ),
        strict("labs", Shape::Obj(&LABS)),
        strict("gnas", Shape::Obj(&GNAS)),
        strict("history", Shape::Obj(&HISTORY)),
        strict("imaging", Shape::Obj(&IMAGING)),
        strict("treatment", Shape::Obj(&TREATMENT)),
        strict("options", Shape::Obj(&OPTIONS)),
    ],
    Field::TEXTS,
);

/// The objects of the findings schema with their paths, for "this key belongs in ...".
static FINDINGS_OBJECTS: [(&str, &Obj); 7] = [
    ("phenotypes[]", &ENTRY),
    ("labs", &LABS),
    ("gnas", &GNAS),
    ("history", &HISTORY),
    ("imaging", &IMAGING),
    ("treatment", &TREATMENT),
    ("options", &OPTIONS),
];

// ---- the phenopacket schema (phenopacket.rs: what it reads) ------------------------

/// Phenopacket `subject.sex` values.
const PACKET_SEX: &[&str] = &["FEMALE", "MALE", "OTHER_SEX", "UNKNOWN_SEX"];
/// ACMG classes read from a GNAS variant interpretation.
const ACMG: &[&str] = &[
    "PATHOGENIC",
    "LIKELY_PATHOGENIC",
    "UNCERTAIN_SIGNIFICANCE",
    "BENIGN",
    "LIKELY_BENIGN",
    "NOT_PROVIDED",
];
/// The phenopacket's own keys: a findings document holding one is a phenopacket.
const PACKET_KEYS: &[&str] = &[
    "id",
    "subject",
    "phenotypicFeatures",
    "measurements",
    "biosamples",
    "interpretations",
    "diseases",
    "medicalActions",
    "files",
    "metaData",
];

static AGE: Obj = open(&[required("iso8601duration", Shape::Duration)]);
static ENTRY_CLASS: Obj = open(&[required("id", Shape::Id(Role::Entry))]);
static MODIFIER_CLASS: Obj = open(&[required("id", Shape::Id(Role::Modifier))]);
static ANY_CLASS: Obj = open(&[required("id", Shape::Str)]);
static AGE_ONLY: Obj = open(&[
    key("age", Shape::Obj(&AGE)),
    key("ontologyClass", Shape::Obj(&ANY_CLASS)),
]);
static ONSET: Obj = open(&[
    key("age", Shape::Obj(&AGE)),
    key("ontologyClass", Shape::Obj(&MODIFIER_CLASS)),
]);
static SUBJECT: Obj = open(&[
    key(
        "sex",
        Shape::Vocab(PACKET_SEX, Error::UnknownValue, Topic::Sex),
    ),
    key("timeAtLastEncounter", Shape::Obj(&AGE_ONLY)),
]);
static FEATURE: Obj = open(&[
    required("type", Shape::Obj(&ENTRY_CLASS)),
    key("excluded", Shape::Bool),
    key("onset", Shape::Obj(&ONSET)),
    key(
        "modifiers",
        Shape::Arr(
            &Shape::Obj(&MODIFIER_CLASS),
            Count::Modifiers {
                subset_only: false,
                room: 16,
            },
        ),
    ),
]);
static RANGE: Obj = open(&[key("low", Shape::Num), key("high", Shape::Num)]);
static QUANTITY: Obj = open(&[
    required("value", Shape::Num),
    key("referenceRange", Shape::Obj(&RANGE)),
]);
static VALUE: Obj = open(&[key("quantity", Shape::Obj(&QUANTITY))]);
static MEASUREMENT: Obj = open(&[
    required("assay", Shape::Obj(&ANY_CLASS)),
    key("value", Shape::Obj(&VALUE)),
]);
static GENE: Obj = open(&[key("symbol", Shape::Str)]);
static EXTENSION: Obj = open(&[required("name", Shape::Str), required("value", Shape::Any)]);
static DESCRIPTOR: Obj = open(&[
    key("geneContext", Shape::Obj(&GENE)),
    key(
        "extensions",
        Shape::Arr(&Shape::Obj(&EXTENSION), Count::Room(8)),
    ),
]);
static VARIANT: Obj = open(&[
    key(
        "acmgPathogenicityClassification",
        Shape::Vocab(ACMG, Error::UnknownValue, Topic::Gnas),
    ),
    key("variationDescriptor", Shape::Obj(&DESCRIPTOR)),
]);
static GENOMIC: Obj = open(&[key("variantInterpretation", Shape::Obj(&VARIANT))]);
static DIAGNOSIS: Obj = open(&[strict(
    "genomicInterpretations",
    Shape::Arr(&Shape::Obj(&GENOMIC), Count::None),
)]);
static INTERPRETATION: Obj = open(&[strict("diagnosis", Shape::Obj(&DIAGNOSIS))]);
static PACKET: Obj = Obj {
    keys: &[
        strict("subject", Shape::Obj(&SUBJECT)),
        strict(
            "phenotypicFeatures",
            Shape::Arr(&Shape::Obj(&FEATURE), Count::Entries),
        ),
        strict(
            "measurements",
            Shape::Arr(&Shape::Obj(&MEASUREMENT), Count::None),
        ),
        strict(
            "interpretations",
            Shape::Arr(&Shape::Obj(&INTERPRETATION), Count::None),
        ),
    ],
    open: true,
    dup: Error::DuplicateField,
    missing: Error::InvalidPhenopacket,
    allowed: &[],
};

// ---- the walk ----------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The first occurrence of this error.
    Kind(Error),
    /// The value starting at this offset (its path), reported as this error.
    At(usize, Error),
    /// Entry `n` of the entry list, reported as this error.
    Entry(usize, Error),
}

struct Walk<'a> {
    b: &'a [u8],
    i: usize,
    doc: Document,
    target: Target,
    path: String<MAX_DETAIL_PATH>,
    entry_id: Option<HpoId>,
    mod_id: Option<HpoId>,
    found: Option<Detail>,
}

/// The JSON type of the value starting with byte `c`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Json {
    Str,
    Num,
    Obj,
    Arr,
    Bool,
    Null,
}

fn json_type(c: Option<u8>) -> Json {
    match c {
        Some(b'"') => Json::Str,
        Some(b'{') => Json::Obj,
        Some(b'[') => Json::Arr,
        Some(b't' | b'f') => Json::Bool,
        Some(b'n') => Json::Null,
        _ => Json::Num,
    }
}

impl<'a> Walk<'a> {
    fn new(b: &'a [u8], doc: Document, target: Target) -> Walk<'a> {
        Walk {
            b,
            i: 0,
            doc,
            target,
            path: String::new(),
            entry_id: None,
            mod_id: None,
            found: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn text(&self, a: usize, z: usize) -> &'a str {
        self.b
            .get(a..z)
            .and_then(|s| core::str::from_utf8(s).ok())
            .unwrap_or("")
    }

    /// At `"`: the string's content span; moves past the closing quote.
    fn string(&mut self) -> (usize, usize) {
        self.i += 1;
        let a = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    let z = self.i;
                    self.i += 1;
                    return (a, z);
                }
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
        (a, self.b.len())
    }

    /// Skip one value (iteratively: no recursion on nesting).
    fn skip(&mut self) {
        self.ws();
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            Some(_) => {
                self.i += 1;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    /// The text of the value at `start` (a string without its quotes) and whether it is a
    /// string.
    fn value_text(&self, start: usize) -> (&'a str, bool) {
        let mut w = Walk::new(self.b, self.doc, self.target);
        w.i = start;
        if w.peek() == Some(b'"') {
            let (a, z) = w.string();
            (self.text(a, z), true)
        } else {
            w.skip();
            (self.text(start, w.i), false)
        }
    }

    fn push_key(&mut self, k: &str) -> usize {
        let n = self.path.len();
        if n > 0 {
            let _ = self.path.push('.');
        }
        push_shortened(&mut self.path, k);
        n
    }

    fn push_index(&mut self, i: usize) -> usize {
        let n = self.path.len();
        let mut s: String<24> = String::new();
        let _ = write!(s, "[{i}]");
        push_shortened(&mut self.path, &s);
        n
    }

    fn pop(&mut self, n: usize) {
        self.path.truncate(n);
    }

    fn wants(&self, e: Error) -> bool {
        self.target == Target::Kind(e)
    }

    /// Record `e` at the value starting at `start` (or the key there); true (stop).
    fn report(&mut self, e: Error, start: usize) -> &mut Detail {
        let (v, quoted) = self.value_text(start);
        self.found
            .insert(Detail::at(e, &self.path, start).with_value(v, quoted))
    }

    fn value(&mut self, shape: Shape, null: bool) -> bool {
        self.ws();
        let start = self.i;
        let t = json_type(self.peek());
        if let Target::At(o, e) = self.target {
            if o == start {
                let d = self.report(e, start);
                hint_type(d, shape);
                return true;
            }
        }
        if t == Json::Null && null {
            self.skip();
            return false;
        }
        let want = match shape {
            Shape::Any => {
                self.skip();
                return false;
            }
            Shape::Obj(_) => Json::Obj,
            Shape::Arr(..) => Json::Arr,
            Shape::Months | Shape::PerMillion | Shape::Num => Json::Num,
            Shape::Bool => Json::Bool,
            Shape::Vocab(..) | Shape::Id(_) | Shape::Str | Shape::Duration => Json::Str,
        };
        if t != want {
            if self.wants(Error::WrongType) {
                let d = self.report(Error::WrongType, start);
                if let Shape::Vocab(list, _, _) = shape {
                    *d = d.clone().with_allowed(list);
                }
                hint_type(d, shape);
                return true;
            }
            self.skip();
            return false;
        }
        match shape {
            Shape::Obj(o) => self.object(o),
            Shape::Arr(elem, count) => self.array(elem, count),
            Shape::Vocab(list, e, topic) => {
                let (a, z) = self.string();
                let s = self.text(a, z);
                if list.contains(&s) || !self.wants(e) {
                    return false;
                }
                let d = self.report(e, start);
                *d = d.clone().with_allowed(list);
                hint_value(d, topic, list, s);
                true
            }
            Shape::Id(role) => {
                let (a, z) = self.string();
                let s = self.text(a, z);
                match HpoId::parse(s) {
                    Ok(id) => {
                        match role {
                            Role::Entry => self.entry_id = Some(id),
                            Role::Modifier => self.mod_id = Some(id),
                        }
                        false
                    }
                    Err(e) if self.wants(e) => {
                        let d = self.report(e, start);
                        hint_id(d, s);
                        true
                    }
                    Err(_) => false,
                }
            }
            Shape::Duration => {
                let (a, z) = self.string();
                match crate::phenopacket::duration_months(self.text(a, z)) {
                    Err(e) if self.wants(e) => {
                        let d = self.report(e, start);
                        if e == Error::OutOfRange {
                            set_hint(d, format_args!("ages are at most 150 years (P150Y)"));
                        } else {
                            set_hint(
                                d,
                                format_args!(
                                    "an ISO 8601 duration such as P4Y6M (4 years, 6 months)"
                                ),
                            );
                        }
                        true
                    }
                    _ => false,
                }
            }
            Shape::Months | Shape::PerMillion => {
                self.skip();
                let raw = self.text(start, self.i);
                let (lo, hi) = match shape {
                    Shape::Months => (0, u64::from(MAX_AGE_MONTHS)),
                    _ => (1, 999_999),
                };
                let fraction = raw.bytes().any(|c| matches!(c, b'.' | b'e' | b'E'));
                let e = if fraction {
                    Error::WrongType
                } else if raw.starts_with('-') {
                    Error::OutOfRange
                } else {
                    let v = raw.bytes().fold(0u64, |v, c| {
                        v.saturating_mul(10)
                            .saturating_add(u64::from(c.wrapping_sub(b'0')))
                    });
                    if (lo..=hi).contains(&v) {
                        return false;
                    }
                    Error::OutOfRange
                };
                if !self.wants(e) {
                    return false;
                }
                let d = self.report(e, start);
                hint_type(d, shape);
                true
            }
            Shape::Bool | Shape::Str | Shape::Num | Shape::Any => {
                self.skip();
                false
            }
        }
    }

    /// Whether the document's top-level object has a key only a phenopacket has.
    fn root_has_packet_key(&self) -> bool {
        let mut w = Walk::new(self.b, self.doc, self.target);
        w.ws();
        if w.peek() != Some(b'{') {
            return false;
        }
        w.i += 1;
        loop {
            w.ws();
            match w.peek() {
                Some(b',') => w.i += 1,
                Some(b'"') => {
                    let (a, z) = w.string();
                    let k = w.text(a, z);
                    if k != "id" && PACKET_KEYS.contains(&k) {
                        return true;
                    }
                    w.ws();
                    if w.peek() == Some(b':') {
                        w.i += 1;
                    }
                    w.skip();
                }
                _ => return false,
            }
        }
    }

    fn object(&mut self, o: &'static Obj) -> bool {
        let start = self.i;
        self.i += 1;
        let root = self.path.is_empty() && core::ptr::eq(o, &FINDINGS);
        let mut seen = 0u64;
        loop {
            self.ws();
            match self.peek() {
                None => return false,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => {}
                Some(_) => return false,
            }
            let key_at = self.i;
            let (a, z) = self.string();
            let k = self.text(a, z);
            self.ws();
            if self.peek() == Some(b':') {
                self.i += 1;
            }
            let saved = self.push_key(k);
            match o.keys.iter().position(|x| x.name == k) {
                None => {
                    if !o.open && self.wants(Error::UnknownField) {
                        let doc = self.doc;
                        let packet = root && self.root_has_packet_key();
                        let d = self.report(Error::UnknownField, key_at);
                        *d = d.clone().with_allowed(o.allowed);
                        hint_key(d, doc, o, k, root, packet);
                        return true;
                    }
                    self.skip();
                }
                Some(n) => {
                    let bit = 1u64 << (n % 64);
                    if seen & bit != 0 && self.wants(o.dup) {
                        self.report(o.dup, key_at);
                        return true;
                    }
                    seen |= bit;
                    let Some(x) = o.keys.get(n) else {
                        return false;
                    };
                    if self.value(x.shape, x.null) {
                        return true;
                    }
                }
            }
            self.pop(saved);
        }
        for (n, x) in o.keys.iter().enumerate() {
            if x.required && seen & (1u64 << (n % 64)) == 0 && self.wants(o.missing) {
                let d = Detail::at(o.missing, &self.path, start).with_value(x.name, true);
                let d = self.found.insert(d);
                if core::ptr::eq(o, &ENTRY) {
                    set_hint(
                        d,
                        format_args!("each entry names its term: {{\"id\": \"HP:0000000\"}}"),
                    );
                }
                return true;
            }
        }
        false
    }

    fn array(&mut self, elem: &'static Shape, count: Count) -> bool {
        self.i += 1;
        let (mut n, mut counted) = (0usize, 0usize);
        loop {
            self.ws();
            match self.peek() {
                None => return false,
                Some(b']') => {
                    self.i += 1;
                    return false;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(_) => {}
            }
            let saved = self.push_index(n);
            let start = self.i;
            if let (Target::Entry(k, e), Count::Entries) = (self.target, count) {
                if k == n {
                    self.report(e, start);
                    return true;
                }
            }
            self.entry_id = None;
            self.mod_id = None;
            if self.value(*elem, false) {
                return true;
            }
            let over = match count {
                Count::None => None,
                Count::Entries => {
                    let known = self
                        .entry_id
                        .is_some_and(|id| crate::hpo::subset_index(id).is_some());
                    counted += usize::from(known);
                    (counted > MAX_PHENOTYPES).then_some(Error::TooManyPhenotypes)
                }
                Count::Modifiers { subset_only, room } => {
                    let counts = self
                        .mod_id
                        .is_some_and(|id| !subset_only || crate::hpo::subset_index(id).is_some());
                    counted += usize::from(counts);
                    if n + 1 > room {
                        Some(Error::InvalidPhenopacket)
                    } else {
                        (counted > MAX_MODIFIERS).then_some(Error::TooManyModifiers)
                    }
                }
                Count::Room(room) => (n + 1 > room).then_some(Error::InvalidPhenopacket),
            };
            if let Some(e) = over {
                if self.wants(e) {
                    self.report(e, start);
                    return true;
                }
            }
            self.pop(saved);
            n += 1;
        }
    }
}

fn schema(doc: Document) -> Option<&'static Obj> {
    match doc {
        Document::Findings => Some(&FINDINGS),
        Document::Phenopacket => Some(&PACKET),
        Document::Other => None,
    }
}

fn walk(input: &[u8], doc: Document, target: Target) -> Option<Detail> {
    let root = schema(doc)?;
    let mut w = Walk::new(input, doc, target);
    w.value(Shape::Obj(root), false);
    w.found
}

/// See [`crate::detail::findings_json`].
pub(crate) fn explain(input: &[u8], error: Error, doc: Document) -> Detail {
    // Syntax first, as the readers check it (findings: integers only).
    for integers in [doc == Document::Findings, true] {
        if let Some((e, at)) = scan::locate(input, integers) {
            if e != error {
                continue;
            }
            if e == Error::WrongType {
                // A fraction: the path of the number, if the schema reaches it.
                if let Some(d) = walk(input, doc, Target::At(at, e)) {
                    return d;
                }
            }
            return syntax(input, e, at);
        }
    }
    if let Some(d) = walk(input, doc, Target::Kind(error)) {
        return d;
    }
    evaluation(input, error, doc).unwrap_or_else(|| Detail::from(error))
}

/// A syntax error at byte `at`: the text there, and what is certain about it.
fn syntax(input: &[u8], e: Error, at: usize) -> Detail {
    let mut d = Detail::at_offset(e, at);
    if matches!(e, Error::InputTooLarge | Error::EmptyInput) {
        return d;
    }
    let rest = input.get(at..).unwrap_or(&[]);
    let end = rest
        .iter()
        .position(|&c| c == b'\n')
        .unwrap_or(rest.len())
        .min(24);
    let snippet = rest.get(..end).and_then(|s| core::str::from_utf8(s).ok());
    if let Some(s) = snippet.filter(|s| !s.is_empty()) {
        d = d.with_value(s, false);
    }
    let before = input
        .get(..at)
        .and_then(|s| s.iter().rev().find(|c| !c.is_ascii_whitespace()));
    match (e, rest.first()) {
        (Error::MalformedJson, Some(b'\'')) => set_hint(
            &mut d,
            format_args!("JSON strings are in double quotes, not single quotes"),
        ),
        (Error::MalformedJson, Some(b'}' | b']')) if before == Some(&b',') => set_hint(
            &mut d,
            format_args!("JSON allows no comma before a closing bracket"),
        ),
        (Error::MalformedJson, Some(c)) if c.is_ascii_alphabetic() => set_hint(
            &mut d,
            format_args!("keys and text values are strings in double quotes"),
        ),
        (Error::TruncatedInput, _) => set_hint(
            &mut d,
            format_args!("the document ends early: a closing quote or bracket is missing"),
        ),
        (Error::TrailingCharacters, _) => {
            set_hint(&mut d, format_args!("a document holds one JSON value"))
        }
        _ => {}
    }
    d
}

/// Errors the evaluator finds in findings that read fine (an entry both present and
/// excluded, contradictions, a modifier that is no modifier): the entry whose addition
/// makes the evaluation fail, found by evaluating the findings entry by entry.
fn evaluation(input: &[u8], error: Error, doc: Document) -> Option<Detail> {
    if !matches!(
        error,
        Error::PresentAndExcluded
            | Error::ContradictoryFindings
            | Error::InvalidModifier
            | Error::TooManyPhenotypes
    ) {
        return None;
    }
    let mut f = Findings::new();
    match doc {
        Document::Findings => super::parse_findings(input, &mut f).ok()?,
        Document::Phenopacket => crate::phenopacket::parse_phenopacket(input, &mut f).ok()?,
        Document::Other => return None,
    }
    let mut a = Assessment::default();
    let mut g = f.clone();
    g.phenotypes.clear();
    g.positions.clear();
    for (k, p) in f.phenotypes.iter().enumerate() {
        g.phenotypes.push(p.clone()).ok()?;
        g.positions.push(f.position(k)).ok()?;
        if crate::evaluate(&g, &mut a) != Err(error) {
            continue;
        }
        let at = usize::from(f.position(k));
        let mut d = walk(input, doc, Target::Entry(at, error))?;
        let id = p.id.to_text();
        d = d.with_value(id.as_str(), true);
        if error == Error::PresentAndExcluded {
            if let Some(j) = f
                .phenotypes
                .iter()
                .position(|q| q.id == p.id && q.excluded != p.excluded)
            {
                let list = if doc == Document::Findings {
                    "phenotypes"
                } else {
                    "phenotypicFeatures"
                };
                set_hint(
                    &mut d,
                    format_args!(
                        "{} is {} at {list}[{}]: give each term once",
                        id.as_str(),
                        if p.excluded { "present" } else { "excluded" },
                        f.position(j)
                    ),
                );
            }
        }
        return Some(d);
    }
    None
}

// ---- hints: only what is certain ---------------------------------------------------

/// `s` in snake_case: `ageMonths`, `Age-Months`, `age months` are all `age_months`.
fn snake(s: &str) -> String<64> {
    let mut out: String<64> = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        let r = if c.is_ascii_uppercase() {
            if prev_lower {
                let _ = out.push('_');
            }
            out.push(c.to_ascii_lowercase())
        } else if matches!(c, '-' | ' ' | '.') {
            out.push('_')
        } else {
            out.push(c)
        };
        if r.is_err() {
            break;
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    out
}

/// Keys that mean a findings key (by what they say, not by spelling).
const MEANT: &[(&str, &str, &str)] = &[
    (
        "age_years",
        "age_months",
        " (the age in whole months: years x 12)",
    ),
    ("age", "age_months", " (the age in whole months)"),
    ("age_in_months", "age_months", " (the age in whole months)"),
    (
        "age_in_years",
        "age_months",
        " (the age in whole months: years x 12)",
    ),
    ("gender", "sex", ""),
    (
        "hpo",
        "phenotypes",
        " (a list of {\"id\": \"HP:0000000\"} entries)",
    ),
    (
        "hpo_terms",
        "phenotypes",
        " (a list of {\"id\": \"HP:0000000\"} entries)",
    ),
    (
        "terms",
        "phenotypes",
        " (a list of {\"id\": \"HP:0000000\"} entries)",
    ),
    (
        "features",
        "phenotypes",
        " (a list of {\"id\": \"HP:0000000\"} entries)",
    ),
    ("phenotype", "phenotypes", ""),
    ("lab", "labs", ""),
    ("gnas_result", "gnas.result", ""),
    ("vitamin_d", "treatment.active_vitamin_d", ""),
    ("onset", "onset_months", " (the onset in whole months)"),
    ("onset_age", "onset_months", " (the onset in whole months)"),
    (
        "age_of_onset",
        "onset_months",
        " (the onset in whole months)",
    ),
    (
        "onset_years",
        "onset_months",
        " (the onset in whole months: years x 12)",
    ),
    ("hpo_id", "id", " (the term's HPO id)"),
    ("term", "id", " (the term's HPO id)"),
    ("negated", "excluded", " (true: examined and absent)"),
    ("absent", "excluded", " (true: examined and absent)"),
    ("modifier", "modifiers", ""),
];

/// Keys of a record that poh does not read.
const IDENTIFIERS: &[&str] = &[
    "patient_id",
    "id",
    "patient",
    "mrn",
    "subject_id",
    "record_id",
    "name",
];

fn hint_key(d: &mut Detail, doc: Document, o: &'static Obj, k: &str, root: bool, packet: bool) {
    if doc != Document::Findings {
        return;
    }
    if packet {
        return set_hint(
            d,
            format_args!(
                "this is a phenopacket: use evaluate_phenopacket (poh --phenopacket; C: poh_evaluate_phenopacket_json)"
            ),
        );
    }
    if root && k == "resourceType" {
        return set_hint(
            d,
            format_args!("this is a FHIR resource: use evaluate_fhir (poh --fhir)"),
        );
    }
    let s = snake(k);
    let s = s.as_str();
    let in_obj = |name: &str| o.keys.iter().any(|x| x.name == name);
    for &(from, to, note) in MEANT {
        let head = to.split('.').next().unwrap_or(to);
        if from == s && (in_obj(head) || (root && to.contains('.'))) {
            return set_hint(d, format_args!("did you mean {to}?{note}"));
        }
    }
    if root && IDENTIFIERS.contains(&s) {
        return set_hint(
            d,
            format_args!(
                "findings carry no patient identifier: keep it beside them (a file name, a frame's index)"
            ),
        );
    }
    if s != k && in_obj(s) {
        return set_hint(d, format_args!("did you mean {s}?"));
    }
    if let Some(x) = o.keys.iter().find(|x| x.name.eq_ignore_ascii_case(k)) {
        return set_hint(d, format_args!("did you mean {}?", x.name));
    }
    // A key of another object of the schema, once.
    let mut meant = None;
    for (path, obj) in FINDINGS_OBJECTS.iter() {
        if core::ptr::eq(*obj, o) {
            continue;
        }
        if let Some(x) = obj.keys.iter().find(|x| x.name == s) {
            if meant.is_some() {
                return;
            }
            meant = Some((*path, x.name));
        }
    }
    if let Some((path, name)) = meant {
        if root || !path.ends_with(']') {
            set_hint(
                d,
                format_args!("{name} belongs in {path}: did you mean {path}.{name}?"),
            );
        }
    }
}

/// Lab words that mean a lab value.
const LAB_WORDS: &[(&str, &str)] = &[
    ("elevated", "high"),
    ("raised", "high"),
    ("increased", "high"),
    ("above", "high"),
    ("decreased", "low"),
    ("reduced", "low"),
    ("below", "low"),
    ("within", "normal"),
    ("wnl", "normal"),
    ("not_measured", "unknown"),
];
/// GNAS words that mean a result, as the phenopacket reader maps ACMG classes.
const GNAS_WORDS: &[(&str, &str)] = &[
    ("uncertain_significance", "vus"),
    ("benign", "negative"),
    ("likely_benign", "negative"),
];

fn hint_value(d: &mut Detail, topic: Topic, list: &'static [&'static str], v: &str) {
    let s = snake(v.trim());
    let s = s.as_str();
    let mut meant = list.iter().copied().find(|x| snake(x).as_str() == s);
    if meant.is_none() {
        let words = match topic {
            Topic::Lab | Topic::GsAlpha => LAB_WORDS,
            Topic::Gnas => GNAS_WORDS,
            _ => &[],
        };
        meant = words
            .iter()
            .find(|(w, _)| *w == s)
            .and_then(|(_, m)| list.iter().copied().find(|x| x.eq_ignore_ascii_case(m)));
    }
    if meant.is_none() && !s.is_empty() {
        let mut prefixed = list.iter().copied().filter(|x| snake(x).starts_with(s));
        if let (Some(only), None) = (prefixed.next(), prefixed.next()) {
            meant = Some(only);
        }
    }
    // The allowed values are listed beside the hint: the hint does not repeat them.
    match (topic, meant) {
        (Topic::Lab, Some(m)) => set_hint(
            d,
            format_args!(
                "did you mean {m}? (a lab value is the result against the reference range)"
            ),
        ),
        (Topic::Lab, None) => set_hint(
            d,
            format_args!("a lab value is the result against the reference range"),
        ),
        (Topic::GsAlpha, Some("high")) | (Topic::GsAlpha, None) => set_hint(
            d,
            format_args!("Gs-alpha activity above normal is not a finding"),
        ),
        (_, Some(m)) => set_hint(d, format_args!("did you mean {m}?")),
        _ => {}
    }
}

/// An id hint: the id of a label the knowledge base knows, or the id a misspelt one
/// certainly is.
fn hint_id(d: &mut Detail, v: &str) {
    let t = v.trim();
    if let Some(id) = crate::hpo::by_label(t) {
        return set_hint(
            d,
            format_args!("the id of \"{t}\" is {}", id.to_text().as_str()),
        );
    }
    let digits: String<16> = {
        let mut s: String<16> = String::new();
        let rest = t
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("hp:") || p.eq_ignore_ascii_case("hp_"))
            .map(|_| t.get(3..).unwrap_or(""))
            .or_else(|| {
                t.get(..2)
                    .filter(|p| p.eq_ignore_ascii_case("hp"))
                    .map(|_| t.get(2..).unwrap_or(""))
            })
            .unwrap_or(t);
        for c in rest.chars() {
            if !c.is_ascii_digit() || s.push(c).is_err() {
                s.clear();
                break;
            }
        }
        s
    };
    if (1..=7).contains(&digits.len()) {
        let n = digits
            .bytes()
            .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
        let id = HpoId(n);
        let known = crate::hpo::subset_index(id).is_some();
        if digits.len() == 7 || known {
            let label = crate::hpo::label(id);
            return match label {
                Some(l) => set_hint(
                    d,
                    format_args!("did you mean {} ({l})?", id.to_text().as_str()),
                ),
                None => set_hint(d, format_args!("did you mean {}?", id.to_text().as_str())),
            };
        }
    }
    if let Some((prefix, _)) = t.split_once(':') {
        if !prefix.eq_ignore_ascii_case("hp") && prefix.bytes().all(|c| c.is_ascii_alphabetic()) {
            set_hint(
                d,
                format_args!("only HPO ids are read here (HP: and seven digits), not {prefix} ids"),
            );
        }
    }
}

/// A hint for a value of the wrong type (or an out-of-range number) of this shape.
fn hint_type(d: &mut Detail, shape: Shape) {
    let v = d.value().unwrap_or("");
    let mut buf: String<48> = String::new();
    let _ = buf.push_str(v);
    let v = buf.as_str();
    let quoted_int = !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit());
    let is_fraction = v.bytes().any(|c| c == b'.')
        && v.bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-');
    match shape {
        Shape::Months if d.error() == Error::OutOfRange => set_hint(
            d,
            format_args!("whole months from 0 to {MAX_AGE_MONTHS} (150 years)"),
        ),
        Shape::Months if is_fraction => set_hint(
            d,
            format_args!("whole months only: a number without a fraction"),
        ),
        Shape::Months if quoted_int => set_hint(d, format_args!("a number without quotes: {v}")),
        Shape::Months if v.starts_with('P') => set_hint(
            d,
            format_args!("whole months as a number (an ISO 8601 duration is the phenopacket form)"),
        ),
        Shape::PerMillion => set_hint(
            d,
            format_args!("a whole number from 1 to 999999 (per million)"),
        ),
        Shape::Vocab(_, _, Topic::Lab) => set_hint(
            d,
            format_args!(
                "a lab value is the result against the reference range, not the measurement"
            ),
        ),
        Shape::Bool if matches!(v, "true" | "false") => {
            set_hint(d, format_args!("true or false without quotes"))
        }
        Shape::Obj(o) if core::ptr::eq(o, &ENTRY) => match HpoId::parse(v) {
            Ok(id) => set_hint(
                d,
                format_args!(
                    "each entry is an object: {{\"id\": \"{}\"}}",
                    id.to_text().as_str()
                ),
            ),
            Err(_) => set_hint(
                d,
                format_args!("each entry is an object such as {{\"id\": \"HP:0000000\"}}"),
            ),
        },
        Shape::Obj(o) if core::ptr::eq(o, &FINDINGS) => set_hint(
            d,
            format_args!(
                "a findings document is one JSON object; evaluate a list of them one by one"
            ),
        ),
        Shape::Arr(Shape::Obj(_), Count::Entries) => set_hint(
            d,
            format_args!("a list of entries such as [{{\"id\": \"HP:0000000\"}}]"),
        ),
        Shape::Arr(Shape::Id(_), _) => set_hint(
            d,
            format_args!("a list of HPO ids such as [\"HP:0000000\"]"),
        ),
        Shape::Id(_) if quoted_int || v.parse::<u32>().is_ok() => {
            set_hint(d, format_args!("an HPO id is a string: \"HP:0000000\""))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::input::{parse_aho_list, parse_gnas, parse_lab, parse_origin, parse_sex};

    /// The walk's schema is the reader's: the same keys in every object, the same values
    /// in every vocabulary.
    #[test]
    fn the_schema_is_the_readers() {
        for o in [
            &FINDINGS, &ENTRY, &LABS, &GNAS, &HISTORY, &IMAGING, &TREATMENT, &OPTIONS,
        ] {
            let names: std::vec::Vec<&str> = o.keys.iter().map(|k| k.name).collect();
            assert_eq!(names, o.allowed);
        }
        let distinct = |n: usize, f: &dyn Fn(&str) -> bool, list: &[&str]| {
            assert_eq!(list.len(), n);
            assert!(list.iter().all(|v| f(v)), "{list:?}");
        };
        distinct(4, &|v| parse_lab(v).is_some(), LAB_VALUES);
        distinct(4, &|v| parse_sex(v).is_some(), SEX_VALUES);
        distinct(5, &|v| parse_gnas(v).is_some(), GNAS_VALUES);
        distinct(4, &|v| parse_origin(v).is_some(), ORIGIN_VALUES);
        distinct(
            crate::kb::AHO_LISTS.len(),
            &|v| parse_aho_list(v).is_some(),
            AHO_LIST_VALUES,
        );
        assert_eq!(GS_ALPHA_VALUES, ["low", "normal", "unknown"]);
        for v in ["Female", "HIGH", "", "likely pathogenic", "x"] {
            assert!(parse_sex(v).is_none() && parse_lab(v).is_none() && parse_gnas(v).is_none());
        }
    }

    fn explain_findings(input: &str) -> Detail {
        let e = crate::json::findings_from_json(input.as_bytes())
            .map(|_| ())
            .and_then(|()| {
                let mut out = [0u8; 1];
                crate::json::evaluate_json(input.as_bytes(), &mut out).map(|_| ())
            });
        let e = match e {
            Err(Error::BufferTooSmall) | Ok(()) => panic!("{input}: accepted"),
            Err(e) => e,
        };
        crate::detail::findings_json(input.as_bytes(), e)
    }

    #[test]
    fn findings_details() {
        // input, error, path, offset, value, a text the hint holds
        type Case = (
            &'static str,
            Error,
            &'static str,
            usize,
            Option<&'static str>,
            &'static str,
        );
        let cases: &[Case] = &[
            (
                r#"{"age_years": 4}"#,
                Error::UnknownField,
                "age_years",
                1,
                None,
                "age_months",
            ),
            (
                r#"{"phenotypes": [{"id": "HP:0025027", "onset": 3}]}"#,
                Error::UnknownField,
                "phenotypes[0].onset",
                37,
                None,
                "onset_months",
            ),
            (
                r#"{"patient_id": "p1"}"#,
                Error::UnknownField,
                "patient_id",
                1,
                None,
                "identifier",
            ),
            (
                r#"{"ageMonths": 4}"#,
                Error::UnknownField,
                "ageMonths",
                1,
                None,
                "age_months",
            ),
            (
                r#"{"pth": "high"}"#,
                Error::UnknownField,
                "pth",
                1,
                None,
                "labs.pth",
            ),
            (
                r#"{"id": "x", "subject": {}}"#,
                Error::UnknownField,
                "id",
                1,
                None,
                "",
            ),
            (
                r#"{"subject": {}, "phenotypicFeatures": []}"#,
                Error::UnknownField,
                "subject",
                1,
                None,
                "phenopacket",
            ),
            (
                r#"{"labs": {"pth": "elevated"}}"#,
                Error::UnknownValue,
                "labs.pth",
                17,
                Some("elevated"),
                "did you mean high?",
            ),
            (
                r#"{"labs": {"pth": "High"}}"#,
                Error::UnknownValue,
                "labs.pth",
                17,
                Some("High"),
                "did you mean high?",
            ),
            (
                r#"{"sex": "F"}"#,
                Error::UnknownValue,
                "sex",
                8,
                Some("F"),
                "did you mean female?",
            ),
            (
                r#"{"gnas": {"result": "likely pathogenic"}}"#,
                Error::UnknownValue,
                "gnas.result",
                20,
                Some("likely pathogenic"),
                "likely_pathogenic",
            ),
            (
                r#"{"phenotypes": [{"id": "HP:25027"}]}"#,
                Error::InvalidHpoId,
                "phenotypes[0].id",
                23,
                Some("HP:25027"),
                "HP:0025027",
            ),
            (
                r#"{"phenotypes": [{"id": "HP:0025027", "modifiers": ["HP:0003676", "HP_0003676"]}]}"#,
                Error::InvalidHpoId,
                "phenotypes[0].modifiers[1]",
                65,
                Some("HP_0003676"),
                "HP:0003676",
            ),
            (
                r#"{"phenotypes": ["HP:0025027"]}"#,
                Error::WrongType,
                "phenotypes[0]",
                16,
                Some("HP:0025027"),
                "{\"id\": \"HP:0025027\"}",
            ),
            (
                r#"{"age_months": "30"}"#,
                Error::WrongType,
                "age_months",
                15,
                Some("30"),
                "without quotes",
            ),
            (
                r#"{"age_months": 30.5}"#,
                Error::WrongType,
                "age_months",
                15,
                Some("30.5"),
                "whole months",
            ),
            (
                r#"{"age_months": 1801}"#,
                Error::OutOfRange,
                "age_months",
                15,
                Some("1801"),
                "0 to 1800",
            ),
            (
                r#"{"labs": {"pth": 85}}"#,
                Error::WrongType,
                "labs.pth",
                17,
                Some("85"),
                "not the measurement",
            ),
            (
                r#"{"phenotypes": [{"excluded": true}]}"#,
                Error::MissingField,
                "phenotypes[0]",
                16,
                Some("id"),
                "names its term",
            ),
            (
                r#"{"sex": "female", "sex": "male"}"#,
                Error::DuplicateField,
                "sex",
                18,
                None,
                "",
            ),
            (
                r#"{"options": {"aho_list": "mine"}}"#,
                Error::UnknownOption,
                "options.aho_list",
                25,
                Some("mine"),
                "",
            ),
            (
                r#"[{"age_months": 3}]"#,
                Error::WrongType,
                "",
                0,
                None,
                "one JSON object",
            ),
            (
                r#"{"phenotypes": [{"id": "HP:0025027"}, {"id": "HP:0025027", "excluded": true}]}"#,
                Error::PresentAndExcluded,
                "phenotypes[1]",
                38,
                Some("HP:0025027"),
                "present at phenotypes[0]",
            ),
        ];
        for &(input, e, path, offset, value, hint) in cases {
            let d = explain_findings(input);
            assert_eq!(d.error(), e, "{input}: {d}");
            assert_eq!(d.path(), Some(path), "{input}: {d}");
            assert_eq!(d.offset(), Some(offset), "{input}: {d}");
            if let Some(v) = value {
                assert_eq!(d.value(), Some(v), "{input}: {d}");
            }
            if hint.is_empty() {
                continue;
            }
            assert!(d.hint().is_some_and(|h| h.contains(hint)), "{input}: {d}");
        }
    }

    /// A label instead of an id: the hint gives the id of the knowledge-base term with
    /// that label (taken from the table, in another case).
    #[test]
    fn a_label_gets_its_id() {
        let t = &crate::kb::generated::KB_TERMS[0];
        let id = HpoId(t.id).to_text();
        let upper = t.label.to_ascii_uppercase();
        let input =
            std::format!(r#"{{"phenotypes": [{{"id": "HP:0025027"}}, {{"id": "{upper}"}}]}}"#);
        let d = explain_findings(&input);
        assert_eq!(d.path(), Some("phenotypes[1].id"));
        assert_eq!(d.offset(), Some(45));
        assert!(d.hint().unwrap().contains(id.as_str()), "{d}");
        let input = std::format!(
            r#"{{"phenotypicFeatures": [{{"type": {{"id": "{}"}}}}]}}"#,
            t.label
        );
        let got = crate::phenopacket::parse_phenopacket(input.as_bytes(), &mut Findings::new())
            .unwrap_err();
        let d = crate::detail::phenopacket_json(input.as_bytes(), got);
        assert_eq!(d.path(), Some("phenotypicFeatures[0].type.id"), "{d}");
        assert!(d.hint().unwrap().contains(id.as_str()), "{d}");
    }

    #[test]
    fn allowed_values_are_listed() {
        let d = explain_findings(r#"{"sex": "F"}"#);
        assert_eq!(d.allowed(), Some(SEX_VALUES));
        let d = explain_findings(r#"{"colour": 1}"#);
        assert_eq!(d.allowed(), Some(Field::TEXTS));
        assert!(d.hint().is_none(), "{d}");
        let s = std::format!("{d}");
        assert_eq!(
            s,
            "an object has a key the schema does not define at colour (byte 1); allowed: age_months, sex, phenotypes, labs, gnas, history, imaging, treatment, options"
        );
    }

    #[test]
    fn syntax_details() {
        for (input, e, offset, hint) in [
            (
                "{\"sex\": female}",
                Error::MalformedJson,
                8,
                "double quotes",
            ),
            ("{\"age_months\": 3,}", Error::MalformedJson, 17, "no comma"),
            (
                "{'sex': 'female'}",
                Error::MalformedJson,
                1,
                "single quotes",
            ),
            (
                "{\"sex\": \"female\"",
                Error::TruncatedInput,
                16,
                "ends early",
            ),
            ("{} {}", Error::TrailingCharacters, 3, "one JSON value"),
        ] {
            let got = crate::json::findings_from_json(input.as_bytes()).unwrap_err();
            assert_eq!(got, e, "{input}");
            let d = crate::detail::findings_json(input.as_bytes(), got);
            assert_eq!((d.path(), d.offset()), (None, Some(offset)), "{input}: {d}");
            assert!(d.hint().unwrap().contains(hint), "{input}: {d}");
        }
    }

    #[test]
    fn phenopacket_details() {
        for (input, e, path, hint) in [
            (
                r#"{"subject": {"sex": "F"}}"#,
                Error::UnknownValue,
                "subject.sex",
                "FEMALE",
            ),
            (
                r#"{"phenotypicFeatures": [{"excluded": true}]}"#,
                Error::InvalidPhenopacket,
                "phenotypicFeatures[0]",
                "",
            ),
            (
                r#"{"subject": {"timeAtLastEncounter": {"age": {"iso8601duration": "4 years"}}}}"#,
                Error::InvalidPhenopacket,
                "subject.timeAtLastEncounter.age.iso8601duration",
                "P4Y6M",
            ),
        ] {
            let got = crate::phenopacket::parse_phenopacket(input.as_bytes(), &mut Findings::new())
                .unwrap_err();
            assert_eq!(got, e, "{input}");
            let d = crate::detail::phenopacket_json(input.as_bytes(), got);
            assert_eq!(d.path(), Some(path), "{input}: {d}");
            if !hint.is_empty() {
                assert!(d.hint().is_some_and(|h| h.contains(hint)), "{input}: {d}");
            }
        }
    }

    #[test]
    fn long_values_are_shortened_with_an_ellipsis() {
        let long = "x".repeat(200);
        let d = explain_findings(&std::format!("{{\"sex\": \"{long}\"}}"));
        let v = d.value().unwrap();
        assert!(
            v.ends_with('…') && v.len() <= crate::limits::MAX_DETAIL_VALUE,
            "{v}"
        );
        assert!(d.value_shortened());
    }
}
