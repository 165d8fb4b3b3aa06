//! Property tests of the evaluator: no panic on any input, determinism, invariance to the
//! order of findings, monotonicity of evidence against POH, three-valued soundness, and
//! every citation an assessment points to exists.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use poh_core::assessment::Assessment;
use poh_core::findings::{GnasResult, Lab, ParentOfOrigin};
use poh_core::kb::{self, Verdict};
use poh_core::{evaluate, Error, Findings, HpoId, Overall, Phenotype};
use proptest::prelude::*;

/// Terms that matter to the tables, some descendants, and ids the subset lacks.
fn pool() -> Vec<u32> {
    let mut v: Vec<u32> = kb::KB_TERMS.iter().map(|t| t.id).collect();
    v.extend([10044, 10047, 1822, 10109, 4467, 1, 118, 3011, 12825, 25027]);
    v
}

fn findings_strategy() -> impl Strategy<Value = Findings> {
    let pool = pool();
    let n = pool.len();
    let entry = (0..n, any::<bool>(), proptest::option::of(0u16..300));
    (
        proptest::collection::vec(entry, 0..14),
        proptest::option::of(0u16..900),
        prop::array::uniform4(0u8..4),
        0u8..5,
        0u8..4,
        prop::array::uniform4(0u8..3),
        0u8..2,
    )
        .prop_map(move |(entries, age, labs, gnas, origin, hist, aho)| {
            let mut f = Findings::new();
            f.age_months = age;
            let lab = |x: u8| [Lab::Unknown, Lab::Low, Lab::Normal, Lab::High][usize::from(x)];
            f.labs.pth = lab(labs[0]);
            f.labs.calcium = lab(labs[1]);
            f.labs.phosphate = lab(labs[2]);
            f.labs.tsh = lab(labs[3]);
            f.gnas.result = [
                GnasResult::NotTested,
                GnasResult::Pathogenic,
                GnasResult::LikelyPathogenic,
                GnasResult::Vus,
                GnasResult::Negative,
            ][usize::from(gnas)];
            f.gnas.parent_of_origin = [
                ParentOfOrigin::Unknown,
                ParentOfOrigin::Paternal,
                ParentOfOrigin::Maternal,
                ParentOfOrigin::DeNovo,
            ][usize::from(origin)];
            let tri = |x: u8| [None, Some(false), Some(true)][usize::from(x)];
            f.history.trauma_or_surgery_at_site = tri(hist[0]);
            f.history.neurological_injury = tri(hist[1]);
            f.history.father_affected = tri(hist[2]);
            f.imaging.specific_pattern = tri(hist[3]);
            f.options.aho_list = aho;
            for (i, excluded, onset) in entries {
                let id = HpoId(pool[i]);
                let mut p = if excluded {
                    Phenotype::excluded(id)
                } else {
                    Phenotype::present(id)
                };
                p.onset_months = onset;
                let _ = f.add(p);
            }
            f
        })
}

fn run(f: &Findings) -> Result<Assessment, Error> {
    let mut a = Assessment::default();
    evaluate(f, &mut a).map(|()| a)
}

fn json(a: &Assessment) -> String {
    let mut out = vec![0u8; 1 << 20];
    let n = poh_core::json::write_assessment(a, &mut out).expect("fits");
    String::from_utf8(out[..n].to_vec()).expect("utf8")
}

fn rank(v: Overall) -> u8 {
    match v {
        Overall::NotMet => 0,
        Overall::Indeterminate => 1,
        Overall::Met => 2,
    }
}

