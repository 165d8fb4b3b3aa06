//! HPO identifiers and the committed HPO subset (release 2025-01-16).

use core::fmt;

use crate::error::Error;
use crate::kb::generated as g;

/// An HPO term id, `HP:0001234`, held as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HpoId(pub u32);

impl HpoId {
    /// Parse `HP:` followed by exactly seven ASCII digits.
    pub fn parse(s: &str) -> Result<HpoId, Error> {
        let b = s.as_bytes();
        let digits = match b {
            [b'H', b'P', b':', rest @ ..] if rest.len() == 7 => rest,
            _ => return Err(Error::InvalidHpoId),
        };
        let mut n: u32 = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return Err(Error::InvalidHpoId);
            }
            n = n * 10 + u32::from(d - b'0');
        }
        Ok(HpoId(n))
    }

    /// The id as text, written into a fixed buffer (no allocation).
    pub fn to_text(self) -> IdText {
        let mut buf = *b"HP:0000000";
        let mut n = self.0;
        for slot in buf[3..].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        IdText(buf)
    }
}

/// `HP:0000000` as bytes.
#[derive(Clone, Copy)]
pub struct IdText([u8; 10]);

impl IdText {
    /// The ten ASCII bytes.
    pub fn as_bytes(&self) -> &[u8; 10] {
        &self.0
    }

    /// As a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and "HP:" are ever written.
        core::str::from_utf8(&self.0).unwrap_or("HP:?")
    }
}

impl fmt::Display for HpoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_text().as_str())
    }
}

/// Index of a term in the committed subset, following an alt_id to its primary term.
/// Returns (index, was_alt_id).
pub fn subset_index(id: HpoId) -> Option<(u16, bool)> {
    let page = usize::try_from(id.0 >> 16).ok()?;
    let lo = (id.0 & 0xFFFF) as u16;
    if let Some(i) = primary_index(page, lo) {
        return Some((i, false));
    }
    let i = g::ALT_IDS.binary_search(&id.0).ok()?;
    g::ALT_PRIMARY.get(i).map(|&p| (p, true))
}

/// Index of a primary id (`page` and low half `lo`), if the subset has it. Page 0 holds
/// almost every term: with the `speed-tables` feature it is a 32-id bucket's bit set and
/// first index, so the lookup is a mask and a population count, without a search.
fn primary_index(page: usize, lo: u16) -> Option<u16> {
    #[cfg(feature = "speed-tables")]
    if page == 0 {
        let e = *PAGE0_BUCKET.get(usize::from(lo >> BUCKET_BITS))?;
        let bit = u32::from(lo) % (1 << BUCKET_BITS);
        let mask = e as u32;
        if (mask >> bit) & 1 == 0 {
            return None;
        }
        // Terms of the bucket below this id: the bits under `bit` (1 << bit >= 1).
        let before = (mask & ((1u32 << bit) - 1)).count_ones();
        return u16::try_from((e >> 32) + u64::from(before)).ok();
    }
    let a = usize::from(*g::TERM_ID_PAGE.get(page)?);
    let b = usize::from(*g::TERM_ID_PAGE.get(page + 1)?);
    let i = g::TERM_ID_LO.get(a..b)?.binary_search(&lo).ok()?;
    u16::try_from(a + i).ok()
}

/// Ids per bucket of page 0, as a power of two (one bit each in a `u32`).
#[cfg(feature = "speed-tables")]
const BUCKET_BITS: u32 = 5;
#[cfg(feature = "speed-tables")]
const BUCKETS: usize = 1 << (16 - BUCKET_BITS);

