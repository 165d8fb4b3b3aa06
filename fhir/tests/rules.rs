//! One test (or a few) per reading rule of fhir/README.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use poh_core::{Lab, Sex};
use poh_fhir::codes::LOINC_CODES;
use poh_fhir::{read, Date, ReadOptions};
use serde_json::json;

fn age_of(birth: &str) -> (Option<u16>, Vec<String>) {
    let r = read_all(vec![json!({"resourceType": "Patient", "birthDate": birth})]);
    (
        r.findings.age_months,
        r.dropped.iter().map(|d| d.why.clone()).collect(),
    )
}

#[test]
fn age_in_whole_months_to_the_evaluation_date() {
    assert_eq!(age_of("2020-01-15").0, Some(52)); // to 2024-06-01
    assert_eq!(age_of("2024-05-02").0, Some(0));
    assert_eq!(age_of("2024-05-01").0, Some(1));
    assert_eq!(age_of("2022-06").0, Some(24)); // from the first of the month
    let (age, why) = age_of("2019");
    assert_eq!(age, None);
    assert!(why[0].contains("year only"), "{why:?}");
    let (age, why) = age_of("2024-06-02");
    assert_eq!(age, None);
    assert!(why[0].contains("after the evaluation date"), "{why:?}");
    // Another evaluation date, another age: the library never reads the clock.
    let r = read(
        &bundle(vec![patient()]),
        &ReadOptions {
            evaluation_date: Date::parse("2021-01-14").unwrap(),
        },
    )
    .unwrap();
    assert_eq!(r.findings.age_months, Some(11));
}

#[test]
fn gender_to_sex() {
    for (g, s) in [
        ("female", Sex::Female),
        ("male", Sex::Male),
        ("other", Sex::Other),
        ("unknown", Sex::Unknown),
    ] {
        let r = read_all(vec![json!({"resourceType": "Patient", "gender": g})]);
        assert_eq!(r.findings.sex, s, "{g}");
    }
    let r = read_all(vec![json!({"resourceType": "Patient", "gender": "F"})]);
    assert_eq!(r.findings.sex, Sex::Unknown);
    assert!(r.dropped.iter().any(|d| d.what == "gender"));
}

#[test]
fn verification_statuses() {
    let one = |status: Option<&str>| {
        let r = read_all(vec![patient(), condition("c", HPO, "HP:0025027", status)]);
        (terms(&r), r)
    };
    for s in [None, Some("confirmed")] {
        let (t, r) = one(s);
        assert_eq!(t, vec![("HP:0025027".into(), false)], "{s:?}");
        assert_eq!(r.used.last().unwrap().state, "present");
    }
    let (t, _) = one(Some("refuted"));
    assert_eq!(t, vec![("HP:0025027".into(), true)]);
    for s in [
        "entered-in-error",
        "unconfirmed",
        "provisional",
        "differential",
        "some-other-code",
    ] {
        let (t, r) = one(Some(s));
        assert!(t.is_empty(), "{s}: never absent, never present");
        assert!(
            r.dropped.iter().any(|d| d.why.contains(s)),
            "{s}: {:?}",
            r.dropped
        );
        assert!(r.used.iter().all(|u| u.finding != "HP:0025027"));
    }
}

#[test]
fn the_three_hpo_system_forms_and_code_spellings() {
    for system in [
        "http://human-phenotype-ontology.org",
        "urn:oid:2.16.840.1.113883.6.339",
        "http://purl.obolibrary.org/obo/hp.owl",
    ] {
        for code in ["HP:0011987", "HP_0011987"] {
            let r = read_all(vec![condition("c", system, code, None)]);
            assert_eq!(
                terms(&r),
                vec![("HP:0011987".into(), false)],
                "{system} {code}"
            );
        }
    }
    // Another system with an HPO-looking code is not HPO.
    let r = read_all(vec![condition(
        "c",
        "http://example.org/hpo",
        "HP:0011987",
        None,
    )]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.unmapped.len(), 1);
    // A malformed HPO code is listed.
    let r = read_all(vec![condition("c", HPO, "HP:11987", None)]);
    assert!(terms(&r).is_empty());
    assert!(r.unmapped[0].why.contains("well-formed"));
}

