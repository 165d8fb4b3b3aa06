//! Three-valued soundness of the criteria, over any findings the fuzzer finds: resolving
//! a finding group that the assessment reports as unknown (adding one of its terms as
//! present, or as excluded) never changes a criterion that was already met or not met,
//! nor the overall POH verdict when it was decided. (core/tests/properties.rs checks that
//! an unrecognised term changes nothing; this checks the unknowns the rules do read.)
//!
//! Input: a findings JSON document (seeded from corpus/findings_json). Inputs the core
//! rejects, and additions it rejects (capacity, a contradiction), are not checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_core::kb::{kb_term, Verdict, GROUPS};
use poh_core::{evaluate, Assessment, Findings, HpoId, Overall, Phenotype, Presence};

fuzz_target!(|input: &[u8]| {
    let Ok(f) = poh_core::json::findings_from_json(input) else {
        return;
    };
    let mut a = Assessment::default();
    if evaluate(&f, &mut a).is_err() {
        return;
    }
    for (gi, g) in GROUPS.iter().enumerate() {
        if a.groups[gi].presence != Presence::Unknown || g.terms.is_empty() {
            continue;
        }
        // One term of the group, chosen by the input so that runs vary it.
        let kb = g.terms[input.len() % g.terms.len()];
        let Some(t) = kb_term(kb) else {
            panic!("group {} names kb term {kb} that does not exist", g.key)
        };
        for excluded in [false, true] {
            let mut g2: Findings = f.clone();
            let p = if excluded {
                Phenotype::excluded(HpoId(t.id))
            } else {
                Phenotype::present(HpoId(t.id))
            };
            if g2.add(p).is_err() {
                continue;
            }
            let mut b = Assessment::default();
            if evaluate(&g2, &mut b).is_err() {
                continue;
            }
            for (ci, (before, after)) in a.criteria.iter().zip(b.criteria.iter()).enumerate() {
                if before.verdict != Verdict::Unknown {
                    assert_eq!(
                        before.verdict, after.verdict,
                        "criterion {ci} changed from {:?} to {:?} when unknown group {} was resolved \
                         (HP:{:07} {}) for input {:?}",
                        before.verdict, after.verdict, g.key, t.id,
                        if excluded { "excluded" } else { "present" }, common::show(input)
                    );
                }
            }
            if a.verdict != Overall::Indeterminate {
                assert_eq!(
                    a.verdict,
                    b.verdict,
                    "overall verdict changed when group {} was resolved: {:?}",
                    g.key,
                    common::show(input)
                );
            }
        }
    }
});
