//! Counseling JSON (`poh_core::counseling::counsel_json` and its `_len` twin): the same
//! invariants as `findings_json` for a small schema.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_core::counseling::{counsel_json, counsel_json_len};

fuzz_target!(|input: &[u8]| {
    let Ok(doc) = common::run_len(counsel_json_len, counsel_json, input) else {
        return;
    };
    common::check_json(&doc, input);
    let parsed: serde_json::Value = serde_json::from_slice(input).unwrap_or_else(|e| {
        panic!(
            "the core accepted a query serde_json rejects ({e}): {:?}",
            common::show(input)
        )
    });
    let canonical = serde_json::to_vec(&parsed).unwrap_or_else(|e| panic!("re-encode: {e}"));
    let other = common::run_once(counsel_json_len, &canonical).unwrap_or_else(|e| {
        panic!(
            "re-encoded query rejected ({e:?}): {:?}",
            common::show(&canonical)
        )
    });
    assert_eq!(
        other,
        doc,
        "re-encoded query gave different bytes: {:?}",
        common::show(input)
    );
});
