//! What to assess next: the unknown findings whose answer could change a major criterion,
//! then those that best separate the two leading candidates of the differential.

use super::differential::score_kb_value;
use super::resolve::{States, TermState};
use crate::assessment::{Assessment, NextStep, Presence};
use crate::error::Error;
use crate::findings::{Findings, GnasResult};
use crate::kb::generated::GROUP_COUNT;
use crate::kb::generated::{G_PTH_RESISTANCE, KB_PTH_ELEVATED};
use crate::kb::Verdict;
use crate::kb::{StepFinding, When, AHO_LISTS, CRITERIA, GROUPS, RULES, STEPS};

const _: () = assert!(GROUP_COUNT <= 32); // `propose` keeps the groups as bits of a u32

fn group_unknown(a: &Assessment, g: u8) -> bool {
    a.groups
        .get(usize::from(g))
        .is_some_and(|s| s.presence == Presence::Unknown)
}

/// Whether group `g` feeds a criterion that is still unknown.
fn decides(a: &Assessment, g: u8) -> bool {
    let aho = AHO_LISTS
        .get(usize::from(a.aho_list))
        .map(|l| l.groups)
        .unwrap_or(&[]);
    CRITERIA.iter().zip(a.criteria.iter()).any(|(c, r)| {
        r.verdict == Verdict::Unknown && super::has(if c.aho_list { aho } else { c.groups }, g)
    })
}

fn rule_effect(when: When, d: usize) -> i32 {
    RULES
        .iter()
        .filter(|r| r.when == when)
        .map(|r| i32::from(r.effects.get(d).copied().unwrap_or(0)))
        .sum()
}

/// Change of each leading candidate's score for each possible answer.
fn separation(finding: StepFinding, top: [usize; 2]) -> Result<i32, Error> {
    let term_sep = |k: u8| -> Result<i32, Error> {
        let mut best = 0i32;
        for excluded in [false, true] {
            let x = score_kb_value(k, excluded, top[0]);
            let y = score_kb_value(k, excluded, top[1]);
            best = best.max((x - y).abs());
        }
        Ok(best)
    };
    Ok(match finding {
        StepFinding::Term(k) => term_sep(k)?,
        StepFinding::Pth => term_sep(KB_PTH_ELEVATED)?,
        StepFinding::Group(g) => {
            let mut best = 0;
            for &k in GROUPS.get(usize::from(g)).map(|g| g.terms).unwrap_or(&[]) {
                best = best.max(term_sep(k)?);
            }
            best
        }
        StepFinding::Gnas => {
            let mut best = 0;
            for w in [When::GnasFound, When::GnasNegative] {
                best = best.max((rule_effect(w, top[0]) - rule_effect(w, top[1])).abs());
            }
            best
        }
        StepFinding::Trauma => {
            let mut best = 0;
            for w in [When::TraumaOrSurgery, When::NoTraumaOrSurgery] {
                best = best.max((rule_effect(w, top[0]) - rule_effect(w, top[1])).abs());
            }
            best
        }
    })
}

pub(super) fn propose(f: &Findings, states: &States, a: &mut Assessment) -> Result<(), Error> {
    // The two leading modelled disorders ("none of them" has no model to separate).
    let mut modelled = a
        .differential
        .iter()
        .map(|r| usize::from(r.disease))
        .filter(|&d| d != crate::kb::generated::D_OTHER);
    let first = modelled.next().unwrap_or(0);
    let top = [first, modelled.next().unwrap_or(first)];
    a.next_steps.clear();
    // The groups that feed a criterion still unknown, as bits.
    let mut undecided = 0u32;
    for g in 0..GROUPS.len() {
        if u8::try_from(g).is_ok_and(|g| decides(a, g)) {
            undecided |= 1 << g;
        }
    }
    let feeds = |g: u8| undecided & (1 << g) != 0;
    for (i, s) in STEPS.iter().enumerate() {
        let unknown = match s.finding {
            StepFinding::Term(k) => matches!(states.get(usize::from(k)), Some(TermState::Unknown)),
            StepFinding::Group(g) => group_unknown(a, g),
            StepFinding::Pth => group_unknown(a, G_PTH_RESISTANCE),
            StepFinding::Gnas => matches!(f.gnas.result, GnasResult::NotTested | GnasResult::Vus),
            StepFinding::Trauma => f.history.trauma_or_surgery_at_site.is_none(),
        };
        if !unknown {
            continue;
        }
        let crit = match s.finding {
            StepFinding::Term(k) => GROUPS
                .iter()
                .zip(0u8..)
                .any(|(g, gi)| feeds(gi) && super::has(g.terms, k)),
            StepFinding::Group(g) => feeds(g),
            StepFinding::Pth => feeds(G_PTH_RESISTANCE),
            StepFinding::Gnas | StepFinding::Trauma => false,
        };
        let step = NextStep {
            step: u8::try_from(i).map_err(|_| Error::Internal)?,
            decides_criterion: crit,
            separation_milli: separation(s.finding, top)?,
        };
        a.next_steps.push(step).map_err(|_| Error::Internal)?;
    }
    // Most decisive first: criterion-deciding, then separation, then table order.
    super::sort_small(&mut a.next_steps, |x, y| {
        (y.decides_criterion, y.separation_milli, x.step)
            < (x.decides_criterion, x.separation_milli, y.step)
    });
    Ok(())
}
