//! The Phenopacket v2 reader, the evaluator and the encoder
//! (`poh_core::phenopacket::evaluate_phenopacket_json` and its `_len` twin).
//!
//! Invariants: as `findings_json`: no panic, nonzero known error codes that both variants
//! agree on, a JSON object that decodes back, the `_len` buffer contract, determinism, and
//! the same bytes for the document re-encoded by serde_json.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_core::phenopacket::{evaluate_phenopacket_json, evaluate_phenopacket_json_len};

fuzz_target!(|input: &[u8]| {
    let run =
        |i: &[u8]| common::run_len(evaluate_phenopacket_json_len, evaluate_phenopacket_json, i);
    let doc = match run(input) {
        Ok(doc) => doc,
        Err(e) => {
            let d = poh_core::detail::phenopacket_json(input, e);
            return common::check_detail(&d, e, input);
        }
    };
    common::check_json(&doc, input);
    let parsed: serde_json::Value = serde_json::from_slice(input).unwrap_or_else(|e| {
        panic!(
            "the core accepted a phenopacket serde_json rejects ({e}): {:?}",
            common::show(input)
        )
    });
    let canonical = serde_json::to_vec(&parsed).unwrap_or_else(|e| panic!("re-encode: {e}"));
    match common::run_once(evaluate_phenopacket_json_len, &canonical) {
        Ok(other) => assert_eq!(
            other,
            doc,
            "the re-encoded phenopacket gave different bytes: {:?} -> {:?}",
            common::show(input),
            common::show(&canonical)
        ),
        Err(e) => panic!(
            "the re-encoded phenopacket was rejected ({e:?}): {:?} -> {:?}",
            common::show(input),
            common::show(&canonical)
        ),
    }
});
