//! Issue 14, item 5, through the C ABI: evaluating into storage that held an earlier
//! patient gives what a fresh evaluation gives. Three paths reuse storage:
//!   - `poh_evaluate_json` and `poh_evaluate` evaluate into this thread's workspace
//!     (ffi-c/src/workspace.rs), reused from call to call; `poh_evaluate` also writes into
//!     the caller's `poh_assessment`, here the previous patient's;
//!   - `poh_evaluate_into` evaluates in place into the caller's `poh_result`, here one
//!     storage for the whole sequence of patients.
//!
//! Each step of a sequence of patients (results and errors mixed; documents from
//! core/tests/documents) is compared with a fresh evaluation: the core's `evaluate_json`
//! (a new `Assessment`), or the same C call on a new thread (a new workspace) into zeroed
//! storage. The same status, the same bytes.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../../core/tests/documents/mod.rs"]
mod documents;

use std::mem::MaybeUninit;

use poh::*;
use proptest::prelude::*;

const CAP: usize = 1 << 17;

/// The core's own answer, evaluated into a fresh assessment.
fn fresh_json(doc: &str) -> Result<Vec<u8>, poh_status> {
    let mut out = vec![0u8; CAP];
    poh_core::json::evaluate_json(doc.as_bytes(), &mut out)
        .map(|n| out[..n].to_vec())
        .map_err(poh_status::from_error)
}

fn c_json(doc: &str) -> Result<Vec<u8>, poh_status> {
    let mut out = vec![0u8; CAP];
    let mut n = 0usize;
    // SAFETY: the input is `doc.len()` readable bytes, the output CAP writable ones.
    let s = unsafe {
        poh_evaluate_json(
            doc.as_ptr().cast(),
            doc.len(),
            out.as_mut_ptr().cast(),
            out.len(),
            &mut n,
        )
    };
    if s == poh_status::Ok {
        Ok(out[..n].to_vec())
    } else {
        Err(s)
    }
}

fn read_findings(doc: &str, out: &mut poh_findings) -> poh_status {
    // SAFETY: `doc.len()` readable bytes; `out` a valid `poh_findings`.
    unsafe { poh_findings_from_json(doc.as_ptr().cast(), doc.len(), out) }
}

/// `poh_evaluate` of `findings` into `out`, shown as its Debug text (the record pointers
/// are static, so a fresh thread prints the same addresses).
fn c_struct(
    findings: &poh_findings,
    out: &mut MaybeUninit<poh_assessment>,
) -> (poh_status, String) {
    // SAFETY: valid findings; `out` writable storage for one `poh_assessment`.
    let s = unsafe { poh_evaluate(findings, out.as_mut_ptr()) };
    if s != poh_status::Ok {
        return (s, String::new());
    }
    // SAFETY: written in full on success.
    (s, format!("{:?}", unsafe { out.assume_init_ref() }))
}

fn zeroed_result() -> Box<poh_result> {
    Box::new(poh_result {
        words: [0; POH_RESULT_WORDS],
    })
}

fn result_json(r: &poh_result) -> Result<Vec<u8>, poh_status> {
    let mut out = vec![0u8; CAP];
    let mut n = 0usize;
    // SAFETY: `r` is result storage; the output CAP writable bytes.
    let s = unsafe { poh_result_to_json(r, out.as_mut_ptr().cast(), out.len(), &mut n) };
    if s == poh_status::Ok {
        Ok(out[..n].to_vec())
    } else {
        Err(s)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The JSON entry point on this thread's dirty workspace.
    #[test]
    fn the_workspace_reused_by_poh_evaluate_json_evaluates_as_a_fresh_one(
        patients in documents::patients()
    ) {
        for doc in &patients {
            prop_assert_eq!(c_json(doc), fresh_json(doc), "{}", doc);
        }
    }

    /// `poh_evaluate` on the dirty workspace, into the previous patient's struct, against
    /// a new thread (a workspace never used) writing into zeroed storage.
    #[test]
    fn the_workspace_and_struct_reused_by_poh_evaluate_evaluate_as_fresh_ones(
        patients in documents::patients()
    ) {
        let mut findings = poh_findings::default();
        let mut out = Box::new(MaybeUninit::<poh_assessment>::uninit());
        for doc in &patients {
            let read = read_findings(doc, &mut findings);
            let doc_owned = doc.clone();
            let (fresh_read, fresh_findings, fresh) = std::thread::spawn(move || {
                let mut f = poh_findings::default();
                let read = read_findings(&doc_owned, &mut f);
                let mut out = Box::new(MaybeUninit::<poh_assessment>::zeroed());
                let got = if read == poh_status::Ok { Some(c_struct(&f, &mut out)) } else { None };
                (read, f, got)
            })
            .join()
            .unwrap();
            prop_assert_eq!(read, fresh_read, "{}", doc);
            if read != poh_status::Ok {
                continue;
            }
            prop_assert_eq!(&findings, &fresh_findings, "{}", doc);
            prop_assert_eq!(Some(c_struct(&findings, &mut out)), fresh, "{}", doc);
        }
    }

    /// `poh_evaluate_into` into one `poh_result` for every patient: each result's JSON is
    /// the core's fresh answer, and a failed evaluation leaves nothing readable.
    #[test]
    fn a_reused_poh_result_evaluates_as_a_fresh_one(patients in documents::patients()) {
        let mut r = zeroed_result();
        let mut findings = poh_findings::default();
        for doc in &patients {
            let want = fresh_json(doc);
            let read = read_findings(doc, &mut findings);
            if read != poh_status::Ok {
                prop_assert_eq!(Err(read), want, "{}", doc);
                continue;
            }
            // SAFETY: valid findings; `r` aligned result storage.
            let s = unsafe { poh_evaluate_into(&findings, &mut *r) };
            if s != poh_status::Ok {
                prop_assert_eq!(Err(s), want, "{}", doc);
                prop_assert_eq!(result_json(&r), Err(poh_status::NotEvaluated));
                continue;
            }
            prop_assert_eq!(result_json(&r), want, "{}", doc);
        }
    }
}
