//! The score of one finding against one disease, as `const fn`s.
//!
//! One implementation serves two uses: the evaluator calls [`score`] at run time for any
//! term, and, with the `speed-tables` feature, the compiler evaluates the very same
//! function for every knowledge-base term, present and excluded, against every disease
//! and stores the results ([`SCORES`]). A finding on a knowledge-base term (almost every
//! finding) then costs one table read instead of a walk over its neighbourhood; the
//! answers cannot differ because they are the same function (a test checks every entry
//! anyway, and the Cortex-M0 firmware, built without the table, is compared byte for byte
//! with the host).
//!
//! `const fn` rules shape the code: no iterators, no `?`, no trait conversions; slices
//! are read through [`at`] (bounds-checked, never panics).

use crate::assessment::{Contribution, Match};
use crate::kb::generated::{
    self as g, DISEASES, KB_TERMS, MODEL_INDEX, NOT_LOG10_MILLI, POW10_NEG_HUNDREDTHS,
    POW10_NEG_TENTHS, POW10_NEG_THOUSANDTHS, UNEXPLAINED_LOG10_MILLI,
};
use crate::kb::{Row, ROW_NEUTRAL, ROW_NOT};

/// `s[i]`, or `None` past the end.
const fn at<T: Copy>(s: &[T], i: usize) -> Option<T> {
    match s.split_at_checked(i) {
        Some((_, rest)) => match rest.first() {
            Some(x) => Some(*x),
            None => None,
        },
        None => None,
    }
}

/// `&s[i]`, or `None` past the end.
const fn at_ref<T>(s: &'static [T], i: usize) -> Option<&'static T> {
    match s.split_at_checked(i) {
        Some((_, rest)) => rest.first(),
        None => None,
    }
}

/// Binary search in a sorted slice (`slice::binary_search` is not `const`).
pub(crate) const fn search_u16(s: &[u16], x: u16) -> Option<usize> {
    let (mut lo, mut hi) = (0usize, s.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match at(s, mid) {
            Some(v) if v == x => return Some(mid),
            Some(v) if v < x => lo = mid + 1,
            _ => hi = mid,
        }
    }
    None
}

/// 2^32 / 10^i for i in 0..12, truncated (as dividing by ten i times truncates).
const POW10_NEG_INT: [u64; 12] = {
    let mut t = [0u64; 12];
    let mut v: u64 = 1 << 32;
    let mut i = 0;
    while i < 12 {
        #[allow(clippy::indexing_slicing)] // i < 12; evaluated by the compiler only
        {
            t[i] = v;
        }
        v /= 10;
        i += 1;
    }
    t
};

/// 2^32 * 10^(-milli/1000), integer-only; 0 below 10^-12.
pub(crate) const fn pow10_neg_q32(milli: u32) -> u64 {
    if milli >= 12_000 {
        return 0;
    }
    let mut v = match at(&POW10_NEG_INT, (milli / 1000) as usize) {
        Some(v) => v,
        None => 0,
    };
    let f = milli % 1000;
    let factors = [
        at(&POW10_NEG_TENTHS, (f / 100) as usize),
        at(&POW10_NEG_HUNDREDTHS, ((f / 10) % 10) as usize),
        at(&POW10_NEG_THOUSANDTHS, (f % 10) as usize),
    ];
    let mut j = 0;
    while j < factors.len() {
        let m = match at(&factors, j) {
            Some(Some(m)) => m,
            _ => 0,
        };
        v = ((v as u128 * m as u128) >> 32) as u64;
        j += 1;
    }
    v
}

/// -1000 log10 background of a subset term.
const fn bg(term: u16) -> i32 {
    match at(&g::TERM_BG, term as usize) {
        Some(b) => b as i32,
        None => 0,
    }
}

/// -1000 log10(1 - background). Tabulated for common terms; for the rest (background
/// under about 1%) the first-order term background / ln 10, in integers.
pub(crate) const fn bg_not(term: u16) -> i32 {
    if let Some(i) = search_u16(&g::BG_NOT_TERMS, term) {
        return match at(&g::BG_NOT_VALUES, i) {
            Some(v) => v as i32,
            None => 0,
        };
    }
    let milli = match at(&g::TERM_BG, term as usize) {
        Some(b) => b as u32,
        None => u16::MAX as u32,
    };
    // background in Q32; times 434_294 (1e6 / ln 10) and shifted: background * 1e6 / ln 10;
    // then thousandths, rounded.
    // x <= 2^32, so the shifted product is at most 434_294 and the division runs in 32
    // bits (a 64-bit one links about 1 KiB of division code into a Cortex-M0 image).
    let x = pow10_neg_q32(milli);
    let v = (((x * 434_294) >> 32) as u32 + 500) / 1000;
    let cap = g::BG_NOT_TABLE_FROM as u32;
    (if v < cap { v } else { cap }) as i32
}

/// Whether subset term `term` is phenotypic (not a modifier, onset or inheritance term).
pub(crate) const fn phenotypic(term: u16) -> bool {
    match at(&g::TERM_PHENOTYPIC_BITS, term as usize / 32) {
        Some(w) => (w >> (term % 32)) & 1 == 1,
        None => false,
    }
}

/// The subset term of knowledge-base term `k`.
const fn kb_subset_term(k: u8) -> u16 {
    match at_ref(&KB_TERMS, k as usize) {
        Some(t) => t.term,
        None => 0,
    }
}

/// The row of disease `d` for knowledge-base term `k`.
const fn model_row(k: u8, d: usize) -> Option<&'static Row> {
    let Some(index) = at_ref(&MODEL_INDEX, k as usize) else {
        return None;
    };
    let r = match at(index, d) {
        Some(r) if r > 0 => r as usize - 1,
        _ => return None,
    };
    match at_ref(&DISEASES, d) {
        Some(dis) => at_ref(dis.rows, r),
        None => None,
    }
}