fn poh_score(a: &Assessment) -> i32 {
    a.poh().map(|r| r.log10_lr_milli).unwrap_or(i32::MIN)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_a_result_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut out = vec![0u8; 1 << 16];
        match poh_core::json::evaluate_json(&bytes, &mut out) {
            Ok(n) => prop_assert!(n <= out.len()),
            Err(e) => prop_assert!(e.code() > 0),
        }
        let _ = poh_core::phenopacket::evaluate_phenopacket_json(&bytes, &mut out);
    }

    #[test]
    fn json_like_text_never_panics(s in r#"[{}\[\]":,0-9a-z_ HP\-.]{0,200}"#) {
        let mut out = vec![0u8; 1 << 16];
        let _ = poh_core::json::evaluate_json(s.as_bytes(), &mut out);
        let _ = poh_core::phenopacket::evaluate_phenopacket_json(s.as_bytes(), &mut out);
        let _ = poh_core::counseling::counsel_json(s.as_bytes(), &mut out);
    }

    #[test]
    fn deterministic_and_cited(f in findings_strategy()) {
        let (a, b) = (run(&f), run(&f));
        prop_assert_eq!(&a, &b);
        if let Ok(a) = a {
            let text = json(&a);
            prop_assert_eq!(&text, &json(&b.unwrap()));
            for id in cites_in(&text) {
                prop_assert!(kb::citation_by_id(&id).is_some(), "unknown citation {}", id);
            }
        }
    }

    #[test]
    fn entries_read_in_place_evaluate_as_if_added(f in findings_strategy(), split in 0usize..15) {
        // `evaluate_with` of the first entries as findings and the rest read in place is
        // `evaluate` of them all, errors included.
        // Entries are numbered by their input position: the base is built by adding its
        // entries, the rest follow it.
        let split = split.min(f.phenotypes.len());
        let mut base = f.clone();
        base.phenotypes.clear();
        base.positions.clear();
        base.entries = 0;
        base.unrecognized.clear();
        for p in &f.phenotypes[..split] {
            base.add(p.clone()).unwrap();
        }
        let rest: Vec<Phenotype> = f.phenotypes[split..].to_vec();
        let mut all = base.clone();
        let mut added = Ok(());
        for p in &rest {
            added = added.and_then(|()| all.add(p.clone()));
        }
        let mut a = Assessment::default();
        let with = poh_core::evaluate_with(&base, rest.as_slice(), &mut a).map(|()| a);
        prop_assert_eq!(with, added.and_then(|()| run(&all)));
    }

    #[test]
    fn order_of_findings_does_not_matter(f in findings_strategy(), seed in any::<u64>()) {
        let mut g = f.clone();
        let len = g.phenotypes.len();
        if len > 1 {
            // a deterministic shuffle
            let mut s = seed;
            for i in (1..len).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let j = (s >> 33) as usize % (i + 1);
                g.phenotypes.swap(i, j);
            }
        }
        match (run(&f), run(&g)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.verdict, b.verdict);
                prop_assert_eq!(a.provisional, b.provisional);
                prop_assert_eq!(a.criteria, b.criteria);
                let ga: Vec<_> = a.groups.iter().map(|g| g.presence).collect();
                let gb: Vec<_> = b.groups.iter().map(|g| g.presence).collect();
                prop_assert_eq!(ga, gb);
                let sa: Vec<_> = a.supporting.iter().map(|s| s.presence).collect();
                let sb: Vec<_> = b.supporting.iter().map(|s| s.presence).collect();
                prop_assert_eq!(sa, sb);
                prop_assert_eq!(a.differential, b.differential);
            }
            (Err(x), Err(y)) => prop_assert_eq!(x, y),
            (x, y) => prop_assert!(false, "one order accepted, the other rejected: {:?} / {:?}", x.err(), y.err()),
        }
    }

    /// Evidence against POH (PTH resistance, an AHO feature) never raises its verdict
    /// or its score.
    #[test]
    fn evidence_against_poh_never_raises_it(f in findings_strategy(), which in 0usize..5) {
        let against = [3165u32, 852, 311, 4322, 1513][which];
        let Ok(before) = run(&f) else { return Ok(()) };
        let mut g = f.clone();
        if g.add(Phenotype::present(HpoId(against))).is_err() { return Ok(()) }
        let Ok(after) = run(&g) else { return Ok(()) };
        prop_assert!(rank(after.verdict) <= rank(before.verdict), "{:?} -> {:?}", before.verdict, after.verdict);
        prop_assert!(poh_score(&after) <= poh_score(&before), "{} -> {}", poh_score(&before), poh_score(&after));
    }

    /// A finding the knowledge base does not know changes no verdict: an unknown never
    /// becomes met or not met without new data.
    #[test]
    fn unknowns_need_new_data(f in findings_strategy()) {
        let Ok(before) = run(&f) else { return Ok(()) };
        let mut g = f.clone();
        if g.add(Phenotype::present(HpoId(4467))).is_err() { return Ok(()) } // preauricular pit
        let after = run(&g).unwrap();
        prop_assert_eq!(before.criteria, after.criteria);
        prop_assert_eq!(before.verdict, after.verdict);
        prop_assert_eq!(after.unrecognized.total, before.unrecognized.total + 1);
        // and with no findings at all, nothing is decided
        let empty = run(&Findings::new()).unwrap();
        prop_assert!(empty.criteria.iter().all(|c| c.verdict == Verdict::Unknown));
    }
}

