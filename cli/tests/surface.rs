#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
//! The command surface shared with `python -m poh` (py/tests/test_cli.py holds the two
//! to the same bytes): subcommands, `--help`, `--version`, the old spellings, the TSV
//! header of `--summary`, directories and JSON Lines.

use std::process::Command;

fn poh(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poh"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("poh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn help_exits_0_and_names_the_input_kinds() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let (rc, out, _) = poh(args);
        assert_eq!(rc, 0, "{args:?}");
        assert!(
            out.contains("evaluate") && out.contains("--phenopacket"),
            "{out}"
        );
    }
    let (rc, out, _) = poh(&["evaluate", "--help"]);
    assert_eq!(rc, 0);
    for opt in [
        "--phenopacket",
        "--fhir",
        "--date",
        "--json",
        "--summary",
        "--progress",
    ] {
        assert!(out.contains(opt), "{opt} missing from {out}");
    }
}

#[test]
fn version_is_an_option_and_a_subcommand() {
    let (rc, out, _) = poh(&["--version"]);
    assert_eq!(rc, 0);
    assert!(out.starts_with(&format!("poh {}\n", env!("CARGO_PKG_VERSION"))));
    assert!(out.contains(poh_core::KB_VERSION));
    assert!(out.ends_with(&format!("HPO release {}\n", poh_core::HPO_RELEASE)));
    assert_eq!(poh(&["-V"]).1, out);
    assert_eq!(poh(&["version"]).1, out);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(poh(&[]).0, 2);
    assert_eq!(poh(&["evaluate"]).0, 2);
    assert_eq!(poh(&["--no-such-option", "x.json"]).0, 2);
    assert_eq!(poh(&["--json", "--summary", "tests/cases"]).0, 2);
    assert_eq!(poh(&["--date", "2024-06-01", "tests/cases"]).0, 2); // --date needs --fhir
    assert_eq!(poh(&["no/such/file.json"]).0, 2);
}

#[test]
fn evaluate_is_the_default_subcommand() {
    let case = "tests/cases/typical_poh_toddler.json";
    let (rc, new, _) = poh(&["evaluate", "--json", case]);
    assert_eq!(rc, 0);
    assert_eq!(poh(&["--json", case]).1, new);
    assert!(new.starts_with("{\"kb_version\":"));
    let (_, report, _) = poh(&[case]);
    assert!(report.starts_with("== "), "{report}");
}

#[test]
fn summary_is_a_tsv_with_a_header_row() {
    let (rc, out, _) = poh(&["evaluate", "--summary", "tests/cases"]);
    assert_eq!(rc, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "input\tverdict\tprovisional\tcriteria\tleader");
    let cases = std::fs::read_dir("../tests/cases")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(lines.len(), cases + 1);
    for l in &lines[1..] {
        assert_eq!(l.split('\t').count(), 5, "{l}");
    }
    let (_, fhir, _) = poh(&[
        "evaluate",
        "--fhir",
        "--summary",
        "--date",
        "2024-06-01",
        "tests/fhir/poh_like.json",
    ]);
    assert!(fhir.starts_with("input\tverdict"), "{fhir}");
    assert_eq!(fhir.lines().count(), 2);
}

#[test]
fn json_lines_and_standard_input() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let jl = dir.join("surface.jsonl");
    std::fs::write(&jl, "{\"sex\": \"female\"}\n\n{\"sex\": \"f\"}\n").unwrap();
    let (rc, out, err) = poh(&["--summary", jl.to_str().unwrap()]);
    assert_eq!(rc, 1, "the second line is rejected");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("surface.jsonl:1\t"), "{out}");
    assert!(err.contains("surface.jsonl:3: error 112"), "{err}");
}

#[test]
fn label_prints_tab_separated_labels() {
    let (rc, out, err) = poh(&["label", "HP:0025027", "HP:12"]);
    assert_eq!(rc, 1);
    assert_eq!(out, "HP:0025027\tOsteoma cutis\n");
    assert!(err.starts_with("HP:12: error 104"), "{err}");
}