/// Whether knowledge-base term `k` is `term` or one of its descendants.
pub(crate) const fn kb_at_or_below(k: u8, term: u16) -> bool {
    match at_ref(&KB_TERMS, k as usize) {
        Some(t) => t.term == term || search_u16(t.ancestors, term).is_some(),
        None => false,
    }
}

/// A present finding credited with row `row`, matched as `how` (which names the row's
/// knowledge-base term), against `background`: log10 p - log10 background, or 0 for a
/// neutral row.
const fn credit(row: &Row, how: Match, background: i32) -> Contribution {
    if row.flags & ROW_NEUTRAL != 0 {
        let k = match how {
            Match::Row(k) | Match::General(k) => k,
            _ => 0,
        };
        return Contribution {
            how: Match::Neutral(k),
            log10_lr_milli: 0,
        };
    }
    let v = row.log_p as i32 + background;
    // A non-specific row (a common term, or one open-world.md §5 names) credits at most
    // NONSPECIFIC_CAP_MILLI (diseases.toml [open_world]).
    let k = match how {
        Match::Row(k) | Match::General(k) => k,
        _ => 0,
    };
    let nonspecific = background <= g::NONSPECIFIC_BG_MILLI as i32 || kb_bit(&g::NONSPECIFIC_KB, k);
    Contribution {
        how,
        log10_lr_milli: if nonspecific && v > g::NONSPECIFIC_CAP_MILLI {
            g::NONSPECIFIC_CAP_MILLI
        } else {
            v
        },
    }
}

/// Bit `k` of a knowledge-base bit set.
pub(crate) const fn kb_bit(bits: &[u32], k: u8) -> bool {
    match at(bits, k as usize / 32) {
        Some(w) => (w >> (k % 32)) & 1 == 1,
        None => false,
    }
}

const fn better(best: Option<Contribution>, c: &Contribution) -> bool {
    match best {
        None => true,
        Some(b) => c.log10_lr_milli > b.log10_lr_milli,
    }
}