/// Each 32-id bucket of page 0: the index in `TERM_ID_LO` of its first term (high 32
/// bits) and which of its ids are terms (low 32 bits), computed by the compiler.
#[cfg(feature = "speed-tables")]
// Evaluated by the compiler only: an index out of range would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
static PAGE0_BUCKET: [u64; BUCKETS] = {
    let (start, end) = (g::TERM_ID_PAGE[0] as usize, g::TERM_ID_PAGE[1] as usize);
    let mut out = [0u64; BUCKETS];
    let mut i = start;
    let mut b = 0usize;
    while b < BUCKETS {
        // First term of the page whose id is at or past the bucket's first id.
        while i < end && (g::TERM_ID_LO[i] as usize) < b << BUCKET_BITS {
            i += 1;
        }
        let mut mask = 0u32;
        let mut j = i;
        while j < end && (g::TERM_ID_LO[j] as usize) < (b + 1) << BUCKET_BITS {
            mask |= 1 << (g::TERM_ID_LO[j] as u32 % (1 << BUCKET_BITS));
            j += 1;
        }
        out[b] = ((i as u64) << 32) | mask as u64;
        b += 1;
    }
    out
};

/// The id of a subset term.
pub fn id_at(index: u16) -> HpoId {
    let lo = g::TERM_ID_LO.get(usize::from(index)).copied().unwrap_or(0);
    // The page is the last one that starts at or before `index`.
    let page = g::TERM_ID_PAGE
        .iter()
        .rposition(|&start| start <= index)
        .unwrap_or(0);
    HpoId(((page as u32) << 16) | u32::from(lo))
}

/// Parents of a subset term: the first one inline, the others from the side table.
pub(crate) fn parents(index: u16) -> impl Iterator<Item = u16> {
    let first = g::TERM_PARENT
        .get(usize::from(index))
        .copied()
        .filter(|&p| p != 0xFFFF);
    let start = g::EXTRA_PARENT_CHILD.partition_point(|&c| c < index);
    let end = g::EXTRA_PARENT_CHILD.partition_point(|&c| c <= index);
    let extra = g::EXTRA_PARENT.get(start..end).unwrap_or(&[]);
    first.into_iter().chain(extra.iter().copied())
}

/// The label of a term of the subset (feature `labels`; knowledge-base terms always).
pub fn label(id: HpoId) -> Option<&'static str> {
    let (i, _) = subset_index(id)?;
    if let Some(k) = crate::kb::kb_of(i) {
        return crate::kb::kb_term(k).map(|t| t.label);
    }
    subset_label(i)
}

#[cfg(feature = "labels")]
fn subset_label(i: u16) -> Option<&'static str> {
    let i = usize::from(i);
    let a = *g::TERM_LABEL_START.get(i)? as usize;
    let b = *g::TERM_LABEL_START.get(i + 1)? as usize;
    g::TERM_LABEL_BLOB.get(a..b)
}

#[cfg(not(feature = "labels"))]
fn subset_label(_i: u16) -> Option<&'static str> {
    None
}

/// Find a term by its exact label (ASCII case-insensitive).
pub fn by_label(text: &str) -> Option<HpoId> {
    for t in crate::kb::generated::KB_TERMS.iter() {
        if t.label.eq_ignore_ascii_case(text) {
            return Some(HpoId(t.id));
        }
    }
    by_label_subset(text)
}

#[cfg(feature = "labels")]
fn by_label_subset(text: &str) -> Option<HpoId> {
    (0..g::TERM_COUNT).find_map(|i| {
        let i16 = u16::try_from(i).ok()?;
        let l = subset_label(i16)?;
        l.eq_ignore_ascii_case(text).then(|| id_at(i16))
    })
}

#[cfg(not(feature = "labels"))]
fn by_label_subset(_text: &str) -> Option<HpoId> {
    None
}

/// Visit `term` and each of its is_a ancestors once (a DAG walk with a visited set over
/// the subset), until `visit` returns true. Returns whether it did. A walk deeper than its
/// fixed stack is an `Internal` error, never a silent "no".
pub(crate) fn walk_up(term: u16, mut visit: impl FnMut(u16) -> bool) -> Result<bool, Error> {
    let mut seen = [0u32; g::TERM_COUNT / 32 + 1];
    let mut stack: heapless::Vec<u16, 96> = heapless::Vec::new();
    stack.push(term).map_err(|_| Error::Internal)?;
    while let Some(t) = stack.pop() {
        let (w, b) = (usize::from(t) / 32, 1u32 << (t % 32));
        let slot = seen.get_mut(w).ok_or(Error::Internal)?;
        if *slot & b != 0 {
            continue;
        }
        *slot |= b;
        if visit(t) {
            return Ok(true);
        }
        for p in parents(t) {
            stack.push(p).map_err(|_| Error::Internal)?;
        }
    }
    Ok(false)
}