#[test]
fn snomed_only_through_the_map() {
    // Mapped: 43476002 -> HP:0001156 Brachydactyly (fhir/data/snomed_hpo.tsv).
    let r = read_all(vec![condition("c", SNOMED, "43476002", Some("refuted"))]);
    assert_eq!(terms(&r), vec![("HP:0001156".into(), true)]);
    assert!(r.used[0].how.contains("xref: SNOMEDCT_US:43476002"));
    // Not one to one in hp.obo (Short stature and Severe short stature, ehr-integration.md 3.2).
    let r = read_all(vec![condition("c", SNOMED, "237836003", None)]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.unmapped[0].code, "237836003");
    assert!(r.unmapped[0].why.contains("not in the SNOMED CT map"));
    // PHP2's disorder code: a disease code, kept out of the map, listed (not a modelled disorder).
    let r = read_all(vec![condition("c", SNOMED, "42183005", None)]);
    assert!(terms(&r).is_empty() && r.recorded_diagnoses.is_empty());
    assert!(r.unmapped[0].why.contains("disease code"));
}

#[test]
fn every_unmapped_code_is_listed_whatever_its_system() {
    let r = read_all(vec![json!({
        "resourceType": "Condition", "id": "c",
        "code": {"coding": [
            {"system": "http://example.org/local", "code": "X1", "display": "local"},
            {"code": "no-system"},
            {"system": SNOMED, "display": "display only"},
            {"system": HPO, "code": "HP:0025027"}
        ]}
    })]);
    assert_eq!(terms(&r), vec![("HP:0025027".into(), false)]);
    let codes: Vec<&str> = r.unmapped.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, vec!["X1", "no-system", ""]);
}

#[test]
fn each_loinc_code_reaches_its_lab() {
    for l in LOINC_CODES {
        let r = read_all(vec![lab("o", l.code, "2024-01-01", None, None, Some("H"))]);
        let labs = r.findings.labs;
        let got = match l.analyte.as_str() {
            "pth" => labs.pth,
            "calcium" => labs.calcium,
            "phosphate" => labs.phosphate,
            "tsh" => labs.tsh,
            other => panic!("{other}"),
        };
        assert_eq!(got, Lab::High, "{}", l.code);
        assert_eq!(r.used[0].finding, format!("labs.{}", l.analyte.as_str()));
    }
    // Codes ehr-integration.md lists only as secondary, UNVERIFIED or discontinued, and the
    // PTH + calcium panel, are not read: listed as unmapped.
    for code in ["2000-8", "17863-2", "32045-7", "24346-9"] {
        let r = read_all(vec![lab("o", code, "2024-01-01", None, None, Some("H"))]);
        assert_eq!(
            r.findings.labs,
            poh_core::findings::Labs::default(),
            "{code}"
        );
        assert_eq!(r.unmapped[0].code, code);
    }
}

#[test]
fn interpretation_codes() {
    for (code, want) in [
        ("H", Lab::High),
        ("HH", Lab::High),
        ("L", Lab::Low),
        ("LL", Lab::Low),
        ("N", Lab::Normal),
        ("A", Lab::Unknown),
        ("AA", Lab::Unknown),
        ("HU", Lab::Unknown),
    ] {
        let r = read_all(vec![lab(
            "o",
            "2731-8",
            "2024-01-01",
            None,
            None,
            Some(code),
        )]);
        assert_eq!(r.findings.labs.pth, want, "{code}");
    }
}

#[test]
fn interpretation_first_then_range_else_unknown() {
    let above = Some(qty(120.0, "pg/mL"));
    let rng = Some(range(15.0, 65.0, "pg/mL"));
    // The interpretation wins over the value.
    let r = read_all(vec![lab(
        "o",
        "2731-8",
        "2024-01-01",
        above.clone(),
        rng.clone(),
        Some("N"),
    )]);
    assert_eq!(r.findings.labs.pth, Lab::Normal);
    // Without one, the value against the range (bounds inclusive).
    for (v, want) in [
        (120.0, Lab::High),
        (65.0, Lab::Normal),
        (15.0, Lab::Normal),
        (14.9, Lab::Low),
    ] {
        let r = read_all(vec![lab(
            "o",
            "2731-8",
            "2024-01-01",
            Some(qty(v, "pg/mL")),
            rng.clone(),
            None,
        )]);
        assert_eq!(r.findings.labs.pth, want, "{v}");
    }
    // A missing range never means normal.
    let r = read_all(vec![lab(
        "o",
        "2731-8",
        "2024-01-01",
        Some(qty(40.0, "pg/mL")),
        None,
        None,
    )]);
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
    assert!(
        r.dropped[0]
            .why
            .contains("a missing range never means normal"),
        "{:?}",
        r.dropped
    );
    // A one-sided range decides only beyond its bound.
    let high_only = json!([{"high": qty(65.0, "pg/mL")}]);
    let r = read_all(vec![lab(
        "o",
        "2731-8",
        "2024-01-01",
        Some(qty(40.0, "pg/mL")),
        Some(high_only.clone()),
        None,
    )]);
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
    let r = read_all(vec![lab(
        "o",
        "2731-8",
        "2024-01-01",
        Some(qty(70.0, "pg/mL")),
        Some(high_only),
        None,
    )]);
    assert_eq!(r.findings.labs.pth, Lab::High);
    // Neither interpretation nor value.
    let r = read_all(vec![lab("o", "2731-8", "2024-01-01", None, rng, None)]);
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
}

