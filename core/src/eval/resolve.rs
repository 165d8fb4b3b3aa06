//! Resolve findings against the HPO subset: ids to subset terms (alt_ids followed), labs to
//! their HPO terms, contradictions detected, and the state of every knowledge-base term.

use heapless::Vec;

use crate::assessment::{Assessment, Origin, Resolved};
use crate::error::Error;
use crate::findings::{Findings, Lab, PhenotypeEntries};
use crate::hpo::{is_a_or_self, subset_index, walk_up, HpoId};
use crate::kb::generated::{
    self as g, AHO_LISTS, KB_HYPERPHOSPHATEMIA, KB_HYPOCALCEMIA, KB_PROGRESSIVE, KB_PTH_ELEVATED,
    KB_TERM_COUNT, KB_TSH_ELEVATED, MAX_KB_ABOVE,
};
use crate::kb::{kb_of, kb_term, GROUPS};
use crate::limits::{MAX_AGE_MONTHS, MAX_MODIFIERS, MAX_PHENOTYPES};

/// HP:0012823 Clinical modifier: every modifier must sit under it.
const CLINICAL_MODIFIER: HpoId = HpoId(12823);

/// State of one knowledge-base term after resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TermState {
    #[default]
    Unknown,
    /// Present, decided by resolved finding n.
    Present(u8),
    /// Excluded, decided by resolved finding n.
    Excluded(u8),
}

/// Knowledge-base term states, indexed by knowledge-base index.
pub(crate) type States = [TermState; KB_TERM_COUNT];

/// Knowledge-base terms at or above a subset term (is_a closure upward).
pub(crate) fn kb_above(term: u16) -> Result<Vec<u8, MAX_KB_ABOVE>, Error> {
    let mut out: Vec<u8, MAX_KB_ABOVE> = Vec::new();
    let mut full = false;
    walk_up(term, |t| {
        if let Some(k) = kb_of(t) {
            full |= out.push(k).is_err();
        }
        full
    })?;
    if full {
        return Err(Error::Internal);
    }
    // Deterministic order whatever the walk order.
    super::sort_small(&mut out, |a, b| a < b);
    Ok(out)
}

pub(crate) use super::score::kb_at_or_below;

/// Subset terms already resolved, as a bit set: most findings are new terms, and the bit
/// spares them the scan for a duplicate.
type Seen = [u32; g::TERM_COUNT.div_ceil(32)];

/// Add a resolved finding (or merge it into the same term's). `#[inline(always)]` for the
/// reason given at `criteria::evaluate_groups`: same code in every artifact.
#[inline(always)]
fn push_resolved(a: &mut Assessment, seen: &mut Seen, r: Resolved) -> Result<(), Error> {
    let again = super::bit(seen, usize::from(r.term));
    super::set_bit(seen, usize::from(r.term))?;
    // The same term twice with the same state merges (earliest onset, flags joined);
    // with opposite states it is an error.
    for e in a.resolved.iter_mut().filter(|_| again) {
        if e.term == r.term {
            if e.excluded != r.excluded {
                let lab = !matches!(r.origin, Origin::Phenotype(_))
                    || !matches!(e.origin, Origin::Phenotype(_));
                return Err(if lab {
                    Error::ContradictoryFindings
                } else {
                    Error::PresentAndExcluded
                });
            }
            e.onset_months = match (e.onset_months, r.onset_months) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            e.progressive |= r.progressive;
            e.early_onset_modifier |= r.early_onset_modifier;
            return Ok(());
        }
    }
    // Phenotype entries may fill MAX_PHENOTYPES of the MAX_RESOLVED slots; the rest are
    // the labs' (resolved after every phenotype entry, so the length counts entries).
    if matches!(r.origin, Origin::Phenotype(_)) && a.resolved.len() >= MAX_PHENOTYPES {
        return Err(Error::TooManyPhenotypes);
    }
    a.resolved.push(r).map_err(|_| Error::TooManyPhenotypes)
}

