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
use crate::assessment::{Assessment, Contribution, Match, Ranked};
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
    let ossification = super::ossification_present(a);
    let pth_percent = pth_weight_percent(f);
    for (ri, r) in a.resolved.iter().enumerate() {
        let row = a.contributions.get_mut(ri).ok_or(Error::Internal)?;
        score_all(r, row)?;
        open_world_evidence(r, row, ossification, pth_percent);
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
    // Pretest-weighted scores, 1000 log10 (pi_d LR_d): the open world (docs/RULES.md).
    let (prior_modelled, prior_other) = priors(f.options.pretest_per_million)?;
    let weighted = |d: u8| {
        let t = totals.get(usize::from(d)).copied().unwrap_or(i32::MIN);
        let prior = if usize::from(d) == g::D_OTHER {
            prior_other
        } else {
            prior_modelled
        };
        t.saturating_add(prior)
    };
    // Rank: best weighted score first; equal scores keep table order in the array (stable
    // insertion sort) and share a rank number.
    let mut order = [0u8; DISEASE_COUNT];
    for (i, o) in order.iter_mut().enumerate() {
        *o = u8::try_from(i).map_err(|_| Error::Internal)?;
    }
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 {
            let (Some(&x), Some(&y)) = (order.get(j - 1), order.get(j)) else {
                break;
            };
            if weighted(y) > weighted(x) {
                order.swap(j - 1, j);
                j -= 1;
            } else {
                break;
            }
        }
    }
    // Posterior: weights 10^(s - max), normalised, in thousandths.
    let max = order.first().map(|&d| weighted(d)).unwrap_or(0);
    // Weights in Q16 (at most 1 each, so the sum of nine and a weight times 1000 stay in
    // 32 bits: no 64-bit division on a Cortex-M0).
    let mut weights = [0u32; DISEASE_COUNT];
    let mut sum: u32 = 0;
    for (d, w) in weights.iter_mut().enumerate() {
        let s = weighted(u8::try_from(d).map_err(|_| Error::Internal)?);
        let gap = u32::try_from(i64::from(max) - i64::from(s)).unwrap_or(u32::MAX);
        *w = u32::try_from(pow10_neg_q32(gap) >> 16).unwrap_or(1 << 16);
        sum = sum.saturating_add(*w);
    }
    let mut rank = 0u8;
    let mut last = None;
    for (i, (slot, &d)) in a.differential.iter_mut().zip(order.iter()).enumerate() {
        let di = usize::from(d);
        let w = weights.get(di).copied().unwrap_or(0);
        let post = (w * 1000 + sum / 2).checked_div(sum).unwrap_or(0);
        let s = weighted(d);
        if last != Some(s) {
            rank = u8::try_from(i + 1).map_err(|_| Error::Internal)?;
            last = Some(s);
        }
        *slot = Ranked {
            disease: d,
            log10_lr_milli: totals.get(di).copied().unwrap_or(0),
            phenotype_log10_lr_milli: phen.get(di).copied().unwrap_or(0),
            posterior_permille: u16::try_from(post).unwrap_or(1000),
            rank,
        };
    }
    Ok(())
}

/// The share (percent) of a normal PTH's full weight against `PTH_AGE_DISEASES`: none under
/// active vitamin D treatment, else by age (diseases.toml [open_world]).
fn pth_weight_percent(f: &Findings) -> i32 {
    if f.treatment.active_vitamin_d == Some(true) {
        return i32::from(g::PTH_TREATED_PERCENT);
    }
    let Some(age) = f.age_months else {
        return i32::from(g::PTH_AGE_UNKNOWN_PERCENT);
    };
    let mut pct = 100;
    for &(from, p) in g::PTH_AGE_PERCENT.iter() {
        if age >= from {
            pct = i32::from(p);
        }
    }
    pct
}

