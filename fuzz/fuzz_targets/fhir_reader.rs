//! The FHIR reader (`poh_fhir::read_str`) and what it hands the core.
//!
//! Invariants: no panic; an error has a 7xx code of `Kind::ALL` with its kind, never
//! `internal` (a bug by definition), and a path into the input (`$...`); a chart read is
//! accepted by the core as it is (the reader settles every contradiction), its report's
//! `findings` decode back to the same findings through the core's findings JSON reader,
//! the assessment JSON with the reading parses, and reading is deterministic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use poh_fhir::{read_str, Date, Kind, ReadOptions};

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let Some(evaluation_date) = Date::new(2024, 6, 1) else {
        return;
    };
    let opts = ReadOptions { evaluation_date };
    let record = match read_str(text, &opts) {
        Ok(r) => r,
        Err(e) => {
            assert!(
                Kind::ALL
                    .iter()
                    .any(|k| k.code() == e.code && k.kind() == e.kind),
                "unknown error {e:?} for {:?}",
                common::show(input)
            );
            assert_ne!(e.kind, "internal", "internal error {e} for {:?}", common::show(input));
            assert!(e.path.starts_with('$'), "path {:?} for {:?}", e.path, common::show(input));
            assert_eq!(read_str(text, &opts).err(), Some(e), "errors are deterministic");
            return;
        }
    };
    let mut a = Box::<poh_core::Assessment>::default();
    if let Err(e) = poh_core::evaluate(&record.findings, &mut a) {
        panic!("the core refused the findings read ({e:?}) from {:?}", common::show(input));
    }
    let report = record.to_json();
    let findings = serde_json::to_vec(&report["findings"]).unwrap_or_default();
    match poh_core::json::findings_from_json(&findings) {
        // The report lists the findings kept; ids set aside as outside the HPO subset are
        // reported as unmapped, so the bookkeeping of set-aside entries is not compared.
        Ok(mut f) => {
            let mut want = record.findings.clone();
            for x in [&mut f, &mut want] {
                x.positions.clear();
                x.entries = 0;
                x.unrecognized.clear();
            }
            assert_eq!(f, want, "the report's findings differ for {:?}", common::show(input))
        }
        Err(e) => panic!("the report's findings do not decode ({e:?}) for {:?}", common::show(input)),
    }
    let doc = record
        .assessment_json()
        .unwrap_or_else(|e| panic!("assessment_json failed ({e:?}) for {:?}", common::show(input)));
    let v = common::check_json(doc.as_bytes(), input);
    assert!(v.get("fhir").is_some_and(|f| f.is_object()));
    let again = read_str(text, &opts).unwrap_or_else(|e| panic!("second read failed: {e}"));
    assert_eq!(again, record, "reading is not deterministic");
});
