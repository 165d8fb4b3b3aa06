//! The phenotype-match score and the ranked differential.
//!
//! A likelihood-ratio method in the spirit of LIRICAL (Robinson et al., AJHG 2020), with
//! every quantity precomputed as thousandths of log10 (docs/RULES.md, "Score"):
//! * a present finding counts, for each disease, the most specific row at or above it
//!   (the best of several unrelated ones):
//!   log10 LR = log10 p(row term | disease) - log10 background(row term); a row the
//!   disease explicitly lacks (NOT) wins over positive rows and counts log10(0.01);
//! * with no row at or above it, the best row below it counts against the finding's own
//!   (higher) background; with none at all the finding is unexplained (-1);
//! * an excluded finding counts log10(1 - p) - log10(1 - background) for the most frequent
//!   row at or below it; none: 0;
//! * modifiers, onset and inheritance terms are not scored as phenotypes;
//! * rules (GNAS, parent of origin, history, imaging, course) add their cited effects;
//! * rows the criteria count against POH are neutral for POH (capped at LR 1).

use super::resolve::{kb_above, kb_at_or_below, States};
use super::score::{self, pow10_neg_q32};
use crate::assessment::{Assessment, Contribution, Ranked};
use crate::error::Error;
use crate::findings::{Findings, GnasResult, ParentOfOrigin};
use crate::kb::generated::{self as g, DISEASE_COUNT, KB_PROGRESSIVE, KB_TERM_COUNT};
use crate::kb::{When, RULES};

/// Room for the knowledge-base terms above a term that is not one itself.
pub(crate) type AboveBuf = heapless::Vec<u8, { g::MAX_KB_ABOVE }>;

/// Room for the knowledge-base terms below a term that is not one itself.
pub(crate) type BelowBuf = heapless::Vec<u8, KB_TERM_COUNT>;

/// Knowledge-base terms at or above subset term `term` (knowledge-base index `kb`): a
/// knowledge-base term's from the tables, any other's walked up the graph into `buf`.
///
/// Plain slices, not a neighbourhood struct returned by value: such a struct is built and
/// read per finding, a measurable share of the typical evaluation (docs/DESIGN.md).
#[inline]
pub(crate) fn above(term: u16, kb: Option<u8>, buf: &mut AboveBuf) -> Result<&[u8], Error> {
    match kb {
        Some(k) => Ok(score::kb_above_of(k)),
        None => above_walked(term, buf),
    }
}

#[inline(never)] // the rare case: keeps `above` small enough to inline
fn above_walked(term: u16, buf: &mut AboveBuf) -> Result<&[u8], Error> {
    *buf = kb_above(term)?;
    Ok(buf.as_slice())
}

/// Knowledge-base terms at or below subset term `term` (knowledge-base index `kb`): a
/// knowledge-base term's from the tables, any other's by testing every knowledge-base
/// term into `buf`.
#[inline]
pub(crate) fn below(term: u16, kb: Option<u8>, buf: &mut BelowBuf) -> Result<&[u8], Error> {
    match kb {
        Some(k) => Ok(score::kb_below_of(k)),
        None => below_scanned(term, buf),
    }
}

#[inline(never)] // the rare case: keeps `below` small enough to inline
fn below_scanned(term: u16, buf: &mut BelowBuf) -> Result<&[u8], Error> {
    buf.clear();
    for k in 0..KB_TERM_COUNT {
        let k = u8::try_from(k).map_err(|_| Error::Internal)?;
        if kb_at_or_below(k, term) {
            buf.push(k).map_err(|_| Error::Internal)?;
        }
    }
    Ok(buf.as_slice())
}

/// The contribution of one finding (subset term, present or excluded) to disease `d`.
pub(crate) fn score_term(term: u16, excluded: bool, d: usize) -> Result<Contribution, Error> {
    let kb = crate::kb::kb_of(term);
    if let Some(k) = kb {
        return Ok(score_kb_term(k, excluded, d));
    }
    let (mut up, mut down) = (AboveBuf::new(), BelowBuf::new());
    Ok(score::score(
        term,
        score::phenotypic(term),
        above(term, kb, &mut up)?,
        below(term, kb, &mut down)?,
        excluded,
        d,
    ))
}