/// The contribution of one finding to disease `d`: the finding's subset term, whether it
/// is phenotypic, the knowledge-base terms at or above it and at or below it, and whether
/// it is excluded. docs/RULES.md ("Score") states the method:
/// * a present finding counts the most specific row at or above it (the best of several
///   unrelated ones); a row the disease explicitly lacks (NOT) wins and counts
///   log10(0.01);
/// * with no row at or above it, the best row below it counts against the finding's own
///   (higher) background; with none at all the finding is unexplained (-1);
/// * an excluded finding counts log10(1 - p) - log10(1 - background) for the most
///   frequent row at or below it; none: 0;
/// * modifiers, onset and inheritance terms are not scored.
pub(crate) const fn score(
    term: u16,
    is_phenotypic: bool,
    above: &[u8],
    below: &[u8],
    excluded: bool,
    d: usize,
) -> Contribution {
    let none = Contribution {
        how: Match::None,
        log10_lr_milli: 0,
    };
    // "None of the modelled disorders" has likelihood ratio 1 by construction: no
    // finding moves it (diseases.toml, the `other` entry).
    if !is_phenotypic || d == g::D_OTHER {
        return none;
    }
    if excluded {
        let mut best: Option<(i32, u8)> = None;
        let mut rest = below;
        while let Some((&k, tail)) = rest.split_first() {
            rest = tail;
            let Some(row) = model_row(k, d) else { continue };
            if row.flags & (ROW_NOT | ROW_NEUTRAL) != 0 {
                continue;
            }
            let v = row.log_not_p as i32 + bg_not(term);
            let lower = match best {
                None => true,
                Some((b, _)) => v < b,
            };
            if lower {
                best = Some((v, k));
            }
        }
        return match best {
            Some((v, k)) => Contribution {
                how: Match::ExcludedRow(k),
                log10_lr_milli: v,
            },
            None => none,
        };
    }
    let mut best: Option<Contribution> = None;
    let mut rest = above;
    while let Some((&k, tail)) = rest.split_first() {
        rest = tail;
        let Some(row) = model_row(k, d) else { continue };
        if row.flags & ROW_NOT != 0 {
            return Contribution {
                how: Match::Negated(k),
                log10_lr_milli: NOT_LOG10_MILLI,
            };
        }
        // The most specific annotation decides: a row whose term has a more specific
        // matching row below it in the same model is superseded by that row.
        let mut superseded = false;
        let mut others = above;
        while let Some((&k2, tail2)) = others.split_first() {
            others = tail2;
            if k2 != k && model_row(k2, d).is_some() && kb_at_or_below(k2, kb_subset_term(k)) {
                superseded = true;
                break;
            }
        }
        if superseded {
            continue;
        }
        let c = credit(row, Match::Row(k), bg(kb_subset_term(k)));
        if better(best, &c) {
            best = Some(c);
        }
    }
    if let Some(c) = best {
        return c;
    }
    // The finding is more general than some rows: credit the best, against its own background.
    let mut rest = below;
    while let Some((&k, tail)) = rest.split_first() {
        rest = tail;
        let Some(row) = model_row(k, d) else { continue };
        if row.flags & ROW_NOT != 0 || kb_subset_term(k) == term {
            continue;
        }
        let c = credit(row, Match::General(k), bg(term));
        if better(best, &c) {
            best = Some(c);
        }
    }
    match best {
        Some(c) => c,
        None => Contribution {
            how: Match::Unexplained,
            log10_lr_milli: UNEXPLAINED_LOG10_MILLI,
        },
    }
}

/// Knowledge-base term `k`'s list in a start-indexed table (`KB_ABOVE`, `KB_BELOW`).
pub(crate) const fn kb_list(starts: &[u16], list: &'static [u8], k: u8) -> &'static [u8] {
    let (Some(a), Some(b)) = (at(starts, k as usize), at(starts, k as usize + 1)) else {
        return &[];
    };
    let Some((_, tail)) = list.split_at_checked(a as usize) else {
        return &[];
    };
    match tail.split_at_checked((b as usize).saturating_sub(a as usize)) {
        Some((mine, _)) => mine,
        None => &[],
    }
}

/// Knowledge-base terms at or above knowledge-base term `k` (its own index included).
#[inline]
pub(crate) fn kb_above_of(k: u8) -> &'static [u8] {
    #[cfg(feature = "speed-tables")]
    {
        table::KB_ABOVE_OF
            .get(usize::from(k))
            .copied()
            .unwrap_or(&[])
    }
    #[cfg(not(feature = "speed-tables"))]
    {
        kb_list(&g::KB_ABOVE_START, &g::KB_ABOVE, k)
    }
}

/// Knowledge-base terms at or below knowledge-base term `k` (its own index included).
#[inline]
pub(crate) fn kb_below_of(k: u8) -> &'static [u8] {
    #[cfg(feature = "speed-tables")]
    {
        table::KB_BELOW_OF
            .get(usize::from(k))
            .copied()
            .unwrap_or(&[])
    }
    #[cfg(not(feature = "speed-tables"))]
    {
        kb_list(&g::KB_BELOW_START, &g::KB_BELOW, k)
    }
}

/// The score of knowledge-base term `k` (present or excluded) against disease `d`,
/// computed from its neighbourhood tables.
pub(crate) const fn score_kb(k: u8, excluded: bool, d: usize) -> Contribution {
    let term = kb_subset_term(k);
    score(
        term,
        phenotypic(term),
        kb_list(&g::KB_ABOVE_START, &g::KB_ABOVE, k),
        kb_list(&g::KB_BELOW_START, &g::KB_BELOW, k),
        excluded,
        d,
    )
}

#[cfg(feature = "speed-tables")]
pub(crate) use table::{lookup, lookup_one};

#[cfg(feature = "speed-tables")]
mod table {
    //! Every knowledge-base term's score against every disease, computed by the compiler
    //! (20 KiB: stored as the evaluator's own `Contribution`s, so a finding's row is one
    //! copy; packing them into half the room costs a decode per entry).
    //! `tests::table_matches_the_function` checks every entry against [`super::score_kb`].