fn lab_finding(
    a: &mut Assessment,
    seen: &mut Seen,
    lab: Lab,
    present_when: Lab,
    k: u8,
    origin: Origin,
) -> Result<(), Error> {
    if lab == Lab::Unknown {
        return Ok(());
    }
    // A normal or opposite value excludes the abnormal term (a low PTH is not elevated).
    let excluded = lab != present_when;
    let t = kb_term(k).ok_or(Error::Internal)?;
    push_resolved(
        a,
        seen,
        Resolved {
            term: t.term,
            kb: Some(k),
            given: HpoId(t.id),
            excluded,
            origin,
            onset_months: None,
            progressive: false,
            early_onset_modifier: false,
        },
    )
}

/// What resolving a phenotype entry needs of the subset, looked up once per evaluation.
struct Anchors {
    modifier_root: u16,
    progressive: u16,
    /// The knowledge-base terms of the early-onset group.
    early: &'static [u8],
}

impl Anchors {
    #[inline(always)]
    fn new() -> Result<Anchors, Error> {
        Ok(Anchors {
            modifier_root: subset_index(CLINICAL_MODIFIER).ok_or(Error::Internal)?.0,
            progressive: kb_term(KB_PROGRESSIVE).ok_or(Error::Internal)?.term,
            early: GROUPS
                .get(usize::from(g::G_EARLY_ONSET))
                .ok_or(Error::Internal)?
                .terms,
        })
    }
}

/// Modifier terms already judged in this evaluation, with what they said: a modifier is
/// typically given on many entries (HP:0003676 Progressive on each lesion), and each judgement
/// is several ancestor tests. At most `MAX_MEMO` terms are kept; others are judged each time.
type Memo = Vec<(u16, (bool, bool)), MAX_MEMO>;
const MAX_MEMO: usize = 8;

/// What modifier term `mt` says of its finding: `(progressive, early onset)`;
/// `InvalidModifier` unless it sits under Clinical modifier. From `memo` when judged before
/// in this evaluation: the same few modifiers recur on many entries, each judgement up to
/// five ancestor tests (docs/DESIGN.md).
#[inline(always)]
fn modifier_flags(mt: u16, x: &Anchors, memo: &mut Memo) -> Result<(bool, bool), Error> {
    if let Some(&(_, flags)) = memo.iter().find(|(t, _)| *t == mt) {
        return Ok(flags);
    }
    if !is_a_or_self(mt, x.modifier_root)? {
        return Err(Error::InvalidModifier);
    }
    let progressive = is_a_or_self(mt, x.progressive)?;
    let mut early = false;
    for &k in x.early {
        let t = kb_term(k).ok_or(Error::Internal)?.term;
        early |= is_a_or_self(mt, t)?;
    }
    // A full memo only means judging again: never a different answer.
    let _ = memo.push((mt, (progressive, early)));
    Ok((progressive, early))
}

/// Resolve phenotype entries `e`, numbering them from `first`, into `a.resolved` /
/// `a.unrecognized`.
#[inline(always)] // one caller per entry source: the loop stays in `evaluate`'s frame
fn resolve_entries<E: PhenotypeEntries + ?Sized>(
    e: &E,
    position: impl Fn(usize) -> u16,
    x: &Anchors,
    a: &mut Assessment,
    seen: &mut Seen,
    memo: &mut Memo,
) -> Result<(), Error> {
    for i in 0..e.count() {
        let p = e.entry(i).ok_or(Error::Internal)?;
        let idx = position(i);
        if p.onset_months.is_some_and(|m| m > MAX_AGE_MONTHS) {
            return Err(Error::OutOfRange);
        }
        let mut r = Resolved {
            term: 0,
            kb: None,
            given: p.id,
            excluded: p.excluded,
            origin: Origin::Phenotype(idx),
            onset_months: p.onset_months,
            progressive: false,
            early_onset_modifier: false,
        };
        let known = subset_index(p.id);
        for (j, m) in e.modifiers(i).enumerate() {
            if j >= MAX_MODIFIERS {
                return Err(Error::TooManyModifiers);
            }
            match subset_index(m) {
                None => a.unrecognized.note(m, idx),
                // The modifiers of an entry outside the subset are not read (as
                // `Findings::add` sets the entry aside before they are).
                Some((mt, _)) if known.is_some() => {
                    let (progressive, early) = modifier_flags(mt, x, memo)?;
                    r.progressive |= progressive;
                    r.early_onset_modifier |= early;
                }
                Some(_) => {}
            }
        }
        match known {
            None => a.unrecognized.note(p.id, idx),
            Some((t, alt)) => {
                r.term = t;
                r.kb = kb_of(t);
                if alt {
                    a.alt_ids_mapped = a.alt_ids_mapped.saturating_add(1);
                }
                push_resolved(a, seen, r)?;
            }
        }
    }
    Ok(())
}