/// Whether subset term `a` is `b` or one of its descendants.
pub(crate) fn is_a_or_self(a: u16, b: u16) -> Result<bool, Error> {
    // The knowledge-base terms carry their ancestor lists; use them when `a` is one. (The
    // same test as `eval::score::kb_at_or_below`, with std's binary search: that const twin
    // is slower on this path, which the worst case takes often.)
    if let Some(k) = crate::kb::kb_of(a).and_then(crate::kb::kb_term) {
        return Ok(a == b || k.ancestors.binary_search(&b).is_ok());
    }
    walk_up(a, |t| t == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_and_its_neighbours_resolve_as_by_a_linear_scan() {
        for (i, &lo) in g::TERM_ID_LO
            .iter()
            .enumerate()
            .step_by(crate::EXHAUSTIVE_STRIDE)
        {
            let id = id_at(u16::try_from(i).unwrap());
            assert_eq!(id.0 & 0xFFFF, u32::from(lo));
            assert_eq!(
                subset_index(id),
                Some((u16::try_from(i).unwrap(), false)),
                "{id}"
            );
        }
        // Ids between and around the subset's (bucket edges included) are found only when
        // they are alt_ids.
        let index: std::collections::HashMap<u32, usize> = (0..g::TERM_COUNT)
            .map(|i| (id_at(u16::try_from(i).unwrap()).0, i))
            .collect();
        let ids = (0u32..70_000).step_by(crate::EXHAUSTIVE_STRIDE);
        for raw in ids.chain([31, 32, 33, 99_999, 100_000, 6_000_071, 6_100_000]) {
            let known = index.get(&raw).copied();
            let alt = g::ALT_IDS
                .binary_search(&raw)
                .ok()
                .map(|j| g::ALT_PRIMARY[j]);
            let want = match (known, alt) {
                (Some(i), _) => Some((u16::try_from(i).unwrap(), false)),
                (None, Some(p)) => Some((p, true)),
                (None, None) => None,
            };
            assert_eq!(subset_index(HpoId(raw)), want, "HP:{raw:07}");
        }
    }

    #[test]
    fn parse_and_print() {
        assert_eq!(HpoId::parse("HP:0025027"), Ok(HpoId(25027)));
        assert_eq!(HpoId(25027).to_text().as_str(), "HP:0025027");
        for bad in [
            "",
            "HP:",
            "HP:123456",
            "HP:12345678",
            "hp:0025027",
            "HP:00250a7",
            "HP 0025027",
        ] {
            assert_eq!(HpoId::parse(bad), Err(Error::InvalidHpoId), "{bad}");
        }
    }

    #[test]
    fn subset_lookup_and_labels() {
        let (i, alt) = subset_index(HpoId(1156)).expect("brachydactyly");
        assert!(!alt);
        assert_eq!(label(HpoId(1156)), Some("Brachydactyly"));
        assert_eq!(by_label("brachydactyly"), Some(HpoId(1156)));
        assert_eq!(id_at(i), HpoId(1156));
        // HP:0001189 is an alt_id of HP:0001156 in the 2025-01-16 release.
        assert_eq!(subset_index(HpoId(1189)), Some((i, true)));
    }

    #[test]
    fn descendant_test() {
        let (m, _) = subset_index(HpoId(10044)).expect("short 4th metacarpal");
        let (sm, _) = subset_index(HpoId(10049)).expect("short metacarpal");
        let (b, _) = subset_index(HpoId(1156)).expect("brachydactyly");
        assert!(is_a_or_self(m, sm).unwrap());
        assert!(!is_a_or_self(sm, m).unwrap());
        // clinical-facts §3.2: Short metacarpal is not under Brachydactyly.
        assert!(!is_a_or_self(sm, b).unwrap());
    }
}
