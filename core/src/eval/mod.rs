//! The evaluator: findings in, assessment out. Total (no panic paths), allocation-free,
//! and integer-only, so every target computes the same assessment.
//!
//! Steps, one file each: `resolve` (findings against the HPO subset), `criteria` (term
//! groups, major criteria, supporting findings), `differential` (likelihood-ratio score,
//! rules, ranking and posterior), `next_steps` (what to assess next).

mod criteria;
mod differential;
mod next_steps;
mod resolve;
mod score;

pub(crate) use differential::score_term;

use crate::assessment::{Assessment, Overall};
use crate::counseling::Condition;
use crate::error::Error;
use crate::findings::{Findings, Phenotype, PhenotypeEntries};
use crate::kb::generated::D_POH;

/// Evaluate `findings` into `out`. On error `out` is reset to the empty assessment.
///
/// ```
/// use poh_core::{evaluate, Assessment, Findings, HpoId, Phenotype, Lab};
/// let mut f = Findings::new();
/// f.add(Phenotype::present(HpoId::parse("HP:0034282")?))?; // subcutaneous ossification
/// f.add(Phenotype::present(HpoId::parse("HP:0011987")?))?; // ossification in muscle
/// f.labs.pth = Lab::Normal;
/// let mut a = Assessment::default();
/// evaluate(&f, &mut a)?;
/// assert_eq!(a.criteria[0].verdict, poh_core::kb::Verdict::Met);
/// # Ok::<(), poh_core::Error>(())
/// ```
#[inline(never)] // a stable symbol for instruction counting (callgrind --toggle-collect)
pub fn evaluate(findings: &Findings, out: &mut Assessment) -> Result<(), Error> {
    evaluate_with(findings, &[] as &[Phenotype], out)
}

/// Evaluate `findings` with phenotype entries `more` after their own, read in place: the
/// same assessment as [`evaluate`] of `findings` with `more`'s entries [`Findings::add`]ed,
/// without building a [`Phenotype`] for each. For bindings whose callers keep the entries
/// in their own layout (the C ABI's `poh_phenotype` array). More than
/// [`crate::limits::MAX_PHENOTYPES`] entries in all is `TooManyPhenotypes`. On error `out`
/// is reset to the empty assessment.
///
/// ```
/// use poh_core::evaluate_with;
/// use poh_core::findings::{EntryRef, PhenotypeEntries};
/// use poh_core::{Assessment, Findings, HpoId};
/// /// Entries kept as (HPO number, excluded) pairs.
/// struct Pairs<'a>(&'a [(u32, bool)]);
/// impl PhenotypeEntries for Pairs<'_> {
///     fn count(&self) -> usize { self.0.len() }
///     fn entry(&self, i: usize) -> Option<EntryRef> {
///         let &(id, excluded) = self.0.get(i)?;
///         Some(EntryRef { id: HpoId(id), excluded, onset_months: None })
///     }
///     fn modifiers(&self, _i: usize) -> impl Iterator<Item = HpoId> { core::iter::empty() }
/// }
/// let mut a = Assessment::default();
/// evaluate_with(&Findings::new(), &Pairs(&[(34282, false), (11987, false)]), &mut a)?;
/// assert_eq!(a.resolved.len(), 2);
/// # Ok::<(), poh_core::Error>(())
/// ```
#[inline(never)] // a symbol of its own per entry source (instruction counting of the C ABI)
pub fn evaluate_with<E: PhenotypeEntries + ?Sized>(
    findings: &Findings,
    more: &E,
    out: &mut Assessment,
) -> Result<(), Error> {
    out.reset();
    let result = run(findings, more, out);
    if result.is_err() {
        out.reset();
    }
    result
}

/// Whether a short list of indices holds `x`. The lists here hold at most a dozen bytes,
/// where a plain loop beats `<[u8]>::contains` (memchr's setup costs more than the scan).
pub(crate) fn has(list: &[u8], x: u8) -> bool {
    for &y in list {
        if y == x {
            return true;
        }
    }
    false
}

/// Whether bit `i` of a bit set (32 bits a word) is set; an index past the set is not.
pub(crate) fn bit(set: &[u32], i: usize) -> bool {
    set.get(i / 32).is_some_and(|w| (w >> (i % 32)) & 1 == 1)
}

/// Set bit `i` of a bit set; `Internal` for an index past it.
pub(crate) fn set_bit(set: &mut [u32], i: usize) -> Result<(), Error> {
    *set.get_mut(i / 32).ok_or(Error::Internal)? |= 1 << (i % 32);
    Ok(())
}

/// Sort a short slice in place (insertion sort, stable). The slices sorted here have at
/// most 16 elements; the standard library's sort would add about 2 KiB of code to a
/// Cortex-M0 image for nothing.
pub(crate) fn sort_small<T: Copy>(v: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (v.get(j - 1).copied(), v.get(j).copied()) else {
                break;
            };
            if !before(&b, &a) {
                break;
            }
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A finding of the flag's groups (superficial or deep heterotopic ossification) is
/// present: what lifts the flag above `none` and what the skin and nodule rows need.
pub(super) fn ossification_present(a: &Assessment) -> bool {
    crate::kb::generated::FLAG_GROUPS.iter().any(|&g| {
        a.groups
            .get(usize::from(g))
            .is_some_and(|s| s.presence == crate::assessment::Presence::Present)
    })
}

/// The alert flag (core/data/criteria.toml `[flag]`): `None` without superficial or deep
/// ossification; otherwise `Likely` when POH's criteria are met or one disorder of
/// `FLAG_LIKELY_FROM` has at least `FLAG_LIKELY_PERMILLE`, else `Review`.
fn flag(a: &Assessment) -> crate::assessment::Flag {
    use crate::assessment::Flag;
    use crate::kb::generated::{FLAG_LIKELY_FROM, FLAG_LIKELY_PERMILLE};
    if !ossification_present(a) {
        return Flag::None;
    }
    let likely = a.verdict == Overall::Met
        || a.differential.iter().any(|r| {
            FLAG_LIKELY_FROM
                .checked_shr(u32::from(r.disease))
                .unwrap_or(0)
                & 1
                == 1
                && r.posterior_permille >= FLAG_LIKELY_PERMILLE
        });
    if likely {
        Flag::Likely
    } else {
        Flag::Review
    }
}

#[inline(always)]
fn run<E: PhenotypeEntries + ?Sized>(
    f: &Findings,
    more: &E,
    a: &mut Assessment,
) -> Result<(), Error> {
    let mut states = [resolve::TermState::Unknown; crate::kb::generated::KB_TERM_COUNT];
    resolve::resolve(f, more, a, &mut states)?;
    criteria::evaluate_groups(&states, a);
    criteria::evaluate_criteria(f, a);
    criteria::evaluate_supporting(f, &states, a);
    differential::score(f, &states, a)?;
    next_steps::propose(f, &states, a)?;
    a.flag = flag(a);
    let poh_first = a
        .differential
        .first()
        .is_some_and(|r| usize::from(r.disease) == D_POH);
    a.poh_notes = matches!(a.verdict, Overall::Met | Overall::Indeterminate) || poh_first;
    if f.options.counseling {
        // The person's own condition is only taken as POH when the criteria are met; a
        // recorded diagnosis is never read.
        let q = crate::counseling::Query {
            condition: if a.verdict == Overall::Met {
                Condition::Poh
            } else {
                Condition::Unknown
            },
            sex: f.sex,
            gnas: f.gnas.result,
            parent_of_origin: f.gnas.parent_of_origin,
        };
        a.counseling = Some(crate::counseling::counsel(&q)?);
    }
    Ok(())
}
