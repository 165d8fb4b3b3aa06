//! Pre-rendered pieces of the assessment document (feature `speed-tables`).
//!
//! Most of an assessment is fixed by the knowledge base: the differential's reasons are one
//! object per finding and disease whose row-dependent part (the row's term, frequency,
//! provenance and citations) is the row's, and every entry the document lists (disease,
//! rule, step, criterion, supporting finding, explanation item, finding's term) opens and
//! closes with its table's texts and citations. The compiler renders those parts, so the
//! writer copies a few pieces per object instead of writing every key and value. The
//! output is the same bytes as the piecewise writer's (the golden cases check it with and
//! without this feature; the Cortex-M0 firmware, built without it, is compared byte for
//! byte with the host).

use crate::kb::generated::{
    CITATIONS, CRITERIA, DISEASES, DISEASE_COUNT, GROUPS, KB_TERMS, MODEL_INDEX, NOTES, RULES,
    STEPS, SUPPORTING,
};
use crate::kb::{ROW_CURATED, ROW_OMIM, ROW_ORPHA, ROW_SEED};

/// A byte writer the compiler can run: with an empty buffer it only counts.
struct Out<'a> {
    buf: &'a mut [u8],
    n: usize,
}

impl Out<'_> {
    const fn bytes(&mut self, b: &[u8]) {
        let mut i = 0;
        while i < b.len() {
            if self.n < self.buf.len() {
                // Both indices are checked; this runs in the compiler only.
                #[allow(clippy::indexing_slicing)]
                {
                    self.buf[self.n] = b[i];
                }
            }
            self.n += 1;
            i += 1;
        }
    }
    const fn byte(&mut self, b: u8) {
        self.bytes(&[b]);
    }
    /// A decimal integer (the form itoa writes).
    const fn uint(&mut self, v: u32, min_digits: u32) {
        let mut digits = [0u8; 10];
        let (mut v, mut k) = (v, 0usize);
        while k < 10 && (v > 0 || k < min_digits as usize || k == 0) {
            #[allow(clippy::indexing_slicing)] // k < 10; compiler only
            {
                digits[k] = b'0' + (v % 10) as u8;
            }
            v /= 10;
            k += 1;
        }
        while k > 0 {
            k -= 1;
            #[allow(clippy::indexing_slicing)] // k < 10; compiler only
            self.byte(digits[k]);
        }
    }
    /// `["id",...]` of a citation list.
    #[allow(clippy::indexing_slicing)] // indices from the tables' own lengths; compiler only
    const fn cite_list(&mut self, cites: &[u8]) {
        self.byte(b'[');
        let mut i = 0;
        while i < cites.len() {
            if i > 0 {
                self.byte(b',');
            }
            self.byte(b'"');
            self.bytes(CITATIONS[cites[i] as usize].id.as_bytes());
            self.byte(b'"');
            i += 1;
        }
        self.byte(b']');
    }
    /// The whole notes array, `[{"key":…,"topic":…,"text":…,"cites":[…]},…]`.
    #[allow(clippy::indexing_slicing)] // indices from the table's own length; compiler only
    const fn notes(&mut self) {
        self.byte(b'[');
        let mut i = 0;
        while i < NOTES.len() {
            let n = &NOTES[i];
            self.bytes(if i > 0 {
                b",{\"key\":\""
            } else {
                b"{\"key\":\""
            });
            self.bytes(n.key.as_bytes());
            self.bytes(b"\",\"topic\":\"");
            self.bytes(n.topic.as_bytes());
            self.bytes(b"\",\"text\":\"");
            self.bytes(n.text.as_bytes());
            self.bytes(b"\",\"cites\":");
            self.cite_list(n.cites);
            self.byte(b'}');
            i += 1;
        }
        self.byte(b']');
    }
    /// `,"row":"HP:0000000","row_permille":N,"row_provenance":[...],"log10_lr_milli":`
    /// for row `r` of disease `d`, then `,"cites":[...]}` (two fragments).
    #[allow(clippy::indexing_slicing)] // indices from the tables' own lengths; compiler only
    const fn row(&mut self, d: usize, r: usize, part: usize) {
        let row = &DISEASES[d].rows[r];
        if part == 0 {
            self.bytes(b",\"row\":\"HP:");
            self.uint(KB_TERMS[row.kb as usize].id, 7);
            self.bytes(b"\",\"row_permille\":");
            self.uint(row.permille as u32, 1);
            self.bytes(b",\"row_provenance\":[");
            let names: [(u8, &[u8]); 4] = [
                (ROW_ORPHA, b"\"orphanet\""),
                (ROW_OMIM, b"\"omim\""),
                (ROW_SEED, b"\"gard_seed\""),
                (ROW_CURATED, b"\"curated\""),
            ];
            let mut first = true;
            let mut i = 0;
            while i < names.len() {
                if row.flags & names[i].0 != 0 {
                    if !first {
                        self.byte(b',');
                    }
                    first = false;
                    self.bytes(names[i].1);
                }
                i += 1;
            }
            self.bytes(b"],\"log10_lr_milli\":");
        } else {
            self.bytes(b",\"cites\":");
            self.cite_list(row.cites);
            self.byte(b'}');
        }
    }
}