#[test]
fn comparators_decide_only_beyond_a_bound() {
    let rng = Some(range(0.4, 4.0, "m[IU]/L"));
    let with = |cmp: &str, v: f64| {
        let mut q = qty(v, "m[IU]/L");
        q["comparator"] = json!(cmp);
        read_all(vec![lab(
            "o",
            "3016-3",
            "2024-01-01",
            Some(q),
            rng.clone(),
            None,
        )])
        .findings
        .labs
        .tsh
    };
    assert_eq!(with("<", 0.01), Lab::Low);
    assert_eq!(with("<", 2.0), Lab::Unknown);
    assert_eq!(with(">", 100.0), Lab::High);
    assert_eq!(with(">", 1.0), Lab::Unknown);
}

#[test]
fn unit_mismatch_is_unknown_and_noted() {
    let r = read_all(vec![lab(
        "o",
        "17861-6",
        "2024-01-01",
        Some(qty(2.3, "mmol/L")),
        Some(range(8.8, 10.8, "mg/dL")),
        None,
    )]);
    assert_eq!(r.findings.labs.calcium, Lab::Unknown);
    assert!(
        r.dropped[0].why.contains("unit mismatch"),
        "{:?}",
        r.dropped
    );
    // Same unit text, no UCUM code on either: compared as text.
    let q = json!({"value": 9.0, "unit": "mg/dL"});
    let rr =
        json!([{"low": {"value": 8.8, "unit": "mg/dL"}, "high": {"value": 10.8, "unit": "mg/dL"}}]);
    let r = read_all(vec![lab(
        "o",
        "17861-6",
        "2024-01-01",
        Some(q),
        Some(rr),
        None,
    )]);
    assert_eq!(r.findings.labs.calcium, Lab::Normal);
}

#[test]
fn age_specific_and_restricted_ranges() {
    let rr = json!([
        {"low": qty(1.0, "mg/dL"), "high": qty(2.0, "mg/dL"),
         "age": {"low": {"value": 0, "system": UCUM, "code": "a"}, "high": {"value": 2, "system": UCUM, "code": "a"}}},
        {"low": qty(3.0, "mg/dL"), "high": qty(4.5, "mg/dL"),
         "age": {"low": {"value": 2, "system": UCUM, "code": "a"}, "high": {"value": 18, "system": UCUM, "code": "a"}}},
        {"low": qty(0.0, "mg/dL"), "high": qty(0.1, "mg/dL"), "appliesTo": [{"text": "pregnancy"}]}
    ]);
    // Born 2020-01-15: 47 months at 2024-01-01, so only the second range applies.
    let r = read_all(vec![
        patient(),
        lab(
            "o",
            "2777-1",
            "2024-01-01",
            Some(qty(4.0, "mg/dL")),
            Some(rr.clone()),
            None,
        ),
    ]);
    assert_eq!(r.findings.labs.phosphate, Lab::Normal);
    // Without a birth date no age range applies, and appliesTo is never judged.
    let r = read_all(vec![lab(
        "o",
        "2777-1",
        "2024-01-01",
        Some(qty(4.0, "mg/dL")),
        Some(rr),
        None,
    )]);
    assert_eq!(r.findings.labs.phosphate, Lab::Unknown);
}