/// The contribution of knowledge-base term `k`, present or excluded, to disease `d`.
#[inline]
pub(crate) fn score_kb_term(k: u8, excluded: bool, d: usize) -> Contribution {
    #[cfg(feature = "speed-tables")]
    if let Some(c) = score::lookup_one(k, excluded, d) {
        return c;
    }
    score::score_kb(k, excluded, d)
}

/// The value (1000 log10 LR) of [`score_kb_term`].
#[inline]
pub(crate) fn score_kb_value(k: u8, excluded: bool, d: usize) -> i32 {
    score_kb_term(k, excluded, d).log10_lr_milli
}

/// Write the contributions of finding `r` to every disease into `out` (in place: the row
/// is the assessment's own, so a table row is copied once).
fn score_all(
    r: &crate::assessment::Resolved,
    out: &mut [Contribution; DISEASE_COUNT],
) -> Result<(), Error> {
    #[cfg(feature = "speed-tables")]
    if let Some(row) = r.kb.and_then(|k| score::lookup(k, r.excluded)) {
        *out = *row;
        return Ok(());
    }
    score_computed(r, out)
}

#[inline(never)] // the rare case (a term outside the knowledge base): out of the hot loop
fn score_computed(
    r: &crate::assessment::Resolved,
    out: &mut [Contribution; DISEASE_COUNT],
) -> Result<(), Error> {
    let (mut up, mut down) = (AboveBuf::new(), BelowBuf::new());
    let above = above(r.term, r.kb, &mut up)?;
    let below = below(r.term, r.kb, &mut down)?;
    let phenotypic = score::phenotypic(r.term);
    for (d, c) in out.iter_mut().enumerate() {
        *c = score::score(r.term, phenotypic, above, below, r.excluded, d);
    }
    Ok(())
}

/// Whether a rule's finding is present in the findings.
pub(crate) fn rule_fires(when: When, f: &Findings, states: &States) -> bool {
    let h = &f.history;
    match when {
        When::GnasFound => matches!(
            f.gnas.result,
            GnasResult::Pathogenic | GnasResult::LikelyPathogenic
        ),
        When::GnasNegative => f.gnas.result == GnasResult::Negative,
        When::GsAlphaReduced => f.labs.gs_alpha_activity == crate::findings::Lab::Low,
        When::GsAlphaNormal => f.labs.gs_alpha_activity == crate::findings::Lab::Normal,
        When::OriginPaternal => f.gnas.parent_of_origin == ParentOfOrigin::Paternal,
        When::OriginMaternal => f.gnas.parent_of_origin == ParentOfOrigin::Maternal,
        When::FatherAffected => h.father_affected == Some(true),
        When::MotherAffected => h.mother_affected == Some(true),
        When::TraumaOrSurgery => h.trauma_or_surgery_at_site == Some(true),
        When::NoTraumaOrSurgery => h.trauma_or_surgery_at_site == Some(false),
        When::NeurologicalInjury => h.neurological_injury == Some(true),
        When::ImagingPattern => f.imaging.specific_pattern == Some(true),
        When::ProgressiveCourse => {
            matches!(
                states.get(usize::from(KB_PROGRESSIVE)),
                Some(super::resolve::TermState::Present(_))
            )
        }
    }
}

const _: () = assert!(
    (crate::limits::MAX_RESOLVED as i64 + RULES.len() as i64) * i16::MAX as i64 * 3
        < i32::MAX as i64
);