impl Out<'_> {
    /// `,"key":"text"` with a plain text (the writer checks every such text is plain).
    const fn text(&mut self, key: &[u8], text: &str) {
        self.bytes(key);
        self.bytes(text.as_bytes());
        self.byte(b'"');
    }
    /// `,"cites":[…]}` closing an object.
    const fn cites_tail(&mut self, cites: &[u8]) {
        self.bytes(b",\"cites\":");
        self.cite_list(cites);
        self.byte(b'}');
    }
    /// Part `part` of the fixed pieces of table `table`'s entry `i`: a head that opens the
    /// object (with a leading comma) up to its first value, and a tail that closes it.
    #[allow(clippy::indexing_slicing)] // indices from the tables' own lengths; compiler only
    const fn entry(&mut self, table: usize, i: usize, part: usize) {
        match (table, part) {
            (T_DISEASE, 0) => {
                let d = &DISEASES[i];
                self.text(b",{\"id\":\"", d.id);
                self.text(b",\"name\":\"", d.name);
                self.text(b",\"abbreviation\":\"", d.abbreviation);
                self.bytes(b",\"log10_lr_milli\":");
            }
            (T_DISEASE, _) => {
                self.byte(b']');
                self.cites_tail(DISEASES[i].cites);
            }
            (T_RULE, 0) => {
                self.text(b",{\"rule\":\"", RULES[i].key);
                self.text(b",\"text\":\"", RULES[i].text);
                self.bytes(b",\"log10_lr_milli\":");
            }
            (T_RULE, _) => self.cites_tail(RULES[i].cites),
            (T_STEP, 0) => {
                let s = &STEPS[i];
                self.text(b",{\"key\":\"", s.key);
                self.text(b",\"kind\":\"", s.kind.as_str());
                self.text(b",\"text\":\"", s.text);
                self.bytes(b",\"decides_criterion\":");
            }
            (T_STEP, _) => self.cites_tail(STEPS[i].cites),
            (T_GROUP, 0) => {
                self.text(b"\",\"finding\":\"", GROUPS[i].key);
                self.bytes(b",\"status\":\"");
            }
            (T_GROUP, _) => self.cites_tail(GROUPS[i].cites),
            (T_ABOUT, _) => {
                self.text(b",{\"about\":\"", CRITERIA[i].key);
                self.bytes(b",\"criterion_verdict\":\"");
            }
            (T_TERM, _) => {
                self.bytes(b",\"term\":\"HP:");
                self.uint(KB_TERMS[i].id, 7);
                self.text(b"\",\"label\":\"", KB_TERMS[i].label);
                self.bytes(b",\"excluded\":");
            }
            (T_CRITERION, 0) => {
                self.text(b",{\"key\":\"", CRITERIA[i].key);
                self.bytes(b",\"verdict\":\"");
            }
            (T_CRITERION, _) => {
                self.byte(b'}');
                self.text(b",\"text\":\"", CRITERIA[i].text);
                self.cites_tail(CRITERIA[i].cites);
            }
            (T_SUPPORT, 0) => {
                self.text(b",{\"key\":\"", SUPPORTING[i].key);
                self.bytes(b",\"status\":\"");
            }
            (T_SUPPORT, _) => {
                self.text(b",\"text\":\"", SUPPORTING[i].text);
                self.cites_tail(SUPPORTING[i].cites);
            }
            _ => {}
        }
    }
}

const T_DISEASE: usize = 0;
const T_RULE: usize = 1;
const T_STEP: usize = 2;
const T_GROUP: usize = 3;
const T_CRITERION: usize = 4;
const T_SUPPORT: usize = 5;
const T_ABOUT: usize = 6;
const T_TERM: usize = 7;
const T_COUNT: usize = 8;
/// Entries and parts of each table, in piece order.
const TABLES: [(usize, usize); T_COUNT] = [
    (DISEASE_COUNT, 2),
    (RULES.len(), 2),
    (STEPS.len(), 2),
    (GROUPS.len(), 2),
    (CRITERIA.len(), 2),
    (SUPPORTING.len(), 2),
    (CRITERIA.len(), 1),
    (KB_TERMS.len(), 1),
];

