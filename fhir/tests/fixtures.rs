//! The hand-written charts of tests/fhir/ read and evaluated by the core: what the reader
//! builds from each, and how the core's differential ranks the disorders the chart is
//! like (the clinical ranking is the core's; these tests check that the reading feeds it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use poh_core::{Assessment, Lab, Overall, Sex};
use poh_fhir::read;

fn rank_of(a: &Assessment, id: &str) -> usize {
    a.differential
        .iter()
        .position(|r| poh_core::kb::DISEASES[usize::from(r.disease)].id == id)
        .unwrap()
}

fn evaluate(r: &poh_fhir::FhirRecord) -> Box<Assessment> {
    let mut a = Box::<Assessment>::default();
    poh_core::evaluate(&r.findings, &mut a).unwrap();
    a
}

#[test]
fn poh_like_chart() {
    let r = read(&fixture("poh_like.json"), &opts()).unwrap();
    assert_eq!(r.findings.age_months, Some(60));
    assert_eq!(r.findings.sex, Sex::Female);
    assert_eq!(
        terms(&r),
        vec![
            ("HP:0025027".into(), false),
            ("HP:0011987".into(), false),
            ("HP:0011986".into(), false),
            ("HP:0001156".into(), true),
        ]
    );
    assert_eq!(r.findings.phenotypes[0].onset_months, Some(6));
    assert_eq!(r.findings.phenotypes[1].onset_months, Some(33));
    let l = r.findings.labs;
    assert_eq!(
        (l.pth, l.calcium, l.phosphate, l.tsh),
        (Lab::Normal, Lab::Normal, Lab::Unknown, Lab::Normal)
    );
    assert_eq!(r.unmapped.len(), 1);
    assert_eq!(r.unmapped[0].code, "237836003");
    assert!(r.recorded_diagnoses.is_empty());
    let dropped: Vec<&str> = r.dropped.iter().map(|d| d.resource.as_str()).collect();
    assert_eq!(
        dropped,
        vec![
            "Condition/maybe-round-face",
            "Condition/typo",
            "Observation/phos"
        ]
    );
    let a = evaluate(&r);
    assert!(rank_of(&a, "OMIM:166350") < rank_of(&a, "OMIM:103580"));
    assert!(rank_of(&a, "OMIM:166350") < rank_of(&a, "OMIM:135100"));
    assert_ne!(a.verdict, Overall::NotMet);
}

#[test]
fn php1a_like_prefetch() {
    let r = read(&fixture("php1a_like_prefetch.json"), &opts()).unwrap();
    assert_eq!(r.findings.age_months, Some(99));
    assert_eq!(r.findings.sex, Sex::Male);
    let l = r.findings.labs;
    assert_eq!(
        (l.pth, l.calcium, l.phosphate, l.tsh),
        (Lab::High, Lab::Low, Lab::Unknown, Lab::High)
    );
    assert_eq!(terms(&r).len(), 6);
    assert_eq!(r.findings.phenotypes[2].onset_months, Some(12));
    // The recorded PHP diagnosis: shown twice (ICD-10-CM and SNOMED CT), never evidence.
    assert_eq!(r.recorded_diagnoses.len(), 2);
    let mut without = fixture("php1a_like_prefetch.json");
    let entries = without["conditions"]["entry"].as_array_mut().unwrap();
    entries.retain(|e| e["resource"]["id"] != "dx");
    let r2 = read(&without, &opts()).unwrap();
    assert_eq!(r2.findings, r.findings);
    assert!(r2.recorded_diagnoses.is_empty());
    let a = evaluate(&r);
    assert!(rank_of(&a, "OMIM:103580") < rank_of(&a, "OMIM:166350"));
    assert_eq!(a.verdict, Overall::NotMet);
}

#[test]
fn unrelated_chart() {
    let r = read(&fixture("unrelated.json"), &opts()).unwrap();
    assert_eq!(terms(&r), vec![("HP:0001263".into(), false)]);
    assert_eq!(r.findings.labs.tsh, Lab::Normal);
    let codes: Vec<&str> = r.unmapped.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, vec!["LP-0042", "4548-4"]);
    assert_eq!(r.dropped[0].resource, "MedicationRequest/m1");
    let a = evaluate(&r);
    // No ossification finding: criterion i cannot be met.
    assert_ne!(a.verdict, Overall::Met);
}

#[test]
fn the_same_chart_as_a_bundle_a_prefetch_and_a_request() {
    let prefetch = fixture("php1a_like_prefetch.json");
    let request = serde_json::json!({
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "php7"},
        "prefetch": prefetch,
    });
    let a = read(&prefetch, &opts()).unwrap();
    let b = read(&request, &opts()).unwrap();
    assert_eq!(a.findings, b.findings);
    let c = read(&serde_json::json!({"prefetch": prefetch}), &opts()).unwrap();
    assert_eq!(a.findings, c.findings);
    // Flattened into one collection Bundle.
    let mut resources = Vec::new();
    for (_, v) in prefetch.as_object().unwrap() {
        match v["resourceType"].as_str() {
            Some("Bundle") => resources.extend(
                v["entry"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["resource"].clone()),
            ),
            Some(_) => resources.push(v.clone()),
            None => {}
        }
    }
    let d = read(&bundle(resources), &opts()).unwrap();
    assert_eq!(a.findings, d.findings);
    assert_eq!(a.to_json()["used"], d.to_json()["used"]);
}

#[test]
fn reading_is_deterministic() {
    for f in [
        "poh_like.json",
        "php1a_like_prefetch.json",
        "unrelated.json",
    ] {
        let v = fixture(f);
        assert_eq!(
            read(&v, &opts()).unwrap().to_json(),
            read(&v, &opts()).unwrap().to_json(),
            "{f}"
        );
    }
}
