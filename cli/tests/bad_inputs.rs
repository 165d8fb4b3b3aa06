//! The bad-input catalog (tests/bad-inputs/catalog.json) through the Rust API: every input
//! is rejected with its expected code, and nothing is written to the output buffer.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic
)]

use std::path::PathBuf;

use serde_json::Value;

/// The raw bytes of a catalog case.
pub fn case_bytes(c: &Value) -> Vec<u8> {
    if let Some(s) = c.get("input").and_then(Value::as_str) {
        return s.as_bytes().to_vec();
    }
    if let Some(h) = c.get("input_hex").and_then(Value::as_str) {
        return (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect();
    }
    let r = &c["input_repeat"];
    let mut v = r["prefix"].as_str().unwrap().as_bytes().to_vec();
    for _ in 0..r["count"].as_u64().unwrap() {
        v.extend_from_slice(r["unit"].as_str().unwrap().as_bytes());
    }
    v.extend_from_slice(r["suffix"].as_str().unwrap().as_bytes());
    v
}

#[test]
fn every_bad_input_is_rejected_with_its_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/catalog.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 40);
    let mut wrong = Vec::new();
    for c in cases {
        let input = case_bytes(c);
        let mut out = vec![0xAAu8; 1 << 17];
        let r = match c["api"].as_str().unwrap() {
            "findings" => poh_core::json::evaluate_json(&input, &mut out),
            "phenopacket" => poh_core::phenopacket::evaluate_phenopacket_json(&input, &mut out),
            "counsel" => poh_core::counseling::counsel_json(&input, &mut out),
            "questionnaire" => poh_core::questionnaire::step_json(&input, &mut out),
            other => panic!("unknown api {other}"),
        };
        let want = c["expect_code"].as_u64().unwrap();
        match r {
            Err(e) if u64::from(e.code()) == want => {
                assert!(
                    out.iter().all(|&b| b == 0xAA),
                    "{}: output written on error",
                    c["name"]
                );
            }
            Err(e) => wrong.push(format!(
                "{}: got {} ({}), expected {want}",
                c["name"],
                e.code(),
                e.kind()
            )),
            Ok(n) => wrong.push(format!(
                "{}: accepted ({n} bytes), expected {want}",
                c["name"]
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
