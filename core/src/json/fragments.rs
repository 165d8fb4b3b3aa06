//! Pre-rendered pieces of the assessment document (feature `speed-tables`).
//!
//! Most of an assessment is the differential's reasons: one object per finding and
//! disease, whose row-dependent part (the row's term, frequency, provenance and citations)
//! is fixed by the knowledge base. The compiler renders that part for every row of every
//! disease, so a reason is written in five pieces instead of about thirty. The output is
//! the same bytes as the piecewise writer's (the golden cases check it; the Cortex-M0
//! firmware, built without this feature, is compared byte for byte with the host).

use crate::kb::generated::{CITATIONS, DISEASES, DISEASE_COUNT, KB_TERMS, MODEL_INDEX, NOTES};
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
const PIECES: usize = 2 * ROWS;

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

/// The notes array as the assessment carries it when the POH notes apply.
pub(crate) fn notes() -> &'static [u8] {
    &NOTES_JSON
}

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
        assert_eq!(total, LEN);
    }
}