/// Rows of all diseases before disease `d`.
#[allow(clippy::indexing_slicing)] // compiler only
const ROW_BASE: [usize; DISEASE_COUNT + 1] = {
    let mut base = [0usize; DISEASE_COUNT + 1];
    let mut d = 0;
    while d < DISEASE_COUNT {
        base[d + 1] = base[d] + DISEASES[d].rows.len();
        d += 1;
    }
    base
};
const ROWS: usize = ROW_BASE[DISEASE_COUNT];
/// First piece of each table (after the rows' two pieces each), and the end.
#[allow(clippy::indexing_slicing)] // compiler only
const TABLE_BASE: [usize; T_COUNT + 1] = {
    let mut base = [2 * ROWS; T_COUNT + 1];
    let mut t = 0;
    while t < T_COUNT {
        base[t + 1] = base[t] + TABLES[t].0 * TABLES[t].1;
        t += 1;
    }
    base
};
const PIECES: usize = TABLE_BASE[T_COUNT];

/// Render every fragment into `buf` (or only count, with an empty one); piece `i` starts
/// at `starts[i]`.
#[allow(clippy::indexing_slicing)] // compiler only
const fn render(buf: &mut [u8], starts: &mut [u32]) -> usize {
    let mut out = Out { buf, n: 0 };
    let mut d = 0;
    while d < DISEASE_COUNT {
        let mut r = 0;
        while r < DISEASES[d].rows.len() {
            let mut part = 0;
            while part < 2 {
                let i = 2 * (ROW_BASE[d] + r) + part;
                if i < starts.len() {
                    starts[i] = out.n as u32;
                }
                out.row(d, r, part);
                part += 1;
            }
            r += 1;
        }
        d += 1;
    }
    let mut t = 0;
    while t < T_COUNT {
        let mut i = 0;
        while i < TABLES[t].0 {
            let mut part = 0;
            while part < TABLES[t].1 {
                let p = TABLE_BASE[t] + i * TABLES[t].1 + part;
                if p < starts.len() {
                    starts[p] = out.n as u32;
                }
                out.entry(t, i, part);
                part += 1;
            }
            i += 1;
        }
        t += 1;
    }
    out.n
}

const LEN: usize = render(&mut [], &mut []);

#[allow(clippy::indexing_slicing)] // compiler only
static FRAGMENTS: ([u8; LEN], [u32; PIECES + 1]) = {
    let mut blob = [0u8; LEN];
    let mut starts = [0u32; PIECES + 1];
    let n = render(&mut blob, &mut starts);
    starts[PIECES] = n as u32;
    (blob, starts)
};

fn piece(i: usize) -> Option<&'static [u8]> {
    let (blob, starts) = &FRAGMENTS;
    let (a, b) = (*starts.get(i)?, *starts.get(i + 1)?);
    blob.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
}

/// The two pre-rendered parts of a reason matched to knowledge-base term `k`'s row in
/// disease `d`: before the reason's value, and after it (closing the object).
pub(crate) fn row_parts(k: u8, d: usize) -> Option<(&'static [u8], &'static [u8])> {
    let r = *MODEL_INDEX.get(usize::from(k))?.get(d)?;
    let i = ROW_BASE.get(d)? + usize::from(r).checked_sub(1)?;
    Some((piece(2 * i)?, piece(2 * i + 1)?))
}

/// `{"kb_version":…,"hpo_release":…,"disclaimer":…,"poh":{"verdict":"`: every document's
/// opening, up to its verdict.
const fn header_into(out: &mut Out) {
    out.text(b"{\"kb_version\":\"", crate::kb::KB_VERSION);
    out.text(b",\"hpo_release\":\"", crate::kb::HPO_RELEASE);
    out.text(b",\"disclaimer\":\"", super::output::DISCLAIMER);
}

const HEADER_LEN: usize = {
    let mut out = Out { buf: &mut [], n: 0 };
    header_into(&mut out);
    out.n
};

static HEADER: [u8; HEADER_LEN] = {
    let mut buf = [0u8; HEADER_LEN];
    header_into(&mut Out {
        buf: &mut buf,
        n: 0,
    });
    buf
};

/// Every document's opening, up to its disclaimer.
pub(crate) fn header() -> Option<&'static [u8]> {
    Some(&HEADER)
}