/// Every string inside a `"cites":[...]` array of an assessment document.
fn cites_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\"cites\":[") {
        rest = &rest[i + 9..];
        let end = rest.find(']').unwrap();
        for part in rest[..end].split(',') {
            let p = part.trim().trim_matches('"');
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn entries_read_in_place_keep_the_capacities() {
    // MAX_PHENOTYPES recognized entries in all fit; one more is TooManyPhenotypes,
    // wherever it is; entries outside the subset never count.
    let max = poh_core::limits::MAX_PHENOTYPES;
    let ids: Vec<u32> = kb::KB_TERMS.iter().map(|t| t.id).take(max + 1).collect();
    assert_eq!(ids.len(), max + 1);
    let mut base = Findings::new();
    for &id in &ids[..20] {
        base.add(Phenotype::excluded(HpoId(id))).unwrap();
    }
    let mut rest: Vec<Phenotype> = ids[20..]
        .iter()
        .map(|&id| Phenotype::excluded(HpoId(id)))
        .collect();
    // Unknown ids among them (HP:9000000...), read in place.
    for i in 0..40u32 {
        rest.insert(0, Phenotype::present(HpoId(9_000_000 + i)));
    }
    let n = rest.len() - 1;
    let mut a = Assessment::default();
    let mut all = base.clone();
    for p in &rest[..n] {
        all.add(p.clone()).unwrap();
    }
    poh_core::evaluate_with(&base, &rest[..n], &mut a).unwrap();
    assert_eq!(a, run(&all).unwrap());
    assert_eq!(a.resolved.len(), max);
    assert_eq!(a.unrecognized.total, 40);
    assert_eq!(
        poh_core::evaluate_with(&base, &rest[..n + 1], &mut a),
        Err(Error::TooManyPhenotypes)
    );
    assert_eq!(a, Assessment::default(), "reset on error");

    /// An entry source that gives more modifiers than the limit.
    struct FiveModifiers;
    impl poh_core::findings::PhenotypeEntries for FiveModifiers {
        fn count(&self) -> usize {
            1
        }
        fn entry(&self, i: usize) -> Option<poh_core::findings::EntryRef> {
            (i == 0).then_some(poh_core::findings::EntryRef {
                id: HpoId(25027),
                excluded: false,
                onset_months: None,
            })
        }
        fn modifiers(&self, _i: usize) -> impl Iterator<Item = HpoId> {
            std::iter::repeat_n(HpoId(3676), 5)
        }
    }
    assert_eq!(
        poh_core::evaluate_with(&Findings::new(), &FiveModifiers, &mut a),
        Err(Error::TooManyModifiers)
    );
}
