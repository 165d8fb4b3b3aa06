//! Inputs the reader refuses: each gives its stable code, kind and path, and nothing
//! panics. The files are in tests/fhir/bad/.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::opts;
use poh_fhir::{read, read_str, FhirError, Kind, MAX_BUNDLE_DEPTH, MAX_INPUT_BYTES};
use serde_json::json;

fn file(name: &str) -> String {
    let path = format!("{}/../tests/fhir/bad/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn err(text: &str) -> FhirError {
    match read_str(text, &opts()) {
        Ok(r) => panic!("accepted {text}: {:?}", r.to_json()),
        Err(e) => e,
    }
}

#[test]
fn every_bad_file_gives_its_code_and_path() {
    let cases = [
        ("truncated.json", 700, "not_json", "$"),
        ("array.json", 701, "not_fhir", "$"),
        ("findings_json_not_fhir.json", 701, "not_fhir", "$"),
        (
            "prefetch_value_not_resource.json",
            701,
            "not_fhir",
            "$.conditions",
        ),
        ("entry_not_array.json", 702, "wrong_type", "$.entry"),
        (
            "coding_not_array.json",
            702,
            "wrong_type",
            "$.entry[0].resource.code.coding",
        ),
        ("gender_not_string.json", 702, "wrong_type", "$.gender"),
        (
            "value_not_number.json",
            702,
            "wrong_type",
            "$.valueQuantity.value",
        ),
        ("bad_birth_date.json", 703, "invalid_date", "$.birthDate"),
        (
            "bad_effective.json",
            703,
            "invalid_date",
            "$.effectiveDateTime",
        ),
        (
            "negative_onset.json",
            704,
            "invalid_value",
            "$.onsetAge.value",
        ),
        ("two_patients.json", 705, "several_patients", "$.other"),
    ];
    let mut names: Vec<String> =
        std::fs::read_dir(format!("{}/../tests/fhir/bad", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    names.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(
        names, listed,
        "every file in tests/fhir/bad has its expected error here"
    );
    for (name, code, kind, path) in cases {
        let e = err(&file(name));
        assert_eq!(
            (e.code, e.kind, e.path.as_str()),
            (code, kind, path),
            "{name}: {e}"
        );
        assert!(!e.message.is_empty());
        assert_eq!(e.to_json()["code"], code);
    }
}

#[test]
fn not_json_and_not_objects() {
    for text in ["", "   ", "not json", "{\"a\":", "{} {}"] {
        assert_eq!(err(text).code, 700, "{text:?}");
    }
    for text in ["null", "42", "\"Bundle\"", "true", "[]"] {
        assert_eq!(err(text).kind, "not_fhir", "{text:?}");
    }
}

#[test]
fn wrong_types_name_their_place() {
    let cases = [
        (json!({"resourceType": 7}), "$.resourceType"),
        (
            json!({"resourceType": "Bundle", "entry": [3]}),
            "$.entry[0]",
        ),
        (
            json!({"resourceType": "Bundle", "entry": [{"resource": "Patient/1"}]}),
            "$.entry[0].resource",
        ),
        (
            json!({"resourceType": "Condition", "code": "HP:0025027"}),
            "$.code",
        ),
        (
            json!({"resourceType": "Condition", "code": {"coding": [{"system": 1, "code": "x"}]}}),
            "$.code.coding[0].system",
        ),
        (
            json!({"resourceType": "Condition", "code": {"coding": [{"system": "s", "code": 5}]}}),
            "$.code.coding[0].code",
        ),
        (
            json!({"resourceType": "Condition", "code": {"coding": [{"system": "s", "code": "c"}]}, "verificationStatus": []}),
            "$.verificationStatus",
        ),
        (
            json!({"resourceType": "Observation", "status": 1, "code": {"coding": [{"system": "s", "code": "c"}]}}),
            "$.status",
        ),
        (
            json!({"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "2731-8"}]}, "interpretation": {"coding": []}}),
            "$.interpretation",
        ),
        (
            json!({"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "2731-8"}]}, "valueQuantity": {"value": 1}, "referenceRange": [{"low": 3}]}),
            "$.referenceRange[0].low",
        ),
        (
            json!({"hook": "patient-view", "context": {}, "prefetch": []}),
            "$.prefetch",
        ),
        (
            json!({"resourceType": "Patient", "birthDate": 2020}),
            "$.birthDate",
        ),
    ];
    for (v, path) in cases {
        let e = read(&v, &opts()).unwrap_err();
        assert_eq!((e.kind, e.path.as_str()), ("wrong_type", path), "{v}: {e}");
    }
}

#[test]
fn a_missing_resource_type_in_a_bundle() {
    let e = read(
        &json!({"resourceType": "Bundle", "entry": [{"resource": {"id": "x"}}]}),
        &opts(),
    )
    .unwrap_err();
    assert_eq!(
        (e.kind, e.path.as_str()),
        ("not_fhir", "$.entry[0].resource")
    );
}

#[test]
fn limits() {
    let big = format!(
        "{{\"resourceType\": \"Patient\", \"id\": \"{}\"}}",
        "x".repeat(MAX_INPUT_BYTES)
    );
    assert_eq!(err(&big).kind, "input_too_large");
    let mut v = json!({"resourceType": "Patient"});
    for _ in 0..=MAX_BUNDLE_DEPTH {
        v = json!({"resourceType": "Bundle", "entry": [{"resource": v}]});
    }
    assert_eq!(read(&v, &opts()).unwrap_err().kind, "too_deep");
    // serde_json's own recursion limit protects read_str from deep JSON.
    let deep = "[".repeat(100_000);
    assert_eq!(err(&deep).code, 700);
}

#[test]
fn error_codes_are_documented() {
    let readme = include_str!("../README.md");
    for k in Kind::ALL {
        assert!(
            readme.contains(&format!("| {} | `{}` |", k.code(), k.kind())),
            "{k:?} missing in fhir/README.md"
        );
    }
}