#[test]
fn latest_result_wins() {
    let old_high = lab("old", "2731-8", "2023-01-01", None, None, Some("H"));
    let new_normal = lab(
        "new",
        "2731-8",
        "2024-02-01T10:00:00+01:00",
        None,
        None,
        Some("N"),
    );
    for order in [
        vec![old_high.clone(), new_normal.clone()],
        vec![new_normal.clone(), old_high.clone()],
    ] {
        let r = read_all(order);
        assert_eq!(r.findings.labs.pth, Lab::Normal);
        assert_eq!(r.used[0].resource, "Observation/new");
        assert!(r
            .dropped
            .iter()
            .any(|d| d.resource == "Observation/old" && d.why.contains("superseded")));
    }
    // `issued` when there is no effective time; a result without any time is the oldest.
    let mut issued = lab("issued", "2731-8", "x", None, None, Some("L"));
    issued.as_object_mut().unwrap().remove("effectiveDateTime");
    issued["issued"] = json!("2024-03-01T00:00:00Z");
    let mut undated = lab("undated", "2731-8", "x", None, None, Some("H"));
    undated.as_object_mut().unwrap().remove("effectiveDateTime");
    let r = read_all(vec![undated, new_normal.clone(), issued]);
    assert_eq!(r.findings.labs.pth, Lab::Low);
    // The latest result decides even when it cannot be read: no fallback to an older one.
    let newest_no_range = lab(
        "nr",
        "2731-8",
        "2024-05-01",
        Some(qty(40.0, "pg/mL")),
        None,
        None,
    );
    let r = read_all(vec![old_high.clone(), newest_no_range]);
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
    // Two results at the same time that disagree: unknown.
    let r = read_all(vec![
        lab("a", "2731-8", "2024-01-01", None, None, Some("H")),
        lab("b", "2731-8", "2024-01-01", None, None, Some("N")),
    ]);
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
}

#[test]
fn total_calcium_is_preferred_over_corrected_then_ionized() {
    let total = lab("total", "17861-6", "2023-01-01", None, None, Some("L"));
    let corrected = lab("corr", "29265-6", "2023-06-01", None, None, Some("N"));
    let ionized = lab("ion", "1995-0", "2024-01-01", None, None, Some("H"));
    let r = read_all(vec![ionized.clone(), corrected.clone(), total]);
    assert_eq!(r.findings.labs.calcium, Lab::Low);
    assert_eq!(r.used[0].resource, "Observation/total");
    let r = read_all(vec![ionized.clone(), corrected]);
    assert_eq!(r.findings.labs.calcium, Lab::Normal);
    let r = read_all(vec![ionized]);
    assert_eq!(r.findings.labs.calcium, Lab::High);
}

#[test]
fn only_final_results_are_read() {
    for (status, note) in [
        ("preliminary", "only final"),
        ("registered", "only final"),
        ("cancelled", "only final"),
        ("entered-in-error", "entered-in-error"),
    ] {
        let mut o = lab("o", "2731-8", "2024-01-01", None, None, Some("H"));
        o["status"] = json!(status);
        let r = read_all(vec![o]);
        assert_eq!(r.findings.labs.pth, Lab::Unknown, "{status}");
        assert!(r.dropped[0].why.contains(note), "{status}: {:?}", r.dropped);
    }
    for status in ["amended", "corrected"] {
        let mut o = lab("o", "2731-8", "2024-01-01", None, None, Some("H"));
        o["status"] = json!(status);
        assert_eq!(read_all(vec![o]).findings.labs.pth, Lab::High, "{status}");
    }
}

