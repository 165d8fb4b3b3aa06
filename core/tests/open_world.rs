#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
//! Real records of any size (issue 15): terms outside the knowledge base's HPO subset, and
//! such modifiers, never count against a capacity; no valid input reaches error 900; the
//! differential always holds "none of the modelled disorders".

use poh_core::json::evaluate_json;
use poh_core::{Error, Flag};
use proptest::prelude::*;

const OUT: usize = 1 << 17;

fn eval(input: &str) -> Result<serde_json::Value, Error> {
    let mut out = vec![0u8; OUT];
    let n = evaluate_json(input.as_bytes(), &mut out)?;
    Ok(serde_json::from_slice(&out[..n]).unwrap())
}

/// The record that failed with error 900 (phenopacket-store, PMID_24300288 second
/// patient), as findings: 17 unknown terms, each with the onset class HP:0011463.
#[test]
fn seventeen_unknown_terms_with_an_onset_class_modifier_evaluate() {
    let entries: Vec<String> = (0..17)
        .map(|i| {
            format!(
                r#"{{"id": "HP:{:07}", "modifiers": ["HP:0011463"]}}"#,
                9_000_000 + i
            )
        })
        .collect();
    let v = eval(&format!(r#"{{"phenotypes": [{}]}}"#, entries.join(","))).unwrap();
    assert_eq!(v["unrecognized_total"], 17);
    // HP:0011463 Childhood onset is an onset class of the subset: read, not unrecognized.
    assert!(v["unrecognized"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["id"] != "HP:0011463"));
    assert_eq!(v["flag"]["level"], "none");
    assert_eq!(v["differential"][0]["id"], "POHKB:OTHER");
}

#[test]
fn two_hundred_unknown_entries_are_counted_and_the_first_listed() {
    let entries: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"id": "HP:{:07}", "modifiers": ["HP:{:07}"]}}"#,
                9_000_000 + i,
                9_500_000 + i
            )
        })
        .collect();
    let v = eval(&format!(r#"{{"phenotypes": [{}]}}"#, entries.join(","))).unwrap();
    assert_eq!(v["unrecognized_total"], 400);
    assert_eq!(
        v["unrecognized"].as_array().unwrap().len(),
        poh_core::limits::MAX_UNRECOGNIZED_LISTED
    );
}

fn subset_ids() -> Vec<String> {
    let tsv = include_str!("../data/hpo/terms.tsv");
    tsv.lines()
        .filter(|l| l.starts_with("HP:"))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: if cfg!(miri) { 1 } else { 256 }, ..ProptestConfig::default() })]

    /// Arbitrary valid findings of any size: known terms (at most the capacity), unknown
    /// ones, modifiers of both kinds, onsets, labs. Error 900 never; only the documented
    /// input errors (a term both present and excluded, contradicting a lab) may occur.
    #[test]
    fn no_valid_input_is_an_internal_error(
        known in proptest::collection::vec((0usize..2772, any::<bool>(), proptest::option::of(0u16..1800), proptest::collection::vec(0usize..2772, 0..4)), 0..if cfg!(miri) { 6 } else { 64 }),
        unknown in proptest::collection::vec((9_000_000u32..9_999_999, proptest::collection::vec(9_000_000u32..9_999_999, 0..6)), 0..if cfg!(miri) { 8 } else { 150 }),
        age in proptest::option::of(0u16..1800),
        pth in proptest::sample::select(vec!["low", "normal", "high", "unknown"]),
    ) {
        let ids = subset_ids();
        let mut entries = Vec::new();
        for (k, excluded, onset, mods) in &known {
            let mods: Vec<String> = mods.iter().map(|m| format!("\"{}\"", ids[*m % ids.len()])).collect();
            let onset = onset.map(|o| format!(r#", "onset_months": {o}"#)).unwrap_or_default();
            entries.push(format!(r#"{{"id": "{}", "excluded": {excluded}{onset}, "modifiers": [{}]}}"#, ids[*k % ids.len()], mods.join(",")));
        }
        for (u, mods) in &unknown {
            let mods: Vec<String> = mods.iter().map(|m| format!("\"HP:{m:07}\"")).collect();
            entries.push(format!(r#"{{"id": "HP:{u:07}", "modifiers": [{}]}}"#, mods.join(",")));
        }
        let age = age.map(|a| format!(r#""age_months": {a}, "#)).unwrap_or_default();
        let input = format!(r#"{{{age}"labs": {{"pth": "{pth}"}}, "phenotypes": [{}]}}"#, entries.join(","));
        if input.len() > poh_core::limits::MAX_INPUT_BYTES {
            return Ok(());
        }
        match eval(&input) {
            Ok(v) => {
                let d = v["differential"].as_array().unwrap();
                prop_assert!(d.iter().any(|r| r["id"] == "POHKB:OTHER"));
                let sum: i64 = d.iter().map(|r| r["posterior_permille"].as_i64().unwrap()).sum();
                prop_assert!((990..=1010).contains(&sum), "posteriors sum to {sum}");
                prop_assert!(["none", "review", "likely"].contains(&v["flag"]["level"].as_str().unwrap()));
            }
            Err(e) => prop_assert!(
                matches!(e, Error::PresentAndExcluded | Error::ContradictoryFindings | Error::InvalidModifier),
                "{e:?} on valid input"
            ),
        }
    }
}

#[test]
fn the_flag_type_is_exported() {
    assert_eq!(Flag::Likely.as_str(), "likely");
}
