//! Term groups, the three major criteria and the six supporting findings, read from the
//! tables in `kb` (core/data/criteria.toml). docs/RULES.md states the rules in prose.

use super::resolve::{States, TermState};
use crate::assessment::{Assessment, Decider, GroupState, Overall, Presence, SupportingResult};
use crate::findings::{Findings, GnasResult, ParentOfOrigin};
use crate::kb::generated::{
    G_ANY_OSSIFICATION, G_DEEP_OSSIFICATION, G_SUPERFICIAL_OSSIFICATION, KB_TERM_COUNT,
};
use crate::kb::{Logic, SupportSource, Verdict, AHO_LISTS, CRITERIA, GROUPS, SUPPORTING};

/// The state of every term group. `#[inline(always)]`: with two instantiations of the
/// evaluator in one artifact (the C library's), LLVM kept this out of line, and the core ran
/// slower there than in a Rust binary; forced, every artifact gets the same code (figures
/// in docs/DESIGN.md).
#[inline(always)]
pub(super) fn evaluate_groups(states: &States, a: &mut Assessment) {
    for (g, out) in GROUPS.iter().zip(a.groups.iter_mut()) {
        let mut present = None;
        let mut excluded = 0usize;
        let mut first_excluded = None;
        for &k in g.terms {
            match states.get(usize::from(k)).copied().unwrap_or_default() {
                TermState::Present(r) => {
                    present = present.or(Some(r));
                }
                TermState::Excluded(r) => {
                    excluded += 1;
                    first_excluded = first_excluded.or(Some(r));
                }
                TermState::Unknown => {}
            }
        }
        *out = match (present, first_excluded) {
            (Some(r), _) => GroupState {
                presence: Presence::Present,
                by: Decider::Finding(r),
            },
            (None, Some(r)) if !g.absent_when_all || excluded == g.terms.len() => GroupState {
                presence: Presence::Absent,
                by: Decider::Finding(r),
            },
            _ => GroupState::default(),
        };
    }
}

fn group(a: &Assessment, g: u8) -> Presence {
    a.groups
        .get(usize::from(g))
        .map(|s| s.presence)
        .unwrap_or_default()
}

pub(super) fn evaluate_criteria(f: &Findings, a: &mut Assessment) {
    let aho = AHO_LISTS
        .get(usize::from(a.aho_list))
        .map(|l| l.groups)
        .unwrap_or(&[]);
    let mut verdicts = [Verdict::Unknown; crate::kb::generated::CRITERIA_COUNT];
    for (i, c) in CRITERIA.iter().enumerate() {
        let groups = if c.aho_list { aho } else { c.groups };
        let (mut p, mut ab, mut u) = (0u8, 0u8, 0u8);
        for &g in groups {
            match group(a, g) {
                Presence::Present => p += 1,
                Presence::Absent => ab += 1,
                Presence::Unknown => u += 1,
            }
        }
        let verdict = match c.logic {
            Logic::AllPresent if ab > 0 => Verdict::NotMet,
            Logic::AllPresent if u == 0 => Verdict::Met,
            Logic::AtMost(n) if p > n => Verdict::NotMet,
            Logic::AtMost(n) if p.saturating_add(u) <= n => Verdict::Met,
            Logic::NonePresent if p > 0 => Verdict::NotMet,
            Logic::NonePresent if u == 0 => Verdict::Met,
            _ => Verdict::Unknown,
        };
        let provisional = c.provisional.as_ref().is_some_and(|pr| {
            let only = pr.only_if_absent.is_none_or(|only| {
                groups
                    .iter()
                    .all(|&g| (group(a, g) == Presence::Absent) == (g == only))
            });
            pr.verdict == verdict && only && f.age_months.is_none_or(|m| m < pr.below_months)
        });
        if let Some(out) = a.criteria.get_mut(i) {
            out.verdict = verdict;
            out.provisional = provisional;
            out.present = p;
            out.absent = ab;
            out.unknown = u;
        }
        if let Some(v) = verdicts.get_mut(i) {
            *v = verdict;
        }
    }
    let any_not = verdicts.contains(&Verdict::NotMet);
    let all_met = verdicts.iter().all(|v| *v == Verdict::Met);
    a.verdict = if any_not {
        Overall::NotMet
    } else if all_met {
        Overall::Met
    } else {
        Overall::Indeterminate
    };
    // Provisional when a criterion the verdict rests on may still change: for `not_met`,
    // only if every unmet criterion is provisional.
    a.provisional = match a.verdict {
        Overall::NotMet => a
            .criteria
            .iter()
            .filter(|c| c.verdict == Verdict::NotMet)
            .all(|c| c.provisional),
        Overall::Met | Overall::Indeterminate => a.criteria.iter().any(|c| c.provisional),
    };
}