#[test]
fn recorded_diagnosis_is_never_evidence() {
    let chart = vec![
        patient(),
        condition("oc", HPO, "HP:0025027", None),
        lab("pth", "2731-8", "2024-01-01", None, None, Some("N")),
    ];
    let without = read_all(chart.clone());
    let diagnoses = [
        ("http://hl7.org/fhir/sid/icd-10-cm", "E20.1", "OMIM:103580"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "M61.12", "OMIM:135100"),
        ("http://hl7.org/fhir/sid/icd-10", "M61.1", "OMIM:135100"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "M61.5", "OMIM:166350"),
        (SNOMED, "719271000", "OMIM:166350"),
        (SNOMED, "58976002", "OMIM:612462"),
        (SNOMED, "82725007", "OMIM:135100"),
        (
            "http://purl.obolibrary.org/obo/mondo.owl",
            "MONDO:0008153",
            "OMIM:166350",
        ),
        ("https://www.orpha.net", "2762", "OMIM:166350"),
        ("https://omim.org", "103580", "OMIM:103580"),
        ("http://example.org/anything", "OMIM:166350", "OMIM:166350"),
    ];
    for (system, code, disorder) in diagnoses {
        let mut c = chart.clone();
        c.push(condition("dx", system, code, Some("confirmed")));
        let with = read_all(c);
        assert_eq!(
            with.findings, without.findings,
            "{system} {code}: the findings must not change"
        );
        assert_eq!(with.recorded_diagnoses.len(), 1, "{system} {code}");
        let d = &with.recorded_diagnoses[0];
        assert!(
            d.disorders.iter().any(|x| x == disorder),
            "{code}: {:?}",
            d.disorders
        );
        assert_eq!(d.resource, "Condition/dx");
    }
    // An HPO coding inside a diagnosis Condition is not used either.
    let mut c = chart.clone();
    c.push(json!({
        "resourceType": "Condition", "id": "dx",
        "code": {"coding": [
            {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E20.1"},
            {"system": HPO, "code": "HP:0000852"}
        ]}
    }));
    let with = read_all(c);
    assert_eq!(with.findings, without.findings);
    assert!(with
        .unmapped
        .iter()
        .any(|u| u.code == "HP:0000852" && u.why.contains("never used as evidence")));
    // A refuted diagnosis is still shown (as refuted), never read as an exclusion.
    let mut c = chart.clone();
    c.push(condition("dx", SNOMED, "719271000", Some("refuted")));
    let with = read_all(c);
    assert_eq!(with.findings, without.findings);
    assert_eq!(with.recorded_diagnoses[0].verification, "refuted");
    // Entered in error: not shown.
    let mut c = chart;
    c.push(condition(
        "dx",
        SNOMED,
        "719271000",
        Some("entered-in-error"),
    ));
    let with = read_all(c);
    assert!(with.recorded_diagnoses.is_empty());
    assert_eq!(with.findings, without.findings);
}

#[test]
fn onsets() {
    let with = |key: &str, v: serde_json::Value| {
        let mut c = condition("c", HPO, "HP:0025027", None);
        c[key] = v;
        let r = read_all(vec![patient(), c]);
        (
            r.findings.phenotypes[0].onset_months,
            r.used.last().unwrap().how.clone(),
        )
    };
    let age = |v: f64, code: &str| json!({"value": v, "system": UCUM, "code": code});
    assert_eq!(with("onsetAge", age(2.0, "a")).0, Some(24));
    assert_eq!(with("onsetAge", age(5.0, "mo")).0, Some(5));
    assert_eq!(with("onsetAge", age(10.0, "wk")).0, Some(2));
    assert_eq!(with("onsetAge", age(45.0, "d")).0, Some(1));
    // Born 2020-01-15.
    assert_eq!(with("onsetDateTime", json!("2021-02-20")).0, Some(13));
    let (onset, how) = with("onsetDateTime", json!("2019-12-01"));
    assert_eq!(onset, None);
    assert!(how.contains("onset unknown"), "{how}");
    let (onset, how) = with("onsetAge", json!({"value": 3, "unit": "years"}));
    assert_eq!(onset, None);
    assert!(how.contains("not an age"), "{how}");
    // Duplicates merge to the earliest onset.
    let mut a = condition("a", HPO, "HP:0025027", None);
    a["onsetAge"] = age(8.0, "mo");
    let mut b = condition("b", SNOMED, "128491006", None);
    b["onsetAge"] = age(3.0, "mo");
    let mut c = condition("c", HPO, "HP:0025027", None);
    c["onsetAge"] = age(4.0, "mo");
    let r = read_all(vec![a, b, c]);
    assert_eq!(terms(&r).len(), 2);
    assert_eq!(r.findings.phenotypes[0].onset_months, Some(4));
}

#[test]
fn phenotype_observations() {
    let obs = |value: Option<&str>, status: &str| {
        let mut o = json!({
            "resourceType": "Observation", "id": "ph", "status": status,
            "code": {"coding": [{"system": HPO, "code": "HP:0000311"}]},
        });
        if let Some(v) = value {
            o["valueCodeableConcept"] = json!({"coding": [{"system": LOINC, "code": v}]});
        }
        read_all(vec![o])
    };
    assert_eq!(
        terms(&obs(Some("LA9633-4"), "final")),
        vec![("HP:0000311".into(), false)]
    );
    assert_eq!(
        terms(&obs(Some("LA9634-2"), "final")),
        vec![("HP:0000311".into(), true)]
    );
    for (v, s) in [
        (None, "final"),
        (Some("LA0000-0"), "final"),
        (Some("LA9633-4"), "preliminary"),
        (Some("LA9633-4"), "entered-in-error"),
    ] {
        let r = obs(v, s);
        assert!(terms(&r).is_empty(), "{v:?} {s}");
        assert_eq!(r.dropped.len(), 1, "{v:?} {s}");
    }
}

#[test]
fn conflicts_are_left_unknown_and_listed() {
    // The same term present and excluded.
    let r = read_all(vec![
        condition("a", HPO, "HP:0001156", None),
        condition("b", SNOMED, "43476002", Some("refuted")),
    ]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.dropped.len(), 2);
    // A lab and its own term: PTH normal excludes HP:0003165, stated present.
    let r = read_all(vec![
        condition("a", HPO, "HP:0003165", None),
        lab("pth", "2731-8", "2024-01-01", None, None, Some("N")),
    ]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.findings.labs.pth, Lab::Unknown);
    assert_eq!(r.dropped.len(), 2, "{:?}", r.dropped);
    // The same lab agreeing with its term merges.
    let r = read_all(vec![
        condition("a", HPO, "HP:0003165", None),
        lab("pth", "2731-8", "2024-01-01", None, None, Some("H")),
    ]);
    assert_eq!(terms(&r), vec![("HP:0003165".into(), false)]);
    assert_eq!(r.findings.labs.pth, Lab::High);
    // A present term under an excluded ancestor (HP:0011987 is_a HP:0011986).
    let r = read_all(vec![
        condition("a", HPO, "HP:0025027", None),
        condition("b", HPO, "HP:0011986", Some("refuted")),
        condition("c", HPO, "HP:0011987", None),
    ]);
    assert_eq!(terms(&r), vec![("HP:0025027".into(), false)]);
    assert_eq!(r.dropped.len(), 2, "{:?}", r.dropped);
    // A present child of a lab's excluded term (HP:0003472 Hypocalcemic tetany is_a
    // HP:0002901 Hypocalcemia; calcium normal excludes it).
    let r = read_all(vec![
        condition("a", HPO, "HP:0003472", None),
        lab("ca", "17861-6", "2024-01-01", None, None, Some("N")),
    ]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.findings.labs.calcium, Lab::Unknown);
    let mut a = Box::<poh_core::Assessment>::default();
    poh_core::evaluate(&r.findings, &mut a).unwrap();
}

#[test]
fn nothing_is_dropped_silently_at_the_core_capacity() {
    let ids: Vec<String> = include_str!("../../core/data/hpo/terms.tsv")
        .lines()
        .filter(|l| l.starts_with("HP:"))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .skip(200)
        .take(poh_core::limits::MAX_PHENOTYPES + 8)
        .collect();
    let cs = ids
        .iter()
        .enumerate()
        .map(|(i, id)| condition(&format!("c{i}"), HPO, id, None))
        .collect();
    let r = read_all(cs);
    let cap = poh_core::limits::MAX_PHENOTYPES;
    assert_eq!(r.findings.phenotypes.len(), cap);
    let over: Vec<_> = r
        .dropped
        .iter()
        .filter(|d| d.why.contains("capacity"))
        .collect();
    assert_eq!(over.len(), 8);
    assert_eq!(r.used.len(), cap);
}

#[test]
fn subjects_of_other_patients_are_not_read() {
    let mut c = condition("c", HPO, "HP:0025027", None);
    c["subject"] = json!({"reference": "Patient/someone-else"});
    let r = read_all(vec![patient(), c]);
    assert!(terms(&r).is_empty());
    assert!(r.dropped[0].why.contains("not the chart's patient"));
}

#[test]
fn the_report_holds_findings_the_core_reads_again() {
    let r = read(&fixture("poh_like.json"), &opts()).unwrap();
    let j = r.to_json();
    let text = serde_json::to_vec(&j["findings"]).unwrap();
    let again = poh_core::json::findings_from_json(&text).unwrap();
    assert_eq!(again, r.findings);
    for key in ["used", "unmapped", "recorded_diagnoses", "dropped"] {
        assert!(j[key].is_array(), "{key}");
    }
    assert_eq!(j["evaluation_date"], "2024-06-01");
}

#[test]
fn codes_of_resources_not_read_are_listed() {
    let r = read_all(vec![
        json!({"resourceType": "FamilyMemberHistory", "id": "f",
               "code": {"coding": [{"system": HPO, "code": "HP:0025027"}]}}),
        json!({"resourceType": "Procedure", "id": "x", "code": "not a CodeableConcept"}),
    ]);
    assert!(terms(&r).is_empty());
    assert_eq!(r.unmapped.len(), 1);
    assert!(r.unmapped[0].why.contains("FamilyMemberHistory"));
    assert_eq!(r.dropped.len(), 2);
}