    use super::score_kb;
    use crate::assessment::{Contribution, Match};
    use crate::kb::generated::{self as g, DISEASE_COUNT, KB_TERM_COUNT};

    type Table = [[[Contribution; DISEASE_COUNT]; 2]; KB_TERM_COUNT];

    const fn build() -> Table {
        let none = Contribution {
            how: Match::None,
            log10_lr_milli: 0,
        };
        let mut t = [[[none; DISEASE_COUNT]; 2]; KB_TERM_COUNT];
        let mut k = 0;
        while k < KB_TERM_COUNT {
            let mut d = 0;
            while d < DISEASE_COUNT {
                // Indices are in range by the loop bounds; this runs in the compiler only.
                #[allow(clippy::indexing_slicing)]
                {
                    t[k][0][d] = score_kb(k as u8, false, d);
                    t[k][1][d] = score_kb(k as u8, true, d);
                }
                d += 1;
            }
            k += 1;
        }
        t
    }

    static SCORES: Table = build();

    /// Each knowledge-base term's list in a start-indexed table, as slices (one load
    /// instead of two bounds-checked index reads per use).
    const fn slices(starts: &[u16], list: &'static [u8]) -> [&'static [u8]; KB_TERM_COUNT] {
        let mut out: [&'static [u8]; KB_TERM_COUNT] = [&[]; KB_TERM_COUNT];
        let mut k = 0;
        while k < KB_TERM_COUNT {
            // k < KB_TERM_COUNT by the loop bound; this runs in the compiler only.
            #[allow(clippy::indexing_slicing)]
            {
                out[k] = super::kb_list(starts, list, k as u8);
            }
            k += 1;
        }
        out
    }

    /// [`super::kb_above_of`] for every knowledge-base term.
    pub(super) static KB_ABOVE_OF: [&[u8]; KB_TERM_COUNT] =
        slices(&g::KB_ABOVE_START, &g::KB_ABOVE);
    /// [`super::kb_below_of`] for every knowledge-base term.
    pub(super) static KB_BELOW_OF: [&[u8]; KB_TERM_COUNT] =
        slices(&g::KB_BELOW_START, &g::KB_BELOW);

    /// The scores of knowledge-base term `k` against every disease.
    #[inline]
    pub(crate) fn lookup(k: u8, excluded: bool) -> Option<&'static [Contribution; DISEASE_COUNT]> {
        SCORES.get(usize::from(k))?.get(usize::from(excluded))
    }

    /// The score of knowledge-base term `k` against disease `d`.
    #[inline]
    pub(crate) fn lookup_one(k: u8, excluded: bool, d: usize) -> Option<Contribution> {
        lookup(k, excluded)?.get(d).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::generated::{DISEASE_COUNT, KB_TERM_COUNT};

    #[cfg(feature = "speed-tables")]
    #[test]
    fn table_matches_the_function() {
        for k in (0..u8::try_from(KB_TERM_COUNT).unwrap()).step_by(crate::EXHAUSTIVE_STRIDE) {
            for excluded in [false, true] {
                let row = lookup(k, excluded).unwrap();
                for (d, got) in row.iter().enumerate() {
                    assert_eq!(
                        *got,
                        score_kb(k, excluded, d),
                        "k {k} excluded {excluded} d {d}"
                    );
                    assert_eq!(lookup_one(k, excluded, d), Some(*got));
                }
            }
        }
        assert!(lookup(u8::try_from(KB_TERM_COUNT).unwrap(), false).is_none());
    }

    #[test]
    fn search_finds_every_element_and_nothing_else() {
        let s = [2u16, 3, 5, 8, 13, 21];
        for (i, &v) in s.iter().enumerate() {
            assert_eq!(search_u16(&s, v), Some(i));
        }
        for v in [0u16, 1, 4, 9, 22, u16::MAX] {
            assert_eq!(search_u16(&s, v), None);
        }
        assert_eq!(search_u16(&[], 1), None);
    }

    #[test]
    fn every_kb_term_scores_within_the_packed_range() {
        for k in (0..u8::try_from(KB_TERM_COUNT).unwrap()).step_by(crate::EXHAUSTIVE_STRIDE) {
            for d in 0..DISEASE_COUNT {
                for excluded in [false, true] {
                    let v = score_kb(k, excluded, d).log10_lr_milli;
                    assert!(i16::try_from(v).is_ok(), "k {k} d {d}: {v}");
                }
            }
        }
    }
}
