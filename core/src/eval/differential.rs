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
use crate::assessment::{Assessment, Contribution, Match, Ranked};
use crate::error::Error;
use crate::findings::{Findings, GnasResult, ParentOfOrigin};
use crate::kb::generated::{
    self as g, DISEASE_COUNT, KB_PROGRESSIVE, KB_TERM_COUNT, NOT_LOG10_MILLI, POW10_NEG_HUNDREDTHS,
    POW10_NEG_TENTHS, POW10_NEG_THOUSANDTHS, UNEXPLAINED_LOG10_MILLI,
};
use crate::kb::{model_row, When, ROW_NEUTRAL, ROW_NOT, RULES};

fn bg(term: u16) -> i32 {
    i32::from(g::TERM_BG.get(usize::from(term)).copied().unwrap_or(0))
}

/// -1000 log10(1 - background). Tabulated for common terms; for the rest (background
/// under about 1%) the first-order term background / ln 10, in integers.
fn bg_not(term: u16) -> i32 {
    if let Ok(i) = g::BG_NOT_TERMS.binary_search(&term) {
        return i32::from(g::BG_NOT_VALUES.get(i).copied().unwrap_or(0));
    }
    let milli = u32::from(
        g::TERM_BG
            .get(usize::from(term))
            .copied()
            .unwrap_or(u16::MAX),
    );
    // background in Q32; times 434_294 (1e6 / ln 10) and shifted: background * 1e6 / ln 10;
    // then thousandths, rounded.
    let x = pow10_neg_q32(milli);
    let v = (((x * 434_294) >> 32) + 500) / 1000;
    i32::try_from(v)
        .unwrap_or(0)
        .min(i32::from(g::BG_NOT_TABLE_FROM))
}

fn kb_subset_term(k: u8) -> u16 {
    crate::kb::kb_term(k).map(|t| t.term).unwrap_or(0)
}

/// The knowledge-base terms at or above and at or below a finding's term: computed once
/// per finding, then read for every disease.
pub(crate) struct Near {
    term: u16,
    phenotypic: bool,
    above: heapless::Vec<u8, { g::MAX_KB_ABOVE }>,
    below: Below,
}