const NOTES_LEN: usize = {
    let mut out = Out { buf: &mut [], n: 0 };
    out.notes();
    out.n
};

static NOTES_JSON: [u8; NOTES_LEN] = {
    let mut buf = [0u8; NOTES_LEN];
    let mut out = Out {
        buf: &mut buf,
        n: 0,
    };
    out.notes();
    buf
};

fn table_piece(t: usize, i: usize, part: usize) -> Option<&'static [u8]> {
    let (count, parts) = *TABLES.get(t)?;
    if i >= count {
        return None;
    }
    piece(TABLE_BASE.get(t)? + i * parts + part)
}

/// Disease `d`'s entry of the differential: its head (`,{"id":…,"log10_lr_milli":`) and
/// its tail (`],"cites":[…]}`, after the reasons).
pub(crate) fn disease_parts(d: usize) -> Option<(&'static [u8], &'static [u8])> {
    Some((table_piece(T_DISEASE, d, 0)?, table_piece(T_DISEASE, d, 1)?))
}

/// Rule `i` as a reason: `,{"rule":…,"log10_lr_milli":` and `,"cites":[…]}`.
pub(crate) fn rule_parts(i: usize) -> Option<(&'static [u8], &'static [u8])> {
    Some((table_piece(T_RULE, i, 0)?, table_piece(T_RULE, i, 1)?))
}

/// Step `i`: `,{"key":…,"decides_criterion":` and `,"cites":[…]}`.
pub(crate) fn step_parts(i: usize) -> Option<(&'static [u8], &'static [u8])> {
    Some((table_piece(T_STEP, i, 0)?, table_piece(T_STEP, i, 1)?))
}

/// Criterion `i`: `,{"key":…,"verdict":"` and `},"text":…,"cites":[…]}` (closing its
/// groups object, then itself).
pub(crate) fn criterion_parts(i: usize) -> Option<(&'static [u8], &'static [u8])> {
    Some((
        table_piece(T_CRITERION, i, 0)?,
        table_piece(T_CRITERION, i, 1)?,
    ))
}

/// Supporting finding `i`: `,{"key":…,"status":"` and `,"text":…,"cites":[…]}`.
pub(crate) fn supporting_parts(i: usize) -> Option<(&'static [u8], &'static [u8])> {
    Some((table_piece(T_SUPPORT, i, 0)?, table_piece(T_SUPPORT, i, 1)?))
}

/// An explanation item of criterion `c` about group `g`: its head up to the criterion's
/// verdict (`,{"about":…,"criterion_verdict":"`), the middle after the verdict up to the
/// group's status (`","finding":…,"status":"`), and the tail (`,"cites":[…]}`).
pub(crate) fn explanation_parts(
    c: usize,
    g: usize,
) -> Option<(&'static [u8], &'static [u8], &'static [u8])> {
    Some((
        table_piece(T_ABOUT, c, 0)?,
        table_piece(T_GROUP, g, 0)?,
        table_piece(T_GROUP, g, 1)?,
    ))
}

/// A finding on knowledge-base term `k`: `,"term":"HP:…","label":…,"excluded":`.
pub(crate) fn term_part(k: u8) -> Option<&'static [u8]> {
    table_piece(T_TERM, usize::from(k), 0)
}

/// The notes array as the assessment carries it when the POH notes apply.
pub(crate) fn notes() -> Option<&'static [u8]> {
    Some(&NOTES_JSON)
}

pub(crate) use super::output::excluded_and_match;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_both_parts_and_they_tile_the_blob() {
        let mut total = 0;
        for k in 0..u8::try_from(crate::kb::generated::KB_TERM_COUNT).unwrap() {
            for d in 0..DISEASE_COUNT {
                let has_row = crate::kb::model_row(k, d).is_some();
                let parts = row_parts(k, d);
                assert_eq!(parts.is_some(), has_row, "k {k} d {d}");
                if let Some((a, b)) = parts {
                    assert!(
                        a.starts_with(b",\"row\":\"HP:") && a.ends_with(b"\"log10_lr_milli\":")
                    );
                    assert!(b.starts_with(b",\"cites\":[") && b.ends_with(b"]}"));
                    total += a.len() + b.len();
                }
            }
        }
        for (t, &(count, parts)) in TABLES.iter().enumerate() {
            for i in 0..count {
                for part in 0..parts {
                    total += table_piece(t, i, part).unwrap().len();
                }
            }
            assert!(table_piece(t, count, 0).is_none());
        }
        assert_eq!(total, LEN);
    }
}