pub(super) fn score(f: &Findings, states: &States, a: &mut Assessment) -> Result<(), Error> {
    let mut totals = [0i32; DISEASE_COUNT];
    let mut phen = [0i32; DISEASE_COUNT];
    for (ri, r) in a.resolved.iter().enumerate() {
        let row = a.contributions.get_mut(ri).ok_or(Error::Internal)?;
        score_all(r, row)?;
        // Contributions are bounded and there are at most MAX_RESOLVED of them: the sum
        // cannot overflow (a contribution is a log-probability, at most -i16::MIN, plus a
        // background, at most u16::MAX; bound checked at compile time below).
        for (p, cell) in phen.iter_mut().zip(row.iter()) {
            *p = p.wrapping_add(cell.log10_lr_milli);
        }
    }
    totals.copy_from_slice(&phen);
    for (i, rule) in RULES.iter().enumerate() {
        let fired = rule_fires(rule.when, f, states);
        if let Some(x) = a.rules_fired.get_mut(i) {
            *x = fired;
        }
        if fired {
            for (t, e) in totals.iter_mut().zip(rule.effects.iter()) {
                *t = t.saturating_add(i32::from(*e));
            }
        }
    }
    // Rank: best total first; ties keep table order (stable insertion sort).
    let mut order = [0u8; DISEASE_COUNT];
    for (i, o) in order.iter_mut().enumerate() {
        *o = u8::try_from(i).map_err(|_| Error::Internal)?;
    }
    let total_of = |d: u8| totals.get(usize::from(d)).copied().unwrap_or(i32::MIN);
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 {
            let (Some(&x), Some(&y)) = (order.get(j - 1), order.get(j)) else {
                break;
            };
            if total_of(y) > total_of(x) {
                order.swap(j - 1, j);
                j -= 1;
            } else {
                break;
            }
        }
    }
    // Posterior with uniform priors: weights 10^(total - max), normalised, in thousandths.
    let max = order.first().map(|&d| total_of(d)).unwrap_or(0);
    let mut weights = [0u64; DISEASE_COUNT];
    let mut sum: u64 = 0;
    for (w, &t) in weights.iter_mut().zip(totals.iter()) {
        let gap = u32::try_from(i64::from(max) - i64::from(t)).unwrap_or(u32::MAX);
        *w = pow10_neg_q32(gap);
        sum = sum.saturating_add(*w);
    }
    for (slot, &d) in a.differential.iter_mut().zip(order.iter()) {
        let di = usize::from(d);
        let w = weights.get(di).copied().unwrap_or(0);
        let post = (w * 1000 + sum / 2).checked_div(sum).unwrap_or(0);
        *slot = Ranked {
            disease: d,
            log10_lr_milli: total_of(d),
            phenotype_log10_lr_milli: phen.get(di).copied().unwrap_or(0),
            posterior_permille: u16::try_from(post).unwrap_or(1000),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_neighbourhoods_match_the_graph_walk() {
        for k in (0..u8::try_from(KB_TERM_COUNT).unwrap()).step_by(crate::EXHAUSTIVE_STRIDE) {
            let term = crate::kb::kb_term(k).unwrap().term;
            let (mut up, mut down) = (AboveBuf::new(), BelowBuf::new());
            assert_eq!(
                above(term, Some(k), &mut up).unwrap(),
                kb_above(term).unwrap().as_slice(),
                "above {k}"
            );
            assert_eq!(
                above(term, None, &mut up).unwrap(),
                kb_above(term).unwrap().as_slice(),
                "walked {k}"
            );
            let walked: Vec<u8> = (0..u8::try_from(KB_TERM_COUNT).unwrap())
                .filter(|&k2| kb_at_or_below(k2, term))
                .collect();
            assert_eq!(
                below(term, Some(k), &mut down).unwrap(),
                walked.as_slice(),
                "below {k}"
            );
            assert_eq!(
                below(term, None, &mut down).unwrap(),
                walked.as_slice(),
                "scan {k}"
            );
        }
    }

    #[test]
    fn computed_background_complements_match_the_exact_value() {
        for t in (0..u16::try_from(g::TERM_COUNT).unwrap()).step_by(crate::EXHAUSTIVE_STRIDE) {
            if g::BG_NOT_TERMS.binary_search(&t).is_ok() {
                continue; // tabulated exactly by the generator
            }
            let bg_milli = f64::from(g::TERM_BG[usize::from(t)]);
            let exact = -1000.0 * (1.0 - 10f64.powf(-bg_milli / 1000.0)).log10();
            let got = f64::from(score::bg_not(t));
            assert!((got - exact).abs() <= 1.0, "term {t}: {got} vs {exact}");
        }
    }

    #[test]
    fn fixed_point_powers() {
        assert_eq!(pow10_neg_q32(0), 1 << 32);
        assert_eq!(pow10_neg_q32(1000), (1u64 << 32) / 10);
        let half = pow10_neg_q32(301); // 10^-0.301 ~ 0.5
        assert!((half as i64 - (1i64 << 31)).abs() < 1 << 22, "{half}");
        assert_eq!(pow10_neg_q32(20_000), 0);
    }
}