enum Below {
    Table(&'static [u8]),
    Scanned(heapless::Vec<u8, KB_TERM_COUNT>),
}

impl Near {
    /// Knowledge-base terms at or above the finding's term.
    pub(crate) fn above(&self) -> &[u8] {
        self.above.as_slice()
    }
    /// Knowledge-base terms at or below the finding's term.
    pub(crate) fn below(&self) -> &[u8] {
        self.below.as_slice()
    }
}

impl Below {
    fn as_slice(&self) -> &[u8] {
        match self {
            Below::Table(s) => s,
            Below::Scanned(v) => v.as_slice(),
        }
    }
}

fn kb_list(starts: &[u16], list: &'static [u8], k: u8) -> &'static [u8] {
    let k = usize::from(k);
    match (starts.get(k), starts.get(k + 1)) {
        (Some(&a), Some(&b)) => list.get(usize::from(a)..usize::from(b)).unwrap_or(&[]),
        _ => &[],
    }
}

/// The neighbourhood of a subset term. A knowledge-base term reads it from the tables;
/// any other term walks the graph.
pub(crate) fn near(term: u16) -> Result<Near, Error> {
    let phenotypic = g::TERM_PHENOTYPIC_BITS
        .get(usize::from(term) / 32)
        .is_some_and(|w| (w >> (term % 32)) & 1 == 1);
    if let Some(k) = crate::kb::kb_of(term) {
        let mut above = heapless::Vec::new();
        for &a in kb_list(&g::KB_ABOVE_START, &g::KB_ABOVE, k) {
            above.push(a).map_err(|_| Error::Internal)?;
        }
        let below = Below::Table(kb_list(&g::KB_BELOW_START, &g::KB_BELOW, k));
        return Ok(Near {
            term,
            phenotypic,
            above,
            below,
        });
    }
    let mut below = heapless::Vec::new();
    for k in 0..KB_TERM_COUNT {
        let k = u8::try_from(k).map_err(|_| Error::Internal)?;
        if kb_at_or_below(k, term) {
            below.push(k).map_err(|_| Error::Internal)?;
        }
    }
    Ok(Near {
        term,
        phenotypic,
        above: kb_above(term)?,
        below: Below::Scanned(below),
    })
}

/// The contribution of one finding (subset term, present or excluded) to disease `d`.
pub(crate) fn score_term(term: u16, excluded: bool, d: usize) -> Result<Contribution, Error> {
    score_near(&near(term)?, excluded, d)
}

/// The contribution of a finding with neighbourhood `n` to disease `d`.
pub(crate) fn score_near(n: &Near, excluded: bool, d: usize) -> Result<Contribution, Error> {
    if !n.phenotypic {
        return Ok(Contribution::default());
    }
    let term = n.term;
    if excluded {
        let mut best: Option<(i32, u8)> = None;
        for &k in n.below.as_slice() {
            let Some(row) = model_row(k, d) else { continue };
            if row.flags & (ROW_NOT | ROW_NEUTRAL) != 0 {
                continue;
            }
            let v = i32::from(row.log_not_p) + bg_not(term);
            if best.is_none_or(|(b, _)| v < b) {
                best = Some((v, k));
            }
        }
        return Ok(match best {
            Some((v, k)) => Contribution {
                how: Match::ExcludedRow(k),
                log10_lr_milli: v,
            },
            None => Contribution::default(),
        });
    }
    let mut best: Option<Contribution> = None;
    for &k in n.above.iter() {
        let Some(row) = model_row(k, d) else { continue };
        if row.flags & ROW_NOT != 0 {
            return Ok(Contribution {
                how: Match::Negated(k),
                log10_lr_milli: NOT_LOG10_MILLI,
            });
        }
        // The most specific annotation decides: a row whose term has a more specific
        // matching row below it in the same model is superseded by that row.
        let superseded = n.above.iter().any(|&k2| {
            k2 != k && model_row(k2, d).is_some() && kb_at_or_below(k2, kb_subset_term(k))
        });
        if superseded {
            continue;
        }
        let c = if row.flags & ROW_NEUTRAL != 0 {
            Contribution {
                how: Match::Neutral(k),
                log10_lr_milli: 0,
            }
        } else {
            Contribution {
                how: Match::Row(k),
                log10_lr_milli: i32::from(row.log_p) + bg(kb_subset_term(k)),
            }
        };
        if best.is_none_or(|b| c.log10_lr_milli > b.log10_lr_milli) {
            best = Some(c);
        }
    }
    if let Some(c) = best {
        return Ok(c);
    }
    // The finding is more general than some rows: credit the best, against its own background.
    for &k in n.below.as_slice() {
        let Some(row) = model_row(k, d) else { continue };
        if row.flags & ROW_NOT != 0 || kb_subset_term(k) == term {
            continue;
        }
        let c = if row.flags & ROW_NEUTRAL != 0 {
            Contribution {
                how: Match::Neutral(k),
                log10_lr_milli: 0,
            }
        } else {
            Contribution {
                how: Match::General(k),
                log10_lr_milli: i32::from(row.log_p) + bg(term),
            }
        };
        if best.is_none_or(|b| c.log10_lr_milli > b.log10_lr_milli) {
            best = Some(c);
        }
    }
    Ok(best.unwrap_or(Contribution {
        how: Match::Unexplained,
        log10_lr_milli: UNEXPLAINED_LOG10_MILLI,
    }))
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

/// 2^32 * 10^(-milli/1000), integer-only; 0 below 10^-12.
fn pow10_neg_q32(milli: u32) -> u64 {
    if milli >= 12_000 {
        return 0;
    }
    let mut v: u64 = 1 << 32;
    for _ in 0..milli / 1000 {
        v /= 10;
    }
    let f = milli % 1000;
    let tables = [
        (&POW10_NEG_TENTHS, f / 100),
        (&POW10_NEG_HUNDREDTHS, (f / 10) % 10),
        (&POW10_NEG_THOUSANDTHS, f % 10),
    ];
    for (t, j) in tables {
        let m = t.get(j as usize).copied().unwrap_or(0);
        v = ((u128::from(v) * u128::from(m)) >> 32) as u64;
    }
    v
}

pub(super) fn score(f: &Findings, states: &States, a: &mut Assessment) -> Result<(), Error> {
    let mut totals = [0i32; DISEASE_COUNT];
    let mut phen = [0i32; DISEASE_COUNT];
    for (ri, r) in a.resolved.iter().enumerate() {
        let row = a.contributions.get_mut(ri).ok_or(Error::Internal)?;
        let n = near(r.term)?;
        for (d, cell) in row.iter_mut().enumerate() {
            *cell = score_near(&n, r.excluded, d)?;
            if let Some(p) = phen.get_mut(d) {
                *p = p.saturating_add(cell.log10_lr_milli);
            }
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
        for k in 0..u8::try_from(KB_TERM_COUNT).unwrap() {
            let term = kb_subset_term(k);
            let table = near(term).unwrap();
            assert_eq!(
                table.above(),
                kb_above(term).unwrap().as_slice(),
                "above {k}"
            );
            let walked: Vec<u8> = (0..u8::try_from(KB_TERM_COUNT).unwrap())
                .filter(|&k2| kb_at_or_below(k2, term))
                .collect();
            assert_eq!(table.below(), walked.as_slice(), "below {k}");
        }
    }

    #[test]
    fn computed_background_complements_match_the_exact_value() {
        for t in 0..u16::try_from(g::TERM_COUNT).unwrap() {
            if g::BG_NOT_TERMS.binary_search(&t).is_ok() {
                continue; // tabulated exactly by the generator
            }
            let bg_milli = f64::from(g::TERM_BG[usize::from(t)]);
            let exact = -1000.0 * (1.0 - 10f64.powf(-bg_milli / 1000.0)).log10();
            let got = f64::from(bg_not(t));
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
