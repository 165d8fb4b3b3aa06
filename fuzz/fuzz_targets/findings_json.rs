//! The findings JSON decoder, the evaluator and the assessment encoder, end to end
//! (`poh_core::json::evaluate_json` and `evaluate_json_len`).
//!
//! Invariants: no panic; an error has a nonzero known code (never `Internal`) and both
//! variants agree on it, and its detail (`poh_core::detail`) keeps it and points inside the input; on success the output is a JSON object that decodes back, the
//! buffer contract of `_len` holds and evaluating again gives the same bytes (see
//! `common::run_len`), and the same findings written differently (the input decoded by serde_json and
//! re-encoded compactly, as the CLI and Python do) give the same bytes.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_core::json::{evaluate_json, evaluate_json_len};

fuzz_target!(|input: &[u8]| {
    let doc = match common::run_len(evaluate_json_len, evaluate_json, input) {
        Ok(doc) => doc,
        Err(e) => {
            let d = poh_core::detail::findings_json(input, e);
            return common::check_detail(&d, e, input);
        }
    };
    let v = common::check_json(&doc, input);
    assert!(
        matches!(
            v.pointer("/poh/verdict").and_then(|x| x.as_str()),
            Some("met" | "not_met" | "indeterminate")
        ),
        "no poh.verdict in {}",
        common::show(&doc)
    );
    // The input as another JSON implementation reads it: accepted input is JSON that
    // serde_json accepts too, and its compact re-encoding means the same findings.
    let parsed: serde_json::Value = serde_json::from_slice(input).unwrap_or_else(|e| {
        panic!(
            "the core accepted input serde_json rejects ({e}): {:?}",
            common::show(input)
        )
    });
    let canonical = serde_json::to_vec(&parsed).unwrap_or_else(|e| panic!("re-encode: {e}"));
    let other = common::run_once(evaluate_json_len, &canonical).unwrap_or_else(|e| {
        panic!(
            "the re-encoded input was rejected ({e:?}): {:?} -> {:?}",
            common::show(input),
            common::show(&canonical)
        )
    });
    assert_eq!(
        other,
        doc,
        "the re-encoded input gave different bytes: {:?} -> {:?}",
        common::show(input),
        common::show(&canonical)
    );
});