/// The knowledge-base terms of the ossification groups, as a bit set built by the compiler.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler only
const OSSIFICATION_TERMS: [u32; KB_TERM_COUNT.div_ceil(32)] = {
    let mut set = [0u32; KB_TERM_COUNT.div_ceil(32)];
    let groups = [
        G_ANY_OSSIFICATION,
        G_SUPERFICIAL_OSSIFICATION,
        G_DEEP_OSSIFICATION,
    ];
    let mut g = 0;
    while g < groups.len() {
        let terms = GROUPS[groups[g] as usize].terms;
        let mut i = 0;
        while i < terms.len() {
            set[terms[i] as usize / 32] |= 1 << (terms[i] % 32);
            i += 1;
        }
        g += 1;
    }
    set
};

/// Whether resolved finding `r` is an ossification finding that is not excluded: its term
/// is at or under a member of an ossification group.
fn is_ossification(states: &States, a: &Assessment, r: u8) -> bool {
    let Some(res) = a.resolved.get(usize::from(r)) else {
        return false;
    };
    let mut buf = super::differential::AboveBuf::new();
    let Ok(above) = super::differential::above(res.term, res.kb, &mut buf) else {
        return false;
    };
    above.iter().any(|&k| {
        super::bit(&OSSIFICATION_TERMS, usize::from(k))
            && !matches!(states.get(usize::from(k)), Some(TermState::Excluded(_)))
    })
}

pub(super) fn evaluate_supporting(f: &Findings, states: &States, a: &mut Assessment) {
    for (i, s) in SUPPORTING.iter().enumerate() {
        let res = match s.source {
            SupportSource::GnasVariant => match f.gnas.result {
                GnasResult::Pathogenic | GnasResult::LikelyPathogenic => SupportingResult {
                    presence: Presence::Present,
                    by: Decider::GnasResult,
                },
                GnasResult::Negative => SupportingResult {
                    presence: Presence::Absent,
                    by: Decider::GnasResult,
                },
                GnasResult::Vus | GnasResult::NotTested => SupportingResult::default(),
            },
            SupportSource::PaternalInheritance => {
                if f.gnas.parent_of_origin == ParentOfOrigin::Paternal {
                    SupportingResult {
                        presence: Presence::Present,
                        by: Decider::ParentOfOrigin,
                    }
                } else if f.history.father_affected == Some(true) {
                    SupportingResult {
                        presence: Presence::Present,
                        by: Decider::FatherAffected,
                    }
                } else if f.gnas.parent_of_origin == ParentOfOrigin::Maternal {
                    SupportingResult {
                        presence: Presence::Absent,
                        by: Decider::ParentOfOrigin,
                    }
                } else {
                    SupportingResult::default()
                }
            }
            SupportSource::ImagingPattern => match f.imaging.specific_pattern {
                Some(true) => SupportingResult {
                    presence: Presence::Present,
                    by: Decider::Imaging,
                },
                Some(false) => SupportingResult {
                    presence: Presence::Absent,
                    by: Decider::Imaging,
                },
                None => SupportingResult::default(),
            },
            SupportSource::Group { group, against } => {
                let gs = a
                    .groups
                    .get(usize::from(group))
                    .copied()
                    .unwrap_or_default();
                let ag = against.and_then(|x| a.groups.get(usize::from(x)).copied());
                match (gs.presence, ag) {
                    (Presence::Present, _) => SupportingResult {
                        presence: Presence::Present,
                        by: gs.by,
                    },
                    (_, Some(x)) if x.presence == Presence::Present => SupportingResult {
                        presence: Presence::Absent,
                        by: x.by,
                    },
                    (Presence::Absent, _) => SupportingResult {
                        presence: Presence::Absent,
                        by: gs.by,
                    },
                    _ => SupportingResult::default(),
                }
            }
            SupportSource::Onset {
                group,
                below_months,
            } => {
                let gs = a
                    .groups
                    .get(usize::from(group))
                    .copied()
                    .unwrap_or_default();
                let mut early = None;
                let mut late = None;
                for (ri, r) in a.resolved.iter().enumerate() {
                    let Ok(ri) = u8::try_from(ri) else { continue };
                    if r.excluded || !is_ossification(states, a, ri) {
                        continue;
                    }
                    if r.early_onset_modifier || r.onset_months.is_some_and(|m| m < below_months) {
                        early = early.or(Some(ri));
                    } else if r.onset_months.is_some() {
                        late = late.or(Some(ri));
                    }
                }
                match (early, gs.presence, late) {
                    (Some(r), _, _) => SupportingResult {
                        presence: Presence::Present,
                        by: Decider::Finding(r),
                    },
                    (None, Presence::Present, _) => SupportingResult {
                        presence: Presence::Present,
                        by: gs.by,
                    },
                    (None, _, Some(r)) => SupportingResult {
                        presence: Presence::Absent,
                        by: Decider::Finding(r),
                    },
                    _ => SupportingResult::default(),
                }
            }
        };
        if let Some(out) = a.supporting.get_mut(i) {
            *out = res;
        }
    }
}
