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

/// Whether `message` says something twice: a run of three words that occurs again, or the
/// error's kind or code (the caller prints those once, beside the message).
pub fn repeats_itself(message: &str, code: u16, kind: &str) -> Option<String> {
    if message.contains(kind) || message.contains(&format!("error {code}")) {
        return Some(format!("names its kind or code: {message}"));
    }
    let words: Vec<&str> = message.split_whitespace().collect();
    for i in 0..words.len().saturating_sub(2) {
        for j in i + 1..words.len().saturating_sub(2) {
            if words[i..i + 3] == words[j..j + 3] {
                return Some(format!(
                    "repeats {:?}: {message}",
                    words[i..i + 3].join(" ")
                ));
            }
        }
    }
    None
}

/// Every case explained (poh_core::detail): a findings or phenopacket error names its
/// location (a path, or a syntax error's byte offset); the catalog's expected path,
/// offset, allowed values and hint; the message says nothing twice.
#[test]
fn every_bad_input_says_where_and_what() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/catalog.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let (mut wrong, mut hinted) = (Vec::new(), 0);
    for c in cases {
        let input = case_bytes(c);
        let name = c["name"].as_str().unwrap();
        let code = u16::try_from(c["expect_code"].as_u64().unwrap()).unwrap();
        let e = poh_core::Error::from_code(code).unwrap();
        let d = match c["api"].as_str().unwrap() {
            "findings" => poh_core::detail::findings_json(&input, e),
            "phenopacket" => poh_core::detail::phenopacket_json(&input, e),
            _ => poh_core::detail::json_syntax(&input, e),
        };
        let located = d.path().is_some() || d.offset().is_some();
        if matches!(c["api"].as_str(), Some("findings" | "phenopacket")) && !located {
            wrong.push(format!("{name}: no location: {d}"));
        }
        if let Some(p) = c.get("expect_path").and_then(Value::as_str) {
            if d.path() != Some(p) {
                wrong.push(format!("{name}: path {:?}, expected {p:?}: {d}", d.path()));
            }
        }
        if let Some(o) = c.get("expect_offset").and_then(Value::as_u64) {
            if d.offset() != usize::try_from(o).ok() {
                wrong.push(format!(
                    "{name}: offset {:?}, expected {o}: {d}",
                    d.offset()
                ));
            }
        }
        if let Some(a) = c.get("expect_allowed").and_then(Value::as_array) {
            let want: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            if d.allowed().map(<[&str]>::to_vec) != Some(want.clone()) {
                wrong.push(format!(
                    "{name}: allowed {:?}, expected {want:?}",
                    d.allowed()
                ));
            }
        }
        if let Some(h) = c.get("expect_hint").and_then(Value::as_str) {
            hinted += 1;
            if !d.hint().is_some_and(|got| got.contains(h)) {
                wrong.push(format!(
                    "{name}: hint {:?}, expected it to hold {h:?}",
                    d.hint()
                ));
            }
        }
        if let Some(r) = repeats_itself(&d.to_string(), code, e.kind()) {
            wrong.push(format!("{name}: {r}"));
        }
    }
    assert!(hinted >= 30, "{hinted} cases with a hint");
    assert!(
        wrong.is_empty(),
        "{} of {} cases wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