/// Resolve the findings, with phenotype entries `more` after their own, into `a.resolved`
/// / `a.unrecognized` and the term states into `states` (all `Unknown` on entry; filled in
/// place, not returned: a 320-byte copy).
#[inline(always)]
pub(crate) fn resolve<E: PhenotypeEntries + ?Sized>(
    f: &Findings,
    more: &E,
    a: &mut Assessment,
    states: &mut States,
) -> Result<(), Error> {
    if usize::from(f.options.aho_list) >= AHO_LISTS.len() {
        return Err(Error::UnknownOption);
    }
    a.aho_list = f.options.aho_list;
    if f.age_months.is_some_and(|m| m > MAX_AGE_MONTHS) {
        return Err(Error::OutOfRange);
    }
    // Gs-alpha activity is reduced or normal; "high" is not a finding (the JSON refuses it).
    if f.labs.gs_alpha_activity == Lab::High {
        return Err(Error::OutOfRange);
    }
    a.age_months = f.age_months;
    let anchors = Anchors::new()?;
    let mut seen: Seen = [0; g::TERM_COUNT.div_ceil(32)];
    let own = f.phenotypes.as_slice();
    let mut memo = Memo::new();
    // What the findings reader already set aside (ids outside the subset).
    a.unrecognized.clone_from(&f.unrecognized);
    resolve_entries(own, |i| f.position(i), &anchors, a, &mut seen, &mut memo)?;
    if more.count() > 0 {
        let after = f.entries.max(u16::try_from(own.len()).unwrap_or(u16::MAX));
        let at = |i: usize| after.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
        resolve_entries(more, at, &anchors, a, &mut seen, &mut memo)?;
    }
    lab_finding(
        a,
        &mut seen,
        f.labs.pth,
        Lab::High,
        KB_PTH_ELEVATED,
        Origin::LabPth,
    )?;
    lab_finding(
        a,
        &mut seen,
        f.labs.calcium,
        Lab::Low,
        KB_HYPOCALCEMIA,
        Origin::LabCalcium,
    )?;
    lab_finding(
        a,
        &mut seen,
        f.labs.phosphate,
        Lab::High,
        KB_HYPERPHOSPHATEMIA,
        Origin::LabPhosphate,
    )?;
    lab_finding(
        a,
        &mut seen,
        f.labs.tsh,
        Lab::High,
        KB_TSH_ELEVATED,
        Origin::LabTsh,
    )?;

    // Excluded findings first, then present ones: a present finding's state wins over an
    // excluded one's, and the first finding of each kind decides, whatever the order of
    // the input.
    // Knowledge-base indices of the excluded findings, to test "present under excluded".
    let mut excluded_kb = [0u32; KB_TERM_COUNT.div_ceil(32)];
    let mut excluded_other = false;
    for (i, r) in a.resolved.iter().enumerate().filter(|(_, r)| r.excluded) {
        let ri = u8::try_from(i).map_err(|_| Error::Internal)?;
        match r.kb {
            Some(k) => super::set_bit(&mut excluded_kb, usize::from(k))?,
            None => excluded_other = true,
        }
        let mut buf = super::differential::BelowBuf::new();
        for &k in super::differential::below(r.term, r.kb, &mut buf)? {
            let s = states.get_mut(usize::from(k)).ok_or(Error::Internal)?;
            if *s == TermState::Unknown {
                *s = TermState::Excluded(ri);
            }
        }
    }
    let ossification = GROUPS
        .get(usize::from(g::G_ANY_OSSIFICATION))
        .ok_or(Error::Internal)?
        .terms;
    for (i, r) in a.resolved.iter().enumerate().filter(|(_, r)| !r.excluded) {
        let ri = u8::try_from(i).map_err(|_| Error::Internal)?;
        let mut buf = super::differential::AboveBuf::new();
        let above = super::differential::above(r.term, r.kb, &mut buf)?;
        // A present term under an excluded one contradicts it. An excluded
        // knowledge-base term is found among the present term's neighbours; any other
        // is looked for by walking the graph.
        let under_kb = above
            .iter()
            .any(|&k| super::bit(&excluded_kb, usize::from(k)));
        if under_kb {
            return Err(Error::ContradictoryFindings);
        }
        if excluded_other {
            for e in a.resolved.iter().filter(|e| e.excluded && e.kb.is_none()) {
                if is_a_or_self(r.term, e.term)? {
                    return Err(Error::ContradictoryFindings);
                }
            }
        }
        for &k in above {
            let s = states.get_mut(usize::from(k)).ok_or(Error::Internal)?;
            if !matches!(s, TermState::Present(_)) {
                *s = TermState::Present(ri);
            }
        }
        // HP:0003676 Progressive given as a modifier of an ossification finding says what
        // the term says: the ossification progresses (the rule `progressive_course` reads
        // the term's state, "as a modifier or term").
        if r.progressive && above.iter().any(|k| ossification.contains(k)) {
            let s = states
                .get_mut(usize::from(KB_PROGRESSIVE))
                .ok_or(Error::Internal)?;
            if !matches!(s, TermState::Present(_)) {
                *s = TermState::Present(ri);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The memo only saves work: over every subset term (every 41st under Miri,
    /// `EXHAUSTIVE_STRIDE`), judged in turn with one shared memo and twice over, and with a
    /// memo already full (of other terms), the answers are those of a fresh memo each time;
    /// modifiers and non-modifiers are both met.
    #[test]
    fn the_modifier_memo_never_changes_an_answer() {
        let x = Anchors::new().unwrap();
        let mut shared = Memo::new();
        let mut full = Memo::new();
        for i in 0..MAX_MEMO {
            full.push((u16::MAX - i as u16, (true, true))).unwrap();
        }
        let before = full.clone();
        // The anchors are modifiers (the stride may step over every other one).
        let mut terms: std::vec::Vec<u16> = (0..g::TERM_COUNT)
            .step_by(crate::EXHAUSTIVE_STRIDE)
            .map(|t| u16::try_from(t).unwrap())
            .collect();
        terms.extend([x.modifier_root, x.progressive]);
        terms.extend(x.early.iter().map(|&k| kb_term(k).unwrap().term));
        let fresh: std::vec::Vec<_> = terms
            .iter()
            .map(|&t| modifier_flags(t, &x, &mut Memo::new()))
            .collect();
        for (&t, want) in terms.iter().zip(&fresh) {
            assert_eq!(
                &modifier_flags(t, &x, &mut full),
                want,
                "term {t}, memo full"
            );
        }
        for _ in 0..2 {
            for (&t, want) in terms.iter().zip(&fresh) {
                assert_eq!(&modifier_flags(t, &x, &mut shared), want, "term {t}");
            }
        }
        assert_eq!(full, before, "a full memo is left as it is");
        let judged: std::collections::BTreeSet<u16> = terms
            .iter()
            .zip(&fresh)
            .filter(|(_, r)| r.is_ok())
            .map(|(&t, _)| t)
            .collect();
        assert_eq!(
            shared.len(),
            judged.len().min(MAX_MEMO),
            "one entry a modifier"
        );
        let modifiers = fresh.iter().filter(|r| r.is_ok()).count();
        let others = fresh
            .iter()
            .filter(|r| **r == Err(Error::InvalidModifier))
            .count();
        assert_eq!(modifiers + others, fresh.len(), "no other error");
        assert!(modifiers > 0 && others > 0, "{modifiers} / {others}");
        // The repeated modifiers of a real input: judged once, then from the memo.
        let progressive = x.progressive;
        let mut memo = Memo::new();
        let first = modifier_flags(progressive, &x, &mut memo).unwrap();
        assert_eq!(first, (true, false));
        assert_eq!(memo.len(), 1);
        assert_eq!(modifier_flags(progressive, &x, &mut memo).unwrap(), first);
        assert_eq!(memo.len(), 1);
    }
}
