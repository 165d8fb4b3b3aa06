//! Shared inputs of the benchmarks: the typical, worst-case and minimal findings.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use poh_core::findings::{GnasResult, Lab, ParentOfOrigin};
use poh_core::{Findings, HpoId, Phenotype};

/// A typical 12-term case (a toddler with POH: the README's schema example, extended).
pub const TYPICAL_JSON: &str = r#"{"age_months": 30, "sex": "female",
 "phenotypes": [{"id": "HP:0025027", "onset_months": 3, "modifiers": ["HP:0003676"]},
   {"id": "HP:0011987"}, {"id": "HP:0001156", "excluded": true}, {"id": "HP:0000311", "excluded": true},
   {"id": "HP:0004322", "excluded": true}, {"id": "HP:0001513", "excluded": true}, {"id": "HP:0001249", "excluded": true},
   {"id": "HP:0001482"}, {"id": "HP:0001376"}, {"id": "HP:0002653"}, {"id": "HP:0001844", "excluded": true},
   {"id": "HP:0001511"}],
 "labs": {"pth": "normal", "calcium": "normal", "phosphate": "normal", "tsh": "normal"},
 "gnas": {"result": "pathogenic", "parent_of_origin": "paternal"},
 "history": {"trauma_or_surgery_at_site": false}}"#;

/// The smallest meaningful case: one term.
pub const MINIMAL_JSON: &str = r#"{"phenotypes": [{"id": "HP:0025027"}]}"#;

/// The typical case as findings.
pub fn typical() -> Findings {
    poh_core::json::findings_from_json(TYPICAL_JSON.as_bytes()).expect("typical case parses")
}

/// The minimal case as findings.
pub fn minimal() -> Findings {
    poh_core::json::findings_from_json(MINIMAL_JSON.as_bytes()).expect("minimal case parses")
}

/// Every capacity full: 32 distinct phenotypes (knowledge-base terms, half excluded where
/// that cannot contradict), 4 modifiers each, every lab, GNAS and history field set.
pub fn worst() -> Findings {
    let mut f = Findings::new();
    f.age_months = Some(120);
    f.labs.pth = Lab::High;
    f.labs.calcium = Lab::Low;
    f.labs.phosphate = Lab::High;
    f.labs.tsh = Lab::High;
    f.gnas.result = GnasResult::Pathogenic;
    f.gnas.parent_of_origin = ParentOfOrigin::Maternal;
    f.history.trauma_or_surgery_at_site = Some(true);
    f.history.neurological_injury = Some(true);
    f.history.father_affected = Some(true);
    f.history.mother_affected = Some(true);
    f.imaging.specific_pattern = Some(true);
    let ids = [
        25027, 11987, 34282, 6000071, 11988, 11989, 1156, 10044, 311, 4322, 1513, 1249, 1482, 1376,
        2653, 10766, 1034, 2758, 200034, 31013, 1511, 1533, 852, 3456, 1844, 10109, 2949, 30431,
        200042, 9826, 12733, 135,
    ];
    for id in ids {
        let mut p = Phenotype::present(HpoId(id));
        for m in [3676, 3593, 12825, 3676] {
            p = p.with_modifier(HpoId(m)).expect("4 modifiers fit");
        }
        f.add(p).expect("32 phenotypes fit");
    }
    f
}