/// The open-world adjustments of one finding's contributions (docs/RULES.md, "Evidence
/// outside the eight"): skin and nodule rows are neutral for POH and osteoma cutis without
/// an ossification finding, and a normal PTH weighs by age and treatment.
fn open_world_evidence(
    r: &crate::assessment::Resolved,
    row: &mut [Contribution; DISEASE_COUNT],
    ossification: bool,
    pth_percent: i32,
) {
    let normal_pth = r.excluded && r.kb == Some(crate::kb::generated::KB_PTH_ELEVATED);
    if ossification && !normal_pth {
        return;
    }
    for (d, c) in row.iter_mut().enumerate() {
        let bit = 1u16
            .checked_shl(u32::try_from(d).unwrap_or(u32::MAX))
            .unwrap_or(0);
        if !ossification && g::OSSIFICATION_GATED_DISEASES & bit != 0 && c.log10_lr_milli > 0 {
            if let Match::Row(k) | Match::General(k) = c.how {
                if score::kb_bit(&g::OSSIFICATION_GATED_KB, k) {
                    *c = Contribution {
                        how: Match::Neutral(k),
                        log10_lr_milli: 0,
                    };
                }
            }
        }
        if normal_pth
            && g::PTH_AGE_DISEASES & bit != 0
            && matches!(c.how, Match::ExcludedRow(_))
            && c.log10_lr_milli < 0
        {
            c.log10_lr_milli = c.log10_lr_milli.saturating_mul(pth_percent) / 100;
        }
    }
}

/// The pretests as 1000 log10: (each modelled disorder, "none of them"). By default each
/// modelled disorder has 1 / (HPOA disease count) (diseases.toml `[scoring] prior`); a
/// clinic's pretest `p` per million for the modelled set gives each p / MODELLED_COUNT and
/// "none of them" 1 - p.
pub(crate) fn priors(pretest_per_million: Option<u32>) -> Result<(i32, i32), Error> {
    let Some(p) = pretest_per_million else {
        return Ok((g::PRIOR_MODELLED_LOG10_MILLI, g::PRIOR_OTHER_LOG10_MILLI));
    };
    if !(1..=999_999).contains(&p) {
        return Err(Error::OutOfRange);
    }
    let n = u32::try_from(g::MODELLED_COUNT).map_err(|_| Error::Internal)?;
    let million = 6_000_000i64; // log10(10^6), micro
    let each = log10_micro(p) - million - log10_micro(n);
    let other = log10_micro(1_000_000 - p) - million;
    Ok((micro_to_milli(each), micro_to_milli(other)))
}

/// Round 10^-6 to 10^-3 (half away from zero). In 32 bits: the values are at most a few
/// million, and a 64-bit division would link the soft 64-bit divider into a Cortex-M0
/// image.
fn micro_to_milli(v: i64) -> i32 {
    let v = i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX });
    if v < 0 {
        v.saturating_sub(500) / 1000
    } else {
        v.saturating_add(500) / 1000
    }
}

/// 10^6 log10(x) for x >= 1, in integers (so every target gets the same bits): the binary
/// logarithm bit by bit by repeated squaring of the mantissa (20 fractional bits), times
/// log10(2). Written out because the core has no floating point on a Cortex-M0 and needs
/// this one logarithm only for a user's pretest; within 2 millionths of the exact value
/// (tested). x = 0 gives 0.
pub(crate) fn log10_micro(x: u32) -> i64 {
    if x == 0 {
        return 0;
    }
    let n = 31 - x.leading_zeros(); // floor(log2 x)
                                    // Mantissa x / 2^n in [1, 2), Q31.
    let mut m: u64 = (u64::from(x) << 31) >> n;
    let mut frac: i64 = 0;
    for bit in (0..20).rev() {
        m = (m * m) >> 31;
        if m >= 1 << 32 {
            m >>= 1;
            frac |= 1 << bit;
        }
    }
    let log2_q20 = (i64::from(n) << 20) | frac;
    // log10(2) in Q30 (0.30102999566 * 2^30); products stay below 2^54.
    const LOG10_2_Q30: i64 = 323_228_497;
    let log10_q30 = (log2_q20 * LOG10_2_Q30) >> 20;
    (log10_q30 * 1_000_000 + (1 << 29)) >> 30
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
    fn integer_logarithm_is_within_two_millionths() {
        for x in (1u32..2_000_000)
            .step_by(997)
            .chain([1, 2, 8, 10, 999_999, 1_000_000, u32::MAX])
        {
            let exact = 1e6 * f64::from(x).log10();
            let got = log10_micro(x) as f64;
            assert!((got - exact).abs() <= 2.0, "{x}: {got} vs {exact}");
        }
        // The default pretest equals what a clinic's 8/12,687 would give.
        let (m, o) = priors(None).unwrap();
        assert_eq!((m, o), (-4103, 0));
        let (m2, o2) = priors(Some(631)).unwrap();
        assert_eq!((m2, o2), (-4103, 0));
        assert_eq!(priors(Some(0)), Err(Error::OutOfRange));
        assert_eq!(priors(Some(1_000_000)), Err(Error::OutOfRange));
        assert_eq!(priors(Some(500_000)).unwrap(), (-1204, -301));
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
