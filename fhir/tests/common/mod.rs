//! Helpers for the reader's tests: resources built with `serde_json::json!`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use poh_fhir::{read, Date, FhirRecord, ReadOptions};
use serde_json::{json, Value};

pub const HPO: &str = "http://human-phenotype-ontology.org";
pub const SNOMED: &str = "http://snomed.info/sct";
pub const LOINC: &str = "http://loinc.org";
pub const UCUM: &str = "http://unitsofmeasure.org";
pub const VER: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
pub const INTERP: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

pub fn opts() -> ReadOptions {
    ReadOptions {
        evaluation_date: Date::parse("2024-06-01").unwrap(),
    }
}

pub fn bundle(resources: Vec<Value>) -> Value {
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>(),
    })
}

pub fn read_all(resources: Vec<Value>) -> FhirRecord {
    read(&bundle(resources), &opts()).unwrap()
}

pub fn patient() -> Value {
    json!({"resourceType": "Patient", "id": "p", "gender": "female", "birthDate": "2020-01-15"})
}

pub fn condition(id: &str, system: &str, code: &str, status: Option<&str>) -> Value {
    let mut c = json!({
        "resourceType": "Condition", "id": id,
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": {"reference": "Patient/p"},
    });
    if let Some(s) = status {
        c["verificationStatus"] = json!({"coding": [{"system": VER, "code": s}]});
    }
    c
}

pub fn qty(value: f64, unit: &str) -> Value {
    json!({"value": value, "unit": unit, "system": UCUM, "code": unit})
}

pub fn range(low: f64, high: f64, unit: &str) -> Value {
    json!([{"low": qty(low, unit), "high": qty(high, unit)}])
}

/// A lab Observation: LOINC `code`, at `when`, with optional value, range and
/// interpretation.
pub fn lab(
    id: &str,
    code: &str,
    when: &str,
    value: Option<Value>,
    range: Option<Value>,
    interp: Option<&str>,
) -> Value {
    let mut o = json!({
        "resourceType": "Observation", "id": id, "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "subject": {"reference": "Patient/p"},
        "effectiveDateTime": when,
    });
    if let Some(v) = value {
        o["valueQuantity"] = v;
    }
    if let Some(r) = range {
        o["referenceRange"] = r;
    }
    if let Some(i) = interp {
        o["interpretation"] = json!([{"coding": [{"system": INTERP, "code": i}]}]);
    }
    o
}

/// The phenotype entries as (id, excluded).
pub fn terms(r: &FhirRecord) -> Vec<(String, bool)> {
    r.findings
        .phenotypes
        .iter()
        .map(|p| (p.id.to_string(), p.excluded))
        .collect()
}

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/../tests/fhir/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}
