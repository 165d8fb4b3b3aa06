//! `poh --fhir`: the built command on the FHIR charts of tests/fhir/.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic
)]

use std::process::Command;

use serde_json::Value;

fn poh(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poh"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn json_is_the_core_assessment_with_the_reading_as_member_fhir() {
    let (rc, out, err) = poh(&[
        "--json",
        "--fhir",
        "tests/fhir/php1a_like_prefetch.json",
        "--date",
        "2024-06-01",
    ]);
    assert_eq!(rc, 0, "{err}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v["kb_version"].is_string() && v["differential"].is_array());
    let f = &v["fhir"];
    assert_eq!(f["evaluation_date"], "2024-06-01");
    assert_eq!(f["findings"]["labs"]["pth"], "high");
    assert_eq!(f["recorded_diagnoses"][0]["code"], "E20.1");
    // The assessment bytes are the core's own: evaluating the report's findings again gives them.
    let findings = serde_json::to_vec(&f["findings"]).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let n = poh_core::json::evaluate_json(&findings, &mut buf).unwrap();
    let head = out.trim().split(",\"fhir\":").next().unwrap();
    assert_eq!(format!("{head}}}").as_bytes(), &buf[..n]);
}

#[test]
fn text_report_lists_the_reading() {
    let (rc, out, _) = poh(&["--fhir", "tests/fhir/poh_like.json", "--date", "2024-06-01"]);
    assert_eq!(rc, 0);
    assert!(out.contains("POH criteria:"));
    assert!(out.contains("FHIR reading (evaluation date 2024-06-01)"));
    assert!(out.contains("unmapped  Condition/stature http://snomed.info/sct|237836003"));
    assert!(out.contains("dropped   Condition/typo"));
}

#[test]
fn errors_and_usage() {
    let (rc, _, err) = poh(&[
        "--fhir",
        "tests/fhir/bad/two_patients.json",
        "--date",
        "2024-06-01",
    ]);
    assert_eq!(rc, 1);
    assert!(
        err.contains("fhir error 705 (several_patients) at $.other"),
        "{err}"
    );
    let (rc, _, err) = poh(&["--fhir", "tests/fhir/poh_like.json", "--date", "01/06/2024"]);
    assert_eq!(rc, 2);
    assert!(err.contains("expected YYYY-MM-DD"));
    let (rc, _, _) = poh(&["--fhir", "tests/fhir/poh_like.json", "--date"]);
    assert_eq!(rc, 2);
    // Without --date the CLI uses today: the age is then at least the one at 2024-06-01.
    let (rc, out, _) = poh(&["--json", "--fhir", "tests/fhir/poh_like.json"]);
    assert_eq!(rc, 0);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v["fhir"]["findings"]["age_months"].as_u64().unwrap() >= 60);
}
