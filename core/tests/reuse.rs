//! Issue 14, item 5: evaluating into storage reused from earlier patients gives what a
//! fresh evaluation gives. The C workspace, `poh_result` and the firmware all evaluate
//! into an `Assessment` (and read into `Findings`) that held someone else's data; the
//! core promises that `evaluate` and `parse_findings` reset what they are given. Here a
//! sequence of patients (results and errors mixed) goes through one `Findings` and one
//! `Assessment`, and each step is compared with a fresh parse and a fresh evaluation:
//! the same status, the same assessment, the same JSON bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod documents;

use poh_core::assessment::Assessment;
use poh_core::json::{findings_from_json, parse_findings, write_assessment};
use poh_core::{evaluate, Findings};
use proptest::prelude::*;

fn to_json(a: &Assessment) -> Vec<u8> {
    let mut out = vec![0u8; 1 << 17];
    let n = write_assessment(a, &mut out).expect("the assessment fits 128 KiB");
    out.truncate(n);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_reused_assessment_evaluates_as_a_fresh_one(patients in documents::patients()) {
        let mut findings = Findings::new();
        let mut reused = Assessment::default();
        let (mut ok, mut errors) = (0, 0);
        for doc in &patients {
            // Reading into the previous patient's findings is reading into fresh ones.
            let parsed = parse_findings(doc.as_bytes(), &mut findings);
            let fresh_findings = findings_from_json(doc.as_bytes());
            prop_assert_eq!(parsed.err(), fresh_findings.as_ref().err().copied(), "{}", doc);
            let Ok(fresh_findings) = fresh_findings else {
                errors += 1;
                continue;
            };
            prop_assert_eq!(&findings, &fresh_findings, "{}", doc);

            let mut fresh = Assessment::default();
            let want = evaluate(&fresh_findings, &mut fresh);
            let got = evaluate(&findings, &mut reused);
            prop_assert_eq!(got, want, "{}", doc);
            if want.is_err() {
                errors += 1;
                continue;
            }
            prop_assert_eq!(&reused, &fresh, "{}", doc);
            prop_assert_eq!(to_json(&reused), to_json(&fresh), "{}", doc);
            ok += 1;
        }
        prop_assert_eq!(ok + errors, patients.len());
    }
}

/// The generator is worth its name: over a few hundred documents both results and more
/// than one kind of error occur, so the property above sees dirty storage after both.
#[test]
fn documents_give_results_and_errors() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = documents::document();
    let (mut ok, mut errors) = (0, std::collections::BTreeSet::new());
    let n = if cfg!(miri) { 40 } else { 400 };
    for _ in 0..n {
        let doc = strategy.new_tree(&mut runner).unwrap().current();
        match findings_from_json(doc.as_bytes()).and_then(|f| {
            let mut a = Assessment::default();
            evaluate(&f, &mut a)
        }) {
            Ok(()) => ok += 1,
            Err(e) => {
                errors.insert(e.kind());
            }
        }
    }
    assert!(ok > n / 4, "{ok} of {n} documents evaluated");
    assert!(errors.len() >= 2, "errors seen: {errors:?}");
}
