//! The CDS Hooks specification's own JSON examples that hold FHIR resources
//! (tests/fhir/cds-hooks-spec/, copied from the spec; see its README), read as the
//! service would read them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{fixture, opts};
use poh_core::Sex;
use poh_fhir::read;

fn spec(line: u32) -> serde_json::Value {
    fixture(&format!("cds-hooks-spec/current-md-line{line}.json"))
}

#[test]
fn the_patient_view_request_example() {
    // §Calling a CDS Service, example request: prefetch `patientToGreet`.
    let r = read(&spec(167), &opts()).unwrap();
    assert_eq!(r.findings.sex, Sex::Male);
    // Born 1925-12-23: 1181 months at 2024-06-01, within the core's 1800.
    assert_eq!(r.findings.age_months, Some(1181));
    assert!(r.findings.phenotypes.is_empty());
    assert!(r.unmapped.is_empty() && r.dropped.is_empty());
}

#[test]
fn the_prefetch_data_example() {
    // §Example prefetch data, read as the `prefetch` object: a Patient with a snipped
    // field, an HbA1c searchset and a plain string for `user`.
    let r = read(&spec(409), &opts()).unwrap();
    assert_eq!(r.findings.sex, Sex::Male);
    assert_eq!(r.findings.age_months, Some(593));
    assert_eq!(r.unmapped.len(), 1);
    assert_eq!(
        (r.unmapped[0].system.as_str(), r.unmapped[0].code.as_str()),
        ("http://loinc.org", "4548-4")
    );
    assert!(
        r.dropped.iter().any(|d| d.what == "prefetch key user"),
        "{:?}",
        r.dropped
    );
    // The same prefetch object without its wrapper.
    let inner = read(&spec(409)["prefetch"], &opts()).unwrap();
    assert_eq!(inner.findings, r.findings);
}

#[test]
fn context_bundles_and_card_action_resources() {
    for line in [323, 354] {
        let v = spec(line);
        let r = read(&v["context"]["draftOrders"], &opts()).unwrap();
        assert_eq!(r.findings, poh_core::Findings::new(), "{line}");
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].resource, "MedicationRequest/123");
        // The context object itself is not a chart.
        assert_eq!(read(&v, &opts()).unwrap_err().kind, "not_fhir");
    }
    for (line, kind) in [
        (594, "MedicationRequest"),
        (608, "ServiceRequest"),
        (675, "ServiceRequest"),
    ] {
        let v = spec(line);
        let resource = if line == 675 {
            &v["systemActions"][0]["resource"]
        } else {
            &v["resource"]
        };
        let r = read(resource, &opts()).unwrap();
        assert!(r.dropped[0].what == kind, "{line}: {:?}", r.dropped);
    }
}
