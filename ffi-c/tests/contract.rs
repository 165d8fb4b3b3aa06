//! Contract checks of the C ABI: status codes agree with the core and the committed
//! header; struct layouts are pinned to `POH_ABI_VERSION`; the crate repeats the
//! workspace lints it cannot inherit.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::ffi::CStr;
use std::mem::{align_of, size_of};
use std::path::PathBuf;

use poh::*;
use poh_core::Error;

fn repo_file(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn kind(code: u32) -> String {
    let p = poh_status_kind(code);
    // SAFETY: poh_status_kind returns a static NUL-terminated string, never NULL.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

#[test]
fn every_core_error_has_its_status_with_the_same_code_and_kind() {
    for &e in Error::ALL {
        let s = poh_status::from_error(e);
        assert_eq!(s.code(), u32::from(e.code()), "{e:?}");
        assert_eq!(kind(s.code()), e.kind(), "{e:?}");
    }
    // ... and every status is a core error, success, or one of the three the C ABI adds.
    for &s in poh_status::ALL {
        match s {
            poh_status::Ok
            | poh_status::NotEvaluated
            | poh_status::NullArgument
            | poh_status::Panic => {
                let code = u16::try_from(s.code()).unwrap();
                assert_eq!(
                    Error::from_code(code),
                    None,
                    "{s:?} collides with a core code"
                );
            }
            _ => {
                let code = u16::try_from(s.code()).unwrap();
                let e =
                    Error::from_code(code).unwrap_or_else(|| panic!("{s:?} is not a core error"));
                assert_eq!(poh_status::from_error(e), s);
            }
        }
    }
    assert_eq!(poh_status::ALL.len(), Error::ALL.len() + 4);
}

#[test]
fn the_committed_header_has_every_status() {
    let header = repo_file("include/poh.h");
    let mut want: Vec<(String, u32)> = Error::ALL
        .iter()
        .map(|e| (e.kind().to_uppercase(), u32::from(e.code())))
        .collect();
    want.extend([
        ("OK".to_owned(), 0),
        ("NOT_EVALUATED".to_owned(), 198),
        ("NULL_ARGUMENT".to_owned(), 199),
        ("PANIC".to_owned(), 999),
    ]);
    for (name, code) in want {
        let line = format!("POH_STATUS_{name} = {code},");
        assert!(header.contains(&line), "include/poh.h lacks `{line}`");
    }
}

/// Changing any of these sizes changes the ABI: bump POH_ABI_VERSION with it.
#[test]
fn layouts_are_pinned_to_the_abi_version() {
    assert_eq!(POH_ABI_VERSION, 6);
    let layouts = [
        (
            "poh_phenotype",
            size_of::<poh_phenotype>(),
            align_of::<poh_phenotype>(),
        ),
        (
            "poh_findings",
            size_of::<poh_findings>(),
            align_of::<poh_findings>(),
        ),
        ("poh_cites", size_of::<poh_cites>(), align_of::<poh_cites>()),
        (
            "poh_assessment",
            size_of::<poh_assessment>(),
            align_of::<poh_assessment>(),
        ),
        (
            "poh_counsel_query",
            size_of::<poh_counsel_query>(),
            align_of::<poh_counsel_query>(),
        ),
        (
            "poh_counsel_answer",
            size_of::<poh_counsel_answer>(),
            align_of::<poh_counsel_answer>(),
        ),
        (
            "poh_citation",
            size_of::<poh_citation>(),
            align_of::<poh_citation>(),
        ),
        (
            "poh_criterion_info",
            size_of::<poh_criterion_info>(),
            align_of::<poh_criterion_info>(),
        ),
        (
            "poh_supporting_info",
            size_of::<poh_supporting_info>(),
            align_of::<poh_supporting_info>(),
        ),
        (
            "poh_disease_info",
            size_of::<poh_disease_info>(),
            align_of::<poh_disease_info>(),
        ),
        (
            "poh_group_info",
            size_of::<poh_group_info>(),
            align_of::<poh_group_info>(),
        ),
        (
            "poh_step_info",
            size_of::<poh_step_info>(),
            align_of::<poh_step_info>(),
        ),
        (
            "poh_note_info",
            size_of::<poh_note_info>(),
            align_of::<poh_note_info>(),
        ),
        (
            "poh_statement_info",
            size_of::<poh_statement_info>(),
            align_of::<poh_statement_info>(),
        ),
        (
            "poh_result",
            size_of::<poh_result>(),
            align_of::<poh_result>(),
        ),
        (
            "poh_summary",
            size_of::<poh_summary>(),
            align_of::<poh_summary>(),
        ),
        (
            "poh_session",
            size_of::<poh_session>(),
            align_of::<poh_session>(),
        ),
        (
            "poh_outcome",
            size_of::<poh_outcome>(),
            align_of::<poh_outcome>(),
        ),
    ];
    let pinned: &[(&str, usize, usize)] = if cfg!(target_pointer_width = "64") {
        &[
            ("poh_phenotype", 28, 4),
            ("poh_findings", 928, 4),
            ("poh_cites", 16, 8),
            ("poh_assessment", 2744, 8),
            ("poh_counsel_query", 4, 1),
            ("poh_counsel_answer", 128, 8),
            ("poh_citation", 24, 8),
            ("poh_criterion_info", 40, 8),
            ("poh_supporting_info", 32, 8),
            ("poh_disease_info", 56, 8),
            ("poh_group_info", 32, 8),
            ("poh_step_info", 40, 8),
            ("poh_note_info", 40, 8),
            ("poh_statement_info", 32, 8),
            ("poh_result", 8192, 8),
            ("poh_summary", 64, 8),
            ("poh_session", 26, 2),
            ("poh_outcome", 120, 8),
        ]
    } else {
        return; // pinned on 64-bit hosts, where the C tests run
    };
    assert_eq!(layouts.len(), pinned.len());
    for ((name, size, align), (pname, psize, palign)) in layouts.iter().zip(pinned) {
        assert_eq!(name, pname);
        assert_eq!(
            (size, align),
            (psize, palign),
            "{name}: layout changed; bump POH_ABI_VERSION"
        );
    }
}

#[test]
fn the_workspace_lints_are_repeated_here() {
    let workspace = repo_file("Cargo.toml");
    let ours = repo_file("ffi-c/Cargo.toml");
    let mut section = "";
    let mut seen = 0;
    for line in workspace.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let lints = match section {
            "[workspace.lints.rust]" => "[lints.rust]",
            "[workspace.lints.clippy]" => "[lints.clippy]",
            _ => continue,
        };
        if line.is_empty() || line.starts_with('#') || line.starts_with("unsafe_code") {
            continue;
        }
        // The line must appear in the matching section of ffi-c/Cargo.toml.
        let body = ours.split(lints).nth(1).unwrap_or("");
        let body = body.split("\n[").next().unwrap_or("");
        assert!(
            body.lines().any(|l| l.trim() == line),
            "ffi-c/Cargo.toml {lints} lacks `{line}` (a workspace lint)"
        );
        seen += 1;
    }
    assert!(seen >= 5, "workspace lints not found");
}
